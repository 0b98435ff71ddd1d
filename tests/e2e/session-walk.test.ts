// Non-negotiable (f), reliability.md S1 over a full session with data: sample data, a CSV
// imported through the wizard with its rejected rows downloaded, then every route in both
// languages. Nothing may leave the origin: 0 outside requests, 0 sockets, 0 CSP violations,
// 0 console errors (the canary test proves the guard would see them).
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createGuardedContext,
	emptyReport,
	launchChromium,
	startAppServer,
	type StaticServer
} from './harness';
import { E2E_FIXTURES } from './generated-files';
import { ImportPage } from './pages/ImportPage';
import { OverviewPage } from './pages/OverviewPage';
import { appRoutes, languages } from './routes';

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

describe('a full session with data', () => {
	it('sample data, an import with rejects downloaded, every route in en and ja: nothing leaves the origin', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		const overview = new OverviewPage(page, server);
		expect(await overview.openOverview('en')).toBe('empty');
		await overview.loadSample();

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
});
