// A large activity file read as two parts at once, on two cores: the first part here, the second
// by a runner (another worker in the app). The file is cut at a line start near the middle; the
// parts' rollups are merged into one, their counts added and the second part's line numbers
// moved after the first's. Whenever the parts cannot stand for the whole (the cut fell inside a
// quoted field, either part failed), the file is read again in one go, so the outcome is always
// the one-go outcome.
import { ENTITY_FIELDS } from '../core/types';
import { CHUNK_BYTES, blobSource, sha256OfBlob } from './byte-source';
import { DecodeError, textChunker } from './decode';
import { sniffDelimiter, sniffEncoding } from './sniff';
import {
	BLOCK_ROWS,
	PROGRESS_INTERVAL_MS,
	runImport,
	type ImportFailure,
	type ImportOptions,
	type ImportOutcome,
	type ImportProgress,
	type ImportSuccess,
	type ImportWarning
} from './pipeline';
import { activityRollup, mergedRollupBlocks } from './rollup';
import type { RejectedRow } from './validate';

/** Below this a second worker (about 0.1 s to start) saves little. */
export const SPLIT_MIN_BYTES = 4 * 1024 * 1024;

/** Encodings in which byte 0x0A is always a line feed (not part of another character). */
const LINE_SAFE = new Set(['utf-8', 'windows-1252', 'shift_jis']);

export type PartRunner = ((
	bytes: Blob,
	options: ImportOptions,
	onProgress: (p: ImportProgress) => void,
	signal?: AbortSignal
) => Promise<ImportOutcome>) & {
	/** Starts what the next run needs (a worker) so it is ready when the run comes. */
	warm?: () => void;
	/** Hashes a whole file on the runner's thread (free once its part is read). */
	hash?: FileHasher;
};

/** Hex SHA-256 of a whole file. */
export type FileHasher = (file: Blob) => Promise<string>;

/**
 * Told when a hash of the whole file fits best, and with what to take it: natively beside a
 * one-go read (WebCrypto works off the reading thread); by the runner as soon as its part is
 * read, on the core it leaves free while this thread finishes its own part (0.28 s later in a
 * traced 1M import) and merges. Beside two parts, a hash took a core from them and queued its
 * whole-file read before theirs: they started 0.49-0.88 s after the click, against 0.25-0.53 s
 * without. Only the first call counts: a one-go reading after the parts calls it again.
 */
export type OnHashable = (hash: FileHasher) => void;

/**
 * Whether a file can be read in two parts: activity (rolled up, so parts merge), large, with the
 * encoding, delimiter, header row and every date column's order already known from the preview
 * (a part cannot decide them from rows the other part holds), and no streaming hash (it needs the
 * bytes in order).
 */
export function splittable(options: ImportOptions, size: number): boolean {
	if (options.entity !== 'activity' || size < SPLIT_MIN_BYTES || options.sha256) return false;
	if (!options.encoding || !LINE_SAFE.has(options.encoding) || !options.delimiter) return false;
	if (!options.headers) return false;
	const dayFields = new Set(
		ENTITY_FIELDS.activity.filter((f) => f.type === 'day').map((f) => f.key as string)
	);
	return options.mapping.every((field, i) => {
		if (field === null || !dayFields.has(field)) return true;
		const order = options.dateOrders?.[i];
		return order === 'ymd' || order === 'dmy' || order === 'mdy';
	});
}

/** The byte offset just after the first line feed at or after `from`; null when there is none. */
export async function lineStartAfter(file: Blob, from: number): Promise<number | null> {
	const step = 64 * 1024;
	for (let at = from; at < file.size; at += step) {
		const bytes = new Uint8Array(
			await file.slice(at, Math.min(file.size, at + step)).arrayBuffer()
		);
		const i = bytes.indexOf(0x0a);
		if (i >= 0) return at + i + 1 < file.size ? at + i + 1 : null;
	}
	return null;
}

/**
 * Imports `file` in two parts at once when it can (see splittable), else in one go; the outcome
 * equals the one-go outcome either way (`parts` says which way it went).
 */
