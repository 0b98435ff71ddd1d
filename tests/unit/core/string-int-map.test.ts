import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringIntMap, stringHash } from '../../../src/lib/core/string-int-map';

describe('StringIntMap', () => {
	it('stores, finds and replaces values; -1 for a missing key', () => {
		const m = new StringIntMap();
		expect(m.get('a')).toBe(-1);
		expect(m.getOrSet('a', 7)).toBe(-1);
		expect(m.getOrSet('a', 9)).toBe(7);
		m.set('a', 3);
		m.set('', 0);
		m.set('__proto__', 5);
		expect([m.get('a'), m.get(''), m.get('__proto__'), m.get('constructor')]).toEqual([
			3, 0, 5, -1
		]);
		expect(m.size).toBe(3);
	});

	it('tells apart keys that differ only in case, length or a surrogate half', () => {
		const keys = ['id', 'ID', 'id ', 'i', '\u{1F600}', '\uD83D', '\uDE00', 'a\u001fb', 'a\u001f'];
		const m = new StringIntMap();
		keys.forEach((k, i) => m.set(k, i));
		expect(keys.map((k) => m.get(k))).toEqual(keys.map((_, i) => i));
	});

	it('keeps every entry through many growths (100,000 ids)', () => {
		const m = new StringIntMap();
		let found = 0;
		for (let i = 0; i < 100_000; i++) if (m.getOrSet(`C${i}`, i) !== -1) found++;
		expect([found, m.size]).toEqual([0, 100_000]);
		for (let i = 0; i < 100_000; i += 997) expect(m.get(`C${i}`)).toBe(i);
		expect(m.get('C100000')).toBe(-1);
	});

	it('finds keys whose hashes collide in the low bits', () => {
		// Keys that land on the same slot of a small table: probing must walk past each other.
		const byLowBits = new Map<number, string[]>();
		for (
			let i = 0;
			byLowBits.size === 0 || [...byLowBits.values()].every((l) => l.length < 6);
			i++
		) {
			const k = `k${i}`;
			const low = stringHash(k) & 31;
			byLowBits.set(low, [...(byLowBits.get(low) ?? []), k]);
		}
		const same = [...byLowBits.values()].find((l) => l.length >= 6)!;
		const m = new StringIntMap();
		same.forEach((k, i) => m.set(k, i));
		expect(same.map((k) => m.get(k))).toEqual(same.map((_, i) => i));
	});

	it('behaves as Map<string, number> for any sequence of operations', () => {
		const op = fc.record({
			kind: fc.constantFrom('get', 'getOrSet', 'set'),
			key: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('a', 'b', 'ab', '')),
			value: fc.nat(1000)
		});
		fc.assert(
			fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
				const m = new StringIntMap();
				const ref = new Map<string, number>();
				for (const { kind, key, value } of ops) {
					if (kind === 'get') expect(m.get(key)).toBe(ref.get(key) ?? -1);
					else if (kind === 'set') {
						m.set(key, value);
						ref.set(key, value);
					} else {
						expect(m.getOrSet(key, value)).toBe(ref.get(key) ?? -1);
						if (!ref.has(key)) ref.set(key, value);
					}
				}
				expect(m.size).toBe(ref.size);
				for (const [k, v] of ref) expect(m.get(k)).toBe(v);
			})
		);
	});
});
