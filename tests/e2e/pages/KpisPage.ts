// The overview's figures as a person uses them: KPI cards with their "how is this computed"
// counts, the definition switches, the filter bar, the accounts behind a figure, exports, and
// the snapshot churn of dateless data.
import type { Download, Locator } from 'playwright-core';
import type { MessageKey } from '../../../src/lib/i18n/messages';
import { textOf } from '../routes';
import { numberIn } from './ImportPage';
import { OverviewPage } from './OverviewPage';

export class KpisPage extends OverviewPage {
	t(key: MessageKey): string {
		return textOf(key, this.lang);
	}

	card(id: string): Locator {
		return this.page.locator(`[data-kpi="${id}"]`);
	}

	async waitForKpis(): Promise<void> {
		await this.card('logoChurn').locator('.value').waitFor({ state: 'visible', timeout: 60_000 });
	}

	async value(id: string): Promise<string> {
		return ((await this.card(id).locator('.value').first().textContent()) ?? '').trim();
	}

	/** Waits until a card's value is no longer `before` (the worker answered a change). */
	async waitForValueChange(id: string, before: string): Promise<string> {
		await this.page.waitForFunction(
			([kpi, old]) => {
				const el = document.querySelector(`[data-kpi="${kpi}"] .value`);
				return el !== null && (el.textContent ?? '').trim() !== old;
			},
			[id, before] as const,
			{ timeout: 60_000 }
		);
		return this.value(id);
	}

	/** Opens a card's "how is this computed" region; returns label → shown value text. */
	async howCounts(id: string): Promise<Record<string, string>> {
		const card = this.card(id);
		// The toggle's name flips between "How is this computed?" and "Hide…".
		const toggle = card.locator('button[aria-controls^="how-"]');
		if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
		const region = card.getByRole('region');
		await region.waitFor({ state: 'visible' });
		const rows = await region
			.locator('tbody tr')
			.evaluateAll((trs) =>
				trs.map((tr) => [
					tr.querySelector('th')?.textContent?.trim() ?? '',
					tr.querySelector('td')?.textContent?.trim() ?? ''
				])
			);
		return Object.fromEntries(rows);
	}

	async howFormula(id: string): Promise<string> {
		return (await this.card(id).getByRole('region').locator('p').first().textContent()) ?? '';
	}

	definitionSelect(key: MessageKey): Locator {
		return this.page.getByRole('combobox', { name: this.t(key), exact: true });
	}

	async choosePeriodKind(kind: 'month' | 'quarter' | 'range'): Promise<void> {
		await this.page.getByRole('combobox', { name: this.t('ov.period.kind') }).selectOption(kind);
	}

	/** Ticks one value in a filter list (Plan, Segment, Owner or an attribute). */
	async tickFilter(listKey: MessageKey, value: string): Promise<void> {
		const list = this.page
			.locator('details.pick')
			.filter({ has: this.page.locator('summary', { hasText: this.t(listKey) }) });
		await list.locator('summary').click();
		await list.getByRole('checkbox', { name: value, exact: true }).check();
	}

	filterChip(text: string): Locator {
		return this.page.locator('.chips li').filter({ hasText: text });
	}

	/** Clicks a card's figure and waits for the dialog listing its accounts. */
	async openAccountsBehind(id: string): Promise<Locator> {
		await this.card(id).locator('button.value').click();
		return this.waitForAccountsDialog();
	}

	async waitForAccountsDialog(): Promise<Locator> {
		const dialog = this.page.getByRole('dialog');
		await dialog.waitFor({ state: 'visible' });
		await dialog.getByRole('status').waitFor({ state: 'visible', timeout: 60_000 });
		return dialog;
	}

	async dialogTotal(dialog: Locator): Promise<number> {
		return numberIn((await dialog.getByRole('status').textContent()) ?? '');
	}

	async downloadFrom(scope: Locator, key: MessageKey): Promise<Download> {
		const [download] = await Promise.all([
			this.page.waitForEvent('download'),
			scope
				.getByRole('button', { name: this.t(key) })
				.first()
				.click()
		]);
		return download;
	}

	snapshot(): Locator {
		return this.page.getByRole('region', { name: this.t('ov.snapshot.title') });
	}

	snapshotTable(field: string): Locator {
		return this.snapshot().getByRole('table', { name: new RegExp(field) });
	}

	/** Snapshot table rows: value → [churned, accounts, rate text]. */
	async snapshotRows(field: string): Promise<Record<string, [number, number, string]>> {
		const rows = await this.snapshotTable(field)
			.locator('tbody tr')
			.evaluateAll((trs) =>
				trs.map((tr) => [
					tr.querySelector('th')?.textContent?.trim() ?? '',
					...[...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')
				])
			);
		return Object.fromEntries(
			rows.map(([k, churned, total, rate]) => [k, [numberIn(churned), numberIn(total), rate]])
		);
	}
}
