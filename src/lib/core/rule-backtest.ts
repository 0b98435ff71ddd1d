// Backtest of a playbook rule: how well would it have warned of past churn?
//
// The rule is evaluated on evaluation days (week ends or month ends), each time with only the
// data known then. A new alert is an evaluation day on which the trigger holds for an account
// and did not on the previous evaluation day. Definitions (docs: metrics "Signals and models"):
// - precision = judged alerts followed by churn within the horizon (0 < churn - alert <= H)
//   / judged alerts; an alert is judged once its whole horizon lies inside the data.
// - recall = churns with a new alert in the H days before (churn - H <= alert < churn) / churns
//   whose whole look-back lies inside the evaluated period.
// - lead time = churn day - first such alert day, median over flagged churns.
import { NULL_INT, type Dataset, type DayNumber, type MonthIndex } from './types';
import { labelOfMonth, lastDayOfMonth, monthIndexOfDay, weekStartOfDay } from './dates';
import {
	conditionsOf,
	ruleIndexOf,
	treeIntervals,
	type IntervalContext,
	type Rule,
	type UnavailableCode
} from './rules';
import { ruleResolver, triggerCanHold } from './playbook';

export type BacktestGrain = 'week' | 'month';

export interface BacktestOptions {
	grain?: BacktestGrain;
	/** First day of the evaluated period (default: the data's first day). */
	fromDay?: DayNumber;
	/** Last day of the evaluated period (default: the data's last day). */
	toDay?: DayNumber;
	/** Days after an alert in which a churn counts as predicted (default 90). */
	horizonDays?: number;
}

export interface BacktestMonth {
	monthIndex: MonthIndex;
	label: string;
	alerts: number;
	alertsJudged: number;
	alertsFollowedByChurn: number;
	churns: number;
	churnsFlagged: number;
}

export type BacktestReason =
	UnavailableCode | 'targets-churned-accounts' | 'no-churn-dates' | 'no-data';
export type BacktestWarning = 'few-alerts' | 'few-churns';

export interface RuleBacktest {
	ruleId: string;
	status: 'ok' | 'unavailable' | 'not-applicable';
	reasons: BacktestReason[];
	grain: BacktestGrain;
	horizonDays: number;
	fromDay: DayNumber | null;
	toDay: DayNumber | null;
	evaluationDays: number;
	alerts: number;
	/** Alerts whose horizon ends inside the data (the precision's denominator). */
	alertsJudged: number;
	alertsFollowedByChurn: number;
	precision: number | null;
	churns: number;
	churnsFlagged: number;
	recall: number | null;
	/** Churns whose look-back saw the trigger holding, even if it was raised earlier. */
	churnsWithOpenAlert: number;
	leadTimeMedianDays: number | null;
	leadTimeCount: number;
	months: BacktestMonth[];
	/** Samples below 30 (alerts judged, churns) are flagged so the UI can warn. */
	warnings: BacktestWarning[];
}

const SMALL_SAMPLE = 30;

/** Evaluation days in [fromDay, toDay]: Sundays (ISO week ends) or month ends. */
export function evaluationDays(
	fromDay: DayNumber,
	toDay: DayNumber,
	grain: BacktestGrain
): DayNumber[] {
	const out: DayNumber[] = [];
	if (grain === 'week') {
		let d = weekStartOfDay(fromDay) + 6;
		for (; d <= toDay; d += 7) if (d >= fromDay) out.push(d);
	} else {
		for (let m = monthIndexOfDay(fromDay); lastDayOfMonth(m) <= toDay; m++) {
			if (lastDayOfMonth(m) >= fromDay) out.push(lastDayOfMonth(m));
		}
	}
	return out;
}

function previousEvaluationDay(first: DayNumber, grain: BacktestGrain): DayNumber {
	return grain === 'week' ? first - 7 : lastDayOfMonth(monthIndexOfDay(first) - 1);
}

