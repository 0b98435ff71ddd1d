// The health view as a person uses it: the band counts, the list of accounts with their scores,
// the backtest of the red band, and the settings (a weight changed in its box).
import type { Locator } from 'playwright-core';
import type { Locale } from '../../../src/lib/i18n/messages';
import { textOf } from '../routes';
import { AppPage } from './AppPage';
import { numberIn } from './ImportPage';

export class HealthPage extends AppPage {
	lang: Locale = 'en';

	async openHealth(lang: Locale = 'en'): Promise<void> {
		this.lang = lang;
		await this.open('/health/', { lang, heading: textOf('health.title', lang) });
	}

	list(): Locator {
		return this.page.getByTestId('health-list');
	}

	backtestSummary(): Locator {
		return this.page.getByTestId('health-backtest-summary');
	}

	/** Waits for the list's first row and the backtest's summary. */
	async waitForScores(): Promise<void> {
		await this.list().locator('tbody tr').first().waitFor({ state: 'visible', timeout: 90_000 });
		await this.backtestSummary().waitFor({ state: 'visible', timeout: 90_000 });
	}

	async bandCounts(): Promise<Record<'green' | 'yellow' | 'red' | 'none', number>> {
		const read = async (band: string) =>
			numberIn(await this.page.getByTestId(`band-count-${band}`).innerText());
		return {
			green: await read('green'),
			yellow: await read('yellow'),
			red: await read('red'),
			none: await read('none')
		};
	}

	/** Band names shown in the list's rows. */
	async rowBands(): Promise<string[]> {
		return this.list().locator('tbody .pill').allInnerTexts();
	}

	async scores(): Promise<string[]> {
		return this.list().getByTestId('health-score').allInnerTexts();
	}

	async sortBy(columnKey: 'health.col.account' | 'health.col.score'): Promise<void> {
		const name = textOf('health.sortBy', this.lang).replace(
			'{column}',
			textOf(columnKey, this.lang)
		);
		await this.page.getByRole('button', { name, exact: true }).click();
	}

	/** Types a weight into a part's box and leaves it, as a person would. */
	async setWeight(componentKey: 'health.component.usage', weight: number): Promise<void> {
		const label = `${textOf('health.settings.weight', this.lang)} — ${textOf(componentKey, this.lang)}`;
		const box = this.page.getByLabel(label, { exact: true });
		await box.fill(String(weight));
		await box.press('Tab');
	}

	/** Waits until the list's scores are no longer `before` (the worker answered the change). */
	async waitForScoresOtherThan(before: string[]): Promise<string[]> {
		await this.page.waitForFunction(
			(old) => {
				const now = [...document.querySelectorAll('[data-testid="health-score"]')].map(
					(c) => (c as HTMLElement).innerText
				);
				return now.length > 0 && now.join('|') !== old.join('|');
			},
			before,
			{ timeout: 90_000 }
		);
		return this.scores();
	}

	async waitForBacktestOtherThan(before: string): Promise<string> {
		await this.page.waitForFunction(
			(old) => {
				const el = document.querySelector('[data-testid="health-backtest-summary"]');
				return el !== null && (el as HTMLElement).innerText !== old;
			},
			before,
			{ timeout: 90_000 }
		);
		return this.backtestSummary().innerText();
	}
}
