// Issue #3, engagement: on the sample data the view shows active days per week, their
// histogram (whose counts add up to the account-weeks it names) and churned-later versus stayed
// side by side with counts.
import type { Browser } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createGuardedContext,
	emptyReport,
	launchChromium,
	startAppServer,
	type StaticServer
} from './harness';
import { numberIn } from './pages/ImportPage';
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

describe('engagement on the sample data', () => {
	it('shows the histogram and the churned-later versus stayed comparison with counts', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		const app = new OverviewPage(page, server);
		await app.openOverview('en');
		await app.loadSample();
		await app.open('/engagement/', { lang: 'en', heading: textOf('engagement.title', 'en') });
		const histogram = page.getByTestId('engagement-histogram');
		await histogram.waitFor({ state: 'visible', timeout: 60_000 });
		const counts = (await histogram.locator('tbody td').allTextContents()).map(numberIn);
		// The weekly disclosure names the account-weeks the histogram counts.
		await page.getByText(textOf('retention.howComputed', 'en')).first().click();
		const line = await app.waitForText(/account-weeks, mean/);
		const accountWeeks = numberIn(
			/([\d,]+) account-weeks/.exec((await line.textContent()) ?? '')?.[1] ?? ''
		);
		const comparison = await page
			.getByTestId('engagement-comparison')
			.locator('tbody tr')
			.evaluateAll((rows) =>
				rows.map((r) => [
					r.querySelector('th')?.textContent?.trim() ?? '',
					r.querySelector('td')?.textContent ?? ''
				])
			);
		// The distribution's CSV export holds the same counts as the table.
		const section = page.locator('section').filter({ has: histogram });
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			section.getByRole('button', { name: textOf('ov.chart.csv', 'en') }).click()
		]);
		const csvText = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
		const csvCounts = csvText
			.trim()
			.split('\r\n')
			.slice(1)
			.map((line) => Number(line.split(',')[1].replace(/"/g, '')));
		const report = await guard.report();
		await context.close();
		expect(csvCounts).toEqual(counts);
		expect(counts).toHaveLength(8);
		expect(counts.reduce((a, b) => a + b, 0)).toBe(accountWeeks);
		expect(comparison.map(([group]) => group)).toEqual([
			textOf('engagement.churnedLater', 'en'),
			textOf('engagement.stayed', 'en')
		]);
		expect(comparison.every(([, n]) => numberIn(n) > 0)).toBe(true);
		expect(report).toEqual(emptyReport);
	});
});
