// The import of one CSV file into columnar blocks: bytes → one streaming decoder → PapaParse on
// the text → columns by index → coerce + validate → blocks (activity rolled up while streaming).
// Pure of DOM and Dexie: the worker calls it with File.stream(), tests with buffers.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { f64Builder, i32Builder, makeBlock, strBuilder, type ColumnBuilder } from '../core/columns';
import {
	ATTRIBUTE_PREFIX,
	ENTITY_FIELDS,
	type ColumnBlock,
	type ColumnData,
	type EntityName,
	type FieldType
} from '../core/types';
import { detectDateOrder, type DateOrder } from './coerce';
import { DecodeError, firstBadByte, textChunker } from './decode';
import { headerRecordIndex, isBlankRecord, linesOfRecord, recordParser } from './parse';
import { activityRollup, type RollupExport } from './rollup';
import { looksBinary, sniffDelimiter, sniffEncoding, type Delim, type Enc } from './sniff';
import { rowReader, type RejectedRow, type RowReader } from './validate';

export type { RejectedRow, RejectReason } from './validate';

/** The file's bytes. `chunks()` may be called again and then starts over at byte 0. */
export interface ByteSource {
	size: number;
	/** A chunk is valid until the next is asked for (its buffer may be filled again). */
	chunks(): AsyncIterable<Uint8Array>;
}

export interface ImportOptions {
	entity: EntityName;
	/** Per source column index: a field key of the entity, or null (accounts: an attribute). */
	mapping: readonly (string | null)[];
	/** Omitted: sniffed, and on invalid bytes the next plausible encoding is tried. */
	encoding?: Enc;
	/** Omitted: sniffed from the first lines. */
	delimiter?: Delim;
	/** Per column index; missing or undecided orders are detected from the first rows. */
	dateOrders?: Readonly<Record<number, DateOrder>>;
	/** Workspace currency (ISO 4217) for money without a currency column or symbol. */
	currency: string;
	/** Workspace time zone, minutes east of UTC, to put instants on days. Default 0. */
	timezoneOffsetMinutes?: number;
	/** Today's day number: event-like dates after it are rejected as `future-date`. */
	todayDay?: number;
	/** Accounts already in the workspace: rows pointing elsewhere raise `unknown-account`. */
	knownAccountIds?: ReadonlySet<string>;
	/** Rejected rows kept in detail (counts go on). Default 100,000. */
	maxRejectDetails?: number;
	/** Rows per block. Default BLOCK_ROWS. */
	blockRows?: number;
	/** Comma is the decimal mark. Default: true when the delimiter is `;`. */
	decimalComma?: boolean;
	/** Characters parsed at a time at least (tests use tiny values). Default 32 KiB. */
	parseChunkChars?: number;
	/**
	 * The header row the mapping was made for (from the preview). When the file's header row
	 * differs, the import is refused with 'headers-changed' instead of filling wrong fields.
	 */
	headers?: readonly string[];
	/** Compute the SHA-256 of the bytes read (about 10 s per GB in Node). Default false. */
	sha256?: boolean;
	/**
	 * The bytes are a later part of a file cut at a line start (see split.ts): data records only,
	 * under these headers; line numbers count from the part's first line (1); a part with no rows
	 * is not a failure.
	 */
	part?: { headers: readonly string[] };
	/** Activity: return the rollup's tables in `rollup` (to merge parts) instead of blocks. */
	exportRollup?: boolean;
}

export interface ImportProgress {
	bytesRead: number;
	totalBytes: number;
	rowsRead: number;
}

export type ImportWarningCode =
	| 'blank-lines'
	| 'unknown-account'
	| 'non-positive-count'
	| 'malformed-quotes'
	| 'date-order-assumed';

export interface ImportWarning {
	code: ImportWarningCode;
	count: number;
	/** Up to 10 line numbers, first seen first. */
	sampleRows: number[];
	params?: Record<string, string | number>;
}