export async function runImportSplit(
	file: Blob,
	options: ImportOptions,
	runPart: PartRunner,
	onProgress?: (p: ImportProgress) => void,
	signal?: AbortSignal,
	onHashable?: OnHashable
): Promise<ImportOutcome> {
	const whole = () => {
		onHashable?.(sha256OfBlob);
		return runImport(blobSource(file), options, onProgress, signal);
	};
	if (options.entity !== 'activity' || file.size < SPLIT_MIN_BYTES) return whole();
	runPart.warm?.(); // while the encoding and the cut are found
	// The head (unless the encoding and delimiter are given) and the middle, read at once: the
	// middle also tells the encoding, and holds the cut, the first line start after it.
	const middle = Math.floor(file.size / 2);
	const given = Boolean(options.encoding && options.delimiter);
	const [head, sample] = await Promise.all([
		given ? null : bytesAt(file, 0),
		bytesAt(file, middle)
	]);
	const resolved = withEncodingAndDelimiter(file.size, options, head, sample);
	if (!resolved || !splittable(resolved, file.size)) return whole();
	const cut = await lineStartFrom(file, middle, sample);
	if (cut === null) return whole();
	// Falling back, the one-go reading sniffs again: on bytes the guessed encoding does not allow
	// it tries the next one, where the guess given as a choice would only fail.
	return importInTwoParts(file, cut, resolved, runPart, onProgress, signal, options, onHashable);
}

/** lineStartAfter(file, from), found in `bytes` (the file's bytes from `from`) when they hold it. */
export async function lineStartFrom(
	file: Blob,
	from: number,
	bytes: Uint8Array
): Promise<number | null> {
	const lf = bytes.indexOf(0x0a);
	if (lf < 0) return lineStartAfter(file, from + bytes.length);
	return from + lf + 1 < file.size ? from + lf + 1 : null;
}

/** Up to CHUNK_BYTES of `file` from `from`. */
async function bytesAt(file: Blob, from: number): Promise<Uint8Array> {
	return new Uint8Array(await file.slice(from, from + CHUNK_BYTES).arrayBuffer());
}

/**
 * The options with the encoding and delimiter the one-go reading would sniff (from the file's
 * first chunk, `head`, as it does): both parts must decode and split alike. A wrong guess shows
 * up as a failed part, and then the file is read in one go, trying the other encodings as usual.
 */
function withEncodingAndDelimiter(
	size: number,
	options: ImportOptions,
	/** The file's first chunk; null when the encoding and delimiter are given. */
	head: Uint8Array | null,
	/** A chunk from the middle of the file. */
	middle: Uint8Array
): ImportOptions | null {
	if (options.encoding && options.delimiter) return options;
	if (!head) return null;
	const encoding = options.encoding ?? sniffEncoding(head, head.length === size).candidates[0];
	if (!encoding) return null;
	if (!options.encoding) {
		// An ASCII head says nothing about the rest (Online Retail's CP1252 file is ASCII for its
		// first 3 MB): when the middle reads otherwise, the one-go reading will change its guess.
		const guess = sniffEncoding(middle.subarray(Math.max(0, middle.indexOf(0x0a) + 1)));
		if (!guess.asciiOnly && guess.candidates[0] !== encoding) return null;
	}
	let delimiter = options.delimiter;
	if (!delimiter) {
		try {
			delimiter = sniffDelimiter(textChunker(encoding).push(head));
		} catch (e) {
			if (e instanceof DecodeError) return null;
			throw e;
		}
	}
	return { ...options, encoding, delimiter };
}

/**
 * `file` read as the bytes before `cut` (a line start) here and the bytes from it by `runPart`,
 * merged; the one-go outcome when the parts cannot stand for the whole.
 */
