// Non-negotiable (e): the real public exports import through the UI. Online Retail (both
// exports: UTF-8 comma and CP1252 tab) as activity — the day/month order settled by scanning
// the file, not asked; Telco and bank churn as accounts with every column kept. The data
// folder is read-only and never copied; without it these tests skip (one line). The file has
// 4,372 customers; the activity reaches the 4,339 that bought something (see retailFacts).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createGuardedContext,
	emptyReport,
	launchChromium,
	repoRoot,
	startAppServer,
	type StaticServer
} from './harness';
import { ImportPage, numberIn } from './pages/ImportPage';
import { OverviewPage } from './pages/OverviewPage';
import { textOf } from './routes';

const dataDir = process.env.CHURN_DESK_DATA ?? path.resolve(repoRoot, '../shared/data');
const hasData = existsSync(path.join(dataDir, 'online_retail_comma_utf8bom.csv'));
if (!hasData) console.info(`real-data e2e: ${dataDir} is absent, skipping`);

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
	if (!hasData) return;
	server = await startAppServer();
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
	await server?.close();
});

/** Counts from the Online Retail file, read here with PapaParse, independently of the app. */
async function retailFacts(file: string) {
	const text = (await readFile(file, 'utf8')).replace(/^\ufeff/, '');
	const rows = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true }).data.slice(1);
	const customers = new Set<string>();
	const positive = new Set<string>();
	let missingCustomer = 0;
	let nonPositive = 0;
	for (const row of rows) {
		const id = (row[6] ?? '').trim();
		if (id === '') {
			missingCustomer++;
			continue;
		}
		customers.add(id);
		if (Number(row[3]) > 0) positive.add(id);
		else nonPositive++;
	}
	return {
		rows: rows.length,
		missingCustomer,
		customers: customers.size,
		positiveCustomers: positive.size,
		nonPositive
	};
}

/** The review's numbers by the start of each line. */
function reviewNumbers(lines: string[]) {
	const find = (pattern: RegExp) => numberIn(lines.find((l) => pattern.test(l)) ?? '');
	return {
		read: find(/rows read/),
		valid: find(/rows are valid/),
		rejected: find(/rows have problems/),
		stored: find(/daily activity rows/)
	};
}

