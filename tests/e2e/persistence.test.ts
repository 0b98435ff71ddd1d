// Issue #2, point 5: data survives a reload and a restart of the browser on the same profile, an
// offline reload served by the service worker still shows it, and the settings page tells how
// much storage the workspace uses and whether it is persistent. The offline test runs without
// the routing guard: routing turns off the service worker's paths (reliability.md S1).
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createGuardedPersistentContext,
	createProfileDir,
	emptyReport,
	reassertOffline,
	launchChromium,
	recordPageProblems,
	removeProfileDir,
	startAppServer,
	type StaticServer
} from './harness';
import { E2E_FIXTURES } from './generated-files';
import { ImportPage } from './pages/ImportPage';
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

describe('persistence', () => {
	it('keeps the data across a reload and a browser restart, and the settings page shows usage and persistence', async () => {
		const profileDir = await createProfileDir();
		try {
			const first = await createGuardedPersistentContext(profileDir, server);
			const page = first.context.pages()[0] ?? (await first.context.newPage());
			const wizard = new ImportPage(page, server);
			await wizard.openImport('en');
			expect(await wizard.importFile(path.join(E2E_FIXTURES, 'plans_v1.csv'))).toBe('done');
			await wizard.waitForHistoryCount(1);
			const overview = new OverviewPage(page, server);
			await overview.openOverview('en');
			await overview.waitForOverview();
			const before = await overview.counts();
			await page.reload();
			await overview.waitForOverview();
			const reloaded = await overview.counts();
			const firstReport = await first.guard.report();
			await first.context.close();

			const second = await createGuardedPersistentContext(profileDir, server);
			const again = second.context.pages()[0] ?? (await second.context.newPage());
			const overviewAgain = new OverviewPage(again, server);
			const shown = await overviewAgain.openOverview('en');
			await overviewAgain.waitForOverview();
			const restarted = await overviewAgain.counts();

			await overviewAgain.open('/settings/', {
				lang: 'en',
				heading: textOf('settings.title', 'en')
			});
			const usage = again.getByTestId('storage-usage');
			await usage.waitFor();
			const usageText = await usage.textContent();
			const persisted = again.getByText(textOf('settings.persisted', 'en'));
			const notPersisted = again.getByText(textOf('settings.notPersisted', 'en'));
			await persisted.or(notPersisted).first().waitFor();
			const persistence = (await persisted.isVisible()) ? 'persisted' : 'not persisted';
			const secondReport = await second.guard.report();
			await second.context.close();

			expect(before.accounts).toBe(3);
			expect(reloaded).toEqual(before);
			expect(shown).toBe('overview');
			expect(restarted).toEqual(before);
			// "This workspace uses 12.3 KB of this browser’s storage."
			expect(usageText).toMatch(/uses [\d.,]+ (B|KB|MB|GB) of/);
			expect(['persisted', 'not persisted']).toContain(persistence);
			expect(firstReport).toEqual(emptyReport);
			expect(secondReport).toEqual(emptyReport);
		} finally {
			await removeProfileDir(profileDir);
		}
	});

	it('shows the overview with the data after an offline reload from the service worker', async () => {
		const context = await browser.newContext({ serviceWorkers: 'allow' });
		try {
			const page = await context.newPage();
			const problems = recordPageProblems(page);
			const wizard = new ImportPage(page, server);
			await wizard.openImport('en');
			await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
			expect(await wizard.importFile(path.join(E2E_FIXTURES, 'plans_v1.csv'))).toBe('done');
			await wizard.waitForHistoryCount(1);
			const overview = new OverviewPage(page, server);
			await overview.openOverview('en');
			await overview.waitForOverview();
			const online = await overview.counts();

			await context.setOffline(true);
			const response = await page.reload();
			await overview.waitForOverview();
			const offline = await overview.counts();
			const plans = await overview.planTable();
			await reassertOffline(context, page);
			const bannerText = page.getByText(textOf('banner.offline', 'en'));
			await bannerText.waitFor({ timeout: 5000 }).catch(() => undefined);
			const banner = await bannerText.isVisible();

			expect(response?.fromServiceWorker()).toBe(true);
			expect(offline).toEqual(online);
			expect(plans).toEqual({ Basic: 3 });
			expect(banner).toBe(true);
			expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
		} finally {
			await context.close();
		}
	});
});
