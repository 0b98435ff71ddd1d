// Settling day-first vs month-first for date columns whose head is ambiguous (every date in the
// first rows has day and month ≤ 12, as Online Retail's `01/12/2010 08:26` rows do): read a few
// evenly spaced slices of the rest of the file and look at their dates too. Only columns still
// ambiguous after that are asked. Pure: the worker reads the bytes, this decides.
import Papa from 'papaparse';
import { detectDateOrder, type DateOrder } from './coerce';
import type { Delim, Enc } from './sniff';

/** Slices sampled across a file: enough to meet a day > 12 in any dated export. */
export const SCAN_SLICES = 16;
/** Bytes per slice: a few hundred rows of a typical export. */
export const SCAN_SLICE_BYTES = 64 * 1024;

export interface ByteRange {
	start: number;
	end: number;
}

/**
 * Up to `count` byte ranges of `sliceBytes`, evenly spaced over the part of the file after the
 * head (`headBytes`), not overlapping each other; none when the head is the whole file. UTF-16
 * slices start on an even byte so that they decode as the same characters.
 */
export function scanRanges(
	fileSize: number,
	headBytes: number,
	encoding: Enc,
	count = SCAN_SLICES,
	sliceBytes = SCAN_SLICE_BYTES
): ByteRange[] {
	const rest = fileSize - headBytes;
	if (rest <= 0 || count <= 0) return [];
	const step = rest / count;
	const ranges: ByteRange[] = [];
	for (let i = 0; i < count; i++) {
		let start = headBytes + Math.floor(i * step);
		if (encoding.startsWith('utf-16') && start % 2 === 1) start--;
		const end = Math.min(fileSize, start + Math.min(sliceBytes, Math.ceil(step)));
		const previous = ranges[ranges.length - 1];
		if (previous && start < previous.end) start = previous.end;
		if (end > start) ranges.push({ start, end });
	}
	return ranges;
}

/**
 * The whole records inside one slice's text: the text before the first line end (the tail of a
 * line cut by the slice start) and after the last one (a line cut by the slice end) are dropped,
 * and records whose field count differs from the header's are left out (a slice that starts
 * inside a quoted field spanning lines would otherwise misalign columns).
 */
export function sliceRecords(text: string, delimiter: Delim, columnCount: number): string[][] {
	const first = text.search(/[\r\n]/);
	const last = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
	if (first < 0 || last <= first) return [];
	const body = text.slice(first, last).replace(/\r\n?/g, '\n').replace(/^\n+/, '');
	if (body === '') return [];
	const parsed = Papa.parse<string[]>(body, {
		delimiter,
		newline: '\n',
		header: false,
		skipEmptyLines: true
	});
	return parsed.data.filter((r) => r.length === columnCount);
}

/**
 * Date order per column from the head rows, the worker's orders for mapped columns taking
 * precedence (they saw every row of the head). Columns that hold no dates come out 'none'.
 */
export function headDateOrders(
	headRows: readonly (readonly string[])[],
	columnCount: number,
	known: Readonly<Record<number, DateOrder>>
): Record<number, DateOrder> {
	const orders: Record<number, DateOrder> = {};
	for (let i = 0; i < columnCount; i++) {
		orders[i] = known[i] ?? detectDateOrder(headRows.map((r) => r[i] ?? ''));
	}
	return orders;
}

/** Column indexes the scan must look at: those whose head reads both ways. */
export function ambiguousColumns(orders: Readonly<Record<number, DateOrder>>): number[] {
	return Object.entries(orders)
		.filter(([, order]) => order === 'ambiguous')
		.map(([index]) => Number(index));
}

/**
 * The orders again, each ambiguous column re-detected on its head values plus the sampled
 * records' values: a date with a day > 12 anywhere settles it, unless both readings are
 * contradicted somewhere (then it stays ambiguous and the person is asked).
 */
export function resolvedDateOrders(
	orders: Readonly<Record<number, DateOrder>>,
	headRows: readonly (readonly string[])[],
	sampled: readonly (readonly string[])[]
): Record<number, DateOrder> {
	const resolved: Record<number, DateOrder> = { ...orders };
	for (const index of ambiguousColumns(orders)) {
		const values = [...headRows, ...sampled].map((r) => r[index] ?? '');
		resolved[index] = detectDateOrder(values);
	}
	return resolved;
}
