import { describe, expect, it } from 'vitest';
import {
	currencyDecimals,
	fromMinor,
	normalizeCurrencyCode,
	toMinor
} from '../../../src/lib/core/money';

describe('currencyDecimals', () => {
	it('gives 0 for zero-decimal currencies, 3 for dinars and 2 otherwise', () => {
		expect(currencyDecimals('JPY')).toBe(0);
		expect(currencyDecimals('krw')).toBe(0);
		expect(currencyDecimals('KWD')).toBe(3);
		expect(currencyDecimals('USD')).toBe(2);
		expect(currencyDecimals('XYZ')).toBe(2);
	});
});

describe('toMinor / fromMinor', () => {
	it('converts major units to integer minor units without float residue', () => {
		expect(toMinor(1234.56, 'USD')).toBe(123456);
		expect(toMinor(0.29, 'USD')).toBe(29); // 0.29 * 100 = 28.999999999999996 in floating point
		expect(toMinor(1234, 'JPY')).toBe(1234);
		expect(toMinor(1.2345, 'KWD')).toBe(1235); // half away from zero at the third decimal
		expect(toMinor(-5, 'USD')).toBe(-500);
		expect(Object.is(toMinor(-0, 'USD'), 0)).toBe(true);
	});
	it('round-trips minor units', () => {
		expect(fromMinor(123456, 'USD')).toBe(1234.56);
		expect(fromMinor(1234, 'JPY')).toBe(1234);
	});
	it('normalises currency codes', () => {
		expect(normalizeCurrencyCode(' usd ')).toBe('USD');
		expect(normalizeCurrencyCode('円')).toBeNull();
	});
});
