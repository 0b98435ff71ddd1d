// The survival view as a person reads it: the chart, the summary per group (customers, churned,
// median), the number-at-risk row and the log-rank line.
import type { Locator } from 'playwright-core';
import type { Locale, MessageKey } from '../../../src/lib/i18n/messages';
import { textOf } from '../routes';
import { AppPage } from './AppPage';
import { numberIn } from './ImportPage';

export interface SurvivalSummaryRow {
	group: string;
	n: number;
	events: number;
	median: string;
}

export class SurvivalPage extends AppPage {
	lang: Locale = 'en';

	async openSurvival(lang: Locale = 'en'): Promise<void> {
		this.lang = lang;
		await this.open('/survival/', { lang, heading: textOf('survival.title', lang) });
	}

	select(key: MessageKey): Locator {
		return this.page.getByLabel(textOf(key, this.lang)).first();
	}

	chart(): Locator {
		return this.page.getByRole('img', { name: textOf('survival.chartLabel', this.lang) });
	}

	/** Waits for the summary table to show `groups` rows. */
	async waitForGroups(groups: number): Promise<SurvivalSummaryRow[]> {
		await this.page
			.getByTestId('survival-summary')
			.locator('tbody tr')
			.nth(groups - 1)
			.waitFor({ state: 'visible', timeout: 60_000 });
		await this.page.waitForFunction(
			(n) => document.querySelectorAll('[data-testid="survival-summary"] tbody tr').length === n,
			groups,
			{ timeout: 60_000 }
		);
		return this.summary();
	}

	async summary(): Promise<SurvivalSummaryRow[]> {
		const rows = await this.page
			.getByTestId('survival-summary')
			.locator('tbody tr')
			.evaluateAll((trs) =>
				trs.map((tr) => [
					tr.querySelector('th')?.textContent?.trim() ?? '',
					...[...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')
				])
			);
		return rows.map(([group, n, events, median]) => ({
			group,
			n: numberIn(n),
			events: numberIn(events),
			median
		}));
	}

	/** Number at risk: the tick times and, per group, the counts under them. */
	async atRisk(): Promise<{ times: number[]; rows: Record<string, number[]> }> {
		const table = this.page.getByTestId('at-risk');
		const times = (await table.locator('thead th.num').allTextContents()).map(numberIn);
		const rows = await table
			.locator('tbody tr')
			.evaluateAll((trs) =>
				trs.map((tr) => [
					tr.querySelector('th')?.textContent?.trim() ?? '',
					[...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')
				])
			);
		return {
			times,
			rows: Object.fromEntries(
				rows.map(([g, cells]) => [g as string, (cells as string[]).map(numberIn)])
			)
		};
	}

	async logRank(): Promise<string> {
		return ((await this.page.getByTestId('log-rank').textContent()) ?? '').trim();
	}

	async mode(): Promise<string> {
		return ((await this.page.getByTestId('survival-mode').textContent()) ?? '').trim();
	}
}
