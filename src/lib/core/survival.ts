// Kaplan–Meier survival with Greenwood log-log bands (as lifelines), the log-rank test, and
// durations taken from a dataset (dated subscriptions, or tenure + churned flag of a snapshot).
import { accountFieldValue, customerBase, type MetricSettings } from './customer-base';
import { chiSquarePValue, solveLinear, Z_95 } from './stats';
import { NULL_INT, type Dataset, type DayNumber } from './types';

export interface KaplanMeierCurve {
	n: number;
	eventCount: number;
	/** Distinct observed times (events or censorings), ascending; the curve steps at each. */
	times: number[];
	/** At risk just before each time (durations ≥ t). */
	atRisk: number[];
	/** Events (d_i) and censorings at each time. */
	events: number[];
	censored: number[];
	/** S(t) right after each time. */
	survival: number[];
	/** 95% Greenwood exponential (log-log) band; null where S is 0 or 1 has no width (S=0). */
	lower: (number | null)[];
	upper: (number | null)[];
	/** Smallest t with S(t) <= 0.5, or null when not reached. */
	median: number | null;
	/** Number at risk at each requested time (durations ≥ t). */
	atRiskAt: { time: number; atRisk: number }[];
}

/**
 * Kaplan–Meier estimate. Ties: all events at t_i count in d_i, and censorings at t_i are still
 * at risk at t_i (they leave after it). `events[i]` truthy = churned, falsy = right-censored.
 */
export function kaplanMeier(
	durations: ArrayLike<number>,
	events: ArrayLike<boolean | number>,
	options: { atTimes?: readonly number[] } = {}
): KaplanMeierCurve {
	const n = durations.length;
	// Sort by time once; at equal times the order of events and censorings does not matter
	// because counts are taken per distinct time.
	const order = new Float64Array(n);
	const isEvent = new Uint8Array(n);
	let eventCount = 0;
	for (let i = 0; i < n; i++) {
		order[i] = durations[i];
		if (events[i]) {
			isEvent[i] = 1;
			eventCount++;
		}
	}
	const sortedAll = Float64Array.from(order).sort();
	const sortedEvents = new Float64Array(eventCount);
	for (let i = 0, k = 0; i < n; i++) if (isEvent[i]) sortedEvents[k++] = order[i];
	sortedEvents.sort();

	const times: number[] = [];
	const atRisk: number[] = [];
	const eventsAt: number[] = [];
	const censoredAt: number[] = [];
	const survival: number[] = [];
	const lower: (number | null)[] = [];
	const upper: (number | null)[] = [];
	let s = 1;
	let greenwood = 0;
	let median: number | null = null;
	let i = 0;
	let e = 0;
	while (i < n) {
		const t = sortedAll[i];
		let total = 0;
		while (i < n && sortedAll[i] === t) {
			i++;
			total++;
		}
		let d = 0;
		while (e < eventCount && sortedEvents[e] === t) {
			e++;
			d++;
		}
		const nAtRisk = n - (i - total);
		if (d > 0) {
			s *= 1 - d / nAtRisk;
			greenwood += nAtRisk === d ? Number.POSITIVE_INFINITY : d / (nAtRisk * (nAtRisk - d));
		}
		times.push(t);
		atRisk.push(nAtRisk);
		eventsAt.push(d);
		censoredAt.push(total - d);
		survival.push(s);
		const band = logLogBand(s, greenwood);
		lower.push(band[0]);
		upper.push(band[1]);
		if (median === null && s <= 0.5) median = t;
	}
	const atRiskAt = (options.atTimes ?? []).map((time) => ({
		time,
		atRisk: n - lowerBound(sortedAll, time)
	}));
	return {
		n,
		eventCount,
		times,
		atRisk,
		events: eventsAt,
		censored: censoredAt,
		survival,
		lower,
		upper,
		median,
		atRiskAt
	};
}

/**
 * lifelines' exponential Greenwood band: V = Σ d/(n(n-d)) / (ln S)², and
 * S^exp(±z√V) — i.e. exp(-exp(ln(-ln S) ± z√V)).
 */
