import { describe, expect, it } from 'vitest';
import { columnValue, narrowCodes, strBuilder } from '../../../src/lib/core/columns';

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
