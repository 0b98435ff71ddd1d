// The overview as a person reads it: counts per entity, the date range, accounts by plan (chart
// and table), and the empty state with its two ways in.
import type { Locator } from 'playwright-core';
import { ENTITY_NAMES, type EntityName } from '../../../src/lib/core/types';
import type { Locale } from '../../../src/lib/i18n/messages';
import { textOf } from '../routes';
import { AppPage } from './AppPage';
import { numberIn } from './ImportPage';

export type EntityCounts = Record<EntityName, number>;

export class OverviewPage extends AppPage {
	lang: Locale = 'en';

	/** Opens `/` and waits for either the overview or the empty state. */
	async openOverview(lang: Locale = 'en'): Promise<'overview' | 'empty'> {
		this.lang = lang;
		await this.open('/', { lang });
		return this.waitForEither();
	}

	/** Waits for the overview or the empty state, whichever the workspace shows. */
	async waitForEither(): Promise<'overview' | 'empty'> {
		const overview = this.heading(textOf('overview.title', this.lang));
		const empty = this.heading(textOf('empty.title', this.lang));
		await overview.or(empty).first().waitFor({ state: 'visible', timeout: 60_000 });
		return (await overview.isVisible()) ? 'overview' : 'empty';
	}

	importButton(): Locator {
		return this.page.getByRole('button', { name: textOf('empty.import', this.lang), exact: true });
	}

	sampleButton(): Locator {
		return this.page.getByRole('button', { name: textOf('empty.sample', this.lang), exact: true });
	}

	/** Clicks "Try with sample data" and waits for the overview with its counts. */
	async loadSample(): Promise<void> {
		await this.sampleButton().click();
		await this.waitForOverview(110_000);
	}

	async waitForOverview(timeout = 60_000): Promise<void> {
		await this.heading(textOf('overview.title', this.lang)).waitFor({ state: 'visible', timeout });
		await this.page.locator('[data-entity]').first().waitFor({ state: 'visible', timeout });
	}

	/** The count on each entity's card. */
	async counts(): Promise<EntityCounts> {
		const counts = {} as EntityCounts;
		for (const entity of ENTITY_NAMES) {
			const text = await this.page.locator(`[data-entity="${entity}"] .value`).textContent();
			counts[entity] = numberIn(text ?? '');
		}
		return counts;
	}

	/** Waits until the cards show exactly these counts (the overview refreshes after a change). */
	async waitForCounts(expected: Partial<EntityCounts>): Promise<void> {
		await this.page.waitForFunction(
			(want) =>
				Object.entries(want).every(([entity, n]) => {
					const el = document.querySelector(`[data-entity="${entity}"] .value`);
					return el !== null && Number((el.textContent ?? '').replace(/[^\d-]/g, '')) === n;
				}),
			expected,
			{ timeout: 60_000 }
		);
	}

	/** "Data from … to …" as shown. */
	async dateRange(): Promise<string | null> {
		const line = this.page.getByText(/\d{4}-\d{2}-\d{2}.*\d{4}-\d{2}-\d{2}/).first();
		return (await line.count()) > 0 ? line.textContent() : null;
	}

	plansSection(): Locator {
		return this.page.getByRole('region', { name: textOf('overview.byPlan', this.lang) });
	}

	/** Rows of the accounts-by-plan table: plan → count. */
	async planTable(): Promise<Record<string, number>> {
		const rows = await this.plansSection()
			.locator('tbody tr')
			.evaluateAll((trs) =>
				trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''))
			);
		return Object.fromEntries(rows.map(([plan, n]) => [plan.trim(), numberIn(n)]));
	}

	/** The attributes line ("N extra account columns kept as attributes."), as a number. */
	async attributeCount(): Promise<number> {
		const pattern = new RegExp(
			textOf('overview.attributes', this.lang).replace('{count}', '(\\d[\\d,]*)')
		);
		const line = this.page.getByText(pattern).first();
		if ((await line.count()) === 0) return 0;
		const match = pattern.exec((await line.textContent()) ?? '');
		return match ? numberIn(match[1]) : 0;
	}
}
