// Net and gross revenue retention over a window of months, per account (docs/METRICS.md).
import { customerBase, monthColumn, type CustomerBase, type MetricSettings } from './customer-base';
import { ratio, type Ratio } from './stats';
import type { Dataset, MonthIndex } from './types';

export interface RevenueRetention {
	/** The window ends at this month's snapshot and starts at the snapshot `windowMonths` before. */
	endMonth: MonthIndex;
	windowMonths: number;
	/** Accounts paying at the window's start (the only ones counted). */
	accountsAtStart: number;
	/** Of those, still paying at the end. */
	accountsRetained: number;
	startMrrMinor: number;
	/** Their MRR at the end (new business and reactivations of others excluded). */
	endMrrMinor: number;
	/** Σ min(end, start) per account. */
	cappedEndMrrMinor: number;
	nrr: Ratio;
	grr: Ratio;
}

export function revenueRetentionOfBase(
	base: CustomerBase,
	endMonth: MonthIndex,
	windowMonths: number
): RevenueRetention {
	return revenueRetentionsOfBase(base, [{ endMonth, windowMonths }])[0];
}

/**
 * Several windows in one pass over the accounts: each account's month row is read once for all
 * of them (the overview asks for six; a pass per window read the whole MRR grid six times).
 */
export function revenueRetentionsOfBase(
	base: CustomerBase,
	windows: readonly { endMonth: MonthIndex; windowMonths: number }[]
): RevenueRetention[] {
	const sums = windows.map((w) => ({
		...w,
		colE: monthColumn(base, w.endMonth),
		colS: monthColumn(base, w.endMonth - w.windowMonths),
		accountsAtStart: 0,
		accountsRetained: 0,
		start: 0,
		end: 0,
		capped: 0
	}));
	const todo = sums.filter((w) => w.colE >= 0 && w.colS >= 0);
	const mc = base.monthCount;
	const mrr = base.mrr;
	for (let a = 0; a < base.ids.length; a++) {
		const row = a * mc;
		for (let t = 0; t < todo.length; t++) {
			const w = todo[t];
			const s = mrr[row + w.colS];
			if (!(s > 0)) continue;
			const e = Math.max(0, mrr[row + w.colE]);
			w.accountsAtStart++;
			if (e > 0) w.accountsRetained++;
			w.start += s;
			w.end += e;
			w.capped += Math.min(s, e);
		}
	}
	return sums.map((w) => ({
		endMonth: w.endMonth,
		windowMonths: w.windowMonths,
		accountsAtStart: w.accountsAtStart,
		accountsRetained: w.accountsRetained,
		startMrrMinor: w.start,
		endMrrMinor: w.end,
		cappedEndMrrMinor: w.capped,
		nrr: ratio(w.end, w.start),
		grr: ratio(w.capped, w.start)
	}));
}

export function revenueRetention(
	dataset: Dataset,
	options: { endMonth: MonthIndex; windowMonths: number; settings?: MetricSettings }
): RevenueRetention {
	return revenueRetentionOfBase(
		customerBase(dataset, options.settings),
		options.endMonth,
		options.windowMonths
	);
}