/** First position with days[i] >= day. */
function lowerBound(days: number[], day: number): number {
	let lo = 0;
	let hi = days.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (days[mid] < day) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const s = [...values].sort((x, y) => x - y);
	const mid = s.length >> 1;
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Backtests one rule on the dataset's history. The rule index is shared across calls. */
export function ruleBacktest(
	dataset: Dataset,
	rule: Rule,
	options: BacktestOptions = {}
): RuleBacktest {
	const index = ruleIndexOf(dataset);
	const grain = options.grain ?? 'month';
	const horizon = options.horizonDays ?? 90;
	const fromDay = options.fromDay ?? index.dataStartDay;
	const toDay = options.toDay ?? index.dataEndDay;
	const result: RuleBacktest = {
		ruleId: rule.id,
		status: 'ok',
		reasons: [],
		grain,
		horizonDays: horizon,
		fromDay,
		toDay,
		evaluationDays: 0,
		alerts: 0,
		alertsJudged: 0,
		alertsFollowedByChurn: 0,
		precision: null,
		churns: 0,
		churnsFlagged: 0,
		recall: null,
		churnsWithOpenAlert: 0,
		leadTimeMedianDays: null,
		leadTimeCount: 0,
		months: [],
		warnings: []
	};
	if (fromDay === null || toDay === null || index.dataEndDay === null) {
		return { ...result, status: 'unavailable', reasons: ['no-data'] };
	}
	if (conditionsOf(rule.trigger).some((c) => c.kind === 'churned-within')) {
		return { ...result, status: 'not-applicable', reasons: ['targets-churned-accounts'] };
	}
	// Health and risk are given for today only: their history is not known here.
	const { unavailable, forSegment } = ruleResolver(index, rule, undefined, true);
	result.reasons = unavailable.map((u) => u.code);
	if (!triggerCanHold(rule.trigger, new Set(unavailable.map((u) => u.conditionId)))) {
		return { ...result, status: 'unavailable' };
	}
	let anyChurnDay = false;
	for (let a = 0; a < index.accountCount && !anyChurnDay; a++)
		anyChurnDay = index.churnDay[a] !== NULL_INT;
	if (!anyChurnDay)
		return { ...result, status: 'unavailable', reasons: [...result.reasons, 'no-churn-dates'] };

	const evalDays = evaluationDays(fromDay, toDay, grain);
	result.evaluationDays = evalDays.length;
	if (evalDays.length === 0) return result;
	// Position 0 is the evaluation day before the period: a trigger holding then is not new.
	const days = [previousEvaluationDay(evalDays[0], grain), ...evalDays];
	const last = days[days.length - 1];
	const dataEnd = index.dataEndDay;
	const firstMonth = monthIndexOfDay(evalDays[0]);
	const months: BacktestMonth[] = [];
	for (let m = firstMonth; m <= monthIndexOfDay(last); m++) {
		months.push({
			monthIndex: m,
			label: labelOfMonth(m),
			alerts: 0,
			alertsJudged: 0,
			alertsFollowedByChurn: 0,
			churns: 0,
			churnsFlagged: 0
		});
	}
	// Month of each evaluation day, computed once (calendar conversion is the costly part).
	const monthAt = days.map((day) => months[monthIndexOfDay(day) - firstMonth]);
	const leadTimes: number[] = [];
	// Churn days repeat across accounts: convert each calendar day once.
	const monthCache = new Map<number, number>();
	const monthOfDay = (day: number): number => {
		let m = monthCache.get(day);
		if (m === undefined) {
			m = monthIndexOfDay(day);
			monthCache.set(day, m);
		}
		return m;
	};
	const ctx: IntervalContext = { index, signalDay: null };
	const churnFrom = evalDays[0] + horizon;
	for (let a = 0; a < index.accountCount; a++) {
		const intervals = treeIntervals(
			ctx,
			rule.trigger,
			a,
			last,
			forSegment(dataset.accounts[a].segment)
		);
		const churn = index.churnDay[a];
		const countsChurn = churn !== NULL_INT && churn >= churnFrom && churn <= last + 1;
		let firstLead = -1;
		let openBefore = false;
		let runEnd = -2;
		for (let i = 0; i < intervals.length; i += 2) {
			const js = lowerBound(days, intervals[i]);
			const je = lowerBound(days, intervals[i + 1] + 1) - 1;
			if (js > je) continue;
			if (countsChurn && days[je] >= churn - horizon && days[js] <= churn - 1) openBefore = true;
			const isNew = js > 0 && js !== runEnd + 1;
			runEnd = je;
			if (!isNew) continue;
			const day = days[js];
			const month = monthAt[js];
			result.alerts++;
			month.alerts++;
			if (day + horizon <= dataEnd) {
				result.alertsJudged++;
				month.alertsJudged++;
				if (churn !== NULL_INT && churn > day && churn - day <= horizon) {
					result.alertsFollowedByChurn++;
					month.alertsFollowedByChurn++;
				}
			}
			if (countsChurn && firstLead < 0 && day < churn && churn - day <= horizon)
				firstLead = churn - day;
		}
		if (countsChurn) {
			result.churns++;
			const month = months[monthOfDay(churn) - firstMonth];
			if (month) month.churns++;
			if (openBefore) result.churnsWithOpenAlert++;
			if (firstLead >= 0) {
				result.churnsFlagged++;
				if (month) month.churnsFlagged++;
				leadTimes.push(firstLead);
			}
		}
	}
	result.precision =
		result.alertsJudged > 0 ? result.alertsFollowedByChurn / result.alertsJudged : null;
	result.recall = result.churns > 0 ? result.churnsFlagged / result.churns : null;
	result.leadTimeMedianDays = median(leadTimes);
	result.leadTimeCount = leadTimes.length;
	result.months = months;
	if (result.alertsJudged < SMALL_SAMPLE) result.warnings.push('few-alerts');
	if (result.churns < SMALL_SAMPLE) result.warnings.push('few-churns');
	return result;
}

/** Backtests every rule (enabled or not: a person tunes a rule before switching it on). */
export function playbookBacktest(
	dataset: Dataset,
	rules: readonly Rule[],
	options: BacktestOptions = {}
): RuleBacktest[] {
	return rules.map((r) => ruleBacktest(dataset, r, options));
}
