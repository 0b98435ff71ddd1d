// Issue #3, cohorts: on the sample data the heatmap shows shares within 0..100% that agree with
// the counts behind them, the grain, basis and convention switches change the table, a high
// minimum marks every cohort small, and a cell lists its accounts. On the real Online Retail
// file (when the data folder is present) the activity cohorts match the core's figures.
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
import { CohortsPage } from './pages/CohortsPage';
import { ImportPage, numberIn } from './pages/ImportPage';
import { OverviewPage } from './pages/OverviewPage';
import { textOf } from './routes';

const dataDir = process.env.CHURN_DESK_DATA ?? path.resolve(repoRoot, '../shared/data');
const retailFile = path.join(dataDir, 'online_retail_comma_utf8bom.csv');
const hasData = existsSync(retailFile);
if (!hasData) console.info(`real-data cohort e2e skipped: no ${retailFile}`);

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

describe('cohorts on the sample data', () => {
	let context: BrowserContext;
	let guard: NetworkGuard;
	let cohorts: CohortsPage;

	beforeAll(async () => {
		({ context, guard } = await createGuardedContext(browser, server));
		const page = await context.newPage();
		const overview = new OverviewPage(page, server);
		await overview.openOverview('en');
		await overview.loadSample();
		cohorts = new CohortsPage(page, server);
		await cohorts.openCohorts('en');
		await cohorts.waitForTable();
	});

	afterAll(async () => {
		await context?.close();
	});

	it('shows shares within 0..100% that agree with the counts on hover', async () => {
		const cells = await cohorts.cells();
		expect(cells.length).toBeGreaterThan(20);
		const wrong = cells.filter((c) => {
			const percent = numberIn(c.text);
			const expected = Math.round((c.numerator / c.denominator) * 100);
			return (
				!(percent >= 0 && percent <= 100) ||
				percent !== expected ||
				!c.title.includes(
					`${c.numerator.toLocaleString('en')} of ${c.denominator.toLocaleString('en')}`
				)
			);
		});
		expect(wrong).toEqual([]);
		// Period 0 of a subscription cohort holds every member; the last period is incomplete.
		const firstCells = await cohorts
			.tables()
			.first()
			.locator('tbody tr')
			.evaluateAll((rows) =>
				rows.map((r) => r.querySelector('button.cell')?.textContent?.replace('◌', '').trim())
			);
		expect(new Set(firstCells)).toEqual(new Set(['100%']));
		expect(cells.some((c) => c.incomplete)).toBe(true);
		expect(await cohorts.definition().textContent()).toContain(
			textOf('cohorts.convention.exact', 'en')
		);
		expect(await cohorts.legend().textContent()).toContain('30');
		// Keyboard focus shows the same counts as the hover title, under the table.
		const first = cohorts.tables().first().locator('button.cell').nth(1);
		await first.focus();
		const counts = cohorts.page.getByTestId('cell-counts').first();
		await counts.getByText(/ of /).waitFor({ state: 'visible' });
		expect(await counts.textContent()).toBe(await first.getAttribute('title'));
	});

	it('changes the table when the grain, the basis and the convention change', async () => {
		const monthly = await cohorts.signature();
		const quarterly = await cohorts.change(() =>
			cohorts.select('cohorts.grain').selectOption('quarter')
		);
		expect(quarterly).toMatch(/Quarter/);
		expect(quarterly).not.toBe(monthly);
		const rowLabels = await cohorts.tables().first().locator('tbody th').allTextContents();
		expect(rowLabels.every((l) => /\d{4}-Q[1-4]/.test(l))).toBe(true);

		await cohorts.change(() => cohorts.select('cohorts.grain').selectOption('month'));
		const activity = await cohorts.change(() =>
			cohorts.select('cohorts.basis').selectOption('activity')
		);
		expect(activity).not.toBe(monthly);
		expect(await cohorts.definition().textContent()).toContain(
			textOf('cohorts.basis.activity', 'en')
		);

		const exact = await cohorts.cells();
		await cohorts.change(() => cohorts.chooseConvention('cohorts.convention.k-or-later'));
		expect(await cohorts.definition().textContent()).toContain(
			textOf('cohorts.convention.k-or-later', 'en')
		);
		const later = await cohorts.cells();
		// "In k or later" never counts fewer accounts than "exactly in k" for the same cell.
		expect(later.length).toBe(exact.length);
		expect(later.every((c, i) => c.numerator >= exact[i].numerator)).toBe(true);
		expect(later.some((c, i) => c.numerator > exact[i].numerator)).toBe(true);
		await cohorts.change(() => cohorts.chooseConvention('cohorts.convention.exact'));
	});

	it('marks every cohort small with a high minimum, and says so in the legend', async () => {
		const rows = await cohorts.tables().locator('tbody tr').count();
		await cohorts.setMinCohortSize(100000);
		await cohorts
			.legend()
			.getByText(/100000/)
			.waitFor({ state: 'visible' });
		await cohorts.page.waitForFunction(
			(n) => document.querySelectorAll('[data-mark="small"]').length === n,
			rows
		);
		expect(await cohorts.smallMarks().count()).toBe(rows);
		const cells = await cohorts.cells();
		expect(cells.every((c) => c.small)).toBe(true);
		await cohorts.setMinCohortSize(30);
	});

	it('exports the table as CSV: one row per cell, then the average row', async () => {
		// The view is still on the activity basis chosen above.
		const cells = await cohorts.cells();
		const averages = await cohorts.page.getByTestId('average-cell').count();
		const [download] = await Promise.all([
			cohorts.page.waitForEvent('download'),
			cohorts.page.getByRole('button', { name: textOf('retention.downloadCsv', 'en') }).click()
		]);
		const text = await readFile(await download.path(), 'utf8');
		const lines = text
			.replace(/^\uFEFF/, '')
			.trim()
			.split('\r\n');
		expect(download.suggestedFilename()).toMatch(/^cohorts-activity-month-logo-exact\.csv$/);
		expect(lines[0]).toContain('"Period k"');
		expect(lines).toHaveLength(1 + cells.length + averages);
	});

	it('lists the accounts behind a cell, as many as its count', async () => {
		const cell = cohorts.tables().first().locator('tbody tr').nth(1).locator('button.cell').nth(1);
		const numerator = Number(await cell.getAttribute('data-numerator'));
		const panel = await cohorts.openCell(cell);
		const retained = panel.getByRole('button', { name: /^Retained/ });
		await retained.getByText(/\d/).waitFor({ state: 'visible' });
		expect(numberIn((await retained.textContent()) ?? '')).toBe(numerator);
		expect(await panel.locator('tbody tr').count()).toBe(Math.min(numerator, 100));
		const report = await guard.report();
		expect(report).toEqual(emptyReport);
	});
});

