// Turning cell text into typed values. Each parser returns the value, null for an empty cell
// (or a placeholder such as `N/A`), and NaN for text it cannot read, so the caller can reject the
// row with a reason. Pure and allocation-light: it runs once per cell of million-row files.
import { dayFromEpochMs } from '../core/dates';

export type DateOrder = 'ymd' | 'dmy' | 'mdy' | 'ambiguous' | 'none';

/** Placeholders that mean "no value" in exports (Excel, pandas, Japanese spreadsheets). */
const NULL_TOKENS = new Set([
	'',
	'n/a',
	'na',
	'#n/a',
	'null',
	'none',
	'nil',
	'-',
	'--',
	'—',
	'なし',
	'該当なし'
]);

export function isNullToken(text: string): boolean {
	return NULL_TOKENS.has(text.trim().toLowerCase());
}

/** Full-width digits and letters to ASCII (NFKC), only when the text has non-ASCII characters. */
function asciiFolded(text: string): string {
	// eslint-disable-next-line no-control-regex
	return /[^\x00-\x7f]/.test(text) ? text.normalize('NFKC') : text;
}

// ---------------------------------------------------------------------------------------------
// Dates

export interface DayOptions {
	/** How to read `01/02/2025`; year-first text is always year-month-day. Default 'mdy'. */
	order?: 'ymd' | 'dmy' | 'mdy';
	/** Workspace time zone, minutes east of UTC: instants are turned into days there. */
	offsetMinutes?: number;
	/** Times without a zone are UTC (Stripe's `… (UTC)` columns) rather than workspace time. */
	zonelessIsUtc?: boolean;
}

const YEAR_FIRST =
	/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp][Mm])?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?$/;
const PART_FIRST =
	/^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp][Mm])?)?$/;
const JAPANESE = /^(\d{4})年(\d{1,2})月(\d{1,2})日/;
const ERA = /^(令和|平成|昭和|R|H|S)\s*(\d{1,2}|元)[年./](\d{1,2})[月./](\d{1,2})日?/;
const ERA_START: Record<string, number> = {
	令和: 2018,
	R: 2018,
	平成: 1988,
	H: 1988,
	昭和: 1925,
	S: 1925
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_MONTHNAME = /^(\d{1,2})[- ]([A-Za-z]{3,9})\.?[- ,]+(\d{4}|\d{2})(?:\s|$)/;
const MONTHNAME_DAY = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:\s|$)/;

/** Excel's 1900 date system: serial 25569 is 1970-01-01; serial 60 is the fictitious 1900-02-29. */
const EXCEL_EPOCH_SERIAL = 25569;

const CUMULATIVE_DAYS = Int32Array.of(0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334);

/**
 * Days since 1970-01-01 of a calendar date in 1900..2199, NaN when there is no such date. Integer
 * arithmetic (y ≥ 1900, so the divisions truncate as floor would), no Date and no round trip.
 */
function civilDay(y: number, m: number, d: number): number {
	if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return NaN;
	const leap = (y & 3) === 0 && (y % 100 !== 0 || y % 400 === 0);
	const monthDays =
		m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
	if (d > monthDays) return NaN;
	const yearsBefore = y - 1;
	const leapDays = ((yearsBefore / 4) | 0) - ((yearsBefore / 100) | 0) + ((yearsBefore / 400) | 0);
	return (
		(y - 1970) * 365 + leapDays - 477 + CUMULATIVE_DAYS[m - 1] + (leap && m > 2 ? 1 : 0) + d - 1
	);
}

/** Two-digit years as Excel reads them: 00-29 → 20xx, 30-99 → 19xx. */
function fullYear(text: string): number {
	return yearOf(Number(text), text.length);
}

function yearOf(value: number, digits: number): number {
	if (digits === 4) return value;
	return value < 30 ? 2000 + value : 1900 + value;
}

function hour24(hour: string, ampm: string | undefined): number {
	let h = Number(hour);
	if (ampm) {
		const pm = ampm.toLowerCase() === 'pm';
		if (h === 12) h = pm ? 12 : 0;
		else if (pm) h += 12;
	}
	return h;
}

