// Issue #2, points 1, 2 and 6: the empty workspace's two ways in, the UI language (browser,
// switch, remembered), sample data from the button and the same data from the CLI imported file
// by file through the wizard, and an overview that proves the data is in. Also the full-session
// no-outside-request walk (non-negotiable f), on the sample data's context.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITY_NAMES } from '../../src/lib/core/types';
import {
	createGuardedContext,
	emptyReport,
	launchChromium,
	repoRoot,
	startAppServer,
	type GuardedContext,
	type StaticServer
} from './harness';
import { E2E_FIXTURES } from './generated-files';
import { ImportPage } from './pages/ImportPage';
import { OverviewPage, type EntityCounts } from './pages/OverviewPage';
import { appRoutes, languages, textOf } from './routes';

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

describe('empty workspace and language', () => {
	it('speaks Japanese to a ja-JP browser, switches to English from the header and remembers it', async () => {
		const { context, guard } = await createGuardedContext(browser, server, { locale: 'ja-JP' });
		const page = await context.newPage();
		const overview = new OverviewPage(page, server);
		await page.goto(server.url('/'));
		overview.lang = 'ja';
		await overview.waitForHeading(textOf('empty.title', 'ja'));
		const jaImport = await overview.importButton().isVisible();
		const jaSample = await overview.sampleButton().isVisible();
		const jaLang = await overview.documentLanguage();

		await page.getByRole('banner').getByLabel(textOf('lang.label', 'ja')).selectOption('en');
		overview.lang = 'en';
		await overview.waitForHeading(textOf('empty.title', 'en'));
		await page.reload();
		await overview.waitForHeading(textOf('empty.title', 'en'));
		const enImport = await overview.importButton().isVisible();
		const enSample = await overview.sampleButton().isVisible();
		const enLang = await overview.documentLanguage();
		const report = await guard.report();
		await context.close();

		expect([jaImport, jaSample, jaLang]).toEqual([true, true, 'ja']);
		expect([enImport, enSample, enLang]).toEqual([true, true, 'en']);
		expect(report).toEqual(emptyReport);
	});

	it('speaks English to an en-US browser and opens the import page from "Import CSV"', async () => {
		const { context, guard } = await createGuardedContext(browser, server, { locale: 'en-US' });
		const page = await context.newPage();
		const overview = new OverviewPage(page, server);
		await page.goto(server.url('/'));
		await overview.waitForHeading(textOf('empty.title', 'en'));
		await overview.importButton().click();
		await overview.waitForHeading(textOf('import.title', 'en'));
		const url = page.url();
		const report = await guard.report();
		await context.close();
		expect(new URL(url).pathname).toBe('/import/');
		expect(report).toEqual(emptyReport);
	});
});