describe.skipIf(!hasData)('cohorts on Online Retail (real file)', () => {
	it('shows the December 2010 cohort: 885 customers, 324 active in month 1, 286 in month 2', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		const importer = new ImportPage(page, server);
		await importer.openImport('en');
		const name = path.basename(retailFile);
		await importer.addFiles(retailFile);
		await importer.waitForPreview(name);
		await importer.entitySelect(name).selectOption('activity');
		const question = importer.file(name).getByRole('radio', {
			name: textOf('import.dateOrder.dmy', 'en')
		});
		if ((await question.count()) > 0) await question.first().check();
		expect(await importer.read(name)).toBe('review');
		expect(await importer.confirm(name)).toBe('done');

		const cohorts = new CohortsPage(page, server);
		await cohorts.openCohorts('en');
		await cohorts.waitForTable();
		// No subscriptions: the view starts on the activity basis by itself.
		expect(await cohorts.definition().textContent()).toContain(
			textOf('cohorts.basis.activity', 'en')
		);
		const december = await cohorts.row('2010-12');
		const report = await guard.report();
		await context.close();
		expect(december.size).toBe(885);
		expect(december.cells.slice(0, 3).map((c) => [c.numerator, c.denominator])).toEqual([
			[885, 885],
			[324, 885],
			[286, 885]
		]);
		expect(report).toEqual(emptyReport);
	});
});
