// Would a signal have warned us? Replays the health bands (red = flag) or the model's risk
// (risk ≥ threshold = flag) over the last year, using only data known on each evaluation day,
// and counts: churns flagged at least `minLeadDays` before (recall), the median lead time, and
// alerts followed by churn within the horizon (precision), overall and per segment.
import {
	accountFeaturesAt,
	isAccountActiveAt,
	scoringTable,
	trainingSet,
	type FeatureIndex
} from './features';
import {
	DEFAULT_HEALTH_SETTINGS,
	bandOf,
	bandThresholdsFor,
	healthScoreAt,
	healthScratch,
	type HealthSettings
} from './health';
import { fitLogistic, labelledRows, predictRisk, type LogisticOptions } from './model';
import { NULL_INT, type Dataset, type DayNumber } from './types';

/** Evaluations of a signal, sorted by account, then day. */
export interface SignalEvaluations {
	account: Int32Array;
	day: Int32Array;
	flagged: Uint8Array;
}

export interface BacktestWindow {
	/** First and last day alerts and churns are counted on. */
	windowStart: DayNumber;
	windowEnd: DayNumber;
	/** An alert is right when churn follows within this many days. Default 90. */
	horizonDays: number;
	/** A churn counts as caught when flagged at least this many days before. Default 30. */
	minLeadDays: number;
}

export interface BacktestCounts {
	/** Accounts that churned in the window. */
	churns: number;
	/** Of them, flagged between horizonDays and minLeadDays before churning. */
	caught: number;
	recall: number;
	/** Median days from the first flag within the horizon to churn, over caught churns. */
	medianLeadDays: number | null;
	/** Alerts raised in the window (an account entering the flagged state). */
	alerts: number;
	/** Alerts whose horizon ends after the window: outcome not known yet, not in precision. */
	pendingAlerts: number;
	/** Alerts followed by churn within the horizon. */
	alertsFollowedByChurn: number;
	/** alertsFollowedByChurn ÷ (alerts - pendingAlerts). */
	precision: number;
}

export interface SignalBacktest extends BacktestWindow {
	overall: BacktestCounts;
	bySegment: { segment: string | null; counts: BacktestCounts }[];
}

interface Tally {
	churns: number;
	caught: number;
	leads: number[];
	alerts: number;
	pending: number;
	followed: number;
}

function emptyTally(): Tally {
	return { churns: 0, caught: 0, leads: [], alerts: 0, pending: 0, followed: 0 };
}

function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function countsOf(t: Tally): BacktestCounts {
	const resolved = t.alerts - t.pending;
	return {
		churns: t.churns,
		caught: t.caught,
		recall: t.churns > 0 ? t.caught / t.churns : NaN,
		medianLeadDays: median(t.leads),
		alerts: t.alerts,
		pendingAlerts: t.pending,
		alertsFollowedByChurn: t.followed,
		precision: resolved > 0 ? t.followed / resolved : NaN
	};
}

/**
 * Backtest of any signal. `churnDay` per account (NULL_INT when none); `segment` codes into
 * `segmentLevels` (-1 = none). Evaluations should start `horizonDays` before the window so a
 * churn early in the window can have been flagged.
 */
export function signalBacktest(
	evaluations: SignalEvaluations,
	churnDay: Int32Array,
	segment: Int32Array,
	segmentLevels: string[],
	window: BacktestWindow
): SignalBacktest {
	const { windowStart, windowEnd, horizonDays, minLeadDays } = window;
	const overall = emptyTally();
	const bySegment = new Map<number, Tally>();
	const tallyOf = (a: number): Tally => {
		let t = bySegment.get(segment[a]);
		if (!t) bySegment.set(segment[a], (t = emptyTally()));
		return t;
	};
	const n = evaluations.account.length;
	const firstFlagBeforeChurn = new Int32Array(churnDay.length).fill(NULL_INT);
	for (let i = 0; i < n; i++) {
		const a = evaluations.account[i];
		const day = evaluations.day[i];
		if (evaluations.flagged[i] !== 1) continue;
		const churn = churnDay[a];
		// The first flag within the horizon before the churn sets the lead time.
		if (churn !== NULL_INT && day < churn && day >= churn - horizonDays) {
			if (firstFlagBeforeChurn[a] === NULL_INT) firstFlagBeforeChurn[a] = day;
		}
		const isOnset = i === 0 || evaluations.account[i - 1] !== a || evaluations.flagged[i - 1] !== 1;
		if (!isOnset || day < windowStart || day > windowEnd) continue;
		for (const t of [overall, tallyOf(a)]) {
			t.alerts++;
			if (churn !== NULL_INT && churn > day && churn <= day + horizonDays) t.followed++;
			else if (day + horizonDays > windowEnd) t.pending++;
		}
	}
	// An alert whose churn is already known is never pending; one with no churn yet is pending
	// until its horizon has passed. Churns in the window:
	for (let a = 0; a < churnDay.length; a++) {
		const churn = churnDay[a];
		if (churn === NULL_INT || churn < windowStart || churn > windowEnd) continue;
		const first = firstFlagBeforeChurn[a];
		const caught = first !== NULL_INT && churn - first >= minLeadDays;
		for (const t of [overall, tallyOf(a)]) {
			t.churns++;
			if (caught) {
				t.caught++;
				t.leads.push(churn - first);
			}
		}
	}
	return {
		...window,
		overall: countsOf(overall),
		bySegment: [...bySegment.entries()]
			.sort((x, y) => x[0] - y[0])
			.map(([code, t]) => ({
				segment: code >= 0 ? segmentLevels[code] : null,
				counts: countsOf(t)
			}))
	};
}

