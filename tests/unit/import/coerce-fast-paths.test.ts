import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayFromYmd } from '../../../src/lib/core/dates';
import {
	cleanedId,
	isoDay,
	parseDay,
	parseId,
	parsedDay,
	type DayOptions
} from '../../../src/lib/import/coerce';

const OPTIONS: DayOptions[] = [
	{},
	{ offsetMinutes: 540 },
	{ offsetMinutes: -300, zonelessIsUtc: true },
	{ order: 'dmy', offsetMinutes: 60 }
];

describe('isoDay (the fast path of parseDay)', () => {
	it.each([
		'2025-01-05',
		'2025-01-05T10:00:00',
		'2025-01-05T23:59:59Z',
		'2025-01-05T23:30:00.123456Z',
		'2024-02-29',
		'2023-02-29', // not a date: NaN on both paths
		'2100-02-29', // 2100 is not a leap year
		'2000-02-29',
		'1900-01-01',
		'1899-12-31', // before 1900: NaN
		'2199-12-31',
		'2200-01-01',
		'2025-00-10',
		'2025-13-10',
		'2025-04-31',
		'2025-01-05T24:00:00Z', // hour 24 is allowed, 25 is not
		'2025-01-05T25:00:00Z',
		'2025-01-05T10:60:00',
		'2025-01-05T10:00:61Z'
	])('gives the general reader’s day for %s in every time zone setting', (text) => {
		for (const options of OPTIONS) {
			const fast = isoDay(text, options);
			expect(fast).not.toBeUndefined();
			expect(fast).toStrictEqual(parsedDay(text, options));
		}
	});
	it.each([
		'2025-1-05',
		'2025/01/05',
		' 2025-01-05',
		'2025-01-05 ',
		'2025-01-05 10:00:00',
		'2025-01-05T10:00',
		'2025-01-05T10:00:00+09:00',
		'2025-01-05T10:00:00.Z',
		'2025-01-05T10:00:00,5Z',
		'2025-01-05T10:00:00z',
		'２０２５-01-05',
		'20250105'
	])('leaves %s to the general reader', (text) => {
		expect(isoDay(text, {})).toBeUndefined();
	});
	it('agrees with the general reader on every date and time of 1899–2200 it accepts', () => {
		// Random y-m-d (out-of-range parts included) with or without a time, fraction and Z.
		const pad = (n: number, w: number) => String(n).padStart(w, '0');
		const stamp = fc
			.record({
				y: fc.integer({ min: 1895, max: 2205 }),
				m: fc.integer({ min: 0, max: 13 }),
				d: fc.integer({ min: 0, max: 32 }),
				time: fc.option(
					fc.record({
						h: fc.integer({ min: 0, max: 25 }),
						mi: fc.integer({ min: 0, max: 60 }),
						s: fc.integer({ min: 0, max: 61 }),
						fraction: fc.option(fc.integer({ min: 0, max: 999_999 })),
						zulu: fc.boolean()
					})
				)
			})
			.map(({ y, m, d, time }) => {
				let text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
				if (time) {
					text += `T${pad(time.h, 2)}:${pad(time.mi, 2)}:${pad(time.s, 2)}`;
					if (time.fraction !== null) text += `.${time.fraction}`;
					if (time.zulu) text += 'Z';
				}
				return text;
			});
		fc.assert(
			fc.property(stamp, fc.constantFrom(...OPTIONS), (text, options) => {
				expect(isoDay(text, options)).toStrictEqual(parsedDay(text, options));
			}),
			{ numRuns: 2000 }
		);
	});
	it('is what parseDay uses: 2025-01-05T20:00:00Z is the 6th at UTC+9', () => {
		expect(parseDay('2025-01-05T20:00:00Z', { offsetMinutes: 540 })).toBe(dayFromYmd(2025, 1, 6));
	});
});

describe('parseId fast path', () => {
	it.each([
		'acct_000123',
		'00123',
		' 00123 ',
		'ACME\u200b',
		'\ufeffACME',
		'AC ME',
		'ACME\t',
		'',
		'   ',
		'ｱｶｳﾝﾄ',
		'~!x',
		'a\u007f'
	])('gives the general reader’s id for %j', (text) => {
		expect(parseId(text)).toBe(cleanedId(text));
	});
	it('agrees with the general reader on random text', () => {
		const chars = fc.constantFrom('a', 'Z', '0', ' ', '\t', '\u200b', '\u2060', '\ufeff', '~', 'é');
		fc.assert(
			fc.property(fc.array(chars, { maxLength: 12 }), (parts) => {
				const text = parts.join('');
				expect(parseId(text)).toBe(cleanedId(text));
			}),
			{ numRuns: 1000 }
		);
	});
});