function zoneOffsetMinutes(zone: string): number {
	if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return 0;
	const sign = zone[0] === '-' ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** The day of a date or timestamp cell; null when empty or a placeholder, NaN when unreadable. */
export function parseDay(raw: string, options: DayOptions = {}): number | null {
	const fast = isoDay(raw, options) ?? partFirstDay(raw, options);
	if (fast !== undefined) return fast;
	return parsedDay(raw, options);
}

/** parseDay without its fast path (kept exported so tests can compare the two). */
export function parsedDay(raw: string, options: DayOptions = {}): number | null {
	const text = asciiFolded(raw.trim());
	if (text === '' || isNullToken(text)) return null;
	const offset = options.offsetMinutes ?? 0;

	let m = YEAR_FIRST.exec(text);
	if (m) {
		const day = civilDay(Number(m[1]), Number(m[2]), Number(m[3]));
		if (m[4] === undefined || Number.isNaN(day)) return day;
		const zone = m[8] === undefined ? null : zoneOffsetMinutes(m[8]);
		return dayAtTime(day, hour24(m[4], m[7]), Number(m[5]), Number(m[6] ?? 0), zone, options);
	}
	m = PART_FIRST.exec(text);
	if (m) {
		const year = fullYear(m[3]);
		const [a, b] = [Number(m[1]), Number(m[2])];
		const day = options.order === 'dmy' ? civilDay(year, b, a) : civilDay(year, a, b);
		if (m[4] === undefined || Number.isNaN(day)) return day;
		return dayAtTime(day, hour24(m[4], m[7]), Number(m[5]), Number(m[6] ?? 0), null, options);
	}
	m = JAPANESE.exec(text);
	if (m) return civilDay(Number(m[1]), Number(m[2]), Number(m[3]));
	m = ERA.exec(text);
	if (m) {
		const n = m[2] === '元' ? 1 : Number(m[2]);
		return civilDay(ERA_START[m[1]] + n, Number(m[3]), Number(m[4]));
	}
	m = DAY_MONTHNAME.exec(text);
	if (m) {
		const month = MONTHS.indexOf(m[2].slice(0, 3).toLowerCase()) + 1;
		return month > 0 ? civilDay(fullYear(m[3]), month, Number(m[1])) : NaN;
	}
	m = MONTHNAME_DAY.exec(text);
	if (m) {
		const month = MONTHS.indexOf(m[1].slice(0, 3).toLowerCase()) + 1;
		return month > 0 ? civilDay(Number(m[3]), month, Number(m[2])) : NaN;
	}
	if (/^\d{8}$/.test(text)) {
		// YYYYMMDD (GA4 exports).
		return civilDay(Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8)));
	}
	if (/^\d+(\.\d+)?$/.test(text)) return dayOfNumber(Number(text), offset);
	return NaN;
}

/**
 * The day of a date at a time of day: the date itself for a wall-clock time in the workspace's
 * zone (`zoneMinutes` null, unless the column is marked UTC), else the instant moved from its
 * zone (minutes east of UTC) to the workspace's. Integer arithmetic, no Date.
 */
function dayAtTime(
	day: number,
	hour: number,
	minute: number,
	second: number,
	zoneMinutes: number | null,
	options: DayOptions
): number {
	if (Number.isNaN(day) || hour > 24 || minute > 59 || second > 60) return NaN;
	if (zoneMinutes === null && !options.zonelessIsUtc) return day;
	const minutes = hour * 60 + minute - (zoneMinutes ?? 0) + (options.offsetMinutes ?? 0);
	return day + Math.floor((minutes * 60 + second) / 86_400);
}

/**
 * The fast path of parseDay for what event exports write a million times: `YYYY-MM-DD`,
 * optionally with `T` or a space and `HH:MM`, `:SS`, a `.` fraction and `Z`. Reads char codes
 * with integer calendar arithmetic instead of regular expressions and Date objects; undefined for
 * any other form (then the general reader decides), and the same result as the general reader
 * otherwise.
 */