function logLogBand(s: number, greenwood: number): [number | null, number | null] {
	if (s >= 1) return [1, 1];
	if (s <= 0 || !Number.isFinite(greenwood)) return [null, null];
	const logS = Math.log(s);
	const sd = Math.sqrt(greenwood / (logS * logS));
	const c = Math.log(-logS);
	return [Math.exp(-Math.exp(c + Z_95 * sd)), Math.exp(-Math.exp(c - Z_95 * sd))];
}

function lowerBound(sorted: Float64Array, value: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid] < value) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** S(t) of a curve at any time (1 before the first step). */
export function survivalAt(curve: KaplanMeierCurve, t: number): number {
	let s = 1;
	for (let i = 0; i < curve.times.length && curve.times[i] <= t; i++) s = curve.survival[i];
	return s;
}

export interface LogRankResult {
	chiSquare: number;
	df: number;
	pValue: number;
	/** Observed and expected events per group, in the groups' order. */
	observed: number[];
	expected: number[];
}

/**
 * Log-rank test of equal survival across groups: at each event time, expected events of group
 * g = d · n_g / n; statistic (O - E)ᵀ V⁻¹ (O - E) on the first k-1 groups, chi-square with k-1 df
 * (hypergeometric variance, as lifelines' multivariate test). Null with fewer than two groups.
 */
export function logRank(
	groups: readonly { durations: ArrayLike<number>; events: ArrayLike<boolean | number> }[]
): LogRankResult | null {
	const k = groups.length;
	if (k < 2) return null;
	// One sorted list of (time, group, event) so every group's at-risk count moves in one pass.
	const total = groups.reduce((sum, g) => sum + g.durations.length, 0);
	const time = new Float64Array(total);
	const group = new Int32Array(total);
	const event = new Uint8Array(total);
	const atRisk = new Float64Array(k);
	let p = 0;
	groups.forEach((g, gi) => {
		for (let i = 0; i < g.durations.length; i++) {
			time[p] = g.durations[i];
			group[p] = gi;
			event[p] = g.events[i] ? 1 : 0;
			p++;
		}
		atRisk[gi] = g.durations.length;
	});
	const idx = Array.from({ length: total }, (_, i) => i).sort((a, b) => time[a] - time[b]);
	const observed = new Array<number>(k).fill(0);
	const expected = new Array<number>(k).fill(0);
	const v = Array.from({ length: k }, () => new Array<number>(k).fill(0));
	const dAt = new Float64Array(k);
	const leaving = new Float64Array(k);
	let i = 0;
	while (i < total) {
		const t = time[idx[i]];
		dAt.fill(0);
		leaving.fill(0);
		while (i < total && time[idx[i]] === t) {
			const j = idx[i];
			leaving[group[j]]++;
			if (event[j]) dAt[group[j]]++;
			i++;
		}
		let d = 0;
		let nAll = 0;
		for (let g = 0; g < k; g++) {
			d += dAt[g];
			nAll += atRisk[g];
		}
		if (d > 0 && nAll > 0) {
			const factor = nAll > 1 ? (d * (nAll - d)) / (nAll * nAll * (nAll - 1)) : 0;
			for (let g = 0; g < k; g++) {
				observed[g] += dAt[g];
				expected[g] += (d * atRisk[g]) / nAll;
				for (let h = 0; h < k; h++) {
					v[g][h] += factor * atRisk[g] * ((g === h ? nAll : 0) - atRisk[h]);
				}
			}
		}
		for (let g = 0; g < k; g++) atRisk[g] -= leaving[g];
	}
	const diff = observed.slice(0, k - 1).map((o, g) => o - expected[g]);
	const sub = v.slice(0, k - 1).map((row) => row.slice(0, k - 1));
	const solved = solveLinear(sub, diff);
	const chiSquare = solved ? solved.reduce((sum, x, g) => sum + x * diff[g], 0) : 0;
	return { chiSquare, df: k - 1, pValue: chiSquarePValue(chiSquare, k - 1), observed, expected };
}

export type DurationUnit = 'day' | 'month';
/** Average Gregorian month in days, to turn day durations into months. */
export const DAYS_PER_MONTH = 30.436875;

export interface SurvivalData {
	/** 'dates': first paid day to first churn; 'tenure': tenureMonths + churned flag. */
	source: 'dates' | 'tenure';
	unit: DurationUnit;
	accountIndexes: number[];
	durations: Float64Array;
	events: Uint8Array;
	/** Accounts in the dataset that could not be placed (no first paid day, no tenure). */
	excluded: number;
}

