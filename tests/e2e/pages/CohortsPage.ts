// The cohort view as a person reads it: the options above, one heatmap table per segment, the
// legend, and the accounts behind a chosen cell.
import type { Locator } from 'playwright-core';
import type { Locale, MessageKey } from '../../../src/lib/i18n/messages';
import { textOf } from '../routes';
import { AppPage } from './AppPage';
import { numberIn } from './ImportPage';

export interface HeatmapCellText {
	/** The share as shown, e.g. "37%". */
	text: string;
	numerator: number;
	denominator: number;
	incomplete: boolean;
	small: boolean;
	/** The cell's title: the counts shown on hover. */
	title: string;
}

export class CohortsPage extends AppPage {
	lang: Locale = 'en';

	async openCohorts(lang: Locale = 'en'): Promise<void> {
		this.lang = lang;
		await this.open('/cohorts/', { lang, heading: textOf('cohorts.title', lang) });
	}

	tables(): Locator {
		return this.page.getByTestId('cohort-table');
	}

	async waitForTable(): Promise<void> {
		await this.tables().first().waitFor({ state: 'visible', timeout: 60_000 });
	}

	/** A select by its label (the label's text is the start of its name). */
	select(key: MessageKey): Locator {
		return this.page.getByLabel(textOf(key, this.lang)).first();
	}

	/** Every cell of every table, as shown. */
	async cells(): Promise<HeatmapCellText[]> {
		return this.tables()
			.locator('button.cell')
			.evaluateAll((buttons) =>
				buttons.map((b) => ({
					text: (b.textContent ?? '').trim(),
					numerator: Number(b.getAttribute('data-numerator')),
					denominator: Number(b.getAttribute('data-denominator')),
					incomplete: b.getAttribute('data-incomplete') === 'true',
					small: b.getAttribute('data-small') === 'true',
					title: b.getAttribute('title') ?? ''
				}))
			);
	}

	/** Captions and cell texts of the tables: changes whenever what is shown changes. */
	async signature(): Promise<string> {
		return this.tables().evaluateAll((tables) =>
			tables
				.map(
					(t) =>
						(t.querySelector('caption')?.textContent ?? '') +
						[...t.querySelectorAll('button.cell')]
							.map(
								(b) => `${b.getAttribute('data-numerator')}/${b.getAttribute('data-denominator')}`
							)
							.join(',')
				)
				.join('|')
		);
	}

	/** Makes a change and waits until the tables show something else. */
	async change(action: () => Promise<unknown>): Promise<string> {
		const before = await this.signature();
		await action();
		const handle = await this.page.waitForFunction(
			(previous) => {
				const tables = [...document.querySelectorAll('[data-testid="cohort-table"]')];
				if (tables.length === 0) return false;
				const now = tables
					.map(
						(t) =>
							(t.querySelector('caption')?.textContent ?? '') +
							[...t.querySelectorAll('button.cell')]
								.map(
									(b) => `${b.getAttribute('data-numerator')}/${b.getAttribute('data-denominator')}`
								)
								.join(',')
					)
					.join('|');
				return now !== previous ? now : false;
			},
			before,
			{ timeout: 60_000 }
		);
		return (await handle.jsonValue()) as string;
	}

	async chooseConvention(key: 'cohorts.convention.exact' | 'cohorts.convention.k-or-later') {
		await this.page.getByRole('radio', { name: textOf(key, this.lang) }).check();
	}

	async setMinCohortSize(n: number): Promise<void> {
		const input = this.page.getByRole('spinbutton', { name: textOf('cohorts.minSize', this.lang) });
		await input.fill(String(n));
		await input.press('Enter');
		await input.blur();
	}

	smallMarks(): Locator {
		return this.page.locator('[data-mark="small"]');
	}

	legend(): Locator {
		return this.page.getByRole('note', { name: textOf('cohorts.legend', this.lang) });
	}

	definition(): Locator {
		return this.page.getByTestId('cohort-definition');
	}

	/** A table's row by its cohort label: the size and the cells' texts. */
	async row(label: string): Promise<{ size: number; cells: HeatmapCellText[] }> {
		const row = this.tables()
			.locator('tbody tr')
			.filter({
				has: this.page.getByRole('rowheader', { name: label })
			});
		const size = numberIn((await row.first().locator('td.num').first().textContent()) ?? '');
		const cells = await row
			.first()
			.locator('button.cell')
			.evaluateAll((buttons) =>
				buttons.map((b) => ({
					text: (b.textContent ?? '').trim(),
					numerator: Number(b.getAttribute('data-numerator')),
					denominator: Number(b.getAttribute('data-denominator')),
					incomplete: b.getAttribute('data-incomplete') === 'true',
					small: b.getAttribute('data-small') === 'true',
					title: b.getAttribute('title') ?? ''
				}))
			);
		return { size, cells };
	}

	/** Clicks a cell and waits for the list of accounts behind it. */
	async openCell(cell: Locator): Promise<Locator> {
		await cell.click();
		const panel = this.page.getByTestId('cell-accounts');
		await panel.locator('tbody tr').first().waitFor({ state: 'visible', timeout: 60_000 });
		return panel;
	}
}
