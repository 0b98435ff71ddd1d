import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextNumbers } from '../../../src/lib/core/text-numbers';

/** What TextNumbers must give: numbers in first-seen order, the same text the same number. */
function reference(texts: string[]): { numbers: number[]; list: string[] } {
	const seen = new Map<string, number>();
	const numbers = texts.map((t) => {
		if (!seen.has(t)) seen.set(t, seen.size);
		return seen.get(t)!;
	});
	return { numbers, list: [...seen.keys()] };
}

function run(texts: string[]) {
	const index = new TextNumbers();
	return { numbers: texts.map((t) => index.numberOf(t)), list: [...index.texts], index };
}

describe('TextNumbers', () => {
	it('numbers sorted texts in order, finding repeats near the last one or by search', () => {
		const ids = Array.from({ length: 50 }, (_, i) => `C${String(i).padStart(3, '0')}`);
		// As a sorted accounts file, then a subscriptions file that skips some and repeats others.
		const texts = [...ids, 'C003', 'C003', 'C004', 'C010', 'C049', 'C000', 'C025'];
		expect(run(texts)).toMatchObject(reference(texts));
	});

	it('switches to a map when a text must be added out of order, keeping the numbers', () => {
		const texts = ['b', 'd', 'f', 'c', 'a', 'd', 'g', 'c', 'b'];
		const { numbers, list, index } = run(texts);
		expect({ numbers, list }).toEqual(reference(texts));
		expect([index.find('c'), index.find('z')]).toEqual([3, -1]);
	});

	it('finds without adding', () => {
		const index = new TextNumbers();
		for (const t of ['a', 'c', 'e']) index.numberOf(t);
		expect(['a', 'b', 'c', 'e', 'f', ''].map((t) => index.find(t))).toEqual([0, -1, 1, 2, -1, -1]);
		expect(index.texts).toEqual(['a', 'c', 'e']);
	});

	it('orders by UTF-16 code units as < does, with empty and non-ASCII texts', () => {
		const texts = ['', 'A', 'a', 'é', '\u{1F600}', '\uFFFF', 'é', '', 'A'];
		expect(run(texts)).toMatchObject(reference(texts));
	});

	it('numbers any sequence of texts as a Map would', () => {
		const text = fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('a', 'b', 'c', 'ab'));
		const sortedRuns = fc
			.array(fc.array(text, { maxLength: 30 }), { maxLength: 4 })
			.map((runs) => runs.flatMap((r) => [...r].sort()));
		fc.assert(
			fc.property(fc.oneof(fc.array(text, { maxLength: 60 }), sortedRuns), (texts) => {
				const got = run(texts);
				const want = reference(texts);
				expect(got.numbers).toEqual(want.numbers);
				expect(got.list).toEqual(want.list);
				for (const [i, t] of want.list.entries()) expect(got.index.find(t)).toBe(i);
			})
		);
	});
});
