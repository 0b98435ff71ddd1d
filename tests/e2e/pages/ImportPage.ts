// The import page as a person uses it: add files, look at each file's preview, correct it, read,
// confirm; the history below with its Undo buttons.
import path from 'node:path';
import type { Download, Locator } from 'playwright-core';
import type { Locale } from '../../../src/lib/i18n/messages';
import { textOf } from '../routes';
import { AppPage } from './AppPage';

/** A message as a regular expression, its `{placeholders}` matching anything. */
export function messagePattern(key: Parameters<typeof textOf>[0], lang: Locale = 'en'): RegExp {
	const parts = textOf(key, lang).split(/\{[a-zA-Z]+\}/);
	return new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'));
}

/** Steps of one file, as `data-step` on its section says. */
export type FileStep =
	| 'previewing'
	| 'mapping'
	| 'reading'
	| 'review'
	| 'committing'
	| 'done'
	| 'duplicate'
	| 'cancelled'
	| 'failed';

export interface HistoryRow {
	fileName: string;
	entity: string;
	rows: number;
	rejected: number;
	when: string;
	undone: boolean;
}

export class ImportPage extends AppPage {
	lang: Locale = 'en';

	async openImport(lang: Locale = 'en'): Promise<void> {
		this.lang = lang;
		await this.open('/import/', { lang, heading: textOf('import.title', lang) });
	}

	/** Adds files through the file input, as a drop or the picker would. */
	async addFiles(...files: string[]): Promise<void> {
		await this.page.getByTestId('file-input').setInputFiles(files);
	}

	/** The section of one added file (named after the file). */
	file(fileName: string): Locator {
		return this.page.getByRole('region', { name: fileName, exact: true }).last();
	}

	async stepOf(fileName: string): Promise<string | null> {
		return this.file(fileName).getAttribute('data-step');
	}

	/** Waits until the file's section is in one of the steps. */
	async waitForStep(fileName: string, ...steps: FileStep[]): Promise<FileStep> {
		const selector = steps.map((s) => `[data-step="${s}"]`).join(',');
		const section = this.page.locator(`section.file[aria-label="${cssText(fileName)}"]`).last();
		await section.and(this.page.locator(selector)).waitFor({ state: 'visible', timeout: 110_000 });
		return (await section.getAttribute('data-step')) as FileStep;
	}

	async waitForPreview(fileName: string): Promise<FileStep> {
		return this.waitForStep(fileName, 'mapping', 'failed');
	}

	encodingSelect(fileName: string): Locator {
		return this.file(fileName).getByLabel(textOf('import.encoding', this.lang)).first();
	}

	delimiterSelect(fileName: string): Locator {
		return this.file(fileName).getByLabel(textOf('import.delimiter', this.lang)).first();
	}

	entitySelect(fileName: string): Locator {
		return this.file(fileName).getByLabel(textOf('import.entity', this.lang)).first();
	}

	/** The mapping select under a column's header. */
	columnSelect(fileName: string, header: string): Locator {
		return this.file(fileName).getByLabel(
			`${textOf('import.mapping.target', this.lang)}: ${header}`,
			{
				exact: true
			}
		);
	}

	/** Header cells of the preview table (each holds the header and its mapping select). */
	async previewHeaders(fileName: string): Promise<string[]> {
		return this.file(fileName).locator('table.preview thead .header').allTextContents();
	}

