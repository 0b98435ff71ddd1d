// Engagement as active days per account per ISO week (a day is active when the account has a
// row of the chosen metric with count > 0), and how it differed for accounts that churned later.
import { customerBase, latestDayOf, type MetricSettings } from './customer-base';
import { isoFromDay } from './dates';
import { median } from './stats';
import { ALL_EVENTS_METRIC, NULL_INT, type Dataset, type DayNumber } from './types';

export interface EngagementOptions {
	/** Activity metric; '*' (default) = any metric. */
	metric?: string;
	/** Whole ISO weeks from the week holding fromDay to the week holding toDay. */
	fromDay: DayNumber;
	toDay: DayNumber;
}

export interface WeeklyActiveDays {
	weekStarts: DayNumber[];
	/** Activity account ids, in the table's order. */
	accountIds: string[];
	/** accountIds.length × weeks: active days 0..7. */
	days: Uint8Array;
}

/**
 * Code of a metric in the activity table; for '*', the stored all-events rollup when present
 * (one row per account-day), else -2 meaning "any metric". -1 when the metric is absent.
 */
export function activityMetricCode(metrics: readonly string[], metric: string): number {
	const code = metrics.indexOf(metric);
	return code >= 0 ? code : metric === ALL_EVENTS_METRIC ? -2 : -1;
}

function weekIndex(day: number): number {
	return Math.floor((day + 3) / 7);
}

/** Active days per account per week (the building block; not display-sized). */
export function weeklyActiveDays(dataset: Dataset, options: EngagementOptions): WeeklyActiveDays {
	const act = dataset.activity;
	const w0 = weekIndex(options.fromDay);
	const w1 = weekIndex(options.toDay);
	const weeks = Math.max(0, w1 - w0 + 1);
	const metric = options.metric ?? '*';
	const code = activityMetricCode(act.metrics, metric);
	const days = new Uint8Array(act.accountIds.length * weeks);
	// Rows are one per account, day and metric: with '*' meaning "any", several metrics of the
	// same day must count once, so remember the last day seen per account.
	const lastDay = new Int32Array(act.accountIds.length).fill(NULL_INT);
	const lastSeen = new Map<number, Set<number>>();
	const firstDay = w0 * 7 - 3;
	const lastDayOfRange = w1 * 7 + 3;
	if (code !== -1) {
		for (let i = 0; i < act.length; i++) {
			const d = act.day[i];
			if (d < firstDay || d > lastDayOfRange || !(act.count[i] > 0)) continue;
			if (code !== -2 && act.metric[i] !== code) continue;
			const a = act.account[i];
			if (lastDay[a] === d) continue;
			if (code === -2) {
				// Rows are not guaranteed sorted: keep a per-account set only when needed.
				let seen = lastSeen.get(a);
				if (!seen) {
					seen = new Set();
					lastSeen.set(a, seen);
				}
				if (seen.has(d)) continue;
				seen.add(d);
			}
			lastDay[a] = d;
			days[a * weeks + weekIndex(d) - w0]++;
		}
	}
	const weekStarts: DayNumber[] = [];
	for (let w = w0; w <= w1; w++) weekStarts.push(w * 7 - 3);
	return { weekStarts, accountIds: act.accountIds, days };
}

export interface ActiveDaysDistribution {
	/** Account-weeks with 0, 1, ..., 7 active days. */
	histogram: number[];
	accountWeeks: number;
	mean: number | null;
}

export interface EngagementSummary {
	weeks: {
		weekStart: DayNumber;
		label: string;
		activeAccounts: number;
		meanActiveDays: number | null;
	}[];
	distribution: ActiveDaysDistribution;
	accounts: number;
}

function distributionOf(values: ArrayLike<number>): ActiveDaysDistribution {
	const histogram = new Array<number>(8).fill(0);
	let sum = 0;
	for (let i = 0; i < values.length; i++) {
		histogram[values[i]]++;
		sum += values[i];
	}
	return {
		histogram,
		accountWeeks: values.length,
		mean: values.length ? sum / values.length : null
	};
}

/**
 * Per week: accounts with any active day and their mean active days; and the distribution of
 * active days over account-weeks, counting only accounts active at least once in the range.
 */
