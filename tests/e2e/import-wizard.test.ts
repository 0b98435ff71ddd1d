// Issue #2, point 3: one file through the wizard — encoding override with a live preview,
// delimiter sniffing, the first 20 rows, the suggested entity, an editable mapping remembered for
// the same headers, progress and Cancel on a big file, rejected rows listed and downloadable,
// nothing saved before confirm; and the day/month question, answered with the keyboard.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	createGuardedContext,
	emptyReport,
	launchChromium,
	startAppServer,
	type NetworkGuard,
	type StaticServer
} from './harness';
import { activityCsv, dayFirstActivityCsv, E2E_FIXTURES } from './generated-files';
import { ImportPage, messagePattern } from './pages/ImportPage';
import { OverviewPage } from './pages/OverviewPage';
import { storedBatches } from './raw-idb';
import { textOf } from './routes';

let server: StaticServer;
let browser: Browser;
let context: BrowserContext | undefined;
let guard: NetworkGuard;

const fixture = (name: string) => path.join(E2E_FIXTURES, name);

beforeAll(async () => {
	server = await startAppServer();
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

async function openWizard(): Promise<ImportPage> {
	const guarded = await createGuardedContext(browser, server);
	context = guarded.context;
	guard = guarded.guard;
	const wizard = new ImportPage(await context.newPage(), server);
	await wizard.openImport('en');
	return wizard;
}

describe('preview', () => {
	it('sniffs a Shift_JIS file, shows its Japanese, and re-decodes live when the encoding is overridden', async () => {
		const wizard = await openWizard();
		const name = 'accounts_sjis.csv';
		await wizard.addFiles(fixture(name));
		await wizard.waitForPreview(name);
		const sniffed = await wizard.encodingSelect(name).inputValue();
		const headers = await wizard.previewHeaders(name);
		const rows = await wizard.previewRows(name);

		await wizard.encodingSelect(name).selectOption('utf-8');
		await wizard.file(name).locator('table.preview thead').getByText('会社名').waitFor({
			state: 'detached'
		});
		await wizard.waitForPreview(name);
		const asUtf8 = await wizard.previewHeaders(name);
		const chosen = await wizard.encodingSelect(name).inputValue();

		await wizard.encodingSelect(name).selectOption('shift_jis');
		await wizard.file(name).getByText('髙﨑商店').waitFor();
		const back = await wizard.previewRows(name);
		const report = await guard.report();

		expect(sniffed).toBe('shift_jis');
		expect(headers).toEqual(['顧客ID', '会社名', 'プラン', '月額']);
		expect(rows).toEqual([
			['J001', '株式会社桜井食品', 'ビジネス', '5000'],
			['J002', '髙﨑商店', 'スターター', '1200'],
			['J003', 'ﾊﾝｶｸ商事', 'ビジネス', '5000']
		]);
		expect(chosen).toBe('utf-8');
		// Shift_JIS bytes read as UTF-8: the Japanese is gone, replacement characters instead.
		expect(asUtf8.join(',')).not.toContain('会社名');
		expect(asUtf8.join(',')).toContain('\ufffd');
		expect(back).toEqual(rows);
		expect(report).toEqual(emptyReport);
	});

	it('sniffs semicolon and tab delimiters and suggests accounts with an automatic mapping', async () => {
		const wizard = await openWizard();
		const semicolon = 'accounts_semicolon.csv';
		const tab = 'accounts_tab.csv';
		await wizard.addFiles(fixture(semicolon), fixture(tab));
		await wizard.waitForPreview(semicolon);
		await wizard.waitForPreview(tab);
		const seen = [];
		for (const name of [semicolon, tab]) {
			seen.push({
				delimiter: await wizard.delimiterSelect(name).inputValue(),
				entity: await wizard.entitySelect(name).inputValue(),
				headers: await wizard.previewHeaders(name),
				first: (await wizard.previewRows(name))[0],
				id: await wizard.columnSelect(name, 'customer_id').inputValue(),
				mrr: await wizard.columnSelect(name, 'mrr').inputValue()
			});
		}
		const report = await guard.report();
		const headers = ['customer_id', 'company_name', 'plan', 'mrr'];
		expect(seen).toEqual([
			{
				delimiter: ';',
				entity: 'accounts',
				headers,
				first: ['S001', 'Müller GmbH', 'Pro', '1.234,50'],
				id: 'id',
				mrr: 'mrrMinor'
			},
			{
				delimiter: '\t',
				entity: 'accounts',
				headers,
				first: ['T001', 'Acme, Inc.', 'Pro', '120'],
				id: 'id',
				mrr: 'mrrMinor'
			}
		]);
		expect(report).toEqual(emptyReport);
	});
});

describe('read, review, confirm', () => {
	it('shows the first 20 rows, lists rejects by row, column, value and reason, and saves only on confirm', async () => {
		const wizard = await openWizard();
		const name = 'accounts_rejects.csv';
		await wizard.addFiles(fixture(name));
		await wizard.waitForPreview(name);
		const previewRows = await wizard.previewRows(name);
		const entity = await wizard.entitySelect(name).inputValue();
		expect(await wizard.read(name)).toBe('review');
		const review = await wizard.reviewLines(name);
		const rejects = await wizard.rejectRows(name);
		const download = await wizard.downloadRejects(name);
		const csv = await readFile((await download.path()) ?? '', 'utf8');
		// Nothing is saved before the confirm: the history is still empty.
		const historyBefore = await wizard.historyRows();
		const emptyBefore = await wizard.history().getByText(textOf('history.empty', 'en')).isVisible();

		expect(await wizard.confirm(name)).toBe('done');
		const historyAfter = await wizard.waitForHistoryCount(1);
		const report = await guard.report();

		expect(entity).toBe('accounts');
		// 25 data rows in the file; the preview shows the first 20 (R001..R020).
		expect(previewRows).toHaveLength(20);
		expect(previewRows[0][0]).toBe('R001');
		expect(previewRows[19][0]).toBe('R020');
		// 25 rows - 3 with problems = 22 valid.
		expect(review).toContain('22 rows are valid.');
		expect(review).toContain('3 rows have problems and will not be imported.');
		// Rows are file lines (header = line 1): R005 is line 6, R009 line 10, R022 line 23.
		expect(rejects).toEqual([
			['6', 'mrr', '=1+2', 'Not a number'],
			['10', 'signup_date', 'someday', 'Not a date'],
			['23', 'mrr', '-5', 'MRR cannot be negative']
		]);
		expect(download.suggestedFilename()).toBe(`${name}.rejected.csv`);
		// Every cell quoted; the formula-looking value gets a leading apostrophe (OWASP).
		expect(
			csv
				.replace(/^\ufeff/, '')
				.split(/\r?\n/)
				.filter(Boolean)
		).toEqual([
			'"row","column","value","reason"',
			'"6","mrr","\'=1+2","bad-number"',
			'"10","signup_date","someday","bad-date"',
			'"23","mrr","\'-5","negative-mrr"'
		]);
		expect(historyBefore).toEqual([]);
		expect(emptyBefore).toBe(true);
		expect(historyAfter.map(({ when, ...rest }) => ({ ...rest, when: when !== '' }))).toEqual([
			{
				fileName: name,
				entity: 'Accounts',
				rows: 22,
				rejected: 3,
				when: true,
				undone: false
			}
		]);
		expect(report).toEqual(emptyReport);
	});

	it('keeps a mapping the person edited and offers it again for a file with the same headers', async () => {
		const wizard = await openWizard();
		const first = 'crm_a.csv';
		await wizard.addFiles(fixture(first));
		await wizard.waitForPreview(first);
		const rememberedFirst = await wizard.rememberedNote(first).count();
		await wizard.entitySelect(first).selectOption('accounts');
		await wizard.columnSelect(first, 'Kundennummer').selectOption('id');
		await wizard.columnSelect(first, 'Firma').selectOption('name');
		await wizard.columnSelect(first, 'Tarif').selectOption('plan');
		expect(await wizard.read(first)).toBe('review');
		expect(await wizard.confirm(first)).toBe('done');

		const second = 'crm_b.csv';
		await wizard.addFiles(fixture(second));
		await wizard.waitForPreview(second);
		const remembered = await wizard.rememberedNote(second).isVisible();
		const mapping = [
			await wizard.entitySelect(second).inputValue(),
			await wizard.columnSelect(second, 'Kundennummer').inputValue(),
			await wizard.columnSelect(second, 'Firma').inputValue(),
			await wizard.columnSelect(second, 'Tarif').inputValue()
		];
		expect(await wizard.read(second)).toBe('review');
		expect(await wizard.confirm(second)).toBe('done');
		await wizard.waitForHistoryCount(2);

		const overview = new OverviewPage(wizard.page, server);
		await overview.openOverview('en');
		await overview.waitForOverview();
		const plans = await overview.planTable();
		const report = await guard.report();

		expect(rememberedFirst).toBe(0);
		expect(remembered).toBe(true);
		expect(mapping).toEqual(['accounts', 'id', 'name', 'plan']);
		// K1 Gold, K2 Silber, K3 Gold, K4 Bronze.
		expect(plans).toEqual({ Gold: 2, Silber: 1, Bronze: 1 });
		expect(report).toEqual(emptyReport);
	});

	it('shows bytes and rows while reading a big file, and Cancel stops it with nothing saved', async () => {
		const big = await activityCsv(2_000_000, 2000, 'c');
		const name = path.basename(big);
		const wizard = await openWizard();
		await wizard.addFiles(big);
		await wizard.waitForPreview(name);
		await wizard.readButton(name).click();
		await wizard.waitForStep(name, 'reading');
		// Wait for a progress report with rows in it: "<bytes> of <total> · <rows> rows".
		const progressLine = wizard.file(name).getByText(/ of .* · [\d,]+ rows/);
		await wizard.page.waitForFunction(
			(file) => {
				const section = document.querySelector(`section[aria-label="${file}"]`);
				const text = section?.querySelector('p[aria-live]')?.textContent ?? '';
				const rows = Number((/· ([\d,]+)/.exec(text)?.[1] ?? '0').replace(/,/g, ''));
				return rows > 0;
			},
			name,
			{ timeout: 60_000 }
		);
		const progressText = await progressLine.textContent();
		const bar = await wizard.progress(name).evaluate((p) => (p as HTMLProgressElement).value);
		await wizard.cancel(name);
		const step = await wizard.waitForStep(name, 'cancelled', 'review');
		const status = await wizard.statusOf(name).textContent();
		// A reload asks the database itself: still no batch.
		await wizard.page.reload();
		await wizard.waitForHeading(textOf('import.title', 'en'));
		await wizard.history().getByText(textOf('history.empty', 'en')).waitFor();
		const history = await wizard.historyRows();
		const report = await guard.report();

		expect(progressText).toMatch(/MB of [\d.]+ MB · [\d,]+ rows/);
		expect(bar).toBeGreaterThanOrEqual(0);
		expect(bar).toBeLessThan(100);
		expect(step).toBe('cancelled');
		expect(status).toMatch(messagePattern('import.cancelled'));
		expect(history).toEqual([]);
		expect(report).toEqual(emptyReport);
	});

	it('a Cancel before the next frame, before the read is asked for, leaves nothing behind', async () => {
		const file = await activityCsv(200_000, 2000, 'f');
		const name = path.basename(file);
		const wizard = await openWizard();
		await wizard.addFiles(file);
		await wizard.waitForPreview(name);
		const labels = { read: textOf('import.start', 'en'), cancel: textOf('common.cancel', 'en') };
		// Both clicks in one task: the read is asked for only after the progress step's frame.
		const framesBeforeCancel = await wizard.page.evaluate(
			async ({ file, read, cancel }) => {
				let frames = 0;
				requestAnimationFrame(() => frames++);
				const section = document.querySelector(`section[aria-label="${file}"]`)!;
				const button = (text: string) =>
					[...section.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
				button(read)!.click();
				await Promise.resolve(); // the progress step is rendered in a microtask
				button(cancel)!.click();
				return frames;
			},
			{ file: name, ...labels }
		);
		const step = await wizard.waitForStep(name, 'cancelled');
		// A read asked for anyway would have staged its rows (a batch not committed, its blocks)
		// well within this wait: the whole read takes under a second.
		await wizard.page.waitForTimeout(3000);
		const stored = await storedBatches(wizard.page);
		const stepAfter = await wizard.stepOf(name);
		const report = await guard.report();

		expect(framesBeforeCancel).toBe(0);
		expect(step).toBe('cancelled');
		expect(stepAfter).toBe('cancelled');
		expect(stored.batches).toEqual([]);
		expect(stored.blocks).toBe(0);
		expect(report).toEqual(emptyReport);
	});
});

describe('day or month first', () => {
	it('asks when every date reads both ways, and the question is answered with the keyboard', async () => {
		const wizard = await openWizard();
		const name = 'activity_ambiguous.csv';
		await wizard.addFiles(fixture(name));
		await wizard.waitForPreview(name);
		const question = wizard.dateQuestion(name, 'date');
		await question.waitFor();
		const disabledBefore = await wizard.readButton(name).isDisabled();

		// Tab from the last mapping select into the radio group, Space picks the focused option,
		// an arrow key moves the choice; the question stays on screen with the choice shown.
		await wizard.columnSelect(name, 'count').focus();
		await wizard.page.keyboard.press('Tab');
		const focusedFirst = await wizard.page.evaluate(
			() => (document.activeElement as HTMLInputElement | null)?.value
		);
		await wizard.page.keyboard.press('Space');
		const dayFirst = await question.getByRole('radio', { name: /Day first/ }).isChecked();
		await wizard.page.keyboard.press('ArrowDown');
		const monthFirst = await question.getByRole('radio', { name: /Month first/ }).isChecked();
		const stillShown = await question.isVisible();
		const enabled = await wizard.readButton(name).isEnabled();
		expect(await wizard.read(name)).toBe('review');
		expect(await wizard.confirm(name)).toBe('done');

		const overview = new OverviewPage(wizard.page, server);
		await overview.openOverview('en');
		await overview.waitForOverview();
		const range = await overview.dateRange();
		const report = await guard.report();

		expect(disabledBefore).toBe(true);
		expect(focusedFirst).toBe('dmy');
		expect(dayFirst).toBe(true);
		expect(monthFirst).toBe(true);
		expect(stillShown).toBe(true);
		expect(enabled).toBe(true);
		// Month first: 01/02/2025 is 2025-01-02, 07/08/2025 is 2025-07-08.
		expect(range).toContain('2025-01-02');
		expect(range).toContain('2025-07-08');
		expect(report).toEqual(emptyReport);
	});

	it('does not ask when days above 12 appear past the previewed head', async () => {
		const file = await dayFirstActivityCsv();
		const name = path.basename(file);
		const wizard = await openWizard();
		await wizard.addFiles(file);
		await wizard.waitForPreview(name);
		const questions = await wizard.file(name).getByRole('group').count();
		const enabled = await wizard.readButton(name).isEnabled();
		expect(await wizard.read(name)).toBe('review');
		const review = await wizard.reviewLines(name);
		const report = await guard.report();

		expect(questions).toBe(0);
		expect(enabled).toBe(true);
		// 16,000 rows, every one a valid day-first date (13..28/03/2025 exist).
		expect(review).toContain('16,000 rows are valid.');
		expect(report).toEqual(emptyReport);
	});
});
