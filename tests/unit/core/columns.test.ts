import { describe, expect, it } from 'vitest';
import {
	columnValue,
	narrowCodes,
	packedInts,
	strBuilder,
	unpackedFloat64,
	unpackedInt32
} from '../../../src/lib/core/columns';
import { NULL_INT } from '../../../src/lib/core/types';

describe('narrowCodes', () => {
	const codes = (dictSize: number) => Int32Array.from([-1, 0, dictSize - 1, -1, dictSize - 1]);

	it.each([
		[1, Int8Array],
		[127, Int8Array],
		[128, Int16Array],
		[32_767, Int16Array],
		[32_768, Int32Array],
		[1_000_000, Int32Array]
	])('a dictionary of %i entries: %o, every code and -1 kept', (dictSize, type) => {
		const narrowed = narrowCodes(codes(dictSize), dictSize);
		expect(narrowed).toBeInstanceOf(type);
		expect([...narrowed]).toEqual([...codes(dictSize)]);
	});

	it('copies: the result does not share the builder’s buffer', () => {
		const source = Int32Array.from([0, 1, 2, 3]);
		const wide = narrowCodes(source, 1_000_000);
		source[0] = 3;
		expect(wide[0]).toBe(0);
	});
});

describe('strBuilder', () => {
	it('reads back every text and null from two-byte codes', () => {
		const texts = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? null : `t${i % 150}`));
		const builder = strBuilder(16);
		for (const t of texts) builder.push(t);
		const column = builder.finish();
		expect(column.kind === 'str' && column.codes).toBeInstanceOf(Int16Array);
		expect(texts.map((_, i) => columnValue(column, i))).toEqual(texts);
	});
});

describe('packedInts', () => {
	const read = (values: Float64Array | Int32Array) => {
		const packed = packedInts(values);
		if (!packed) return null;
		const n = values.length;
		return {
			type: packed.kind === 'packed' ? packed.values.constructor : null,
			values: Array.from({ length: n }, (_, i) => columnValue(packed, i))
		};
	};

	it.each([
		[254, Uint8Array],
		[255, Uint16Array],
		[65_534, Uint16Array]
	])('whole numbers spanning %i values: %o, every value and null kept', (span, type) => {
		// base + span - 1 is the largest; NaN is null.
		const values = Float64Array.from([19_000, NaN, 19_000 + span - 1, 19_001]);
		expect(read(values)).toEqual({ type, values: [19_000, null, 19_000 + span - 1, 19_001] });
	});

	it('keeps a column that spans 65,535 values or more, or holds a fraction, as it is', () => {
		expect(packedInts(Float64Array.from([0, 65_534]))).toBeNull();
		expect(packedInts(Float64Array.from([1, 2.5]))).toBeNull();
	});

	it('packs negative numbers, i32 nulls, and a column of nulls only', () => {
		expect(read(Int32Array.from([-3, NULL_INT, 2]))?.values).toEqual([-3, null, 2]);
		expect(read(Float64Array.from([NaN, NaN]))).toEqual({ type: Uint8Array, values: [null, null] });
	});

	it('unpacks to i32 with NULL_INT and to f64 with NaN', () => {
		const packed = packedInts(Float64Array.from([7, NaN, 300]));
		if (packed?.kind !== 'packed') throw new Error('not packed');
		expect([...unpackedInt32(packed)]).toEqual([7, NULL_INT, 300]);
		expect([...unpackedFloat64(packed)]).toEqual([7, NaN, 300]);
	});
});
