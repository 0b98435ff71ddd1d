// Issue #3, churn split: on the sample data each month's churned customers split by type and by
// reason add up to the month's total; a cell lists exactly its accounts; the tables export CSV;
// a filter from the URL narrows the split.
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createGuardedContext,
	emptyReport,
	launchChromium,
	startAppServer,
	type NetworkGuard,
	type StaticServer
} from './harness';
import { ChurnPage } from './pages/ChurnPage';

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
	await server?.close();
});

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('churn split on the sample data', () => {
	let context: BrowserContext;
	let guard: NetworkGuard;
	let churn: ChurnPage;

	beforeAll(async () => {
		({ context, guard } = await createGuardedContext(browser, server));
		const page = await context.newPage();
		churn = new ChurnPage(page, server);
		await churn.openOverview('en');
		await churn.loadSample();
		await churn.openChurn('en');
		await churn.waitForSplit();
	});

	afterAll(async () => {
		await context?.close();
	});

	it('splits each month’s churned customers by type and by reason without losing any', async () => {
		const byType = await churn.rows('type');
		const byReason = await churn.rows('reason');
		const months = Object.keys(byType);
		expect(months.length).toBe(12);
		expect(Object.keys(byReason)).toEqual(months);
		for (const m of months) {
			const typeCells = byType[m];
			const reasonCells = byReason[m];
			expect(sum(typeCells.slice(0, -1)), m).toBe(typeCells.at(-1));
			expect(sum(reasonCells.slice(0, -1)), m).toBe(reasonCells.at(-1));
			expect(reasonCells.at(-1), m).toBe(typeCells.at(-1));
		}
		expect(sum(months.map((m) => byType[m].at(-1)!))).toBeGreaterThan(0);
		const headers = await churn.headers('type');
		expect(headers).toContain(churn.t('churnSplit.type.voluntary'));
		expect(headers).toContain(churn.t('churnSplit.type.involuntary'));
	});

	it('lists exactly the accounts behind a cell', async () => {
		const cell = churn.split('type').locator('tbody td button').first();
		const count = Number(((await cell.textContent()) ?? '').replace(/[^\d]/g, ''));
		await cell.click();
		const dialog = await churn.waitForAccountsDialog();
		expect(await churn.dialogTotal(dialog)).toBe(count);
		expect(await dialog.locator('tbody tr').count()).toBe(Math.min(count, 50));
		await dialog.getByRole('button', { name: churn.t('common.close') }).click();
		await dialog.waitFor({ state: 'hidden' });
	});

	it('exports the reason table as CSV with a row per month', async () => {
		const download = await churn.downloadFrom(churn.split('reason'), 'ov.chart.csv');
		const csv = (await readFile((await download.path()) ?? '', 'utf8')).replace(/^\ufeff/, '');
		const lines = csv.trim().split(/\r?\n/);
		expect(download.suggestedFilename()).toBe('churn-by-reason.csv');
		expect(lines[0].startsWith(`"${churn.t('churnSplit.month')}"`)).toBe(true);
		expect(lines.length).toBe(13);
	});

	it('narrows the split to a segment given in the URL', async () => {
		const all = await churn.rows('type');
		await churn.openChurn('en', '?segment=SMB');
		await churn.filterChip(`${churn.t('filters.segment')}: SMB`).waitFor({ state: 'visible' });
		await churn.waitForSplit();
		const smb = await churn.rows('type');
		const total = (rows: Record<string, number[]>) =>
			sum(Object.values(rows).map((r) => r.at(-1)!));
		expect(total(smb)).toBeGreaterThan(0);
		expect(total(smb)).toBeLessThan(total(all));
		expect(await guard.report()).toEqual(emptyReport);
	});
});
