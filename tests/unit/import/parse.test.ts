import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBlankRecord } from '../../../src/lib/import/parse';

describe('isBlankRecord', () => {
	it('is true exactly when every field trims to nothing', () => {
		const char = fc.constantFrom(
			' ',
			'\t',
			'\u00a0',
			'\u1680',
			'\u3000',
			'\ufeff',
			'a',
			'0',
			',',
			'\u0085',
			'\u007f',
			'é',
			'顧'
		);
		const field = fc.array(char, { maxLength: 4 }).map((cs) => cs.join(''));
		fc.assert(
			fc.property(fc.array(field, { maxLength: 5 }), (record) => {
				expect(isBlankRecord(record)).toBe(record.every((f) => f.trim() === ''));
			}),
			{ numRuns: 3000 }
		);
		expect(isBlankRecord([''])).toBe(true);
		expect(isBlankRecord(['\u1680', ' '])).toBe(true);
		expect(isBlankRecord(['acct_1', ''])).toBe(false);
	});
});