	/** The preview's data rows, cell texts. */
	async previewRows(fileName: string): Promise<string[][]> {
		return this.file(fileName)
			.locator('table.preview tbody tr')
			.evaluateAll((rows) =>
				rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent ?? ''))
			);
	}

	rememberedNote(fileName: string): Locator {
		return this.file(fileName).getByText(textOf('import.mapping.remembered', this.lang));
	}

	errorOf(fileName: string): Locator {
		return this.file(fileName).getByRole('alert');
	}

	statusOf(fileName: string): Locator {
		return this.file(fileName).getByRole('status');
	}

	readButton(fileName: string): Locator {
		return this.file(fileName).getByRole('button', {
			name: textOf('import.start', this.lang),
			exact: true
		});
	}

	confirmButton(fileName: string): Locator {
		return this.file(fileName).getByRole('button', {
			name: messagePattern('import.confirm', this.lang)
		});
	}

	/** Clicks "Read file" and waits for the review (or a duplicate / failure). */
	async read(fileName: string): Promise<FileStep> {
		await this.readButton(fileName).click();
		return this.waitForStep(fileName, 'review', 'duplicate', 'failed', 'cancelled');
	}

	/** Clicks "Import N rows" and waits for the outcome. */
	async confirm(fileName: string): Promise<FileStep> {
		await this.confirmButton(fileName).click();
		return this.waitForStep(fileName, 'done', 'duplicate', 'failed');
	}

	/** The whole way for one file already added: preview, read, confirm. */
	async readAndConfirm(fileName: string): Promise<FileStep> {
		const previewed = await this.waitForPreview(fileName);
		if (previewed !== 'mapping') return previewed;
		const read = await this.read(fileName);
		if (read !== 'review') return read;
		return this.confirm(fileName);
	}

	/** Adds one file and takes it all the way. */
	async importFile(file: string): Promise<FileStep> {
		await this.addFiles(file);
		return this.readAndConfirm(path.basename(file));
	}

	/** The review's lines (accepted, rejected, rollup, warnings). */
	async reviewLines(fileName: string): Promise<string[]> {
		return this.file(fileName).locator('ul.counts li').allTextContents();
	}

	/** Parts the app read an activity file in at once (2: a large file on two cores). */
	async partsRead(fileName: string): Promise<number> {
		return Number(await this.file(fileName).locator('[data-parts]').getAttribute('data-parts'));
	}

	/** The rejected-rows table: row, column, value, reason. */
	async rejectRows(fileName: string): Promise<string[][]> {
		// The table is drawn a frame after the review's counts.
		await this.file(fileName).locator('table.rejects:not([hidden])').waitFor();
		return this.file(fileName)
			.locator('table.rejects tbody tr')
			.evaluateAll((rows) =>
				rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent ?? ''))
			);
	}

	async downloadRejects(fileName: string): Promise<Download> {
		const [download] = await Promise.all([
			this.page.waitForEvent('download'),
			this.file(fileName)
				.getByRole('button', { name: textOf('import.rejects.download', this.lang) })
				.click()
		]);
		return download;
	}

	progress(fileName: string): Locator {
		return this.file(fileName).getByRole('progressbar');
	}

	async cancel(fileName: string): Promise<void> {
		await this.file(fileName)
			.getByRole('button', { name: textOf('common.cancel', this.lang), exact: true })
			.click();
	}

	/** The date-order question of a column, as a radio group. */
	dateQuestion(fileName: string, column: string): Locator {
		return this.file(fileName).getByRole('group').filter({ hasText: column });
	}

	history(): Locator {
		return this.page.getByRole('region', { name: textOf('history.title', this.lang) });
	}

	/** Waits until the history lists `count` batches (it refreshes after each commit). */
	async waitForHistoryCount(count: number): Promise<HistoryRow[]> {
		await this.history()
			.locator('tbody tr')
			.nth(count - 1)
			.waitFor({ state: 'attached' });
		return this.historyRows();
	}

	/** History rows, newest first, as shown. */
	async historyRows(): Promise<HistoryRow[]> {
		const rows = this.history().locator('tbody tr');
		const cells = await rows.evaluateAll((trs) =>
			trs.map((tr) => ({
				cells: [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''),
				undone: tr.classList.contains('undone')
			}))
		);
		return cells.map(({ cells: c, undone }) => ({
			fileName: c[0],
			entity: c[1],
			rows: numberIn(c[2]),
			rejected: numberIn(c[3]),
			when: c[4],
			undone
		}));
	}

	/** Undoes the newest live batch of a file, accepting the browser's confirm dialog. */
	async undo(fileName: string): Promise<void> {
		const before = (await this.historyRows()).filter((r) => r.undone).length;
		this.page.once('dialog', (dialog) => void dialog.accept());
		await this.history()
			.getByRole('button', { name: `${textOf('history.undo', this.lang)}: ${fileName}` })
			.first()
			.click();
		await this.page.waitForFunction(
			(count) => document.querySelectorAll('tr.undone').length > count,
			before
		);
	}
}

/** Digits of a formatted number ("2,000" or "2,000" in ja). */
export function numberIn(text: string): number {
	const digits = text.replace(/[^\d-]/g, '');
	return digits === '' ? NaN : Number(digits);
}

function cssText(text: string): string {
	return text.replace(/["\\]/g, '\\$&');
}
