// Issue #3, survival: on the sample data the Kaplan–Meier view shows the curve, the median, the
// number at risk and, split by plan, the log-rank test; on the real Telco file (tenure and a
// churned flag, no dates) it runs in tenure mode: 7,043 customers, 1,869 churned, median not
// reached.
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
import { ImportPage } from './pages/ImportPage';
import { OverviewPage } from './pages/OverviewPage';
import { SurvivalPage } from './pages/SurvivalPage';
import { textOf } from './routes';

const dataDir = process.env.CHURN_DESK_DATA ?? path.resolve(repoRoot, '../shared/data');
const telcoFile = path.join(dataDir, 'WA_Fn-UseC_-Telco-Customer-Churn.csv');
const hasData = existsSync(telcoFile);
if (!hasData) console.info(`real-data survival e2e skipped: no ${telcoFile}`);

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

describe('survival on the sample data', () => {
	let context: BrowserContext;
	let guard: NetworkGuard;
	let survival: SurvivalPage;

	beforeAll(async () => {
		({ context, guard } = await createGuardedContext(browser, server));
		const page = await context.newPage();
		const overview = new OverviewPage(page, server);
		await overview.openOverview('en');
		await overview.loadSample();
		survival = new SurvivalPage(page, server);
		await survival.openSurvival('en');
	});

	afterAll(async () => {
		await context?.close();
	});

	it('draws the overall curve in dated mode with its median and number at risk', async () => {
		const [overall] = await survival.waitForGroups(1);
		await survival.chart().waitFor({ state: 'visible' });
		expect(await survival.mode()).toMatch(/^Dated mode/);
		expect(overall.group).toBe(textOf('retention.all', 'en'));
		expect(overall.n).toBeGreaterThan(1000);
		expect(overall.events).toBeGreaterThan(0);
		expect(overall.events).toBeLessThan(overall.n);
		expect(overall.median).toMatch(/^(\d[\d,]* months|not reached)$/);
		const atRisk = await survival.atRisk();
		// At time 0 every customer is at risk; later ticks never have more.
		expect(atRisk.times[0]).toBe(0);
		const row = atRisk.rows[overall.group];
		expect(row[0]).toBe(overall.n);
		expect(row.every((n, i) => i === 0 || n <= row[i - 1])).toBe(true);
		expect(await survival.logRank()).toContain(textOf('survival.logRankOne', 'en'));
	});

	it('splits by plan: one curve per plan, their counts adding up, and the log-rank test', async () => {
		const [overall] = await survival.summary();
		await survival.select('retention.splitBy').selectOption({ label: 'Plan' });
		await survival.page
			.getByTestId('log-rank')
			.getByText(/χ²/)
			.waitFor({ state: 'visible', timeout: 60_000 });
		const groups = await survival.summary();
		expect(groups.length).toBeGreaterThan(1);
		expect(groups.reduce((n, g) => n + g.n, 0)).toBe(overall.n);
		expect(groups.reduce((n, g) => n + g.events, 0)).toBe(overall.events);
		const logRank = await survival.logRank();
		expect(logRank).toMatch(
			new RegExp(`χ² = [\\d,.]+, df = ${groups.length - 1}, p (< 0\\.0001|= [01]\\.\\d{4})`)
		);
		const atRisk = await survival.atRisk();
		expect(Object.keys(atRisk.rows).sort()).toEqual(groups.map((g) => g.group).sort());
		for (const g of groups) expect(atRisk.rows[g.group][0]).toBe(g.n);
		const [png] = await Promise.all([
			survival.page.waitForEvent('download'),
			survival.page.getByRole('button', { name: textOf('retention.downloadPng', 'en') }).click()
		]);
		const bytes = await readFile(await png.path());
		// The PNG signature: \x89 P N G.
		expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
		const [csv] = await Promise.all([
			survival.page.waitForEvent('download'),
			survival.page.getByRole('button', { name: textOf('retention.downloadCsv', 'en') }).click()
		]);
		const header = (await readFile(await csv.path(), 'utf8'))
			.replace(/^\uFEFF/, '')
			.split('\r\n')[0];
		expect(header).toBe(
			'"Group","Time (months)","Number at risk","Churned","Censored","Survival","Lower 95%","Upper 95%"'
		);
		expect(await guard.report()).toEqual(emptyReport);
	});
});

describe.skipIf(!hasData)('survival on Telco (real file)', () => {
	it('runs in tenure mode: 7,043 customers, 1,869 churned, median not reached; other views explain', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		const importer = new ImportPage(page, server);
		await importer.openImport('en');
		const name = path.basename(telcoFile);
		await importer.addFiles(telcoFile);
		await importer.waitForPreview(name);
		await importer.entitySelect(name).selectOption('accounts');
		expect(await importer.read(name)).toBe('review');
		expect(await importer.confirm(name)).toBe('done');

		const survival = new SurvivalPage(page, server);
		await survival.openSurvival('en');
		const [overall] = await survival.waitForGroups(1);
		const mode = await survival.mode();
		const atRisk = await survival.atRisk();
		// Asking for dates on a file without any says what to do instead.
		await survival.select('survival.source').selectOption('dates');
		await survival.waitForText(textOf('survival.empty.dates', 'en'));
		// The other retention views explain what they would need.
		await page.goto(new URL('/cohorts/?lang=en', server.origin).href);
		await survival.waitForText(textOf('cohorts.empty.nothing', 'en'));
		await page.goto(new URL('/engagement/?lang=en', server.origin).href);
		await survival.waitForText(textOf('engagement.empty', 'en'));
		const report = await guard.report();
		await context.close();
		expect(mode).toMatch(/^Tenure mode/);
		expect([overall.n, overall.events, overall.median]).toEqual([
			7043,
			1869,
			textOf('survival.notReached', 'en')
		]);
		expect(atRisk.rows[overall.group][0]).toBe(7043);
		expect(report).toEqual(emptyReport);
	});
});