describe('sample data', () => {
	let sampleCounts: EntityCounts;
	let samplePlans: Record<string, number>;
	let sampleRange: string | null;
	let yesterday: string;
	let session: GuardedContext;

	it('"Try with sample data" fills every entity, with a date range, plan chart and table', async () => {
		session = await createGuardedContext(browser, server);
		const page = await session.context.newPage();
		const overview = new OverviewPage(page, server);
		expect(await overview.openOverview('en')).toBe('empty');
		// Yesterday in the browser's zone: what the button uses as the sample's last day.
		yesterday = await page.evaluate(() => {
			const d = new Date(Date.now() - 86_400_000);
			const pad = (n: number) => String(n).padStart(2, '0');
			return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
		});
		await overview.loadSample();
		sampleCounts = await overview.counts();
		samplePlans = await overview.planTable();
		sampleRange = await overview.dateRange();
		const canvases = await overview.plansSection().locator('canvas').count();
		const report = await session.guard.report();

		expect(sampleCounts.accounts).toBeGreaterThanOrEqual(2000);
		for (const entity of ENTITY_NAMES) expect(sampleCounts[entity], entity).toBeGreaterThan(0);
		expect(sampleRange).toContain(yesterday);
		expect(canvases).toBe(1);
		// The table accounts for every account: its plan counts add up to the accounts card.
		expect(Object.values(samplePlans).reduce((a, b) => a + b, 0)).toBe(sampleCounts.accounts);
		expect(report).toEqual(emptyReport);
	});

	// S1 over a full session with data (same context as the sample data above): an import with
	// its rejected rows downloaded, then every route in both languages. Nothing may leave the
	// origin: 0 outside requests, 0 sockets, 0 CSP violations, 0 console errors (the canary
	// test proves the guard would see them).
	it('then imports a CSV, downloads its rejects and walks every route in en and ja: nothing leaves the origin', async () => {
		const { context, guard } = session;
		const page = context.pages()[0];
		const wizard = new ImportPage(page, server);
		await wizard.openImport('en');
		const name = 'accounts_rejects.csv';
		await wizard.addFiles(path.join(E2E_FIXTURES, name));
		await wizard.waitForPreview(name);
		expect(await wizard.read(name)).toBe('review');
		const download = await wizard.downloadRejects(name);
		const downloaded = download.suggestedFilename();
		expect(await wizard.confirm(name)).toBe('done');

		const visited: string[] = [];
		for (const lang of languages) {
			for (const route of appRoutes) {
				await wizard.open(route.path, { lang });
				visited.push(`${lang} ${route.path} ${await wizard.documentLanguage()}`);
			}
		}
		const report = await guard.report();
		await context.close();

		expect(downloaded).toBe(`${name}.rejected.csv`);
		expect(visited).toEqual(
			languages.flatMap((lang) => appRoutes.map((r) => `${lang} ${r.path} ${lang}`))
		);
		expect(report).toEqual(emptyReport);
	});

	it('the CLI’s files for the same end date, imported together through the wizard, give the same overview', async () => {
		expect(yesterday).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		const dir = await mkdtemp(path.join(os.tmpdir(), 'churn-desk-sample-'));
		try {
			execFileSync('npx', ['tsx', 'src/cli/sample.ts', '--out', dir, '--end', yesterday], {
				cwd: repoRoot,
				stdio: 'pipe'
			});
			// The order a person would follow: accounts first, so later files can be checked
			// against them (the sample button imports in the same order).
			const order = ['accounts', 'subscriptions', 'payments', 'activity', 'tickets', 'nps'];
			const names = (await readdir(dir)).sort(
				(a, b) => order.indexOf(a.replace('.csv', '')) - order.indexOf(b.replace('.csv', ''))
			);
			expect(names).toEqual(order.map((e) => `${e}.csv`));

			const { context, guard } = await createGuardedContext(browser, server);
			const page = await context.newPage();
			const wizard = new ImportPage(page, server);
			await wizard.openImport('en');
			await wizard.addFiles(...names.map((n) => path.join(dir, n)));
			const entities: string[] = [];
			for (const name of names) {
				expect(await wizard.waitForPreview(name)).toBe('mapping');
				entities.push(await wizard.entitySelect(name).inputValue());
			}
			const outcomes: string[] = [];
			for (const name of names) {
				outcomes.push(await wizard.read(name));
				outcomes.push(await wizard.confirm(name));
			}
			const history = await wizard.waitForHistoryCount(names.length);

			const overview = new OverviewPage(page, server);
			await overview.openOverview('en');
			await overview.waitForOverview();
			const counts = await overview.counts();
			const plans = await overview.planTable();
			const range = await overview.dateRange();
			const report = await guard.report();
			await context.close();

			expect(entities).toEqual(order);
			expect(outcomes).toEqual(names.flatMap(() => ['review', 'done']));
			expect(history.map((h) => h.fileName).sort()).toEqual([...names].sort());
			expect(counts).toEqual(sampleCounts);
			expect(plans).toEqual(samplePlans);
			expect(range).toBe(sampleRange);
			expect(report).toEqual(emptyReport);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});
