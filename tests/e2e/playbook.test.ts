// Issue #5, playbook: on the sample data, changing a rule's threshold changes its backtest at
// once, and the edit is stored (it is still there after a reload).
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
import { PlaybookPage } from './pages/PlaybookAreaPages';

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

const alertsIn = (text: string): number =>
	Number(/^([\d,]+) alerts/.exec(text)?.[1].replace(/,/g, ''));

describe('playbook on the sample data', () => {
	let context: BrowserContext;
	let guard: NetworkGuard;
	let playbook: PlaybookPage;

	beforeAll(async () => {
		({ context, guard } = await createGuardedContext(browser, server));
		playbook = new PlaybookPage(await context.newPage(), server);
		await playbook.openWithSample('en');
	});

	afterAll(async () => {
		await context?.close();
	});

	it('recomputes the backtest when a threshold changes, and keeps the edit', async () => {
		const rule = 'default-inactive-14';
		const before = await playbook.backtestAlerts(rule);
		expect(alertsIn(before)).toBeGreaterThan(0);
		expect(await playbook.backtestPrecision(rule)).toMatch(
			/alerts followed by churn within 90 days/
		);
		await playbook.setDays(rule, 60);
		const after = await playbook.waitForBacktestChange(rule, before);
		// A longer quiet spell is needed: fewer accounts qualify, so fewer alerts are raised.
		expect(alertsIn(after)).toBeLessThan(alertsIn(before));
		await playbook.page.reload();
		await playbook.waitForHeading('Playbook');
		await playbook.backtestAlerts(rule);
		expect(await playbook.daysInput(rule).inputValue()).toBe('60');
		const report = await guard.report();
		expect(report).toEqual(emptyReport);
	});
});