export interface ImportSuccess {
	ok: true;
	blocks: ColumnBlock[];
	encoding: Enc;
	delimiter: Delim;
	headers: string[];
	/** Data records read (blank lines excluded). */
	rowsRead: number;
	rowsAccepted: number;
	rowsRejected: number;
	/** Activity rows that are not activity (count ≤ 0: returns, cancellations). */
	rowsSkipped: number;
	rejects: RejectedRow[];
	rejectsTruncated: boolean;
	warnings: ImportWarning[];
	minDay: number | null;
	maxDay: number | null;
	/** Distinct account ids among accepted rows. */
	accountIds: number;
	/** SHA-256 of the file's bytes (hex) when asked for, to spot re-imports of the same file. */
	sha256: string | null;
	/** The line number after the last line read. */
	nextLine: number;
	/** With `exportRollup`: the activity rollup's tables (then `blocks` is empty). */
	rollup?: RollupExport;
	/** Parts the file was read in at once (see split.ts); 1 when read in one go. */
	parts?: number;
}

export type ImportFailureCode =
	| 'cancelled'
	| 'empty'
	| 'header-only'
	| 'binary'
	| 'unclosed-quote'
	| 'too-large'
	| 'no-valid-rows'
	| 'decode-error'
	| 'unmapped-required'
	| 'headers-changed';

export interface ImportFailure {
	ok: false;
	code: ImportFailureCode;
	params: Record<string, string | number>;
	/** For 'no-valid-rows': why the rows were rejected. */
	rejects?: RejectedRow[];
}

export type ImportOutcome = ImportSuccess | ImportFailure;

/**
 * Files other than activity are held in memory as typed blocks before the single write
 * transaction; 512 MiB of CSV is a few million rows, well past the 100,000 accounts the app
 * targets, and keeps a laptop tab alive. Activity streams into a rollup, so it has no limit.
 */
export const MAX_TABLE_FILE_BYTES = 512 * 1024 * 1024;
/** A record longer than this is a runaway quote or not a CSV file. */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;
const HEAD_BYTES = 64 * 1024;
/**
 * Characters parsed at a time. A 1 MB read parsed at once is a 1 MB string and some 16,000
 * records alive at once: strings that size are allocated outside the young generation, and the
 * records are out of cache by the time they are read. In 32 KB pieces the text and its records
 * are young garbage read while still in cache. In Node a 500k-row part took 0.55-0.66 s instead
 * of about 1.0 s (1.05 s instead of 1.4-1.6 s in a fresh process, with half the page faults); in
 * Chromium on two cores the import time did not change measurably, and the import worker's peak
 * heap halved (docs/BENCH.md).
 */
const PARSE_CHARS = 32 * 1024;
/**
 * Bytes decoded at a time, then parsed in PARSE_CHARS pieces. Chromium's TextDecoder returns an
 * external string (Blink's string cache), and the garbage collector frees each one in a weak
 * callback: decoded 32 KB at a time, the 1M-row file's 1,900 strings a part cost 260-375 ms of
 * those callbacks in the two workers, against 30-65 ms at 256 KB (docs/BENCH.md).
 */
const DECODE_BYTES = 256 * 1024;
export const PROGRESS_INTERVAL_MS = 100;
/** Rows per stored block unless told (DESIGN.md: 10,000 to 50,000). */
export const BLOCK_ROWS = 50_000;
/** The longest stretch without a turn of the event loop (a cancel message waits that long). */
const BREATHE_INTERVAL_MS = 50;
const HEADER_LOOKAHEAD = 50;
/** Records held at most while waiting for a row that tells day-first from month-first. */
const DATE_LOOKAHEAD = 200_000;

class Stop {
	constructor(readonly failure: ImportFailure) {}
}