/**
 * Durations per account. With dates: first paid day to the first churn (the day after the
 * first spell's last day of service), right-censored at asOfDay for accounts still paying.
 * Without dates (snapshot exports): tenureMonths and the churned flag, in months.
 */
export function survivalData(
	dataset: Dataset,
	options: {
		source?: 'auto' | 'dates' | 'tenure';
		unit?: DurationUnit;
		settings?: MetricSettings;
	} = {}
): SurvivalData {
	const base = customerBase(dataset, options.settings);
	let source = options.source ?? 'auto';
	if (source === 'auto') {
		let dated = 0;
		for (let a = 0; a < base.ids.length; a++) if (base.firstPaidDay[a] !== NULL_INT) dated++;
		source = dated > 0 ? 'dates' : 'tenure';
	}
	const accountIndexes: number[] = [];
	const durations: number[] = [];
	const events: number[] = [];
	let excluded = 0;
	if (source === 'dates') {
		const unit = options.unit ?? 'day';
		const asOf: DayNumber = base.asOfDay;
		for (let a = 0; a < base.ids.length; a++) {
			const first = base.firstPaidDay[a];
			if (first === NULL_INT) {
				excluded++;
				continue;
			}
			const end = base.spellEnd[base.spellOffset[a]];
			const churned = end !== NULL_INT && end < asOf;
			const days = (churned ? end + 1 : asOf) - first;
			accountIndexes.push(a);
			durations.push(unit === 'day' ? days : Math.floor(days / DAYS_PER_MONTH));
			events.push(churned ? 1 : 0);
		}
		return {
			source,
			unit,
			accountIndexes,
			durations: Float64Array.from(durations),
			events: Uint8Array.from(events),
			excluded
		};
	}
	for (let a = 0; a < base.ids.length; a++) {
		const acc = base.accounts[a];
		const tenure = acc?.tenureMonths ?? null;
		const churned = acc?.churned ?? null;
		if (tenure === null || !Number.isFinite(tenure) || tenure < 0 || churned === null) {
			excluded++;
			continue;
		}
		accountIndexes.push(a);
		durations.push(tenure);
		events.push(churned ? 1 : 0);
	}
	return {
		source,
		unit: 'month',
		accountIndexes,
		durations: Float64Array.from(durations),
		events: Uint8Array.from(events),
		excluded
	};
}

export interface SurvivalSplit {
	source: 'dates' | 'tenure';
	unit: DurationUnit;
	groups: { segment: string | null; curve: KaplanMeierCurve }[];
	/** Log-rank across the groups; null with one group. */
	logRank: LogRankResult | null;
	excluded: number;
}

/** Kaplan–Meier overall or per value of `segmentBy` (field or attribute), with a log-rank test. */
export function survivalBySegment(
	dataset: Dataset,
	options: {
		segmentBy?: string;
		source?: 'auto' | 'dates' | 'tenure';
		unit?: DurationUnit;
		atTimes?: readonly number[];
		settings?: MetricSettings;
	} = {}
): SurvivalSplit {
	const data = survivalData(dataset, options);
	const base = customerBase(dataset, options.settings);
	const byKey = new Map<string | null, number[]>();
	for (let i = 0; i < data.accountIndexes.length; i++) {
		const key = options.segmentBy
			? accountFieldValue(base.accounts[data.accountIndexes[i]], options.segmentBy)
			: null;
		const list = byKey.get(key);
		if (list) list.push(i);
		else byKey.set(key, [i]);
	}
	const parts = [...byKey.entries()]
		.sort((x, y) => y[1].length - x[1].length || String(x[0]).localeCompare(String(y[0])))
		.map(([segment, rows]) => ({
			segment,
			durations: Float64Array.from(rows, (r) => data.durations[r]),
			events: Uint8Array.from(rows, (r) => data.events[r])
		}));
	return {
		source: data.source,
		unit: data.unit,
		groups: parts.map((p) => ({
			segment: p.segment,
			curve: kaplanMeier(p.durations, p.events, { atTimes: options.atTimes })
		})),
		logRank: parts.length > 1 ? logRank(parts) : null,
		excluded: data.excluded
	};
}