export async function importInTwoParts(
	file: Blob,
	cut: number,
	options: ImportOptions,
	runPart: PartRunner,
	onProgress?: (p: ImportProgress) => void,
	signal?: AbortSignal,
	/** The options to read the whole file with when the parts cannot stand for it. */
	wholeOptions: ImportOptions = options,
	onHashable?: OnHashable
): Promise<ImportOutcome> {
	const whole = () => {
		onHashable?.(sha256OfBlob);
		return runImport(blobSource(file), wholeOptions, onProgress, signal);
	};
	const progress = [
		{ bytesRead: 0, totalBytes: cut, rowsRead: 0 },
		{ bytesRead: 0, totalBytes: file.size - cut, rowsRead: 0 }
	];
	// Each part reports every 100 ms at most; so does the sum (one message to the page, not
	// two), except the report of the whole file read.
	let reported = 0;
	const report = (k: number) => (p: ImportProgress) => {
		progress[k] = p;
		const bytesRead = progress[0].bytesRead + progress[1].bytesRead;
		const now = Date.now();
		if (now - reported < PROGRESS_INTERVAL_MS && bytesRead < file.size) return;
		reported = now;
		onProgress?.({
			bytesRead,
			totalBytes: file.size,
			rowsRead: progress[0].rowsRead + progress[1].rowsRead
		});
	};
	const [firstSettled, secondSettled] = await Promise.allSettled([
		runImport(
			blobSource(file.slice(0, cut)),
			{ ...options, exportRollup: true },
			report(0),
			signal
		),
		runPart(
			file.slice(cut),
			{ ...options, exportRollup: true, part: { headers: options.headers ?? [] } },
			report(1),
			signal
		).then((second) => {
			// Its thread has nothing left to do for this import: the merge is this thread's.
			if (second.ok) onHashable?.(runPart.hash ?? sha256OfBlob);
			return second;
		})
	]);
	if (signal?.aborted) return { ok: false, code: 'cancelled', params: {} };
	if (firstSettled.status === 'rejected') throw firstSettled.reason;
	// The second worker could not run at all: read the file in one go.
	if (secondSettled.status === 'rejected') return whole();
	const first = firstSettled.value;
	const second = secondSettled.value;
	// A first part that fails (an unclosed quote at its end means the cut fell inside a quoted
	// field) or a second that does (bytes the encoding does not allow): the one-go reading gives
	// the right outcome, and the right message with its line or byte.
	const emptySecond = !second.ok && second.code === 'empty';
	if (!first.ok || (!second.ok && !emptySecond)) return whole();
	return merged(first, second.ok ? second : null, options);
}

/** The two parts as one outcome, as the one-go reading would have given it. */
function merged(
	first: ImportSuccess,
	second: ImportSuccess | null,
	options: ImportOptions
): ImportOutcome {
	// The second part's line 1 is the line after the first part's last.
	const shift = first.nextLine - 1;
	const maxRejects = options.maxRejectDetails ?? 100_000;
	const rejects: RejectedRow[] = [...first.rejects];
	for (const r of second?.rejects ?? []) {
		if (rejects.length >= maxRejects) break;
		rejects.push({ ...r, row: r.row + shift });
	}
	const sum = (key: 'rowsRead' | 'rowsAccepted' | 'rowsRejected' | 'rowsSkipped') =>
		first[key] + (second?.[key] ?? 0);
	const rowsRead = sum('rowsRead');
	const rowsAccepted = sum('rowsAccepted');
	const rowsRejected = sum('rowsRejected');
	const rowsSkipped = sum('rowsSkipped');
	if (rowsAccepted === 0) {
		const failure: ImportFailure = {
			ok: false,
			code: 'no-valid-rows',
			params: { rowsRead, rowsRejected, rowsSkipped },
			rejects
		};
		return failure;
	}
	const empty = activityRollup().export();
	const { blocks, accountCount } = mergedRollupBlocks(
		first.rollup ?? empty,
		second?.rollup ?? empty,
		options.blockRows ?? BLOCK_ROWS
	);
	const days = [first.minDay, first.maxDay, second?.minDay, second?.maxDay].filter(
		(d): d is number => typeof d === 'number'
	);
	return {
		ok: true,
		blocks,
		encoding: first.encoding,
		delimiter: first.delimiter,
		headers: first.headers,
		rowsRead,
		rowsAccepted,
		rowsRejected,
		rowsSkipped,
		rejects,
		rejectsTruncated: rowsRejected > rejects.length,
		warnings: mergedWarnings(first.warnings, second?.warnings ?? [], shift),
		minDay: days.length > 0 ? Math.min(...days) : null,
		maxDay: days.length > 0 ? Math.max(...days) : null,
		accountIds: accountCount,
		sha256: null,
		nextLine: (second?.nextLine ?? 1) + shift,
		parts: 2
	};
}

/** Counts added, sample lines kept in file order (10 at most), codes in first-seen order. */
function mergedWarnings(
	first: readonly ImportWarning[],
	second: readonly ImportWarning[],
	shift: number
): ImportWarning[] {
	const out = new Map<string, ImportWarning>();
	for (const w of first) out.set(w.code, { ...w, sampleRows: [...w.sampleRows] });
	for (const w of second) {
		const rows = w.sampleRows.map((r) => r + shift);
		const seen = out.get(w.code);
		if (!seen) out.set(w.code, { ...w, sampleRows: rows });
		else {
			seen.count += w.count;
			seen.sampleRows = [...seen.sampleRows, ...rows].slice(0, 10);
		}
	}
	return [...out.values()];
}