export function isoDay(raw: string, options: DayOptions): number | undefined {
	const n = raw.length;
	if (n !== 10 && n < 16) return undefined;
	const y = digits4(raw, 0);
	if (y < 0 || raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45) return undefined;
	const m = digits2(raw, 5);
	const d = digits2(raw, 8);
	if (m < 0 || d < 0) return undefined;
	if (n === 10) return civilDay(y, m, d);
	const t = raw.charCodeAt(10);
	if ((t !== 84 && t !== 32) || raw.charCodeAt(13) !== 58) return undefined;
	const hour = digits2(raw, 11);
	const minute = digits2(raw, 14);
	if (hour < 0 || minute < 0) return undefined;
	let second = 0;
	let at = 16;
	if (at < n && raw.charCodeAt(at) === 58) {
		second = digits2(raw, 17);
		if (second < 0 || n < 19) return undefined;
		at = 19;
		if (at < n && raw.charCodeAt(at) === 46) {
			at++;
			const from = at;
			while (at < n && isDigit(raw.charCodeAt(at))) at++;
			if (at === from) return undefined;
		}
	}
	let zoned = false;
	// `Z` right after the time (the general reader also takes spaces before a zone).
	if (at === n - 1 && raw.charCodeAt(at) === 90) {
		zoned = true;
		at++;
	}
	if (at !== n) return undefined;
	return dayAtTime(civilDay(y, m, d), hour, minute, second, zoned ? 0 : null, options);
}

/**
 * The second fast path: `M/D/YYYY` (or `D/M/YYYY` with order 'dmy'), one or two digits, with
 * `/`, `-` or `.`, a two- or four-digit year, optionally a space or `T` and `H:MM`, `:SS` and a
 * fraction: what spreadsheets write (Online Retail's `12/1/2010 8:26`). Undefined for anything
 * else (AM/PM, spaces around, full-width digits): the general reader decides those.
 */
export function partFirstDay(raw: string, options: DayOptions): number | undefined {
	const n = raw.length;
	let at = 0;
	let a = 0;
	let b = 0;
	let year = 0;
	for (let part = 0; part < 3; part++) {
		const from = at;
		let value = 0;
		while (at < n && at - from < 4) {
			const c = raw.charCodeAt(at) - 48;
			if (c < 0 || c > 9) break;
			value = value * 10 + c;
			at++;
		}
		const digits = at - from;
		if (part < 2) {
			if (digits < 1 || digits > 2 || at >= n) return undefined;
			const sep = raw.charCodeAt(at);
			if (sep !== 47 && sep !== 45 && sep !== 46) return undefined;
			at++;
			if (part === 0) a = value;
			else b = value;
		} else {
			if (digits !== 2 && digits !== 4) return undefined;
			if (at < n && isDigit(raw.charCodeAt(at))) return undefined;
			year = yearOf(value, digits);
		}
	}
	const day = options.order === 'dmy' ? civilDay(year, b, a) : civilDay(year, a, b);
	if (at === n) return day;
	const t = raw.charCodeAt(at);
	if (t !== 32 && t !== 84) return undefined;
	at++;
	let hour = -1;
	const hourFrom = at;
	while (at < n && at - hourFrom < 2 && isDigit(raw.charCodeAt(at))) {
		hour = (hour < 0 ? 0 : hour * 10) + raw.charCodeAt(at) - 48;
		at++;
	}
	if (hour < 0 || raw.charCodeAt(at) !== 58) return undefined;
	const minute = digits2(raw, at + 1);
	if (minute < 0) return undefined;
	at += 3;
	let second = 0;
	if (at < n && raw.charCodeAt(at) === 58) {
		second = digits2(raw, at + 1);
		if (second < 0) return undefined;
		at += 3;
		const f = raw.charCodeAt(at);
		if (at < n && (f === 46 || f === 44)) {
			at++;
			const from = at;
			while (at < n && isDigit(raw.charCodeAt(at))) at++;
			if (at === from) return undefined;
		}
	}
	if (at !== n) return undefined;
	return dayAtTime(day, hour, minute, second, null, options);
}

function isDigit(code: number): boolean {
	return code >= 48 && code <= 57;
}

