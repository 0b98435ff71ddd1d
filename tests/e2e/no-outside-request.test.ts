// S1: walking every route in each language sends nothing to another origin, opens no socket,
// violates no CSP directive and logs no error. The canary test proves the guard would notice.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createGuardedContext,
	emptyReport,
	launchChromium,
	startAppServer,
	type StaticServer
} from './harness';
import { AppPage } from './pages/AppPage';
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

describe('no outside request', () => {
	for (const lang of languages) {
		it(`leaves the origin from no route in ${lang}`, async () => {
			const { context, guard } = await createGuardedContext(browser, server);
			const page = await context.newPage();
			const app = new AppPage(page, server);
			const visited: string[] = [];
			for (const route of appRoutes) {
				await app.open(route.path, { lang, heading: textOf(route.headingKey, lang) });
				visited.push(route.path);
			}
			const report = await guard.report();
			await context.close();
			expect(visited).toEqual(appRoutes.map((r) => r.path));
			expect(report).toEqual(emptyReport);
		});
	}

	it('keeps the language chosen with ?lang= on <html lang>', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const app = new AppPage(await context.newPage(), server);
		await app.open('/', { lang: 'ja', heading: textOf('empty.title', 'ja') });
		const lang = await app.documentLanguage();
		const report = await guard.report();
		await context.close();
		expect(lang).toBe('ja');
		expect(report).toEqual(emptyReport);
	});
});
