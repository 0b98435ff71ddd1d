// An account's usage against its own baseline. The recent window is the last 4 weeks; the
// baseline is the same 4 weeks one year earlier when the account has a year of history (so a
// dip that repeats every year is not an alarm), otherwise the 12 weeks before the recent window.
import type { DayNumber } from './types';

export const RECENT_DAYS = 28;
/** 52 weeks, not 365 days, so the year-ago window starts on the same weekday. */
export const YEAR_AGO_DAYS = 364;
export const PREVIOUS_WEEKS_DAYS = 84;

/** Which baseline a trend used: none (too little history), previous 12 weeks, or a year ago. */
export type TrendBasis = 'none' | 'previous-weeks' | 'year-ago';
export const TREND_BASIS_CODES: readonly TrendBasis[] = ['none', 'previous-weeks', 'year-ago'];

export interface UsageTrend {
	/** Events in the recent window ÷ baseline events scaled to 28 days; NaN without a baseline. */
	ratio: number;
	basis: TrendBasis;
	recentEvents: number;
	/** Baseline events scaled to a 28-day window. */
	baselineEvents: number;
}

/** First index in days[lo, hi) whose value is ≥ day. */
export function lowerBound(days: Int32Array, lo: number, hi: number, day: number): number {
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (days[mid] < day) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** First index in days[lo, hi) whose value is > day. */
export function upperBound(days: Int32Array, lo: number, hi: number, day: number): number {
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (days[mid] <= day) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * Sum of events on days first..last, from sorted `days` in [lo, hi) and a prefix sum over the
 * same global positions (`cumulative[k]` = events of positions before k).
 */
export function eventsBetween(
	days: Int32Array,
	cumulative: Float64Array,
	lo: number,
	hi: number,
	first: DayNumber,
	last: DayNumber
): number {
	if (last < first) return 0;
	const a = lowerBound(days, lo, hi, first);
	const b = upperBound(days, a, hi, last);
	return cumulative[b] - cumulative[a];
}

/**
 * Usage trend as of `asOfDay` for one account whose active days sit in days[lo, hi).
 * `historyStartDay` is the account's first known day (signup or first activity).
 */
export function usageTrendAt(
	days: Int32Array,
	cumulative: Float64Array,
	lo: number,
	hi: number,
	historyStartDay: DayNumber,
	asOfDay: DayNumber
): UsageTrend {
	const recentFirst = asOfDay - RECENT_DAYS + 1;
	const recentEvents = eventsBetween(days, cumulative, lo, hi, recentFirst, asOfDay);
	if (historyStartDay <= recentFirst - YEAR_AGO_DAYS) {
		const yearAgo = eventsBetween(
			days,
			cumulative,
			lo,
			hi,
			recentFirst - YEAR_AGO_DAYS,
			asOfDay - YEAR_AGO_DAYS
		);
		// An account silent a year ago has no seasonal reference: fall back to recent weeks.
		if (yearAgo > 0) {
			const ratio = recentEvents / yearAgo;
			return { ratio, basis: 'year-ago', recentEvents, baselineEvents: yearAgo };
		}
	}
	// Only the part of the 12 weeks the account existed counts, so a young account is not compared
	// with weeks before it signed up; fewer than 4 covered weeks is no baseline at all.
	const previousLast = recentFirst - 1;
	const previousFirst = Math.max(recentFirst - PREVIOUS_WEEKS_DAYS, historyStartDay);
	const coveredDays = previousLast - previousFirst + 1;
	if (coveredDays < RECENT_DAYS) {
		return { ratio: NaN, basis: 'none', recentEvents, baselineEvents: NaN };
	}
	const previous = eventsBetween(days, cumulative, lo, hi, previousFirst, previousLast);
	const baselineEvents = (previous * RECENT_DAYS) / coveredDays;
	if (baselineEvents <= 0) return { ratio: NaN, basis: 'none', recentEvents, baselineEvents };
	return {
		ratio: recentEvents / baselineEvents,
		basis: 'previous-weeks',
		recentEvents,
		baselineEvents
	};
}
