import { describe, expect, it } from 'vitest';
import { mixedSeed, seededRandom } from '../../../src/lib/core/random';

const draws = (seed: number, stream: number, n: number): number[] => {
	const rng = seededRandom(seed, stream);
	return Array.from({ length: n }, () => rng.next());
};

describe('seededRandom', () => {
	it('repeats the same stream for the same seed and stream', () => {
		expect(draws(42, 3, 50)).toEqual(draws(42, 3, 50));
	});

	it('gives different streams for different seeds or stream keys', () => {
		expect(draws(1, 0, 5)).not.toEqual(draws(2, 0, 5));
		expect(draws(1, 0, 5)).not.toEqual(draws(1, 1, 5));
	});

	it('keeps the first draws of seed 1 (pins the algorithm: sample files depend on it)', () => {
		// Recorded from this implementation (sfc32 seeded by splitmix32, 12 outputs discarded);
		// a change here changes every generated sample.
		const rng = seededRandom(1);
		expect([rng.next(), rng.next(), rng.next()]).toEqual([
			0.3631402144674212, 0.3607351656537503, 0.922155559528619
		]);
	});

	it('draws uniforms in [0, 1) with a mean near one half', () => {
		const values = draws(7, 0, 20_000);
		expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
		expect(Math.max(...values)).toBeLessThan(1);
		// Mean of 20,000 uniforms: sd 0.289 / √20000 ≈ 0.002, so ±0.01 is five sd.
		const mean = values.reduce((s, v) => s + v, 0) / values.length;
		expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
	});

	it('draws integers within inclusive bounds, reaching both ends', () => {
		const rng = seededRandom(5);
		const seen = new Set<number>();
		for (let i = 0; i < 2_000; i++) seen.add(rng.int(-2, 2));
		expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
	});

	it('picks weighted items in proportion and never picks a zero weight', () => {
		const rng = seededRandom(9);
		const counts = { a: 0, b: 0, c: 0 };
		for (let i = 0; i < 10_000; i++) counts[rng.weighted(['a', 'b', 'c'] as const, [1, 3, 0])]++;
		expect(counts.c).toBe(0);
		// Expected 2,500 a and 7,500 b; sd √(10000·0.25·0.75) ≈ 43, so ±200 is over four sd.
		expect(Math.abs(counts.a - 2_500)).toBeLessThan(200);
	});

	it('draws normals with mean near 0 and sd near 1, within the Irwin–Hall bound', () => {
		const rng = seededRandom(11);
		const values = Array.from({ length: 20_000 }, () => rng.normal());
		const mean = values.reduce((s, v) => s + v, 0) / values.length;
		const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
		expect(Math.abs(mean)).toBeLessThan(0.03);
		expect(Math.abs(sd - 1)).toBeLessThan(0.03);
		expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(2 * Math.sqrt(3));
	});
});

describe('mixedSeed', () => {
	it('tells apart seeds that differ only above 32 bits', () => {
		expect(mixedSeed(1)).not.toBe(mixedSeed(2 ** 32 + 1));
	});

	it('is an unsigned 32-bit integer', () => {
		for (const seed of [0, 1, -1, 2 ** 40, 123.9]) {
			const s = mixedSeed(seed, 5);
			expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
		}
	});
});
