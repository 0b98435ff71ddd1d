// Calendar arithmetic on integer day numbers (days since 1970-01-01) and month indexes
// (months since January 1970). UTC arithmetic only: the workspace's time zone is applied once,
// when a timestamp is turned into a day, never later.
import type { DayNumber, MonthIndex } from './types';

const MS_PER_DAY = 86_400_000;

/** Day number of a calendar date; month is 1-12. */
export function dayFromYmd(year: number, month: number, day: number): DayNumber {
	return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** Calendar date of a day number; month is 1-12. */
export function ymdFromDay(day: DayNumber): { year: number; month: number; day: number } {
	const d = new Date(day * MS_PER_DAY);
	return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `YYYY-MM-DD`. */
export function isoFromDay(day: DayNumber): string {
	return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day number of a `YYYY-MM-DD` string, or null when it is not one. */
export function dayFromIso(text: string): DayNumber | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!m) return null;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const day = dayFromYmd(y, mo, d);
	const back = ymdFromDay(day);
	return back.year === y && back.month === mo && back.day === d ? day : null;
}

/** The day an instant falls on in a time zone offset (minutes east of UTC). */
export function dayFromEpochMs(ms: number, offsetMinutes = 0): DayNumber {
	return Math.floor((ms + offsetMinutes * 60_000) / MS_PER_DAY);
}

export function monthIndexFromYm(year: number, month: number): MonthIndex {
	return (year - 1970) * 12 + (month - 1);
}

export function monthIndexOfDay(day: DayNumber): MonthIndex {
	const { year, month } = ymdFromDay(day);
	return monthIndexFromYm(year, month);
}

/** First day of a month index. */
export function firstDayOfMonth(monthIndex: MonthIndex): DayNumber {
	const year = 1970 + Math.floor(monthIndex / 12);
	const month = (((monthIndex % 12) + 12) % 12) + 1;
	return dayFromYmd(year, month, 1);
}

/** Last day of a month index. */
export function lastDayOfMonth(monthIndex: MonthIndex): DayNumber {
	return firstDayOfMonth(monthIndex + 1) - 1;
}

/** `YYYY-MM`. */
export function labelOfMonth(monthIndex: MonthIndex): string {
	const year = 1970 + Math.floor(monthIndex / 12);
	const month = (((monthIndex % 12) + 12) % 12) + 1;
	return `${year}-${String(month).padStart(2, '0')}`;
}

/** 0 = Monday ... 6 = Sunday (ISO weekday - 1). 1970-01-01 was a Thursday. */
export function weekdayOfDay(day: DayNumber): number {
	return (((day + 3) % 7) + 7) % 7;
}

/** Day number of the Monday that starts the ISO week of `day`. */
export function weekStartOfDay(day: DayNumber): DayNumber {
	return day - weekdayOfDay(day);
}

export function quarterIndexOfMonth(monthIndex: MonthIndex): number {
	return Math.floor(monthIndex / 3);
}
