// Text → records with PapaParse's core Parser (`header: false`: rows are arrays, so headers such
// as `__proto__` cannot be dropped or shadow anything). Text arrives in pieces; the parser keeps
// the unfinished last record (possibly a quoted field with newlines) and parses it again with
// the next piece.
import Papa from 'papaparse';
import type { Delim } from './sniff';

export interface ParsedBatch {
	records: string[][];
	/** Indexes into `records` of rows PapaParse flagged for malformed quotes. */
	malformedQuotes: number[];
	/** No quote in the text: each record is one line (no field holds a line end). */
	singleLine?: boolean;
}

export interface RecordParser {
	push(text: string): ParsedBatch;
	/** Parses what is left; `unclosedQuote` when the file ends inside a quoted field. */
	end(): ParsedBatch & { unclosedQuote: boolean };
	/** Characters held for the unfinished record (a runaway quote grows this). */
	pendingLength(): number;
}

interface PapaError {
	code: string;
	row?: number;
}
interface PapaResult {
	data: string[][];
	errors: PapaError[];
	meta: { cursor: number };
}

/**
 * An incremental parser for text with `\n` line ends. Parsing waits until at least `minChars`
 * (and twice the held record) are pending, so a long record is re-scanned a bounded number of
 * times, not once per piece.
 */
export function recordParser(delimiter: Delim, minChars = 32 * 1024): RecordParser {
	let pending = '';
	let nextParseAt = minChars;
	const parseText = (text: string, ignoreLastRow: boolean): PapaResult => {
		const parser = new Papa.Parser({ delimiter, newline: '\n', quoteChar: '"' });
		return parser.parse(text, 0, ignoreLastRow) as PapaResult;
	};
	const malformed = (result: PapaResult): number[] =>
		result.errors
			.filter((e) => e.code === 'InvalidQuotes' && typeof e.row === 'number')
			.map((e) => e.row as number);
	return {
		push(text) {
			pending += text;
			if (pending.length < nextParseAt) return { records: [], malformedQuotes: [] };
			const result = parseText(pending, true);
			const cursor = result.meta.cursor;
			// Each record is one line when the text read holds one line end per record: always
			// without quotes, and with quotes unless a quoted field holds a line end (counting the
			// line ends here is cheaper than looking into every field of every record).
			const singleLine =
				pending.indexOf('"') < 0 || lineEnds(pending, cursor) === result.data.length;
			pending = pending.slice(cursor);
			nextParseAt = Math.max(minChars, pending.length * 2);
			return { records: result.data, malformedQuotes: malformed(result), singleLine };
		},
		end() {
			// The file's last line end terminates the last record; it does not start a blank one.
			// A lone line end left over is one blank line (however the text was cut into pieces).
			if (pending === '\n') {
				pending = '';
				return { records: [['']], malformedQuotes: [], unclosedQuote: false };
			}
			if (pending.endsWith('\n')) pending = pending.slice(0, -1);
			if (pending === '') return { records: [], malformedQuotes: [], unclosedQuote: false };
			const result = parseText(pending, false);
			pending = '';
			return {
				records: result.data,
				malformedQuotes: malformed(result),
				unclosedQuote: result.errors.some((e) => e.code === 'MissingQuotes')
			};
		},
		pendingLength: () => pending.length
	};
}

/** Line ends among the first `end` characters of `text`. */
function lineEnds(text: string, end: number): number {
	let count = 0;
	for (let at = text.indexOf('\n'); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) count++;
	return count;
}

/** A record with no text at all: a blank line, or only delimiters and spaces. */
export function isBlankRecord(record: readonly string[]): boolean {
	// Most records start with a visible ASCII or Latin-1 character (no white space among
	// 0x21-0x9F): no trim, which makes a string, for them.
	const first = record.length > 0 ? record[0].charCodeAt(0) : NaN;
	if (first > 32 && first < 0xa0) return false;
	for (const field of record) if (field.trim() !== '') return false;
	return true;
}

/**
 * Index of the header among the first records: leading title lines (Stripe's
 * `unified_customers-2`) and `#` comment lines (GA4) that have fewer fields than most records
 * are skipped, as are blank lines. -1 when every record is blank.
 */
export function headerRecordIndex(records: readonly (readonly string[])[]): number {
	const counts = new Map<number, number>();
	let seen = 0;
	for (const r of records) {
		if (isBlankRecord(r)) continue;
		counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
		if (++seen >= 50) break;
	}
	let mode = 0;
	let modeCount = 0;
	for (const [fields, n] of counts) {
		if (n > modeCount || (n === modeCount && fields > mode)) [mode, modeCount] = [fields, n];
	}
	for (let i = 0; i < records.length; i++) {
		const r = records[i];
		if (isBlankRecord(r)) continue;
		const titleLike = r.length === 1 || r[0].trimStart().startsWith('#');
		if (titleLike && mode > 1 && r.length < mode) continue;
		return i;
	}
	return -1;
}

/** Physical lines a record spans (quoted newlines included). */
export function linesOfRecord(record: readonly string[]): number {
	let lines = 1;
	for (const field of record) {
		let at = field.indexOf('\n');
		while (at !== -1) {
			lines++;
			at = field.indexOf('\n', at + 1);
		}
	}
	return lines;
}