/** Imports one file. Never throws for bad input: failures come back as codes. */
export async function runImport(
	source: ByteSource,
	options: ImportOptions,
	onProgress?: (p: ImportProgress) => void,
	signal?: AbortSignal
): Promise<ImportOutcome> {
	if (signal?.aborted) return fail('cancelled');
	if (options.entity !== 'activity' && source.size > MAX_TABLE_FILE_BYTES)
		return fail('too-large', { sizeBytes: source.size, maxBytes: MAX_TABLE_FILE_BYTES });
	// The first attempt goes on with the same iterator, so a source is read once unless an
	// encoding guess turns out wrong further down the file (then it starts over).
	const first = await readHead(source, signal);
	if (signal?.aborted) return fail('cancelled');
	const head = concatBytes(first.parts, first.length);
	if (head.length === 0) return fail('empty');
	const binary = looksBinary(head);
	if (binary) return fail('binary', { kind: binary });
	const attempts = options.encoding
		? [options.encoding]
		: sniffEncoding(head, first.done).candidates;
	const tried: Enc[] = [];
	let encoding: Enc | undefined = attempts[0];
	let lastOffset = 0;
	while (encoding) {
		tried.push(encoding);
		const chunks = tried.length === 1 ? resumed(first) : source.chunks();
		try {
			return await importWith(source.size, chunks, encoding, options, onProgress, signal);
		} catch (e) {
			if (e instanceof Stop) return e.failure;
			if (!(e instanceof DecodeAt)) throw e;
			lastOffset = e.byteOffset;
			if (options.encoding) break;
			// Sniff again where the bytes went wrong: an ASCII head says nothing about the rest.
			encoding = sniffEncoding(e.sample).candidates.find((c) => !tried.includes(c));
		}
	}
	return fail('decode-error', { encoding: tried[tried.length - 1], byteOffset: lastOffset });
}

class DecodeAt {
	constructor(
		readonly byteOffset: number,
		/** The failing chunk from its first line start (no character is cut there). */
		readonly sample: Uint8Array
	) {}
}

function fromLineStart(chunk: Uint8Array): Uint8Array {
	const at = chunk.indexOf(0x0a);
	return at >= 0 && at + 1 < chunk.length ? chunk.subarray(at + 1) : chunk;
}

interface Head {
	parts: Uint8Array[];
	length: number;
	done: boolean;
	iterator: AsyncIterator<Uint8Array>;
}

async function readHead(source: ByteSource, signal: AbortSignal | undefined): Promise<Head> {
	const iterator = source.chunks()[Symbol.asyncIterator]();
	const parts: Uint8Array[] = [];
	let length = 0;
	for (;;) {
		const next = await iterator.next();
		if (next.done) return { parts, length, done: true, iterator };
		length += next.value.length;
		if (length >= HEAD_BYTES || signal?.aborted) {
			parts.push(next.value);
			return { parts, length, done: false, iterator };
		}
		// Kept across the next read, which may fill this chunk's buffer again (see ByteSource).
		parts.push(next.value.slice());
	}
}

/** The head's chunks, then the rest of the same iteration. */
async function* resumed(head: Head): AsyncGenerator<Uint8Array> {
	try {
		yield* head.parts;
		if (head.done) return;
		for (;;) {
			const next = await head.iterator.next();
			if (next.done) return;
			yield next.value;
		}
	} finally {
		// Stopped early (a wrong encoding guess, a failure): the source stops reading too.
		if (!head.done) await head.iterator.return?.();
	}
}

