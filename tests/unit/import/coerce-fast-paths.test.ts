import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayFromYmd, isoFromDay } from '../../../src/lib/core/dates';
import {
	cleanedId,
	isoDay,
	parseDay,
	partFirstDay,
	parseId,
	parsedDay,
	type DayOptions
} from '../../../src/lib/import/coerce';

/** The fast path answers `text` (it does not decline) with the general reader's day. */
function expectGeneralDay(
	fast: (text: string, options: DayOptions) => number | null | undefined,
	text: string,
	options: DayOptions
) {
	const day = fast(text, options);
	expect(day).not.toBeUndefined();
	expect(day).toStrictEqual(parsedDay(text, options));
}

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
		'2025-01-05T10:00:61Z',
		'2025-01-05 10:00:00', // a space instead of T
		'2025-01-05T10:00', // no seconds
		'2025-01-05 23:30',
		'2025-01-05T23:30Z',
		'2025-01-05 23:30:00.5Z'
	])('gives the general reader’s day for %s in every time zone setting', (text) => {
		for (const options of OPTIONS) expectGeneralDay(isoDay, text, options);
	});
	it.each([
		'2025-1-05',
		'2025/01/05',
		' 2025-01-05',
		'2025-01-05 ',
		'2025-01-05  10:00:00',
		'2025-01-05T9:00:00',
		'2025-01-05T10:00:00 Z',
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
						zulu: fc.boolean(),
						space: fc.boolean(),
						seconds: fc.boolean()
					})
				)
			})
			.map(({ y, m, d, time }) => {
				let text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
				if (time) {
					text += `${time.space ? ' ' : 'T'}${pad(time.h, 2)}:${pad(time.mi, 2)}`;
					if (time.seconds) text += `:${pad(time.s, 2)}`;
					if (time.seconds && time.fraction !== null) text += `.${time.fraction}`;
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

describe('the calendar of both readers, against the platform’s', () => {
	it('reads every date of 1900–2199 as the day Date gives, and no day that Date rolls over', () => {
		// isoFromDay and dayFromYmd use Date: independent of the readers' integer arithmetic.
		for (let day = dayFromYmd(1900, 1, 1); day <= dayFromYmd(2199, 12, 31); day++) {
			const iso = isoFromDay(day);
			const [y, m, d] = iso.split('-').map(Number);
			expect(parseDay(iso)).toBe(day);
			expect(parsedDay(iso)).toBe(day);
			expect(parseDay(`${m}/${d}/${y}`)).toBe(day);
		}
		for (let y = 1900; y <= 2199; y++) {
			for (let m = 1; m <= 12; m++) {
				for (const d of [29, 30, 31, 32]) {
					const real = isoFromDay(dayFromYmd(y, m, d)) === `${y}-${pad2(m)}-${pad2(d)}`;
					if (real) continue;
					expect(parseDay(`${y}-${pad2(m)}-${pad2(d)}`)).toBeNaN();
					expect(parsedDay(`${y}-${pad2(m)}-${pad2(d)}`)).toBeNaN();
					expect(parseDay(`${m}/${d}/${y}`)).toBeNaN();
				}
			}
		}
	});
});

const pad2 = (n: number) => String(n).padStart(2, '0');

describe('partFirstDay (the spreadsheet fast path of parseDay)', () => {
	const WITH_DMY: DayOptions[] = [
		...OPTIONS,
		{ order: 'dmy', zonelessIsUtc: true, offsetMinutes: -600 }
	];
	it.each([
		'12/1/2010 8:26', // Online Retail
		'1/12/2010 08:26',
		'31/12/2010',
		'12/31/2010',
		'2/29/2024',
		'2/29/2023',
		'29.02.24',
		'5-6-99 23:59:59',
		'5-6-29T00:00:00,5',
		'12/1/2010 24:00',
		'12/1/2010 25:00',
		'12/1/2010 8:60',
		'13/13/2010',
		'0/1/2010'
	])('gives the general reader’s day for %s in every setting', (text) => {
		for (const options of WITH_DMY) expectGeneralDay(partFirstDay, text, options);
	});
	it.each([
		'12/1/2010 8:26 PM',
		' 12/1/2010',
		'12/1/2010 ',
		'12/1/2010  8:26',
		'123/1/2010',
		'12/1/201',
		'12/1/20100',
		'12/1/2010 8:2',
		'12/1/2010 8:26:',
		'12/1/2010 8:26:00.',
		'１２/1/2010',
		'2010/12/01'
	])('leaves %s to the general reader', (text) => {
		expect(partFirstDay(text, {})).toBeUndefined();
	});
	it('agrees with the general reader whenever it answers, on dates with one character changed', () => {
		const chars = ['1', '2', '0', '9', '/', '-', '.', ' ', ':', 'T', 'Z', ',', 'P', 'M', '３'];
		const base = fc.constantFrom(
			'12/1/2010 8:26',
			'1/12/10 23:59:59.5',
			'31.12.2024T00:00',
			'2025-01-05T23:30:00.5Z',
			'2025-01-05 10:00',
			'2025-01-05'
		);
		const edit = fc.record({
			at: fc.nat(30),
			op: fc.constantFrom('replace', 'insert', 'delete'),
			char: fc.constantFrom(...chars)
		});
		let answered = 0;
		fc.assert(
			fc.property(
				base,
				fc.array(edit, { maxLength: 2 }),
				fc.constantFrom(...WITH_DMY),
				(start, edits, options) => {
					let t = start;
					for (const { at, op, char } of edits) {
						const i = at % (t.length + 1);
						t =
							t.slice(0, i) + (op === 'delete' ? '' : char) + t.slice(op === 'insert' ? i : i + 1);
					}
					for (const fast of [partFirstDay(t, options), isoDay(t, options)]) {
						if (fast === undefined) continue;
						answered++;
						expect(fast).toStrictEqual(parsedDay(t, options));
					}
				}
			),
			{ numRuns: 5000 }
		);
		expect(answered).toBeGreaterThan(1000);
	});
	it('agrees with the general reader on random spreadsheet dates and times', () => {
		const stamp = fc
			.record({
				a: fc.integer({ min: 0, max: 99 }),
				b: fc.integer({ min: 0, max: 99 }),
				year: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1890, max: 2210 })),
				pad: fc.boolean(),
				seps: fc.constantFrom('//', '--', '..', '/-', '.-'),
				time: fc.option(
					fc.record({
						t: fc.constantFrom(' ', 'T'),
						h: fc.integer({ min: 0, max: 25 }),
						mi: fc.integer({ min: 0, max: 60 }),
						s: fc.option(fc.integer({ min: 0, max: 61 })),
						fraction: fc.option(fc.constantFrom('.5', ',25', '.123456'))
					})
				)
			})
			.map(({ a, b, year, pad, seps, time }) => {
				const p = (n: number, w: number) => (pad ? String(n).padStart(w, '0') : String(n));
				const y = year < 100 ? String(year).padStart(2, '0') : String(year);
				let text = `${p(a, 2)}${seps[0]}${p(b, 2)}${seps[1]}${y}`;
				if (time) {
					text += `${time.t}${p(time.h, 2)}:${String(time.mi).padStart(2, '0')}`;
					if (time.s !== null) text += `:${String(time.s).padStart(2, '0')}${time.fraction ?? ''}`;
				}
				return text;
			});
		fc.assert(
			fc.property(stamp, fc.constantFrom(...WITH_DMY), (text, options) =>
				expectGeneralDay(partFirstDay, text, options)
			),
			{ numRuns: 3000 }
		);
	});
	it('is what parseDay uses', () => {
		expect(parseDay('12/1/2010 8:26', { order: 'dmy' })).toBe(dayFromYmd(2010, 1, 12));
		expect(parseDay('12/1/2010 8:26', { order: 'mdy' })).toBe(dayFromYmd(2010, 12, 1));
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
