// Issue #5, account page: a churned account's post-mortem lists its signals; saving it files a
// case that the case library shows. Without an id the page says how to pick an account.
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
import { AccountPages } from './pages/PlaybookAreaPages';
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

describe('account page and cases on the sample data', () => {
	let context: BrowserContext;
	let guard: NetworkGuard;
	let pages: AccountPages;

	beforeAll(async () => {
		({ context, guard } = await createGuardedContext(browser, server));
		pages = new AccountPages(await context.newPage(), server);
		await pages.openAccountsWithSample('en');
	});

	afterAll(async () => {
		await context?.close();
	});

	it('says how to pick an account when the page has no id', async () => {
		await pages.open('/account/', { lang: 'en', heading: textOf('pb.account.title', 'en') });
		await pages.waitForText(textOf('pb.account.noId', 'en'));
		expect(await pages.page.getByRole('link', { name: 'All accounts' }).count()).toBe(1);
	});

	it("saves a churned account's post-mortem as a case and finds it in the library", async () => {
		await pages.openAccounts('en');
		const id = await pages.openFirstChurned();
		expect(pages.page.url()).toContain(`/account/?id=${encodeURIComponent(id)}`);
		await pages.saveCase('Price', 'Budget cut after the price change');
		await pages.openCases();
		const filed = pages.caseOf(id);
		await filed.waitFor({ timeout: 60_000 });
		expect(await filed.getByRole('textbox').inputValue()).toBe('Budget cut after the price change');
		expect(await filed.getByRole('link').getAttribute('href')).toContain(
			`/account/?id=${encodeURIComponent(id)}`
		);
		const report = await guard.report();
		expect(report).toEqual(emptyReport);
	});
});
