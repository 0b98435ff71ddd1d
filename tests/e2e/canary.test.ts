// S1 canary: proves the network guard catches each way a page can reach another origin, so the
// "no outside request" test cannot pass vacuously. The canary folder is served WITHOUT a CSP
// header (and has no meta policy), so the requests really reach the guard; a second mount with
// the app's header proves the header blocks a worker's fetch before it reaches the network (S3).
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createGuardedContext,
	launchChromium,
	repoRoot,
	startAppServer,
	type StaticServer
} from './harness';

const canaryDir = path.join(repoRoot, 'tests/e2e/canary');
// '.example' is reserved (RFC 2606): nothing would answer even if the guard let a request out.
const OUTSIDE = 'http://canary.example';

/**
 * Starts the canary worker and asks it to fetch `url`; resolves with its outcome. Violations the
 * worker reports are kept on the page's `__workerViolations`.
 */
function fetchFromWorker(page: Page, url: string): Promise<string> {
	return page.evaluate(
		(target) =>
			new Promise<string>((resolve) => {
				const seen: string[] = [];
				Object.assign(globalThis, { __workerViolations: seen });
				const worker = new Worker('./worker.js');
				worker.onmessage = (event: MessageEvent<{ outcome?: string; violation?: string }>) => {
					if (event.data.violation) seen.push(event.data.violation);
					if (event.data.outcome) resolve(event.data.outcome);
				};
				worker.postMessage(target);
			}),
		url
	);
}

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
	server = await startAppServer([
		{ prefix: '/__canary/', dir: canaryDir, csp: null },
		{ prefix: '/__canary-csp/', dir: canaryDir }
	]);
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
	await server?.close();
});

describe('network guard canary (no CSP header)', () => {
	it('records and aborts an outside fetch() from the page', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		await page.goto(server.url('/__canary/'));
		const outcome = await page.evaluate(
			(url) =>
				fetch(url).then(
					(r) => `status ${r.status}`,
					(e: unknown) => `failed ${e instanceof Error ? e.name : 'unknown'}`
				),
			`${OUTSIDE}/from-page-fetch`
		);
		const report = await guard.report();
		await context.close();
		expect(outcome).toBe('failed TypeError');
		expect(report.outsideRequests).toEqual([`${OUTSIDE}/from-page-fetch`]);
	});

	it('records and aborts an outside <img>', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		await page.goto(server.url('/__canary/'));
		const outcome = await page.evaluate((url) => {
			const img = document.createElement('img');
			const settled = new Promise<string>((resolve) => {
				img.onload = () => resolve('loaded');
				img.onerror = () => resolve('error');
			});
			img.src = url;
			document.body.append(img);
			return settled;
		}, `${OUTSIDE}/from-img.png`);
		const report = await guard.report();
		await context.close();
		expect(outcome).toBe('error');
		expect(report.outsideRequests).toEqual([`${OUTSIDE}/from-img.png`]);
	});

	it('records and aborts an outside fetch() from a dedicated worker', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		await page.goto(server.url('/__canary/'));
		const outcome = await fetchFromWorker(page, `${OUTSIDE}/from-worker`);
		const report = await guard.report();
		await context.close();
		expect(outcome).toBe('failed TypeError');
		expect(report.outsideRequests).toEqual([`${OUTSIDE}/from-worker`]);
	});

	it('records and aborts an outside fetch() from a service worker', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		await page.goto(server.url('/__canary/'));
		const outcome = await page.evaluate(async (url) => {
			await navigator.serviceWorker.register('./sw.js', { scope: './' });
			const registration = await navigator.serviceWorker.ready;
			const channel = new MessageChannel();
			const answered = new Promise<string>((resolve) => {
				channel.port1.onmessage = (event) => resolve(String(event.data));
			});
			registration.active?.postMessage(url, [channel.port2]);
			return answered;
		}, `${OUTSIDE}/from-service-worker`);
		const report = await guard.report();
		await context.close();
		expect(outcome).toBe('failed TypeError');
		expect(report.outsideRequests).toEqual([`${OUTSIDE}/from-service-worker`]);
	});

	it('records an outside WebSocket', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		await page.goto(server.url('/__canary/'));
		const outcome = await page.evaluate(
			(url) =>
				new Promise<string>((resolve) => {
					const socket = new WebSocket(url);
					socket.onopen = () => resolve('open');
					socket.onclose = () => resolve('closed');
				}),
			'ws://canary.example/socket'
		);
		const report = await guard.report();
		await context.close();
		expect(outcome).toBe('closed');
		expect(report.websockets).toContain('routed ws://canary.example/socket');
	});

	it('counts a CSP violation in the page', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		// The CSP mount's page carries the app's header, so an outside fetch is a violation.
		await page.goto(server.url('/__canary-csp/'));
		await page.evaluate(
			(url) => fetch(url).catch(() => 'blocked'),
			`${OUTSIDE}/from-page-under-csp`
		);
		await page.waitForFunction(
			() =>
				((globalThis as unknown as { __cspViolations?: string[] }).__cspViolations ?? []).length > 0
		);
		const report = await guard.report();
		await context.close();
		expect(report.cspViolations).toEqual([`connect-src ${OUTSIDE}/from-page-under-csp`]);
		expect(report.outsideRequests).toEqual([]);
	});
});

describe('the app CSP header (S3)', () => {
	it("blocks a dedicated worker's outside fetch before it reaches the network", async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		const response = await page.goto(server.url('/__canary-csp/'));
		const outcome = await fetchFromWorker(page, `${OUTSIDE}/from-worker-under-csp`);
		// The violation is reported by the worker as its own message; wait for it, not for time.
		const violations = await page
			.waitForFunction(() => {
				const seen = (globalThis as unknown as { __workerViolations: string[] }).__workerViolations;
				return seen.length > 0 && seen;
			})
			.then((handle) => handle.jsonValue());
		const report = await guard.report();
		await context.close();
		expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
		expect(outcome).toBe('failed TypeError');
		expect(violations).toEqual([`connect-src ${OUTSIDE}/from-worker-under-csp`]);
		expect(report.outsideRequests).toEqual([]);
	});
});
