// Non-negotiable (d), reliability.md "Bad inputs": bad files through the UI get a clear message
// and break nothing — refused files (empty, header only, an image, an unclosed quote), ragged
// rows as rejects, a CP1252 file decoded right, a `__proto__` header kept as an attribute, and
// HTML in a company name shown as text (no element made from it, no dialog).
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createGuardedContext,
	emptyReport,
	launchChromium,
	startAppServer,
	type StaticServer
} from './harness';
import { BAD_INPUTS, E2E_FIXTURES } from './generated-files';
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

async function openWizard() {
	const { context, guard } = await createGuardedContext(browser, server);
	const page = await context.newPage();
	const dialogs: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	const wizard = new ImportPage(page, server);
	await wizard.openImport('en');
	return { context, guard, page, wizard, dialogs };
}

/** Takes a file as far as it goes: preview, then read; the step it stopped at. */
async function readAsFarAsItGoes(wizard: ImportPage, name: string) {
	const previewed = await wizard.waitForPreview(name);
	if (previewed !== 'mapping') return previewed;
	if ((await wizard.entitySelect(name).inputValue()) === '') {
		await wizard.entitySelect(name).selectOption('accounts');
	}
	return wizard.read(name);
}

describe('refused files', () => {
	it('says why an empty, header-only, binary or unclosed-quote file cannot be imported, and still imports the next file', async () => {
		const { context, guard, wizard, dialogs } = await openWizard();
		const files = [
			path.join(BAD_INPUTS, 'zero_bytes.csv'),
			path.join(BAD_INPUTS, 'header_only.csv'),
			path.join(E2E_FIXTURES, 'image.csv'),
			path.join(BAD_INPUTS, 'unclosed_quote.csv')
		];
		await wizard.addFiles(...files);
		const seen: Record<string, { step: string; message: string | null }> = {};
		for (const file of files) {
			const name = path.basename(file);
			const step = await readAsFarAsItGoes(wizard, name);
			seen[name] = { step, message: (await wizard.errorOf(name).textContent())?.trim() ?? null };
		}
		const good = await wizard.importFile(path.join(E2E_FIXTURES, 'plans_v1.csv'));
		const history = await wizard.waitForHistoryCount(1);
		const report = await guard.report();
		await context.close();

		expect(seen).toEqual({
			'zero_bytes.csv': { step: 'failed', message: textOf('error.empty', 'en') },
			'header_only.csv': { step: 'failed', message: textOf('error.header-only', 'en') },
			'image.csv': { step: 'failed', message: textOf('error.binary', 'en') },
			// Line 3 opens a quote that never closes.
			'unclosed_quote.csv': {
				step: 'failed',
				message: textOf('error.unclosed-quote', 'en').replace('{row}', '3')
			}
		});
		expect(good).toBe('done');
		expect(history.map((h) => h.fileName)).toEqual(['plans_v1.csv']);
		expect(dialogs).toEqual([]);
		expect(report).toEqual(emptyReport);
	});
});

describe('files with problems inside', () => {
	it('lists ragged rows as rejects and imports the rest', async () => {
		const { context, guard, wizard } = await openWizard();
		const name = 'ragged.csv';
		await wizard.addFiles(path.join(BAD_INPUTS, name));
		const step = await readAsFarAsItGoes(wizard, name);
		const rejects = await wizard.rejectRows(name);
		const review = await wizard.reviewLines(name);
		const confirmed = await wizard.confirm(name);
		const report = await guard.report();
		await context.close();

		expect(step).toBe('review');
		// Line 3 "2,b" has 2 fields, line 4 "3,c,y,z" has 4; the header has 3.
		expect(rejects.map(([row, , value, reason]) => [row, value, reason])).toEqual([
			['3', '2', 'Wrong number of fields'],
			['4', '4', 'Wrong number of fields']
		]);
		expect(review).toContain('2 rows are valid.');
		expect(confirmed).toBe('done');
		expect(report).toEqual(emptyReport);
	});

	it('decodes a CP1252 file as windows-1252 (André, Café £5)', async () => {
		const { context, guard, wizard } = await openWizard();
		const name = 'cp1252.csv';
		await wizard.addFiles(path.join(BAD_INPUTS, name));
		await wizard.waitForPreview(name);
		const encoding = await wizard.encodingSelect(name).inputValue();
		const delimiter = await wizard.delimiterSelect(name).inputValue();
		const rows = await wizard.previewRows(name);
		const report = await guard.report();
		await context.close();

		expect(encoding).toBe('windows-1252');
		expect(delimiter).toBe('\t');
		expect(rows).toEqual([['1', 'André', 'Café £5']]);
		expect(report).toEqual(emptyReport);
	});

	it('keeps __proto__, constructor, toString and hasOwnProperty columns as account attributes', async () => {
		const { context, guard, page, wizard } = await openWizard();
		const name = 'proto_headers.csv';
		await wizard.addFiles(path.join(BAD_INPUTS, name));
		await wizard.waitForPreview(name);
		const headers = await wizard.previewHeaders(name);
		const step = await readAsFarAsItGoes(wizard, name);
		expect(step).toBe('review');
		expect(await wizard.confirm(name)).toBe('done');
		await wizard.waitForHistoryCount(1);
		const overview = new OverviewPage(page, server);
		await overview.openOverview('en');
		await overview.waitForOverview();
		const counts = await overview.counts();
		const attributes = await overview.attributeCount();
		const prototypeIntact = await page.evaluate(
			() => typeof ({} as { hasOwnProperty?: unknown }).hasOwnProperty === 'function'
		);
		const report = await guard.report();
		await context.close();

		expect(headers).toEqual(['id', '__proto__', 'constructor', 'toString', 'hasOwnProperty']);
		expect(counts.accounts).toBe(1);
		// id is the account id; the other four columns are attributes.
		expect(attributes).toBe(4);
		expect(prototypeIntact).toBe(true);
		expect(report).toEqual(emptyReport);
	});

	it('shows HTML and script in company names as text: no element made, no dialog', async () => {
		const { context, guard, page, wizard, dialogs } = await openWizard();
		const name = 'html_names.csv';
		await wizard.addFiles(path.join(E2E_FIXTURES, name));
		await wizard.waitForPreview(name);
		const rows = await wizard.previewRows(name);
		const injectedInPreview = await injectedElements(page);
		expect(await wizard.read(name)).toBe('review');
		expect(await wizard.confirm(name)).toBe('done');
		await wizard.waitForHistoryCount(1);
		const overview = new OverviewPage(page, server);
		await overview.openOverview('en');
		await overview.waitForOverview();
		const injectedAfter = await injectedElements(page);
		const report = await guard.report();
		await context.close();

		expect(rows.map((r) => r[1])).toEqual([
			'<img src=x onerror=alert(1)>',
			'<script>alert(2)</script>',
			'<b id="injected">bold</b>'
		]);
		expect(injectedInPreview).toEqual({ images: 0, scripts: 0, bold: 0 });
		expect(injectedAfter).toEqual({ images: 0, scripts: 0, bold: 0 });
		expect(dialogs).toEqual([]);
		expect(report).toEqual(emptyReport);
	});
});

/** Elements that would exist only if imported text had been parsed as HTML. */
function injectedElements(page: Page) {
	return page.evaluate(() => ({
		images: document.querySelectorAll('img[src="x"]').length,
		scripts: [...document.querySelectorAll('script')].filter((s) =>
			s.textContent?.includes('alert')
		).length,
		bold: document.querySelectorAll('#injected').length
	}));
}