export interface BacktestOptions {
	/** Days of history replayed, ending on the data's end. Default 365. */
	windowDays?: number;
	horizonDays?: number;
	minLeadDays?: number;
	/** Days between evaluations. Default 7. */
	cadenceDays?: number;
}

function windowOf(
	index: FeatureIndex,
	options: BacktestOptions
): BacktestWindow & { cadence: number } {
	const windowEnd = index.dataEndDay;
	return {
		windowStart: windowEnd - (options.windowDays ?? 365) + 1,
		windowEnd,
		horizonDays: options.horizonDays ?? 90,
		minLeadDays: options.minLeadDays ?? 30,
		cadence: options.cadenceDays ?? 7
	};
}

/** Days every `cadence` days, ending on windowEnd, from horizonDays before the window start. */
function evaluationDays(w: BacktestWindow & { cadence: number }): DayNumber[] {
	const days: DayNumber[] = [];
	for (let d = w.windowEnd; d >= w.windowStart - w.horizonDays; d -= w.cadence) days.push(d);
	return days.reverse();
}

function collect(
	accountCount: number,
	days: DayNumber[],
	flagOf: (dayIndex: number, account: number) => number
): SignalEvaluations {
	const account: number[] = [];
	const day: number[] = [];
	const flagged: number[] = [];
	for (let a = 0; a < accountCount; a++) {
		for (let k = 0; k < days.length; k++) {
			const f = flagOf(k, a);
			if (f < 0) continue; // not active that day
			account.push(a);
			day.push(days[k]);
			flagged.push(f);
		}
	}
	return {
		account: Int32Array.from(account),
		day: Int32Array.from(day),
		flagged: Uint8Array.from(flagged)
	};
}

/** Backtest of the health bands: a flag is a red band on an evaluation day. */
export function healthBacktest(
	dataset: Dataset,
	index: FeatureIndex,
	settings: HealthSettings = DEFAULT_HEALTH_SETTINGS,
	options: BacktestOptions = {}
): SignalBacktest {
	void dataset;
	const w = windowOf(index, options);
	const days = evaluationDays(w);
	const scratch = healthScratch(index);
	const evaluations = collect(index.accountCount, days, (k, a) => {
		const score = healthScoreAt(index, a, days[k], settings, scratch);
		if (Number.isNaN(score)) return isAccountActiveAt(index, a, days[k]) ? 0 : -1;
		const code = index.accountSegment[a];
		const thresholds = bandThresholdsFor(settings, code >= 0 ? index.segmentLevels[code] : null);
		return bandOf(score, thresholds) === 'red' ? 1 : 0;
	});
	const { cadence, ...window } = w;
	void cadence;
	const { churnDay, accountSegment, segmentLevels } = index;
	return signalBacktest(evaluations, churnDay, accountSegment, segmentLevels, window);
}

export interface ModelBacktestOptions extends BacktestOptions {
	model?: LogisticOptions;
	/** Flag when risk ≥ this; default: the risk that flags the top 10% of training rows. */
	threshold?: number;
}

export type ModelBacktest =
	| (SignalBacktest & { ok: true; threshold: number; trainRows: number; trainPositives: number })
	| { ok: false; code: 'not-enough-history'; trainRows: number; trainPositives: number };

/**
 * Backtest of the churn model as it would have been trained at the window's start (only rows
 * whose label was known by then), then scored on each evaluation day.
 */
export function modelBacktest(
	dataset: Dataset,
	index: FeatureIndex,
	options: ModelBacktestOptions = {}
): ModelBacktest {
	const w = windowOf(index, options);
	const { table } = trainingSet(dataset, index, {
		horizonDays: w.horizonDays,
		lastDay: w.windowStart - w.horizonDays
	});
	const rows = labelledRows(table);
	let trainPositives = 0;
	for (const r of rows) trainPositives += table.label[r];
	if (trainPositives < 2 || rows.length - trainPositives < 2) {
		return { ok: false, code: 'not-enough-history', trainRows: rows.length, trainPositives };
	}
	const model = fitLogistic(table, rows, options.model);
	let threshold = options.threshold;
	if (threshold === undefined) {
		const risks = predictRisk(model, table, rows).sort();
		threshold = risks[Math.min(risks.length - 1, Math.floor(risks.length * 0.9))];
	}
	const days = evaluationDays(w);
	const flags: Int8Array[] = days.map((day) => {
		const frame = accountFeaturesAt(dataset, index, day);
		const scoring = scoringTable(frame);
		const risk = predictRisk(model, scoring);
		const out = new Int8Array(index.accountCount).fill(-1);
		scoring.account.forEach((a, i) => (out[a] = risk[i] >= (threshold as number) ? 1 : 0));
		return out;
	});
	const evaluations = collect(index.accountCount, days, (k, a) => flags[k][a]);
	const { cadence, ...window } = w;
	void cadence;
	return {
		ok: true,
		threshold,
		trainRows: rows.length,
		trainPositives,
		...signalBacktest(
			evaluations,
			index.churnDay,
			index.accountSegment,
			index.segmentLevels,
			window
		)
	};
}
