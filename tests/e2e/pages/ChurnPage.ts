// The churn split view: tables of churned customers per month by type and by reason, their
// cells listing accounts, and the exports.
import type { Locator } from 'playwright-core';
import type { Locale } from '../../../src/lib/i18n/messages';
import { textOf } from '../routes';
import { numberIn } from './ImportPage';
import { KpisPage } from './KpisPage';

export class ChurnPage extends KpisPage {
	async openChurn(lang: Locale = 'en', query = ''): Promise<void> {
		this.lang = lang;
		await this.open(`/churn/${query}`, { lang, heading: textOf('churnSplit.title', lang) });
	}

	split(part: 'type' | 'reason'): Locator {
		return this.page.locator(`[data-split="${part}"]`);
	}

	async waitForSplit(): Promise<void> {
		await this.split('type').locator('tbody tr').first().waitFor({ timeout: 60_000 });
	}

	/** Month → [cells..., total] of a split table, as numbers. */
	async rows(part: 'type' | 'reason'): Promise<Record<string, number[]>> {
		const rows = await this.split(part)
			.locator('tbody tr')
			.evaluateAll((trs) =>
				trs.map((tr) => [
					tr.querySelector('th')?.textContent?.trim() ?? '',
					...[...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')
				])
			);
		return Object.fromEntries(rows.map(([m, ...cells]) => [m, cells.map(numberIn)]));
	}

	async headers(part: 'type' | 'reason'): Promise<string[]> {
		return this.split(part).locator('thead th').allTextContents();
	}
}