function concatBytes(parts: Uint8Array[], length: number): Uint8Array {
	const out = new Uint8Array(length);
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

function fail(
	code: ImportFailureCode,
	params: Record<string, string | number> = {}
): ImportFailure {
	return { ok: false, code, params };
}

/**
 * Lets the event loop run (a cancel message, other jobs) between chunks. Not setTimeout(0): once
 * nested it waits at least 4 ms (HTML timers), a quarter of a second over a 60 MB file; a message
 * round trip yields to queued messages without that wait.
 */
function breathe(): Promise<void> {
	if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
	return new Promise((resolve) => {
		const { port1, port2 } = new MessageChannel();
		port1.onmessage = () => {
			port1.close();
			resolve();
		};
		port2.postMessage(null);
	});
}

async function importWith(
	totalBytes: number,
	chunks: AsyncIterable<Uint8Array>,
	encoding: Enc,
	options: ImportOptions,
	onProgress: ((p: ImportProgress) => void) | undefined,
	signal: AbortSignal | undefined
): Promise<ImportOutcome> {
	const chunker = textChunker(encoding);
	const hash = options.sha256 ? sha256.create() : null;
	let delimiter = options.delimiter;
	const sink = recordSink(options, () => delimiter ?? ',');
	let parser = delimiter ? recordParser(delimiter, options.parseChunkChars) : null;
	let textHead = '';
	let bytesRead = 0;
	let lastProgress = 0;
	let lastBreath = Date.now();
	let expected = false;

	const feed = (text: string, last: boolean) => {
		if (!parser) {
			textHead += text;
			if (textHead.length < HEAD_BYTES && !last) return;
			delimiter = sniffDelimiter(textHead);
			parser = recordParser(delimiter, options.parseChunkChars);
			text = textHead;
			textHead = '';
		}
		const batch = parser.push(text);
		sink.records(batch.records, batch.malformedQuotes, batch.singleLine);
		if (parser.pendingLength() > MAX_RECORD_CHARS)
			throw new Stop(
				fail('too-large', { what: 'record', maxChars: MAX_RECORD_CHARS, row: sink.nextRow() })
			);
	};

	for await (const chunk of chunks) {
		if (signal?.aborted) return fail('cancelled');
		hash?.update(chunk);
		// Decoded and parsed a piece at a time: see DECODE_BYTES and PARSE_CHARS.
		for (let at = 0; at < chunk.length; at += DECODE_BYTES) {
			let text: string;
			try {
				text = chunker.push(chunk.subarray(at, at + DECODE_BYTES));
			} catch (e) {
				if (!(e instanceof DecodeError)) throw e;
				const piece = chunk.subarray(at, at + DECODE_BYTES);
				throw new DecodeAt(bytesRead + at + firstBadByte(piece, encoding), fromLineStart(chunk));
			}
			// A piece no longer than PARSE_CHARS is sliced whole: slice returns the string itself.
			for (let i = 0; i < text.length; i += PARSE_CHARS)
				feed(text.slice(i, i + PARSE_CHARS), false);
		}
		bytesRead += chunk.length;
		// Once, from the first chunk's rows per byte (a little more: the estimate is room, and
		// room not written costs nothing).
		if (!expected && sink.rowsRead() > 0) {
			expected = true;
			sink.expectRows(sink.rowsRead() * (totalBytes / bytesRead) * 1.1);
		}
		const now = Date.now();
		if (onProgress && now - lastProgress >= PROGRESS_INTERVAL_MS) {
			lastProgress = now;
			onProgress({ bytesRead, totalBytes, rowsRead: sink.rowsRead() });
		}
		// A read still in flight yields anyway; a read ahead that is already there does not.
		if (now - lastBreath >= BREATHE_INTERVAL_MS) {
			await breathe();
			lastBreath = Date.now();
		}
	}
	if (signal?.aborted) return fail('cancelled');
	let rest: string;
	try {
		rest = chunker.end();
	} catch (e) {
		if (e instanceof DecodeError) throw new DecodeAt(bytesRead, new Uint8Array(0));
		throw e;
	}
	feed(rest, true);
	if (!parser || !delimiter) return fail('empty');
	const tail = (parser as ReturnType<typeof recordParser>).end();
	if (tail.unclosedQuote) {
		sink.records(tail.records.slice(0, -1), []);
		return fail('unclosed-quote', { row: sink.nextRow() });
	}
	sink.records(tail.records, tail.malformedQuotes);
	onProgress?.({ bytesRead, totalBytes, rowsRead: sink.rowsRead() });
	return sink.finish(encoding, delimiter, hash ? bytesToHex(hash.digest()) : null);
}

interface RecordSink {
	records(records: string[][], malformedQuotes: number[], singleLine?: boolean): void;
	rowsRead(): number;
	/** About this many rows in all (an estimate): the table may make room for them at once. */
	expectRows(rows: number): void;
	/** Line number the next record starts on. */
	nextRow(): number;
	finish(encoding: Enc, delimiter: Delim, sha: string | null): ImportOutcome;
}

interface WarningTally {
	count: number;
	sampleRows: number[];
	params?: Record<string, string | number>;
}

/** Consumes records in file order: finds the header, then reads, validates and stores rows. */
function recordSink(options: ImportOptions, delimiterOf: () => Delim): RecordSink {
	const entity = options.entity;
	const maxRejects = options.maxRejectDetails ?? 100_000;
	const blockRows = options.blockRows ?? BLOCK_ROWS;
	let line = 1;
	let headerPending: { records: string[][]; lines: number[] } | null = { records: [], lines: [] };
	let headers: string[] = [];
	let table: TableWriter | null = null;
	let rowsRead = 0;
	let rowsAccepted = 0;
	let rowsRejected = 0;
	let rowsSkipped = 0;
	const rejects: RejectedRow[] = [];
	const warnings = new Map<ImportWarningCode, WarningTally>();
	let failure: ImportFailure | null = null;

	const warn = (code: ImportWarningCode, row: number, params?: Record<string, string | number>) => {
		let w = warnings.get(code);
		if (!w) warnings.set(code, (w = { count: 0, sampleRows: [], params }));
		w.count++;
		if (w.sampleRows.length < 10) w.sampleRows.push(row);
	};

	// Set once the header is found; date columns whose order the first rows leave open keep
	// the records buffered (up to DATE_LOOKAHEAD) until a row like 13/01 decides them.
	let located: {
		at: number;
		mapping: (string | null)[];
		orders: Map<number, DateOrder>;
		scanned: number;
	} | null = null;
	const startTable = (records: string[][], lines: number[], final: boolean) => {
		if (!located) {
			const at = headerRecordIndex(records);
			if (at < 0) return; // only blank lines so far
			if (!locateHeader(records, at)) return;
		}
		const place = located as NonNullable<typeof located>;
		for (const [i, order] of place.orders) {
			if (order === 'dmy' || order === 'mdy' || order === 'ymd') continue;
			const found = detectDateOrder(records.slice(place.scanned).map((r) => r[i] ?? ''));
			if (found === 'dmy' || found === 'mdy' || (found === 'ymd' && order === 'none'))
				place.orders.set(i, found);
			else if (found === 'ambiguous') place.orders.set(i, 'ambiguous');
		}
		place.scanned = records.length;
		const open = [...place.orders.values()].some((o) => o === 'ambiguous' || o === 'none');
		if (open && !final && records.length < DATE_LOOKAHEAD) return;
		begin(records, lines, place.at, place.mapping, place.orders);
	};

	const locateHeader = (records: string[][], at: number): boolean => {
		headers = records[at].map((h) => h.trim());
		if (options.headers && !sameHeaders(options.headers, headers)) {
			failure = fail('headers-changed', { columns: headers.length });
			return false;
		}
		const mapping = headers.map((_, i) => validField(entity, options.mapping[i] ?? null));
		const missing = ENTITY_FIELDS[entity]
			.filter((f) => f.required && !mapping.includes(f.key))
			.map((f) => f.key);
		if (missing.length > 0) {
			failure = fail('unmapped-required', { fields: missing.join(',') });
			return false;
		}
		const orders = new Map<number, DateOrder>();
		mapping.forEach((field, i) => {
			if (!field || ENTITY_FIELDS[entity].find((f) => f.key === field)?.type !== 'day') return;
			orders.set(i, options.dateOrders?.[i] ?? 'none');
		});
		located = { at, mapping, orders, scanned: at + 1 };
		return true;
	};

	const begin = (
		records: string[][],
		lines: number[],
		at: number,
		mapping: (string | null)[],
		orders: Map<number, DateOrder>
	) => {
		const dateOrders: Record<number, 'ymd' | 'dmy' | 'mdy'> = {};
		for (const [i, order] of orders) {
			if (order === 'ambiguous')
				warn('date-order-assumed', lines[at], { column: headers[i], order: 'mdy' });
			dateOrders[i] = order === 'dmy' ? 'dmy' : order === 'ymd' ? 'ymd' : 'mdy';
		}
		const reader = rowReader({
			entity,
			headers,
			mapping,
			dateOrders,
			currency: options.currency,
			timezoneOffsetMinutes: options.timezoneOffsetMinutes ?? 0,
			decimalComma: options.decimalComma ?? delimiterOf() === ';',
			todayDay: options.todayDay ?? null
		});
		table =
			entity === 'activity'
				? activityWriter(reader, blockRows, options.exportRollup ?? false)
				: entityWriter(entity, reader, headers, mapping, blockRows);
		headerPending = null;
		for (let i = at + 1; i < records.length; i++) readRecord(records[i], lines[i]);
	};

	const scratch: (string | number | null)[] = [];
	const readRecord = (record: string[], row: number) => {
		if (isBlankRecord(record)) {
			warn('blank-lines', row);
			return;
		}
		rowsRead++;
		const problem = (table as TableWriter).reader.read(record, row, scratch);
		if (problem) {
			rowsRejected++;
			if (rejects.length < maxRejects) rejects.push(problem);
			return;
		}
		const verdict = (table as TableWriter).accept(scratch, record, row);
		if (verdict === 'skipped') {
			rowsSkipped++;
			warn('non-positive-count', row);
			return;
		}
		if (verdict !== 'ok') {
			rowsRejected++;
			if (rejects.length < maxRejects) rejects.push(verdict);
			return;
		}
		rowsAccepted++;
		if (
			entity !== 'accounts' &&
			options.knownAccountIds &&
			(table as TableWriter).lastAccountKnown(options.knownAccountIds) === false
		)
			warn('unknown-account', row);
	};

	if (options.part && locateHeader([options.part.headers.slice()], 0)) {
		// A later part of a file: every record is data under the first part's header row.
		// (TypeScript cannot see that locateHeader set `located`.)
		const place = located as unknown as {
			mapping: (string | null)[];
			orders: Map<number, DateOrder>;
		};
		begin([], [], -1, place.mapping, place.orders);
	}

	return {
		records(records, malformedQuotes, singleLine = false) {
			if (failure) return;
			const starts: number[] = new Array(records.length);
			for (let i = 0; i < records.length; i++) {
				starts[i] = line;
				line += singleLine ? 1 : linesOfRecord(records[i]);
			}
			for (const m of malformedQuotes) if (m < records.length) warn('malformed-quotes', starts[m]);
			if (headerPending) {
				headerPending.records.push(...records);
				headerPending.lines.push(...starts);
				const nonBlank = headerPending.records.filter((r) => !isBlankRecord(r)).length;
				if (nonBlank > HEADER_LOOKAHEAD)
					startTable(headerPending.records, headerPending.lines, false);
				return;
			}
			for (let i = 0; i < records.length; i++) readRecord(records[i], starts[i]);
		},
		rowsRead: () => rowsRead,
		expectRows: (rows) => table?.expectRows?.(rows),
		nextRow: () => line,
		finish(encoding, delimiter, sha) {
			if (headerPending && !failure) startTable(headerPending.records, headerPending.lines, true);
			if (failure) return failure;
			if (!table) return fail('empty');
			if (rowsRead === 0 && !options.part) return fail('header-only', { columns: headers.length });
			if (rowsAccepted === 0 && !options.part) {
				return {
					ok: false,
					code: 'no-valid-rows',
					params: { rowsRead, rowsRejected, rowsSkipped },
					rejects
				};
			}
			const out = table.finish();
			return {
				ok: true,
				blocks: out.blocks,
				encoding,
				delimiter,
				headers,
				rowsRead,
				rowsAccepted,
				rowsRejected,
				rowsSkipped,
				rejects,
				rejectsTruncated: rowsRejected > rejects.length,
				warnings: [...warnings].map(([code, w]) => ({ code, ...w })),
				minDay: out.minDay,
				maxDay: out.maxDay,
				accountIds: out.accountIds,
				sha256: sha,
				nextLine: line,
				...(out.rollup ? { rollup: out.rollup } : {})
			};
		}
	};
}

function sameHeaders(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((h, i) => h.trim() === b[i]);
}

function validField(entity: EntityName, key: string | null): string | null {
	return key !== null && ENTITY_FIELDS[entity].some((f) => f.key === key) ? key : null;
}

interface TableWriter {
	reader: RowReader;
	/** Whether the account of the row last accepted is in `known`; null when it has none. */
	lastAccountKnown(known: ReadonlySet<string>): boolean | null;
	/** About this many rows in all (an estimate); a writer that grows by doubling may use it. */
	expectRows?(rows: number): void;
	/** Stores a row read by `reader`: 'ok', 'skipped' (not stored), or why it is rejected. */
	accept(
		values: readonly (string | number | null)[],
		record: readonly string[],
		row: number
	): 'ok' | 'skipped' | RejectedRow;
	finish(): {
		blocks: ColumnBlock[];
		minDay: number | null;
		maxDay: number | null;
		accountIds: number;
		rollup?: RollupExport;
	};
}

function builderFor(type: FieldType): ColumnBuilder {
	if (type === 'day') return i32Builder();
	if (type === 'string') return strBuilder();
	return f64Builder();
}

/** Rows of accounts, subscriptions, payments, tickets and nps, in blocks of `blockRows`. */
function entityWriter(
	entity: EntityName,
	reader: RowReader,
	headers: readonly string[],
	mapping: readonly (string | null)[],
	blockRows: number
): TableWriter {
	const fields = reader.fields;
	const idSlot = fields.findIndex((f) => f.spec.key === 'id');
	const accountSlot = fields.findIndex(
		(f) => f.spec.key === (entity === 'accounts' ? 'id' : 'accountId')
	);
	const daySlots = fields.flatMap((f, k) => (f.spec.type === 'day' ? [k] : []));
	const extraCurrency = reader.hasMoney && !fields.some((f) => f.spec.key === 'currency');
	// Accounts keep every unmapped column as a text attribute, named after its header.
	const attributes: { index: number; key: string }[] = [];
	if (entity === 'accounts') {
		const used = new Set<string>();
		mapping.forEach((field, index) => {
			if (field !== null) return;
			const base = ATTRIBUTE_PREFIX + (headers[index] === '' ? `#${index + 1}` : headers[index]);
			let key = base;
			for (let n = 2; used.has(key); n++) key = `${base} (${n})`;
			used.add(key);
			attributes.push({ index, key });
		});
	}
	const ids = new Set<string>();
	const accounts = new Set<string>();
	const blocks: ColumnBlock[] = [];
	let minDay = Infinity;
	let maxDay = -Infinity;
	let rows = 0;
	let fieldBuilders: ColumnBuilder[] = [];
	let currencyBuilder: ColumnBuilder | null = null;
	let attributeBuilders: ColumnBuilder[] = [];
	const fresh = () => {
		fieldBuilders = fields.map((f) => builderFor(f.spec.type));
		currencyBuilder = extraCurrency ? strBuilder() : null;
		attributeBuilders = attributes.map(() => strBuilder());
		rows = 0;
	};
	const flush = () => {
		if (rows === 0) return;
		const columns: Record<string, ColumnData> = {};
		fields.forEach((f, k) => (columns[f.spec.key] = fieldBuilders[k].finish()));
		if (currencyBuilder) columns.currency = currencyBuilder.finish();
		attributes.forEach((a, k) => (columns[a.key] = attributeBuilders[k].finish()));
		blocks.push(makeBlock(entity, columns));
		fresh();
	};
	fresh();
	let lastAccountId: string | null = null;
	const writer: TableWriter = {
		reader,
		lastAccountKnown: (known) => (lastAccountId === null ? null : known.has(lastAccountId)),
		accept(values, record, row) {
			if (idSlot >= 0) {
				const id = values[idSlot];
				if (typeof id === 'string') {
					if (ids.has(id))
						return { row, column: fields[idSlot].header, value: id, reason: 'duplicate-id' };
					ids.add(id);
				}
			}
			for (let k = 0; k < fields.length; k++) fieldBuilders[k].push(values[k]);
			if (currencyBuilder) currencyBuilder.push(values[fields.length]);
			for (let k = 0; k < attributes.length; k++) {
				// Kept as written (RFC 4180: spaces are part of a field); only an empty cell is null.
				const text = record[attributes[k].index] ?? '';
				attributeBuilders[k].push(text === '' ? null : text);
			}
			for (const k of daySlots) {
				const d = values[k];
				if (typeof d === 'number') {
					if (d < minDay) minDay = d;
					if (d > maxDay) maxDay = d;
				}
			}
			const account = accountSlot >= 0 ? values[accountSlot] : null;
			lastAccountId = typeof account === 'string' ? account : null;
			if (typeof account === 'string') accounts.add(account);
			if (++rows >= blockRows) flush();
			return 'ok';
		},
		finish() {
			flush();
			return {
				blocks,
				minDay: minDay === Infinity ? null : minDay,
				maxDay: maxDay === -Infinity ? null : maxDay,
				accountIds: accounts.size
			};
		}
	};
	return writer;
}

/** Activity: rows are rolled up per account, day and metric as they stream by. */
function activityWriter(reader: RowReader, blockRows: number, exportRollup: boolean): TableWriter {
	const slot = (key: string) => reader.fields.findIndex((f) => f.spec.key === key);
	const [accountSlot, daySlot, metricSlot, countSlot, userSlot, usersSlot] = [
		'accountId',
		'day',
		'metric',
		'count',
		'userId',
		'users'
	].map(slot);
	// Counts accounts named by valid rows, including those whose only rows are returns (≤ 0).
	const rollup = activityRollup();
	let minDay = Infinity;
	let maxDay = -Infinity;
	// Per account number: 0 not looked up yet, 1 known, 2 unknown (one Set lookup per account,
	// not per row).
	let knownState = new Uint8Array(1024);
	let lastAccount = -1;
	const writer: TableWriter = {
		reader,
		lastAccountKnown(known) {
			if (lastAccount < 0) return null;
			if (lastAccount >= knownState.length) {
				const next = new Uint8Array(Math.max(knownState.length * 2, lastAccount + 1));
				next.set(knownState);
				knownState = next;
			}
			if (knownState[lastAccount] === 0)
				knownState[lastAccount] = known.has(rollup.accountId(lastAccount)) ? 1 : 2;
			return knownState[lastAccount] === 1;
		},
		expectRows: (rows) => rollup.reserve(rows),
		accept(values) {
			const accountId = values[accountSlot] as string;
			const account = rollup.account(accountId);
			const count =
				countSlot >= 0 && values[countSlot] !== null ? (values[countSlot] as number) : 1;
			if (!(count > 0)) return 'skipped';
			const day = values[daySlot] as number;
			const users = usersSlot >= 0 ? (values[usersSlot] as number | null) : null;
			rollup.add(
				account,
				day,
				metricSlot >= 0 ? (values[metricSlot] as string | null) : null,
				count,
				userSlot >= 0 ? (values[userSlot] as string | null) : null,
				users
			);
			if (day < minDay) minDay = day;
			if (day > maxDay) maxDay = day;
			lastAccount = account;
			return 'ok';
		},
		finish() {
			if (exportRollup) {
				return {
					blocks: [],
					rollup: rollup.export(),
					minDay: minDay === Infinity ? null : minDay,
					maxDay: maxDay === -Infinity ? null : maxDay,
					accountIds: rollup.accountCount()
				};
			}
			return {
				blocks: rollup.blocks(blockRows),
				minDay: minDay === Infinity ? null : minDay,
				maxDay: maxDay === -Infinity ? null : maxDay,
				accountIds: rollup.accountCount()
			};
		}
	};
	return writer;
}
