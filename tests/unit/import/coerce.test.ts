import { describe, expect, it } from 'vitest';
import { dayFromYmd } from '../../../src/lib/core/dates';
import {
	detectDateOrder,
	parseAmount,
	parseBoolean,
	parseDay,
	parseId,
	parseNumber
} from '../../../src/lib/import/coerce';

const d = dayFromYmd;

describe('parseDay', () => {
	it.each([
		['2025-01-05', d(2025, 1, 5)],
		['2025/01/05', d(2025, 1, 5)],
		['2025/1/5', d(2025, 1, 5)],
		['2025.1.5', d(2025, 1, 5)],
		['2025年1月5日', d(2025, 1, 5)],
		['２０２５年１月５日', d(2025, 1, 5)],
		['令和7年1月5日', d(2025, 1, 5)],
		['R7.1.5', d(2025, 1, 5)],
		['20250105', d(2025, 1, 5)],
		['2025-01-05 23:59', d(2025, 1, 5)], // zone-less: wall-clock time of the workspace
		['2025-01-05T10:00:00Z', d(2025, 1, 5)],
		['05-Jan-2025', d(2025, 1, 5)],
		['Jan 5, 2025', d(2025, 1, 5)],
		['45662', d(2025, 1, 5)], // Excel serial: 45662 - 25569 = 20093 = 2025-01-05
		['45662.75', d(2025, 1, 5)],
		['61', d(1900, 3, 1)],
		['59', d(1900, 2, 28)],
		['1', d(1900, 1, 1)],
		['1736035200', d(2025, 1, 5)] // Unix seconds
	])('reads %s', (text, day) => {
		expect(parseDay(text)).toBe(day);
	});
	it('moves zoned timestamps to the workspace day', () => {
		// 10:00 in Tokyo is 01:00 UTC the same day; 01:00 UTC is 20:00 the day before in New York.
		expect(parseDay('2025-01-05T10:00:00+09:00')).toBe(d(2025, 1, 5));
		expect(parseDay('2025-01-05T10:00:00+09:00', { offsetMinutes: -300 })).toBe(d(2025, 1, 4));
		expect(parseDay('2025-01-05T20:00:00Z', { offsetMinutes: 540 })).toBe(d(2025, 1, 6));
		// Stripe's "(UTC)" columns have no zone in the values.
		expect(parseDay('2025-01-05 20:00', { offsetMinutes: 540, zonelessIsUtc: true })).toBe(
			d(2025, 1, 6)
		);
	});
	it('reads part-first dates in the order given, with 2-digit years as Excel does', () => {
		expect(parseDay('01/02/2025', { order: 'mdy' })).toBe(d(2025, 1, 2));
		expect(parseDay('01/02/2025', { order: 'dmy' })).toBe(d(2025, 2, 1));
		expect(parseDay('9/12/10 8:26', { order: 'dmy' })).toBe(d(2010, 12, 9));
		expect(parseDay('01-12-2010 08:26', { order: 'dmy' })).toBe(d(2010, 12, 1));
		expect(parseDay('1/2/35', { order: 'mdy' })).toBe(d(1935, 1, 2));
		expect(parseDay('13/01/2025', { order: 'mdy' })).toBeNaN();
	});
	it('gives null for blanks and placeholders and NaN for the unreadable', () => {
		for (const text of ['', '  ', 'N/A', '#N/A', 'null', '-']) expect(parseDay(text)).toBeNull();
		for (const text of ['2025-02-30', 'soon', '60', '2025/13/01', '0'])
			expect(parseDay(text)).toBeNaN();
	});
});

describe('detectDateOrder', () => {
	it('decides from a first part above 12, a second part above 12, or year-first text', () => {
		expect(detectDateOrder(['01/02/2025', '13/02/2025'])).toBe('dmy');
		expect(detectDateOrder(['01/02/2025', '02/13/2025'])).toBe('mdy');
		expect(detectDateOrder(['1/12/10 8:26', '13/12/10 9:01'])).toBe('dmy');
		expect(detectDateOrder(['2025/01/02', '2025-03-04'])).toBe('ymd');
		expect(detectDateOrder(['01/02/2025', '03/04/2025', ''])).toBe('ambiguous');
		expect(detectDateOrder(['13/01/2025', '01/13/2025'])).toBe('ambiguous');
		expect(detectDateOrder(['', 'N/A', 'hello'])).toBe('none');
	});
});

describe('parseNumber / parseAmount', () => {
	it.each([
		['1,234.56', 1234.56],
		['1234', 1234],
		['¥1,234', 1234],
		['￥1,234', 1234],
		['\\1,234', 1234],
		['1,234円', 1234],
		['$-5', -5],
		['-$5', -5],
		['(5.00)', -5],
		['▲1,234', -1234],
		['△1,234', -1234],
		['１２３', 123],
		['－１２', -12],
		['１，２３４', 1234],
		['1E+05', 100000],
		['1.23457E+11', 123457000000],
		['399,00', 399],
		['USD 12.50', 12.5],
		['12 345', 12345]
	])('reads %s', (text, value) => {
		expect(parseNumber(text)).toBe(value);
	});
	it('reads -0 as 0', () => {
		expect(Object.is(parseNumber('-0'), 0)).toBe(true);
		expect(Object.is(parseNumber('-0.00'), 0)).toBe(true);
	});
	it('reads decimal commas when the column says so', () => {
		expect(parseNumber('1.234,56', { decimalComma: true })).toBe(1234.56);
		expect(parseNumber('1.234', { decimalComma: true })).toBe(1234);
		expect(parseNumber('0,5', { decimalComma: true })).toBe(0.5);
		expect(parseNumber('1.234,56')).toBe(1234.56); // unmistakable even without the option
	});
	it('names the currency implied by a yen, euro or pound sign', () => {
		expect(parseAmount('¥1,234').currency).toBe('JPY');
		expect(parseAmount('1,234円').currency).toBe('JPY');
		expect(parseAmount('€5').currency).toBe('EUR');
		expect(parseAmount('$5').currency).toBeNull();
	});
	it('gives null for blanks and NaN for text', () => {
		expect(parseNumber('')).toBeNull();
		expect(parseNumber('N/A')).toBeNull();
		for (const text of ['abc', '1,23,4', '--5', '5%', '1.2.3']) expect(parseNumber(text)).toBeNaN();
	});
});

describe('parseBoolean', () => {
	it.each([
		['Yes', 1],
		['No', 0],
		['TRUE', 1],
		['false', 0],
		['1', 1],
		['0', 0],
		['y', 1],
		['n', 0],
		['はい', 1],
		['いいえ', 0],
		['有', 1],
		['無', 0],
		['', null],
		['maybe', NaN]
	])('reads %s', (text, value) => {
		expect(parseBoolean(text as string)).toBe(value);
	});
});

describe('parseId', () => {
	it('keeps leading zeros, trims and removes zero-width characters', () => {
		expect(parseId(' 00123 ')).toBe('00123');
		expect(parseId('ACME\u200b')).toBe('ACME');
		expect(parseId('1.23457E+11')).toBe('1.23457E+11');
		expect(parseId('  ')).toBeNull();
	});
});
