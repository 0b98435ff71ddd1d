// Guessing how a file's bytes are encoded and how its fields are separated, from its first bytes.
// Pure: runs in the worker and in Node.

/** Encodings the importer decodes (WHATWG labels; `shift_jis` is Windows code page 932). */
export type Enc = 'utf-8' | 'utf-16le' | 'utf-16be' | 'shift_jis' | 'windows-1252';
export type Delim = ',' | ';' | '\t';

export const ENCODINGS: readonly Enc[] = [
	'utf-8',
	'utf-16le',
	'utf-16be',
	'shift_jis',
	'windows-1252'
];
export const DELIMITERS: readonly Delim[] = [',', ';', '\t'];

export interface EncodingGuess {
	encoding: Enc;
	/** Bytes of the byte-order mark at the start (0 when none). */
	bomLength: number;
	/** Encodings that decode the sample without error, best first (the UI offers them). */
	candidates: Enc[];
	/** True when the sample has no byte above 0x7F: every candidate reads it the same. */
	asciiOnly: boolean;
}

/**
 * The encoding of a file from its first bytes: a BOM decides; else strict UTF-8, then strict
 * Shift_JIS, else Windows-1252 (which decodes any byte). `isWholeFile` false means the sample may
 * end inside a character, which must not count against an encoding.
 */
export function sniffEncoding(head: Uint8Array, isWholeFile = false): EncodingGuess {
	if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
		return { encoding: 'utf-8', bomLength: 3, candidates: ['utf-8'], asciiOnly: false };
	if (head[0] === 0xff && head[1] === 0xfe)
		return { encoding: 'utf-16le', bomLength: 2, candidates: ['utf-16le'], asciiOnly: false };
	if (head[0] === 0xfe && head[1] === 0xff)
		return { encoding: 'utf-16be', bomLength: 2, candidates: ['utf-16be'], asciiOnly: false };
	// Decoded strictly as UTF-8, ASCII gives one code unit per byte and anything else fewer:
	// a native check, where a loop over a megabyte costs tens of ms in a cold worker.
	const utf8 = strictText(head, 'utf-8', isWholeFile);
	const asciiOnly = utf8 !== null && utf8.length === head.length;
	const candidates: Enc[] = [];
	if (utf8 !== null) candidates.push('utf-8');
	if (asciiOnly || strictText(head, 'shift_jis', isWholeFile) !== null)
		candidates.push('shift_jis');
	candidates.push('windows-1252');
	// Latin text with accents can also be valid Shift_JIS by accident (`é` + letter is a kanji):
	// then prefer Windows-1252 unless the high bytes come in runs, as Japanese text does.
	if (candidates[0] === 'shift_jis' && !highBytesMostlyInRuns(head)) {
		candidates.splice(0, 1);
		candidates.push('shift_jis');
	}
	return { encoding: candidates[0], bomLength: 0, candidates, asciiOnly };
}

/** The text of `bytes` in `encoding`, or null when they hold a byte sequence it does not allow. */
function strictText(bytes: Uint8Array, encoding: Enc, isWholeFile: boolean): string | null {
	try {
		// In stream mode an incomplete character at the end is held back instead of failing.
		return new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: !isWholeFile });
	} catch {
		return null;
	}
}

/**
 * True when most bytes above 0x7F sit next to another one: Shift_JIS text is runs of two-byte
 * characters, while Latin-1/CP1252 text has isolated accented letters between ASCII ones.
 */
function highBytesMostlyInRuns(bytes: Uint8Array): boolean {
	let high = 0;
	let inRun = 0;
	for (let i = 0; i < bytes.length; i++) {
		if (bytes[i] < 0x80) continue;
		high++;
		if ((i > 0 && bytes[i - 1] >= 0x80) || (i + 1 < bytes.length && bytes[i + 1] >= 0x80)) inRun++;
	}
	return high > 0 && inRun * 2 >= high;
}

/** Byte-order mark length of a sample in a given encoding (0 when none). */
export function bomLengthOf(head: Uint8Array, encoding: Enc): number {
	if (encoding === 'utf-8' && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 3;
	if (encoding === 'utf-16le' && head[0] === 0xff && head[1] === 0xfe) return 2;
	if (encoding === 'utf-16be' && head[0] === 0xfe && head[1] === 0xff) return 2;
	return 0;
}

export type BinaryKind = 'png' | 'zip' | 'pdf' | 'gzip' | 'ole' | 'jpeg' | 'gif' | 'nul';

const MAGIC: readonly { kind: BinaryKind; bytes: number[] }[] = [
	{ kind: 'png', bytes: [0x89, 0x50, 0x4e, 0x47] },
	// ZIP local header: XLSX, ODS and the Chargebee / Zendesk export archives.
	{ kind: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
	{ kind: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06] },
	{ kind: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46] },
	{ kind: 'gzip', bytes: [0x1f, 0x8b] },
	// Old .xls (OLE compound file).
	{ kind: 'ole', bytes: [0xd0, 0xcf, 0x11, 0xe0] },
	{ kind: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
	{ kind: 'gif', bytes: [0x47, 0x49, 0x46, 0x38] }
];

/**
 * What kind of binary file the bytes start like, or null for text. A NUL byte means binary
 * unless the file is UTF-16 with a BOM (where half the bytes of ASCII text are NUL).
 */
export function looksBinary(head: Uint8Array): BinaryKind | null {
	for (const { kind, bytes } of MAGIC) {
		if (bytes.every((b, i) => head[i] === b)) return kind;
	}
	const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
	if (!utf16 && head.includes(0)) return 'nul';
	return null;
}

/**
 * The delimiter whose field count is the most consistent (and above 1) over the first lines,
 * counting only separators outside double quotes. Comma when nothing stands out.
 */
export function sniffDelimiter(text: string, maxLines = 30): Delim {
	let best: Delim = ',';
	let bestScore = 0;
	for (const delim of DELIMITERS) {
		const counts = fieldCountsOfLines(text, delim, maxLines);
		if (counts.length === 0) continue;
		const tally = new Map<number, number>();
		for (const c of counts) tally.set(c, (tally.get(c) ?? 0) + 1);
		let modeCount = 0;
		let mode = 1;
		for (const [fields, n] of tally) {
			if (n > modeCount || (n === modeCount && fields > mode)) [mode, modeCount] = [fields, n];
		}
		if (mode < 2) continue;
		// Lines agreeing on the field count matter most; more fields break ties.
		const score = (modeCount / counts.length) * 1000 + Math.min(mode, 999);
		if (score > bestScore) [best, bestScore] = [delim, score];
	}
	return best;
}

/** Field counts of the first non-blank lines (records; quoted newlines stay inside a field). */
function fieldCountsOfLines(text: string, delim: Delim, maxLines: number): number[] {
	const counts: number[] = [];
	let inQuotes = false;
	let fields = 1;
	let lineHasText = false;
	for (let i = 0; i < text.length && counts.length < maxLines; i++) {
		const ch = text[i];
		if (ch === '"') {
			inQuotes = !inQuotes;
			lineHasText = true;
		} else if (inQuotes) {
			continue;
		} else if (ch === delim) {
			fields++;
			lineHasText = true;
		} else if (ch === '\n' || ch === '\r') {
			if (lineHasText) counts.push(fields);
			fields = 1;
			lineHasText = false;
		} else if (ch !== ' ') {
			lineHasText = true;
		}
	}
	// A last line without newline counts only when it could be complete (no open quote).
	if (lineHasText && !inQuotes && counts.length < maxLines) counts.push(fields);
	return counts;
}
