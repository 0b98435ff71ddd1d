// The risk model view as a person uses it: choose the churned column, train, read the AUC, the
// backtest comparison and the at-risk list.
import type { Locator } from 'playwright-core';
import type { Locale } from '../../../src/lib/i18n/messages';
import { textOf } from '../routes';
import { AppPage } from './AppPage';

export class ModelPage extends AppPage {
	lang: Locale = 'en';

	async openModel(lang: Locale = 'en'): Promise<void> {
		this.lang = lang;
		await this.open('/model/', { lang, heading: textOf('risk.title', lang) });
	}

	trainButton(): Locator {
		return this.page.getByRole('button', { name: textOf('risk.train', this.lang), exact: true });
	}

	labelSelect(): Locator {
		// A label wrapping a select has the chosen option in its name too: match the start only.
		return this.page.getByLabel(textOf('risk.label', this.lang)).first();
	}

	/** Chooses the label column whose option starts with `name` (the churned flag by default). */
	async chooseLabel(name = textOf('risk.label.churned', this.lang)): Promise<string> {
		const select = this.labelSelect();
		await select.waitFor({ state: 'visible', timeout: 60_000 });
		const options = await select.locator('option').allInnerTexts();
		const label = options.find((o) => o.startsWith(name));
		if (!label) throw new Error(`no label option ${name} in ${options.join(', ')}`);
		await select.selectOption({ label });
		return label;
	}

	/** Clicks "Train model" and waits for the ROC AUC (training runs in the worker). */
	async train(): Promise<number> {
		await this.trainButton().waitFor({ state: 'visible', timeout: 60_000 });
		await this.trainButton().click();
		const auc = this.page.getByTestId('roc-auc');
		await auc.waitFor({ state: 'visible', timeout: 110_000 });
		return Number((await auc.innerText()).replace(/[^\d.]/g, ''));
	}

	droppedColumns(): Promise<string[]> {
		return this.page.getByTestId('dropped-columns').locator('li').allInnerTexts();
	}

	backtestComparison(): Locator {
		return this.page.getByTestId('backtest-compare');
	}

	atRiskRows(): Locator {
		return this.page.getByTestId('at-risk-list').locator('tbody tr');
	}

	async atRiskLinks(): Promise<string[]> {
		await this.atRiskRows().first().waitFor({ state: 'visible', timeout: 60_000 });
		return this.atRiskRows()
			.locator('th a')
			.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
	}

	async atRiskValues(): Promise<number[]> {
		const texts = await this.atRiskRows().locator('td.num').allInnerTexts();
		return texts.map((t) => Number(t.replace(/[^\d.]/g, '')));
	}
}
