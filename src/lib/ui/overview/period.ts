// The overview's period picker as pure data: a month, a quarter or a custom range of months,
// turned into the first and last month the worker computes for. Months are month indexes.
import { labelOfMonth } from '../../core/dates';
import type { MonthIndex } from '../../core/types';

export type PeriodChoice =
	| { kind: 'month'; month: MonthIndex }
	| { kind: 'quarter'; startMonth: MonthIndex }
	| { kind: 'range'; startMonth: MonthIndex; endMonth: MonthIndex };

export interface MonthSpan {
	startMonth: MonthIndex;
	endMonth: MonthIndex;
}

/** The first month of the calendar quarter holding `month`. */
export function quarterStartOf(month: MonthIndex): MonthIndex {
	return month - (((month % 3) + 3) % 3);
}

/** The months a choice covers; a reversed range is put in order. */
export function periodSpan(choice: PeriodChoice): MonthSpan {
	switch (choice.kind) {
		case 'month':
			return { startMonth: choice.month, endMonth: choice.month };
		case 'quarter':
			return { startMonth: choice.startMonth, endMonth: choice.startMonth + 2 };
		case 'range':
			return {
				startMonth: Math.min(choice.startMonth, choice.endMonth),
				endMonth: Math.max(choice.startMonth, choice.endMonth)
			};
	}
}

/** The same length of time just before (what every card compares with). */
export function previousSpan(span: MonthSpan): MonthSpan {
	const length = span.endMonth - span.startMonth + 1;
	return { startMonth: span.startMonth - length, endMonth: span.startMonth - 1 };
}

/**
 * A choice of another kind, kept as close as possible to the current one: switching to
 * quarter picks the latest complete quarter not after the current end, or the current one.
 */
export function choiceOfKind(
	kind: PeriodChoice['kind'],
	current: PeriodChoice,
	latestComplete: MonthIndex
): PeriodChoice {
	const span = periodSpan(current);
	const end = Math.min(span.endMonth, latestComplete);
	if (kind === 'month') return { kind, month: end };
	if (kind === 'quarter') {
		const q = quarterStartOf(end);
		// The quarter is complete when its last month is; else the one before.
		return { kind, startMonth: q + 2 <= latestComplete ? q : q - 3 };
	}
	return { kind, startMonth: span.startMonth, endMonth: span.endMonth };
}

/** Months from `firstMonth` to `lastMonth`, newest first, for a select. */
export function monthOptions(
	firstMonth: MonthIndex,
	lastMonth: MonthIndex
): { month: MonthIndex; label: string }[] {
	const out: { month: MonthIndex; label: string }[] = [];
	for (let m = lastMonth; m >= firstMonth; m--) out.push({ month: m, label: labelOfMonth(m) });
	return out;
}

/** `YYYY-Qn` of a quarter's first month. */
export function quarterLabel(startMonth: MonthIndex): string {
	const year = 1970 + Math.floor(startMonth / 12);
	return `${year}-Q${Math.floor((((startMonth % 12) + 12) % 12) / 3) + 1}`;
}

/** Quarters overlapping firstMonth..lastMonth, newest first. */
export function quarterOptions(
	firstMonth: MonthIndex,
	lastMonth: MonthIndex
): { startMonth: MonthIndex; label: string }[] {
	const out: { startMonth: MonthIndex; label: string }[] = [];
	for (let q = quarterStartOf(lastMonth); q + 2 >= firstMonth; q -= 3) {
		out.push({ startMonth: q, label: quarterLabel(q) });
	}
	return out;
}

/** `2026-10`, `2026-Q4` or `2026-01 – 2026-06`, as the cards' heading. */
export function spanLabel(span: MonthSpan): string {
	if (span.startMonth === span.endMonth) return labelOfMonth(span.startMonth);
	if (
		span.endMonth === span.startMonth + 2 &&
		quarterStartOf(span.startMonth) === span.startMonth
	) {
		return quarterLabel(span.startMonth);
	}
	return `${labelOfMonth(span.startMonth)} – ${labelOfMonth(span.endMonth)}`;
}