describe.skipIf(!hasData)('real datasets through the UI', () => {
	it('imports both Online Retail exports as activity without asking the date order', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		const wizard = new ImportPage(page, server);
		await wizard.openImport('en');
		const results = [];
		for (const file of ['online_retail_comma_utf8bom.csv', 'online_retail_tab_cp1252.csv']) {
			await wizard.addFiles(path.join(dataDir, file));
			expect(await wizard.waitForPreview(file)).toBe('mapping');
			const preview = {
				encoding: await wizard.encodingSelect(file).inputValue(),
				delimiter: await wizard.delimiterSelect(file).inputValue(),
				entity: await wizard.entitySelect(file).inputValue(),
				questions: await wizard.file(file).getByRole('group').count(),
				day: await wizard.columnSelect(file, 'InvoiceDate').inputValue(),
				account: await wizard.columnSelect(file, 'CustomerID').inputValue()
			};
			expect(await wizard.read(file)).toBe('review');
			const lines = await wizard.reviewLines(file);
			const numbers = reviewNumbers(lines);
			const firstReject = (await wizard.rejectRows(file))[0];
			const outcome = await wizard.confirm(file);
			// The accounts the workspace's activity reaches, as the done step says it.
			await page.waitForFunction(
				(name) => {
					const section = document.querySelector(`section[aria-label="${name}"]`);
					return /4,339/.test(
						section?.querySelector('[data-testid="activity-accounts"]')?.textContent ?? ''
					);
				},
				file,
				{ timeout: 60_000 }
			);
			const accounts = numberIn(
				(await wizard.file(file).getByTestId('activity-accounts').textContent()) ?? ''
			);
			results.push({ file, preview, numbers, warnings: lines, firstReject, outcome, accounts });
		}
		const overview = new OverviewPage(page, server);
		await overview.openOverview('en');
		await overview.waitForOverview();
		const counts = await overview.counts();
		const range = await overview.dateRange();
		const report = await guard.report();
		await context.close();

		const [utf8, cp1252] = results;
		const expected = await retailFacts(path.join(dataDir, 'online_retail_comma_utf8bom.csv'));
		// Counted here from the file itself: 4,372 customers, 4,339 of them with a line of
		// positive quantity; the other 33 only returned goods, and returns (8,905 lines with a
		// CustomerID and quantity ≤ 0) are not activity (the review warns about them).
		expect(expected).toEqual({
			rows: 541_909,
			missingCustomer: 135_080,
			customers: 4_372,
			positiveCustomers: 4_339,
			nonPositive: 8_905
		});
		expect(utf8.warnings).toContain(
			textOf('warning.non-positive-count', 'en').replace('{count}', '8,905')
		);
		expect(utf8.preview).toEqual({
			encoding: 'utf-8',
			delimiter: ',',
			entity: 'activity',
			questions: 0,
			day: 'day',
			account: 'accountId'
		});
		expect(cp1252.preview).toMatchObject({ delimiter: '\t', entity: 'activity', questions: 0 });
		for (const r of results) {
			expect(r.numbers.read, r.file).toBe(541_909);
			expect(r.numbers.rejected, r.file).toBe(135_080);
			expect(r.numbers.stored, r.file).toBeGreaterThan(0);
			expect(r.firstReject[1]).toBe('CustomerID');
			expect(r.firstReject[3]).toBe('Required value is missing');
			expect(r.outcome).toBe('done');
			expect(r.accounts).toBe(expected.positiveCustomers);
		}
		// The same rows, read from two exports: the second replaces the first's rollups.
		expect(cp1252.numbers.stored).toBe(utf8.numbers.stored);
		expect(counts.activity).toBe(utf8.numbers.stored);
		// Day first: 2010-12-01 to 2011-12-09 (read month-first, the range would differ).
		expect(range).toContain('2010-12-01');
		expect(range).toContain('2011-12-09');
		expect(report).toEqual(emptyReport);
	});

	for (const { file, accounts } of [
		{ file: 'WA_Fn-UseC_-Telco-Customer-Churn.csv', accounts: 7_043 },
		{ file: 'Churn_Modelling.csv', accounts: 10_000 }
	]) {
		it(`imports ${file} as ${accounts} accounts with every column kept`, async () => {
			const { context, guard } = await createGuardedContext(browser, server);
			const page = await context.newPage();
			const wizard = new ImportPage(page, server);
			await wizard.openImport('en');
			await wizard.addFiles(path.join(dataDir, file));
			expect(await wizard.waitForPreview(file)).toBe('mapping');
			const entity = await wizard.entitySelect(file).inputValue();
			const headers = await wizard.previewHeaders(file);
			const mapped: string[] = [];
			for (const header of headers) {
				const field = await wizard.columnSelect(file, header).inputValue();
				if (field !== '') mapped.push(field);
			}
			expect(await wizard.read(file)).toBe('review');
			expect(await wizard.confirm(file)).toBe('done');
			await wizard.waitForHistoryCount(1);
			const overview = new OverviewPage(page, server);
			await overview.openOverview('en');
			await overview.waitForOverview();
			const counts = await overview.counts();
			const attributes = await overview.attributeCount();
			const report = await guard.report();
			await context.close();

			expect(entity).toBe('accounts');
			expect(counts.accounts).toBe(accounts);
			// Every column is either mapped to a field or kept as an attribute.
			expect(attributes).toBeGreaterThan(0);
			expect(mapped.length + attributes).toBe(headers.length);
			expect(report).toEqual(emptyReport);
		});
	}
});
