// Periods (week, month, quarter) of day numbers, computed with integer arithmetic only: the
// analytics touch millions of rows, and a Date object per row is the slowest part of a pass.
import { firstDayOfMonth, isoFromDay, labelOfMonth, lastDayOfMonth } from './dates';
import type { DayNumber, MonthIndex } from './types';

export type Grain = 'week' | 'month' | 'quarter';

/** Months of the table: January 1970 to December 2099. */
const TABLE_MONTHS = 130 * 12;
let monthTable: Int32Array | null = null;

function buildMonthTable(): Int32Array {
	const table = new Int32Array(lastDayOfMonth(TABLE_MONTHS - 1) + 1);
	for (let m = 0; m < TABLE_MONTHS; m++) table.fill(m, firstDayOfMonth(m), lastDayOfMonth(m) + 1);
	return table;
}

/**
 * Month index of a day number; same result as dates.monthIndexOfDay, without a Date. Days of
 * 1970–2099 are read from a table (the customer base asks for every interval and spell, and the
 * arithmetic showed in its profile); any other value is computed.
 */
export function monthOfDay(day: DayNumber): MonthIndex {
	const month = (monthTable ??= buildMonthTable())[day];
	return month !== undefined ? month : civilMonthOfDay(day);
}

/** monthOfDay by arithmetic, for any day. */
export function civilMonthOfDay(day: DayNumber): MonthIndex {
	// Civil-from-days (H. Hinnant): years start in March so the leap day falls at the end.
	const z = day + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor(
		(doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365
	);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const month = mp < 10 ? mp + 3 : mp - 9;
	const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
	return (year - 1970) * 12 + month - 1;
}

/** Index of the period holding `day`: ISO week (Monday start), month index or quarter index. */
export function periodOfDay(grain: Grain, day: DayNumber): number {
	if (grain === 'week') return Math.floor((day + 3) / 7);
	const m = monthOfDay(day);
	return grain === 'month' ? m : Math.floor(m / 3);
}

export function periodStartDay(grain: Grain, period: number): DayNumber {
	if (grain === 'week') return period * 7 - 3;
	return firstDayOfMonth(grain === 'month' ? period : period * 3);
}

export function periodEndDay(grain: Grain, period: number): DayNumber {
	if (grain === 'week') return period * 7 + 3;
	return lastDayOfMonth(grain === 'month' ? period : period * 3 + 2);
}

/** `YYYY-MM`, `YYYY-Qn`, or the Monday `YYYY-MM-DD` of a week. */
export function periodLabel(grain: Grain, period: number): string {
	if (grain === 'month') return labelOfMonth(period);
	if (grain === 'quarter') {
		return `${1970 + Math.floor(period / 4)}-Q${(((period % 4) + 4) % 4) + 1}`;
	}
	return isoFromDay(periodStartDay('week', period));
}

/**
 * Period index of every day in [fromDay, toDay], as a lookup table: one pass over a million
 * activity rows then costs an array read per row.
 */
export function periodLookup(
	grain: Grain,
	fromDay: DayNumber,
	toDay: DayNumber
): { fromDay: DayNumber; periods: Int32Array } {
	const periods = new Int32Array(Math.max(0, toDay - fromDay + 1));
	let day = fromDay;
	while (day <= toDay) {
		const p = periodOfDay(grain, day);
		const end = Math.min(toDay, periodEndDay(grain, p));
		periods.fill(p, day - fromDay, end - fromDay + 1);
		day = end + 1;
	}
	return { fromDay, periods };
}
