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
	const colE = monthColumn(base, endMonth);
	const colS = monthColumn(base, endMonth - windowMonths);
	let accountsAtStart = 0;
	let accountsRetained = 0;
	let start = 0;
	let end = 0;
	let capped = 0;
	if (colE >= 0 && colS >= 0) {
		const mc = base.monthCount;
		for (let a = 0; a < base.ids.length; a++) {
			const s = base.mrr[a * mc + colS];
			if (!(s > 0)) continue;
			const e = Math.max(0, base.mrr[a * mc + colE]);
			accountsAtStart++;
			if (e > 0) accountsRetained++;
			start += s;
			end += e;
			capped += Math.min(s, e);
		}
	}
	return {
		endMonth,
		windowMonths,
		accountsAtStart,
		accountsRetained,
		startMrrMinor: start,
		endMrrMinor: end,
		cappedEndMrrMinor: capped,
		nrr: ratio(end, start),
		grr: ratio(capped, start)
	};
}

/** NRR and GRR for the window of `windowMonths` (1, 3, 12...) ending at `endMonth`. */
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
