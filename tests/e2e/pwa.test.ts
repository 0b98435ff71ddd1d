// PWA: the service worker makes an offline reload work, and the manifest meets the install
// criteria. These run in contexts WITHOUT the routing guard: routing turns off the HTTP cache and
// service-worker paths (reliability.md S1), which is exactly what is under test here.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	buildDir,
	createProfileDir,
	launchChromium,
	launchPersistent,
	recordPageProblems,
	removeProfileDir,
	repoRoot,
	startAppServer,
	type PageProblems,
	type StaticServer
} from './harness';
import { AppPage } from './pages/AppPage';
import { textOf } from './routes';

const EMPTY_TITLE = textOf('empty.title', 'en');

let server: StaticServer;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
	server = await startAppServer([
		{ prefix: '/__canary/', dir: path.join(repoRoot, 'tests/e2e/canary') }
	]);
	browser = await launchChromium();
});

afterEach(async () => {
	await context?.close();
	context = undefined;
});

afterAll(async () => {
	await browser?.close();
	await server?.close();
});

/** Opens the app and waits until its service worker controls the page. */
async function openControlledApp(): Promise<{ page: Page; app: AppPage; problems: PageProblems }> {
	context = await browser.newContext({ serviceWorkers: 'allow' });
	const page = await context.newPage();
	const problems = recordPageProblems(page);
	const app = new AppPage(page, server);
	await app.open('/', { lang: 'en', heading: EMPTY_TITLE });
	// `clients.claim()` on activate makes the worker take this page without a reload.
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
	return { page, app, problems };
}

interface ManifestIcon {
	src: string;
	sizes: string;
	type?: string;
}

interface Manifest {
	name?: string;
	short_name?: string;
	start_url?: string;
	scope?: string;
	display?: string;
	icons?: ManifestIcon[];
}

/** Width and height from a PNG's IHDR chunk (bytes 16..23). */
function pngSize(bytes: Buffer): { width: number; height: number } {
	const signature = bytes.subarray(0, 8).toString('hex');
	if (signature !== '89504e470d0a1a0a') throw new Error('not a PNG');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('offline', () => {
	it('reloads the app shell from the service worker when offline', async () => {
		const { page, app, problems } = await openControlledApp();
		await context?.setOffline(true);
		const response = await page.reload();
		const brand = await app.waitForShell();
		const heading = await app.waitForHeading(EMPTY_TITLE);
		expect(response?.fromServiceWorker()).toBe(true);
		expect(await brand.textContent()).toBe('Churn Desk');
		expect(await heading.textContent()).toBe(EMPTY_TITLE);
		expect(problems).toEqual({ consoleErrors: [], pageErrors: [] });
	});

	it('answers an offline visit to a path that was never prerendered with the SPA fallback', async () => {
		const { page } = await openControlledApp();
		await context?.setOffline(true);
		const response = await page.goto(server.url('/not-a-prerendered-page/'));
		expect(response?.fromServiceWorker()).toBe(true);
		expect(await page.title()).toBe('Churn Desk');
	});

	it("deletes an earlier version's cache when the new worker activates", async () => {
		context = await browser.newContext({ serviceWorkers: 'allow' });
		const page = await context.newPage();
		// A page of the same origin that registers no worker leaves a cache behind, as an earlier
		// deployment would have.
		await page.goto(server.url('/__canary/'));
		await page.evaluate(() => caches.open('churn-desk-earlier-version'));
		await new AppPage(page, server).open('/', { lang: 'en', heading: EMPTY_TITLE });
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
		const names = await page.evaluate(() => caches.keys());
		expect(names).toHaveLength(1);
		expect(names[0]).toMatch(/^churn-desk-\d+$/);
	});
});

describe('manifest and installability', () => {
	it('links a manifest with a name, start_url, standalone display and 192/512 PNG icons', async () => {
		context = await browser.newContext();
		const page = await context.newPage();
		await new AppPage(page, server).open('/', { lang: 'en', heading: EMPTY_TITLE });
		const href = await page
			.locator('link[rel="manifest"]')
			.evaluate((link) => (link as HTMLLinkElement).href);
		const response = await fetch(href);
		const manifest = (await response.json()) as Manifest;

		expect(response.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
		expect(manifest.name).toBe('Churn Desk');
		expect(manifest.short_name).toBeTruthy();
		expect(manifest.display).toBe('standalone');
		expect(new URL(manifest.start_url ?? '', href).href).toBe(server.url('/'));
		for (const size of [192, 512]) {
			const icon = manifest.icons?.find((i) => i.sizes === `${size}x${size}`);
			expect(icon?.type).toBe('image/png');
			const bytes = await readFile(path.join(buildDir, icon?.src ?? 'missing'));
			expect(pngSize(bytes)).toEqual({ width: size, height: size });
		}
	});

	it('has no installability errors in Chromium once the service worker is active', async () => {
		// Chromium never offers installation in an incognito context: use a real profile.
		const profileDir = await createProfileDir();
		try {
			context = await launchPersistent(profileDir);
			const page = context.pages()[0] ?? (await context.newPage());
			await new AppPage(page, server).open('/', { lang: 'en', heading: EMPTY_TITLE });
			await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
			const cdp = await context.newCDPSession(page);
			const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
			const { errors } = await cdp.send('Page.getAppManifest');
			await cdp.detach();
			expect(errors).toEqual([]);
			expect(installabilityErrors).toEqual([]);
		} finally {
			await context?.close();
			context = undefined;
			await removeProfileDir(profileDir);
		}
	});
});