function digits2(text: string, at: number): number {
	const a = text.charCodeAt(at) - 48;
	const b = text.charCodeAt(at + 1) - 48;
	return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function digits4(text: string, at: number): number {
	const hi = digits2(text, at);
	const lo = digits2(text, at + 2);
	return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

/** Excel serials (up to 9999-12-31) and Unix times in seconds, milliseconds or microseconds. */
function dayOfNumber(n: number, offsetMinutes: number): number {
	if (n >= 1e14 && n < 1e17) return dayFromEpochMs(n / 1000, offsetMinutes);
	if (n >= 1e11 && n < 1e14) return dayFromEpochMs(n, offsetMinutes);
	if (n >= 1e8 && n < 1e11) return dayFromEpochMs(n * 1000, offsetMinutes);
	const serial = Math.floor(n);
	if (serial < 1 || serial > 2958465) return NaN;
	if (serial === 60) return NaN; // 1900-02-29 does not exist (Lotus 1-2-3 bug kept by Excel)
	// Serials below 60 come before the fictitious leap day, so they are one day later.
	return serial < 60 ? serial - EXCEL_EPOCH_SERIAL + 1 : serial - EXCEL_EPOCH_SERIAL;
}

/**
 * How a column writes its dates, from sample cells: year-first text is 'ymd'; `13/01/2025` can
 * only be day-first and `01/13/2025` only month-first; when every sample fits both, or samples
 * contradict each other, 'ambiguous' (ask the person); 'none' when no sample looks like a date.
 */
export function detectDateOrder(samples: readonly string[]): DateOrder {
	let dayFirst = 0;
	let monthFirst = 0;
	let bothFit = 0;
	let other = 0;
	for (const raw of samples) {
		const text = asciiFolded(raw.trim());
		if (text === '' || isNullToken(text)) continue;
		const m = PART_FIRST.exec(text);
		if (m) {
			const [a, b] = [Number(m[1]), Number(m[2])];
			const year = fullYear(m[3]);
			const asDmy = !Number.isNaN(civilDay(year, b, a));
			const asMdy = !Number.isNaN(civilDay(year, a, b));
			if (asDmy && asMdy) bothFit++;
			else if (asDmy) dayFirst++;
			else if (asMdy) monthFirst++;
		} else if (!Number.isNaN(parseDay(text) ?? NaN)) {
			other++;
		}
	}
	if (dayFirst > 0 && monthFirst > 0) return 'ambiguous';
	if (dayFirst > 0) return 'dmy';
	if (monthFirst > 0) return 'mdy';
	if (bothFit > 0) return 'ambiguous';
	return other > 0 ? 'ymd' : 'none';
}

// ---------------------------------------------------------------------------------------------
// Numbers and money

export interface NumberOptions {
	/** `1.234,56`: comma is the decimal mark (semicolon-delimited European exports). */
	decimalComma?: boolean;
}

/** Currency implied by a symbol in the cell, when the symbol names one currency. */
export type ImpliedCurrency = 'JPY' | 'EUR' | 'GBP' | 'KRW' | 'INR' | null;

export interface ParsedAmount {
	/** Number, null for an empty cell, NaN when unreadable. */
	value: number | null;
	currency: ImpliedCurrency;
}

const SYMBOLS: Record<string, ImpliedCurrency> = {
	'¥': 'JPY',
	'￥': 'JPY',
	円: 'JPY',
	'\\': 'JPY', // 0x5C in a Shift_JIS file is the yen sign
	'€': 'EUR',
	'£': 'GBP',
	'₩': 'KRW',
	'₹': 'INR',
	$: null
};

/** A number cell; see parseAmount for the forms read. */
export function parseNumber(raw: string, options: NumberOptions = {}): number | null {
	return parseAmount(raw, options).value;
}

/**
 * A numeric cell: `1,234.56`, `1.234,56` (decimal comma), `¥1,234`, `￥1,234`, `\1,234`,
 * `1,234円`, `$-5`, `-$5`, `(5.00)`, `▲1,234` / `△1,234` (Japanese accounting negatives),
 * full-width digits, `1E+05`, `12 345,6`; `-0` reads as 0.
 */
export function parseAmount(raw: string, options: NumberOptions = {}): ParsedAmount {
	let text = raw.trim();
	if (text === '' || isNullToken(text)) return { value: null, currency: null };
	if (options.decimalComma || !/^-?\d+(\.\d+)?$/.test(text)) text = asciiFolded(text);
	else {
		const v = Number(text);
		return { value: v === 0 ? 0 : v, currency: null };
	}
	let negative = false;
	let currency: ImpliedCurrency = null;
	if (text.startsWith('(') && text.endsWith(')')) {
		negative = true;
		text = text.slice(1, -1).trim();
	}
	// Signs and symbols may come in either order: `$-5`, `-$5`, `▲¥1,234`, `1,234円`.
	for (let guard = 0; guard < 4; guard++) {
		const first = text[0];
		if (first === '-' || first === '−' || first === '▲' || first === '△') {
			if (negative) return { value: NaN, currency: null };
			negative = true;
			text = text.slice(1).trim();
		} else if (first === '+') {
			text = text.slice(1).trim();
		} else if (first !== undefined && first in SYMBOLS) {
			currency = SYMBOLS[first] ?? currency;
			text = text.slice(1).trim();
		} else if (/^[A-Z]{3}\s/.test(text)) {
			text = text.slice(4).trim(); // `USD 12.00`
		} else break;
	}
	const last = text[text.length - 1];
	if (last !== undefined && last in SYMBOLS) {
		currency = SYMBOLS[last] ?? currency;
		text = text.slice(0, -1).trim();
	}
	const value = plainNumber(text.replace(/[\s\u00a0\u202f']/g, ''), options.decimalComma ?? false);
	if (Number.isNaN(value)) return { value: NaN, currency: null };
	const signed = negative ? -value : value;
	return { value: signed === 0 ? 0 : signed, currency };
}

const POINT_GROUPED = /^\d{1,3}(,\d{3})+(\.\d*)?$/;
const COMMA_GROUPED = /^\d{1,3}(\.\d{3})+(,\d*)?$/;
const PLAIN = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function plainNumber(text: string, decimalComma: boolean): number {
	if (text === '') return NaN;
	if (PLAIN.test(text)) {
		// In a decimal-comma column `1.234` is one thousand two hundred and thirty-four.
		if (decimalComma && /^\d{1,3}(\.\d{3})+$/.test(text)) return Number(text.replace(/\./g, ''));
		return Number(text);
	}
	if (decimalComma) {
		if (COMMA_GROUPED.test(text)) return Number(text.replace(/\./g, '').replace(',', '.'));
		if (/^\d+,\d*$/.test(text)) return Number(text.replace(',', '.'));
		if (POINT_GROUPED.test(text)) return Number(text.replace(/,/g, ''));
		return NaN;
	}
	if (POINT_GROUPED.test(text)) return Number(text.replace(/,/g, ''));
	// `399,00`: a comma followed by one or two digits cannot be a thousands separator.
	if (/^\d+,\d{1,2}$/.test(text)) return Number(text.replace(',', '.'));
	if (COMMA_GROUPED.test(text)) return Number(text.replace(/\./g, '').replace(',', '.'));
	return NaN;
}

// ---------------------------------------------------------------------------------------------
// Booleans

const TRUE_TOKENS = new Set([
	'yes',
	'y',
	'true',
	't',
	'1',
	'1.0',
	'はい',
	'有',
	'あり',
	'○',
	'〇',
	'on',
	'churned'
]);
const FALSE_TOKENS = new Set([
	'no',
	'n',
	'false',
	'f',
	'0',
	'0.0',
	'いいえ',
	'無',
	'なし',
	'×',
	'off',
	'active'
]);

/** 1 for yes, 0 for no, null for blank, NaN for anything else. */
export function parseBoolean(raw: string): number | null {
	const text = asciiFolded(raw.trim()).toLowerCase();
	if (text === '') return null;
	if (TRUE_TOKENS.has(text)) return 1;
	if (FALSE_TOKENS.has(text)) return 0;
	if (text === 'n/a' || text === 'na' || text === '#n/a' || text === 'null') return null;
	return NaN;
}

// ---------------------------------------------------------------------------------------------
// Text and identifiers

/** Text cell: trimmed, null when empty. Never parsed as a number: `00123` stays `00123`. */
export function parseText(raw: string): string | null {
	const text = raw.trim();
	return text === '' ? null : text;
}

/**
 * Identifier: trimmed, with zero-width characters and BOMs removed so `ACME\u200b` and `ACME`
 * match; null when empty. Leading zeros are kept.
 */
export function parseId(raw: string): string | null {
	// Most ids are printable ASCII without spaces: nothing to remove or trim.
	let plain = raw.length > 0;
	for (let i = 0; plain && i < raw.length; i++) {
		const c = raw.charCodeAt(i);
		plain = c > 32 && c < 127;
	}
	return plain ? raw : cleanedId(raw);
}

/** parseId without its fast path (exported so tests can compare the two). */
export function cleanedId(raw: string): string | null {
	const text = raw.replace(/[\u200b-\u200d\u2060\ufeff]/g, '').trim();
	return text === '' ? null : text;
}
