// Issue #4, health: on the sample data the list shows every active account with a band, and a
// weight changed in the settings changes the scores and the backtest of the red band.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createGuardedContext,
	emptyReport,
	launchChromium,
	startAppServer,
	type StaticServer
} from './harness';
import { HealthPage } from './pages/HealthPage';
import { OverviewPage } from './pages/OverviewPage';
import { textOf } from './routes';

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

describe('health on the sample data', () => {
	it('shows bands, and a changed weight changes the scores and the backtest', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		const overview = new OverviewPage(page, server);
		await overview.openOverview('en');
		await overview.loadSample();

		const health = new HealthPage(page, server);
		await health.openHealth('en');
		await health.waitForScores();
		const counts = await health.bandCounts();
		const bands = await health.rowBands();
		// Default sort: lowest score first, so the first page starts with the worst band present.
		const names = ['red', 'yellow', 'green'] as const;
		const shown = names.map((b) => textOf(`health.band.${b}`, 'en'));
		expect(counts.green + counts.yellow + counts.red).toBeGreaterThan(1000);
		expect(bands.length).toBe(25);
		expect(bands.every((b) => shown.includes(b))).toBe(true);
		const worst = names.find((b) => counts[b] > 0)!;
		expect(bands[0]).toBe(textOf(`health.band.${worst}`, 'en'));

		const before = await health.scores();
		const backtestBefore = await health.backtestSummary().innerText();
		await health.setWeight('health.component.usage', 200);
		const after = await health.waitForScoresOtherThan(before);
		const backtestAfter = await health.waitForBacktestOtherThan(backtestBefore);
		const report = await guard.report();
		await context.close();
		expect(after).not.toEqual(before);
		expect(backtestAfter).not.toBe(backtestBefore);
		expect(backtestBefore).toMatch(/^[\d,]+ of [\d,]+ accounts that churned/);
		expect(report).toEqual(emptyReport);
	});
});
