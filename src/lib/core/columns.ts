// Builders that turn row values into columnar blocks, and readers that turn blocks back into
// values. Shared by the importer (writes) and the dataset merge (reads).
import { NULL_INT, type Codes, type ColumnBlock, type ColumnData, type EntityName } from './types';

export interface ColumnBuilder {
	push(value: unknown): void;
	finish(): ColumnData;
}

/** Numbers; null, undefined and non-finite values become NaN. Booleans as 1/0. */
export function f64Builder(capacity = 1024): ColumnBuilder {
	let values: Float64Array = new Float64Array(capacity);
	let n = 0;
	return {
		push(value) {
			if (n === values.length) values = grow(values);
			values[n++] =
				typeof value === 'number' ? value : typeof value === 'boolean' ? (value ? 1 : 0) : NaN;
		},
		finish: () => ({ kind: 'f64', values: values.slice(0, n) })
	};
}

/** Integers (day numbers); null becomes NULL_INT. */
export function i32Builder(capacity = 1024): ColumnBuilder {
	let values: Int32Array = new Int32Array(capacity);
	let n = 0;
	return {
		push(value) {
			if (n === values.length) values = grow(values);
			values[n++] = typeof value === 'number' && Number.isFinite(value) ? value : NULL_INT;
		},
		finish: () => ({ kind: 'i32', values: values.slice(0, n) })
	};
}

/** Dictionary-encoded strings; null becomes code -1. */
export function strBuilder(capacity = 1024): ColumnBuilder {
	let codes: Int32Array = new Int32Array(capacity);
	let n = 0;
	const dict: string[] = [];
	const index = new Map<string, number>();
	return {
		push(value) {
			if (n === codes.length) codes = grow(codes);
			if (value === null || value === undefined) {
				codes[n++] = -1;
				return;
			}
			const text = String(value);
			let code = index.get(text);
			if (code === undefined) {
				code = dict.length;
				dict.push(text);
				index.set(text, code);
			}
			codes[n++] = code;
		},
		finish: () => ({ kind: 'str', codes: narrowCodes(codes.subarray(0, n), dict.length), dict })
	};
}

/**
 * `codes` (each -1 or below `dictSize`) copied into the narrowest signed array that holds them:
 * Int8Array for up to 127 entries, Int16Array for up to 32,767, else Int32Array.
 */
export function narrowCodes(codes: Int32Array, dictSize: number): Codes {
	if (dictSize <= 0x7f) return new Int8Array(codes);
	if (dictSize <= 0x7fff) return new Int16Array(codes);
	return codes.slice();
}

/**
 * Whole numbers (NaN or NULL_INT for null) as a packed column when they span fewer than 65,535
 * values: Uint8Array when fewer than 255, else Uint16Array. Null when they do not fit (or are not
 * whole): keep the column as it is.
 */
export function packedInts(values: Float64Array | Int32Array): ColumnData | null {
	const n = values.length;
	let min = Infinity;
	let max = -Infinity;
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (v !== v || v === NULL_INT) continue;
		if (!Number.isInteger(v)) return null;
		if (v < min) min = v;
		if (v > max) max = v;
	}
	return packedInRange(values, min, max);
}

/**
 * packedInts when the range is already known: every value but the nulls (NaN, NULL_INT) is a
 * whole number in min..max (min > max when there are none).
 */
export function packedInRange(
	values: Float64Array | Int32Array,
	min: number,
	max: number
): ColumnData | null {
	const n = values.length;
	const base = min > max ? 0 : min;
	const span = min > max ? 0 : max - min + 1;
	if (span >= 0xffff || !Number.isSafeInteger(base + span)) return null;
	const out = span < 0xff ? new Uint8Array(n) : new Uint16Array(n);
	for (let i = 0; i < n; i++) {
		const v = values[i];
		out[i] = v !== v || v === NULL_INT ? 0 : v - base + 1;
	}
	return { kind: 'packed', values: out, base };
}

type Packed = { values: Uint8Array | Uint16Array; base: number };

/** A packed column's values as numbers, NaN for null. */
export function unpackedFloat64(column: Packed): Float64Array {
	return unpackInto(column, new Float64Array(column.values.length), NaN);
}

/** A packed column's values as i32, NULL_INT for null. */
export function unpackedInt32(column: Packed): Int32Array {
	return unpackInto(column, new Int32Array(column.values.length), NULL_INT);
}

function unpackInto<T extends Float64Array | Int32Array>(column: Packed, out: T, nul: number): T {
	const { values, base } = column;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		out[i] = v === 0 ? nul : base + v - 1;
	}
	return out;
}

function grow<T extends Float64Array | Int32Array>(a: T): T {
	return resized(a, a.length * 2, a.length);
}

/** A new array of the same type with room for `capacity` values, holding `a`'s first `keep`. */
export function resized<T extends Float64Array | Int32Array>(
	a: T,
	capacity: number,
	keep: number
): T {
	const next = new (a.constructor as new (length: number) => T)(capacity);
	next.set(a.subarray(0, keep));
	return next;
}

/** The value at row `i` of a column: number, string or null. */
export function columnValue(column: ColumnData, i: number): number | string | null {
	switch (column.kind) {
		case 'f64': {
			const v = column.values[i];
			return Number.isNaN(v) ? null : v;
		}
		case 'i32': {
			const v = column.values[i];
			return v === NULL_INT ? null : v;
		}
		case 'packed': {
			const v = column.values[i];
			return v === 0 ? null : column.base + v - 1;
		}
		case 'str': {
			const c = column.codes[i];
			return c < 0 ? null : column.dict[c];
		}
	}
}

export function columnLength(column: ColumnData): number {
	return column.kind === 'str' ? column.codes.length : column.values.length;
}

/** A block from finished columns; every column must have `rowCount` rows. */
export function makeBlock(entity: EntityName, columns: Record<string, ColumnData>): ColumnBlock {
	const lengths = Object.values(columns).map(columnLength);
	const rowCount = lengths[0] ?? 0;
	if (lengths.some((l) => l !== rowCount)) throw new Error('makeBlock: columns differ in length');
	return { entity, rowCount, columns };
}