export function engagementSummary(dataset: Dataset, options: EngagementOptions): EngagementSummary {
	const w = weeklyActiveDays(dataset, options);
	const nWeeks = w.weekStarts.length;
	const values: number[] = [];
	const perWeek = w.weekStarts.map((weekStart) => ({
		weekStart,
		label: isoFromDay(weekStart),
		activeAccounts: 0,
		sum: 0
	}));
	let accounts = 0;
	for (let a = 0; a < w.accountIds.length; a++) {
		let any = false;
		for (let k = 0; k < nWeeks; k++) if (w.days[a * nWeeks + k] > 0) any = true;
		if (!any) continue;
		accounts++;
		for (let k = 0; k < nWeeks; k++) {
			const v = w.days[a * nWeeks + k];
			values.push(v);
			if (v > 0) {
				perWeek[k].activeAccounts++;
				perWeek[k].sum += v;
			}
		}
	}
	return {
		weeks: perWeek.map((p) => ({
			weekStart: p.weekStart,
			label: p.label,
			activeAccounts: p.activeAccounts,
			meanActiveDays: p.activeAccounts ? p.sum / p.activeAccounts : null
		})),
		distribution: distributionOf(values),
		accounts
	};
}

export interface EngagementGroup {
	accounts: number;
	/** Mean over accounts of their mean weekly active days in the window. */
	meanActiveDaysPerWeek: number | null;
	medianActiveDaysPerWeek: number | null;
	distribution: ActiveDaysDistribution;
}

export interface ChurnEngagementComparison {
	windowWeeks: number;
	horizonDays: number;
	windowEndDay: DayNumber;
	churnedLater: EngagementGroup;
	stayed: EngagementGroup;
	/** Customers at windowEndDay whose outcome is not yet known (horizon past asOfDay). */
	undecided: number;
}

/**
 * Active days per week in the `windowWeeks` weeks ending at windowEndDay, for customers at
 * windowEndDay that churned within `horizonDays` after it versus those still customers then.
 * Only data up to windowEndDay feeds the engagement figure.
 */
export function churnEngagementComparison(
	dataset: Dataset,
	options: {
		windowEndDay: DayNumber;
		windowWeeks?: number;
		horizonDays?: number;
		metric?: string;
		settings?: MetricSettings;
	}
): ChurnEngagementComparison {
	const windowWeeks = options.windowWeeks ?? 8;
	const horizonDays = options.horizonDays ?? 90;
	const end = options.windowEndDay;
	const base = customerBase(dataset, options.settings);
	const asOf = base.asOfDay ?? latestDayOf(dataset);
	const w = weeklyActiveDays(dataset, {
		metric: options.metric,
		fromDay: end - windowWeeks * 7 + 1,
		toDay: end
	});
	const nWeeks = w.weekStarts.length;
	const actIndex = new Map<string, number>();
	w.accountIds.forEach((id, i) => actIndex.set(id, i));
	const groups = { churned: [] as number[][], stayed: [] as number[][] };
	let undecided = 0;
	for (let a = 0; a < base.ids.length; a++) {
		// Customer on windowEndDay: inside a spell that covers it.
		let spell = -1;
		for (let k = base.spellOffset[a]; k < base.spellOffset[a + 1]; k++) {
			const e = base.spellEnd[k];
			if (base.spellStart[k] <= end && (e === NULL_INT || e >= end)) spell = k;
		}
		if (spell < 0) continue;
		const e = base.spellEnd[spell];
		const churned = e !== NULL_INT && e + 1 <= end + horizonDays && e < asOf;
		if (!churned && end + horizonDays > asOf) {
			undecided++;
			continue;
		}
		const ai = actIndex.get(base.ids[a]);
		const weeks: number[] = [];
		for (let k = 0; k < nWeeks; k++) weeks.push(ai === undefined ? 0 : w.days[ai * nWeeks + k]);
		(churned ? groups.churned : groups.stayed).push(weeks);
	}
	const summarize = (list: number[][]): EngagementGroup => {
		const means = list.map((weeks) => weeks.reduce((s, v) => s + v, 0) / Math.max(1, weeks.length));
		return {
			accounts: list.length,
			meanActiveDaysPerWeek: means.length ? means.reduce((s, v) => s + v, 0) / means.length : null,
			medianActiveDaysPerWeek: median(means),
			distribution: distributionOf(list.flat())
		};
	};
	return {
		windowWeeks,
		horizonDays,
		windowEndDay: end,
		churnedLater: summarize(groups.churned),
		stayed: summarize(groups.stayed),
		undecided
	};
}
