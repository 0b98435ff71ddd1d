// Issue #3, overview: on the sample data the KPI cards show numbers whose "how is this computed"
// counts make them (churned ÷ customers at start = the rate shown), a convention switch changes
// the figure, a plan filter goes into the URL and the cards and survives a reload, the accounts
// behind a figure are listed and downloaded, and a chart exports PNG. On the bank file (when the
// data folder is present) the snapshot churn is 20.37% = 2,037 / 10,000, split by Geography.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createGuardedContext,
	emptyReport,
	launchChromium,
	repoRoot,
	startAppServer,
	type NetworkGuard,
	type StaticServer
} from './harness';
import { ImportPage, numberIn } from './pages/ImportPage';
import { KpisPage } from './pages/KpisPage';

const dataDir = process.env.CHURN_DESK_DATA ?? path.resolve(repoRoot, '../shared/data');
const bankFile = path.join(dataDir, 'Churn_Modelling.csv');
const hasData = existsSync(bankFile);
if (!hasData) console.info(`bank churn e2e skipped: no ${bankFile}`);

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

/** "12.3%" → 12.3 */
const percentIn = (text: string) => Number(text.replace(/[^\d.-]/g, ''));

describe('overview on the sample data', () => {
	let context: BrowserContext;
	let guard: NetworkGuard;
	let kpis: KpisPage;

	beforeAll(async () => {
		({ context, guard } = await createGuardedContext(browser, server));
		const page = await context.newPage();
		kpis = new KpisPage(page, server);
		await kpis.openOverview('en');
		await kpis.loadSample();
		await kpis.waitForKpis();
	});

	afterAll(async () => {
		await context?.close();
	});

	it('shows a logo churn rate equal to churned ÷ customers at start from its own counts', async () => {
		const shown = await kpis.value('logoChurn');
		const counts = await kpis.howCounts('logoChurn');
		const atStart = numberIn(counts[kpis.t('count.customersAtStart')]);
		const churned = numberIn(counts[kpis.t('count.churnedFromStart')]);
		expect(atStart).toBeGreaterThan(100);
		expect(percentIn(shown)).toBeCloseTo(Math.round((churned / atStart) * 1000) / 10, 5);
		expect(numberIn(counts[kpis.t('count.rateNumerator')])).toBe(churned);
		expect(await kpis.howFormula('logoChurn')).toContain(kpis.t('kpi.logoChurn.formula.standard'));
		// Every other card shows a number or says why not.
		for (const id of ['activeCustomers', 'mrr', 'grossMrrChurn', 'netMrrChurn', 'nrr', 'grr']) {
			expect(await kpis.value(id), id).toMatch(/\d/);
		}
		// Active customers agree with their own count line.
		const active = await kpis.howCounts('activeCustomers');
		expect(numberIn(active[kpis.t('count.activeCustomers')])).toBe(
			numberIn(await kpis.value('activeCustomers'))
		);
	});

	it('recomputes the rate at once when the churn convention switches, and names it', async () => {
		// A quarter: accounts that join and leave inside it make Baremetrics differ.
		const monthValue = await kpis.value('logoChurn');
		await kpis.choosePeriodKind('quarter');
		const standard = await kpis.waitForValueChange('logoChurn', monthValue);
		const before = await kpis.howCounts('logoChurn');
		const joined = numberIn(before[kpis.t('count.joinedAndChurned')]);
		const churned = numberIn(before[kpis.t('count.churnedFromStart')]);
		const atStart = numberIn(before[kpis.t('count.customersAtStart')]);
		expect(joined).toBeGreaterThan(0);

		await kpis.definitionSelect('definition.convention').selectOption('baremetrics');
		const bare = await kpis.waitForValueChange('logoChurn', standard);
		const after = await kpis.howCounts('logoChurn');
		expect(numberIn(after[kpis.t('count.rateNumerator')])).toBe(churned + joined);
		expect(percentIn(bare)).toBeCloseTo(Math.round(((churned + joined) / atStart) * 1000) / 10, 5);
		expect(await kpis.card('logoChurn').textContent()).toContain(
			kpis.t('definition.convention.baremetrics')
		);

		await kpis.definitionSelect('definition.convention').selectOption('standard');
		expect(await kpis.waitForValueChange('logoChurn', bare)).toBe(standard);
		await kpis.choosePeriodKind('month');
		await kpis.waitForValueChange('logoChurn', standard);
	});

	it('puts a plan filter in the URL and the cards, and keeps it after a reload', async () => {
		// A fresh page: the default period (the latest complete month), as after a reload.
		await kpis.openOverview('en');
		await kpis.waitForKpis();
		const allText = await kpis.value('activeCustomers');
		const allActive = numberIn(allText);
		await kpis.tickFilter('filters.plan', 'Growth');
		await kpis.filterChip(`${kpis.t('filters.plan')}: Growth`).waitFor({ state: 'visible' });
		const filteredText = await kpis.waitForValueChange('activeCustomers', allText);
		const filtered = numberIn(filteredText);
		const url = new URL(kpis.page.url());
		expect(url.searchParams.getAll('plan')).toEqual(['Growth']);
		expect(filtered).toBeGreaterThan(0);
		expect(filtered).toBeLessThan(allActive);

		await kpis.page.reload();
		await kpis.waitForKpis();
		await kpis.filterChip(`${kpis.t('filters.plan')}: Growth`).waitFor({ state: 'visible' });
		await kpis.page.waitForFunction(
			(n) =>
				Number(
					(
						document.querySelector('[data-kpi="activeCustomers"] .value')?.textContent ?? ''
					).replace(/[^\d]/g, '')
				) === n,
			filtered,
			{ timeout: 60_000 }
		);
		expect(new URL(kpis.page.url()).searchParams.getAll('plan')).toEqual(['Growth']);

		await kpis.page.getByRole('button', { name: kpis.t('filters.clear') }).click();
		const cleared = await kpis.waitForValueChange('activeCustomers', filteredText);
		expect(numberIn(cleared)).toBe(allActive);
		expect(new URL(kpis.page.url()).searchParams.has('plan')).toBe(false);
	});

	it('lists the accounts behind the churn figure and downloads them as CSV', async () => {
		const counts = await kpis.howCounts('logoChurn');
		const churned = numberIn(counts[kpis.t('count.churnedFromStart')]);
		const dialog = await kpis.openAccountsBehind('logoChurn');
		expect(await kpis.dialogTotal(dialog)).toBe(churned);
		expect(await dialog.locator('tbody tr').count()).toBe(Math.min(churned, 50));
		const download = await kpis.downloadFrom(dialog, 'ov.behind.csv');
		const csv = await readFile((await download.path()) ?? '', 'utf8');
		const lines = csv
			.replace(/^\ufeff/, '')
			.trim()
			.split(/\r?\n/);
		expect(download.suggestedFilename()).toBe('accounts.csv');
		expect(lines[0]).toContain(kpis.t('ov.behind.id'));
		expect(lines.length - 1).toBe(churned);
		await dialog.getByRole('button', { name: kpis.t('common.close') }).click();
		await dialog.waitFor({ state: 'hidden' });
	});

	it('exports a chart as PNG', async () => {
		const chart = kpis.page.getByRole('region', { name: kpis.t('ov.chart.churnTrend') }).first();
		const download = await kpis.downloadFrom(chart, 'ov.chart.png');
		const bytes = await readFile((await download.path()) ?? '');
		expect(download.suggestedFilename()).toBe('churn-trend.png');
		// The PNG signature.
		expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
		expect(await guard.report()).toEqual(emptyReport);
	});
});

describe.skipIf(!hasData)('overview on the bank churn file (real data)', () => {
	it('shows churn 20.37% = 2,037 / 10,000 and by Geography', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		const importer = new ImportPage(page, server);
		await importer.openImport('en');
		expect(await importer.importFile(bankFile)).toBe('done');

		const kpis = new KpisPage(page, server);
		await kpis.openOverview('en');
		const snapshot = kpis.snapshot();
		await kpis.snapshotTable('Geography').waitFor({ state: 'visible', timeout: 60_000 });
		const headline = (await snapshot.locator('.headline').textContent()) ?? '';
		const rows = await kpis.snapshotRows('Geography');
		const report = await guard.report();
		await context.close();

		expect(headline).toContain('20.37%');
		expect(headline).toContain('2,037 churned of 10,000 accounts');
		expect(rows).toEqual({
			France: [810, 5014, '16.15%'],
			Germany: [814, 2509, '32.44%'],
			Spain: [413, 2477, '16.67%']
		});
		expect(report).toEqual(emptyReport);
	});
});
