// Playbook rules: the persisted rule model, and when each condition holds for an account.
//
// Every condition is turned, per account, into the day intervals on which it holds, computed
// causally (holding on day d uses only data dated on or before d). AND/OR become intersection
// and union of intervals. One representation serves today's alerts (the run containing today
// gives the day the alert was raised) and the backtest (runs sampled at evaluation days), so a
// threshold change only re-runs cheap interval scans over an index built once per dataset.
import { NULL_INT, ALL_EVENTS_METRIC, type Dataset, type DayNumber } from './types';

// ---------------------------------------------------------------------------------------------
// The rule model. Plain JSON: stored as rows in IndexedDB (`rules`). Persisted field names and
// condition kinds: do not rename without a migration.

export const CONDITION_KINDS = [
	'inactive',
	'usage-drop',
	'health-below',
	'risk-above',
	'nps-at-most',
	'tickets-in-window',
	'ticket-unresolved',
	'onboarding-missed',
	'payment-unrecovered',
	'no-expansion',
	'churned-within'
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** No event (of `metric`, or of any metric when null) for `days` days or more. */
export interface InactiveCondition {
	kind: 'inactive';
	id: string;
	days: number;
	metric: string | null;
	/** When `metric` is absent from the dataset, use all events instead of being unavailable. */
	fallbackToAllEvents: boolean;
}
/** Weekly average of the last 4 weeks is more than `percent`% below that of the previous 12. */
export interface UsageDropCondition {
	kind: 'usage-drop';
	id: string;
	percent: number;
	metric: string | null;
}
/** Health score below `score` (when not null) or health band one of `bands`. */
export interface HealthBelowCondition {
	kind: 'health-below';
	id: string;
	score: number | null;
	bands: string[];
}
/** Churn risk (0..1) above `risk`. */
export interface RiskAboveCondition {
	kind: 'risk-above';
	id: string;
	risk: number;
}
/** Latest NPS score at most `score` (and not older than `maxAgeDays` when set). */
export interface NpsAtMostCondition {
	kind: 'nps-at-most';
	id: string;
	score: number;
	maxAgeDays: number | null;
}
/** `count` or more tickets opened in the `days` days ending on the day evaluated. */
export interface TicketsInWindowCondition {
	kind: 'tickets-in-window';
	id: string;
	count: number;
	days: number;
}
/** A ticket open for more than `days` days (age = day - openedDay; resolved on its day). */
export interface TicketUnresolvedCondition {
	kind: 'ticket-unresolved';
	id: string;
	days: number;
}
/**
 * An onboarding milestone not reached by `days` days after signup. Milestone: the metric named,
 * or when null every activity metric whose name starts with `onboarding_` (all must be reached).
 */
export interface OnboardingMissedCondition {
	kind: 'onboarding-missed';
	id: string;
	days: number;
	metric: string | null;
}
/** A failed payment with no paid payment on or after its day within `days` days. */
export interface PaymentUnrecoveredCondition {
	kind: 'payment-unrecovered';
	id: string;
	days: number;
}
/** Paying, with no MRR increase for `days` days (two quarters = 182): silent churn. */
export interface NoExpansionCondition {
	kind: 'no-expansion';
	id: string;
	days: number;
}
/** Churned `days` days ago or less, and not back (win-back). */
export interface ChurnedWithinCondition {
	kind: 'churned-within';
	id: string;
	days: number;
}

export type Condition =
	| InactiveCondition
	| UsageDropCondition
	| HealthBelowCondition
	| RiskAboveCondition
	| NpsAtMostCondition
	| TicketsInWindowCondition
	| TicketUnresolvedCondition
	| OnboardingMissedCondition
	| PaymentUnrecoveredCondition
	| NoExpansionCondition
	| ChurnedWithinCondition;

export interface ConditionGroup {
	op: 'and' | 'or';
	children: ConditionNode[];
}
export type ConditionNode = Condition | ConditionGroup;

export type RuleName = { kind: 'code'; code: string } | { kind: 'text'; text: string };
export type RuleOwner = { kind: 'role'; role: string } | { kind: 'person'; person: string };

export interface Rule {
	id: string;
	name: RuleName;
	enabled: boolean;
	trigger: ConditionNode;
	/** `code` names the action for the UI; `text` is what the person wrote, if anything. */
	action: { code: string; text: string | null };
	owner: RuleOwner;
	successMetric: string;
	/**
	 * The defaults are the numbers in the trigger's conditions; a segment overrides some of them:
	 * bySegment[segment][conditionId][param] = number (only numeric params, see THRESHOLD_PARAMS).
	 */
	thresholds: { bySegment: Record<string, Record<string, Record<string, number>>> };
}

/** The numeric params of each kind: what a segment may override, what the UI edits. */
export const THRESHOLD_PARAMS: Record<ConditionKind, readonly string[]> = {
	inactive: ['days'],
	'usage-drop': ['percent'],
	'health-below': ['score'],
	'risk-above': ['risk'],
	'nps-at-most': ['score', 'maxAgeDays'],
	'tickets-in-window': ['count', 'days'],
	'ticket-unresolved': ['days'],
	'onboarding-missed': ['days'],
	'payment-unrecovered': ['days'],
	'no-expansion': ['days'],
	'churned-within': ['days']
};

/** Signals computed elsewhere (health.ts, model.ts), as of the day evaluated. */
export interface RuleSignals {
	health?: Map<string, { score: number; band: string }>;
	risk?: Map<string, number>;
}

export function isConditionGroup(node: ConditionNode): node is ConditionGroup {
	return 'op' in node;
}

/** The trigger's conditions, depth first. */
export function conditionsOf(node: ConditionNode): Condition[] {
	const out: Condition[] = [];
	const walk = (n: ConditionNode): void => {
		if (isConditionGroup(n)) n.children.forEach(walk);
		else out.push(n);
	};
	walk(node);
	return out;
}

/** A condition with a segment's overrides applied (numeric params only). */
export function conditionForSegment(
	rule: Rule,
	condition: Condition,
	segment: string | null
): Condition {
	if (segment === null) return condition;
	const override = rule.thresholds.bySegment[segment]?.[condition.id];
	if (!override) return condition;
	const copy: Record<string, unknown> = { ...condition };
	for (const param of THRESHOLD_PARAMS[condition.kind]) {
		const value = override[param];
		if (typeof value === 'number' && Number.isFinite(value)) copy[param] = value;
	}
	return copy as unknown as Condition;
}

export type RuleProblem =
	| { code: 'empty-group' }
	| { code: 'duplicate-condition-id'; conditionId: string }
	| { code: 'bad-threshold'; conditionId: string; param: string; segment: string | null }
	| { code: 'unknown-override-condition'; conditionId: string; segment: string };

/** What is wrong with a rule (empty when it can run). Checks rules read back from storage. */
export function ruleProblems(rule: Rule): RuleProblem[] {
	const problems: RuleProblem[] = [];
	const walk = (n: ConditionNode): void => {
		if (!isConditionGroup(n)) return;
		if (n.children.length === 0) problems.push({ code: 'empty-group' });
		n.children.forEach(walk);
	};
	walk(rule.trigger);
	const conditions = conditionsOf(rule.trigger);
	const byId = new Map<string, Condition>();
	for (const c of conditions) {
		if (byId.has(c.id)) problems.push({ code: 'duplicate-condition-id', conditionId: c.id });
		byId.set(c.id, c);
	}
	const checkParams = (c: Condition, segment: string | null): void => {
		const record = c as unknown as Record<string, unknown>;
		for (const param of THRESHOLD_PARAMS[c.kind]) {
			const v = record[param];
			if (v === null && (param === 'maxAgeDays' || param === 'score')) continue;
			if (typeof v !== 'number' || !Number.isFinite(v) || v < minimumOf(c.kind, param)) {
				problems.push({ code: 'bad-threshold', conditionId: c.id, param, segment });
			}
		}
	};
	for (const c of conditions) checkParams(c, null);
	for (const [segment, overrides] of Object.entries(rule.thresholds.bySegment)) {
		for (const conditionId of Object.keys(overrides)) {
			const c = byId.get(conditionId);
			if (!c) problems.push({ code: 'unknown-override-condition', conditionId, segment });
			else checkParams(conditionForSegment(rule, c, segment), segment);
		}
	}
	return problems;
}

function minimumOf(kind: ConditionKind, param: string): number {
	if (kind === 'tickets-in-window') return 1;
	if (kind === 'health-below' || kind === 'risk-above' || kind === 'nps-at-most') {
		return param === 'maxAgeDays' ? 0 : -Infinity;
	}
	return 0;
}

// ---------------------------------------------------------------------------------------------
// The index: built once per dataset (cached by object identity; the worker builds a new Dataset
// object whenever dataVersion changes, so the cache never goes stale).

/** Per-account sorted day series, CSR layout: account a owns [offsets[a], offsets[a + 1]). */
export interface DaySeries {
	offsets: Int32Array;
	days: Int32Array;
	counts: Float64Array;
}

/** Row indices of an entity per account, sorted by day within each account. */
export interface RowsByAccount {
	offsets: Int32Array;
	rows: Int32Array;
}

export interface RuleIndex {
	dataset: Dataset;
	accountCount: number;
	accountIndexById: Map<string, number>;
	/** First known day of the account (signup, else first subscription/activity/payment). */
	liveFrom: Int32Array;
	/** First day churned (account's churnDay, else the day after its last subscription ended). */
	churnDay: Int32Array;
	/** First day paying again after churn (paid payment or new subscription), else NULL_INT. */
	reactivationDay: Int32Array;
	allEvents: DaySeries;
	tickets: RowsByAccount;
	nps: RowsByAccount;
	payments: RowsByAccount;
	/** Account MRR after each change day (subscriptions summed), CSR. */
	mrrSteps: DaySeries;
	dataStartDay: DayNumber | null;
	dataEndDay: DayNumber | null;
	has: {
		activity: boolean;
		tickets: boolean;
		nps: boolean;
		payments: boolean;
		subscriptions: boolean;
	};
	/** Activity account index -> dataset account index (-1 when unknown). */
	activityAccount: Int32Array;
	metricIndexByName: Map<string, number>;
	seriesCache: Map<string, DaySeries>;
	firstDayCache: Map<number, Int32Array>;
	/** Milestone metric indexes by named metric ('' = every onboarding_ metric). */
	milestoneCache: Map<string, number[]>;
}

const indexCache = new WeakMap<Dataset, RuleIndex>();

/** The dataset's rule index, built on first use and then reused. */
export function ruleIndexOf(dataset: Dataset): RuleIndex {
	let index = indexCache.get(dataset);
	if (!index) {
		index = buildRuleIndex(dataset);
		indexCache.set(dataset, index);
	}
	return index;
}

export function buildRuleIndex(dataset: Dataset): RuleIndex {
	const n = dataset.accounts.length;
	const accountIndexById = new Map<string, number>();
	dataset.accounts.forEach((a, i) => accountIndexById.set(a.id, i));
	const idx = (id: string): number => accountIndexById.get(id) ?? -1;
	const ticketOwner = ownersOf(dataset.tickets, accountIndexById);
	const npsOwner = ownersOf(dataset.nps, accountIndexById);
	const paymentOwner = ownersOf(dataset.payments, accountIndexById);
	const subOwner = ownersOf(dataset.subscriptions, accountIndexById);

	const act = dataset.activity;
	const activityAccount = new Int32Array(act.accountIds.length);
	act.accountIds.forEach((id, i) => (activityAccount[i] = idx(id)));
	const metricIndexByName = new Map<string, number>();
	act.metrics.forEach((m, i) => metricIndexByName.set(m, i));

	const tickets = rowsByAccount(n, ticketOwner, (r) => dataset.tickets[r].openedDay);
	const nps = rowsByAccount(n, npsOwner, (r) => dataset.nps[r].day);
	const payments = rowsByAccount(n, paymentOwner, (r) => dataset.payments[r].day);
	const mrrSteps = mrrStepsOf(dataset, n, subOwner);

	let lo = Infinity;
	let hi = -Infinity;
	const see = (d: number | null): void => {
		if (d === null || d === NULL_INT || !Number.isFinite(d)) return;
		if (d < lo) lo = d;
		if (d > hi) hi = d;
	};
	for (const a of dataset.accounts) {
		see(a.signupDay);
		see(a.churnDay);
	}
	for (const s of dataset.subscriptions) {
		see(s.startDay);
		see(s.endDay);
	}
	for (const p of dataset.payments) see(p.day);
	for (const t of dataset.tickets) {
		see(t.openedDay);
		see(t.resolvedDay);
	}
	for (const r of dataset.nps) see(r.day);
	for (let r = 0; r < act.length; r++) {
		const d = act.day[r];
		if (d < lo) lo = d;
		if (d > hi) hi = d;
	}

	const index: RuleIndex = {
		dataset,
		accountCount: n,
		accountIndexById,
		liveFrom: new Int32Array(n).fill(NULL_INT),
		churnDay: new Int32Array(n).fill(NULL_INT),
		reactivationDay: new Int32Array(n).fill(NULL_INT),
		allEvents: {
			offsets: new Int32Array(n + 1),
			days: new Int32Array(0),
			counts: new Float64Array(0)
		},
		tickets,
		nps,
		payments,
		mrrSteps,
		dataStartDay: Number.isFinite(lo) ? lo : null,
		dataEndDay: Number.isFinite(hi) ? hi : null,
		has: {
			activity: act.length > 0,
			tickets: dataset.tickets.length > 0,
			nps: dataset.nps.length > 0,
			payments: dataset.payments.length > 0,
			subscriptions: dataset.subscriptions.length > 0
		},
		activityAccount,
		metricIndexByName,
		seriesCache: new Map(),
		firstDayCache: new Map(),
		milestoneCache: new Map()
	};
	// '*' rows carry every event of an account-day; older files without them fall back to a sum.
	const star = metricIndexByName.get(ALL_EVENTS_METRIC);
	index.allEvents = daySeriesOf(index, star === undefined ? null : [star]);
	index.seriesCache.set(ALL_EVENTS_METRIC, index.allEvents);

	const firstSubStart = new Int32Array(n).fill(NULL_INT);
	const lastSubEnd = new Int32Array(n).fill(NULL_INT);
	const openSub = new Uint8Array(n);
	for (let r = 0; r < dataset.subscriptions.length; r++) {
		const s = dataset.subscriptions[r];
		const a = subOwner[r];
		if (a < 0) continue;
		if (firstSubStart[a] === NULL_INT || s.startDay < firstSubStart[a])
			firstSubStart[a] = s.startDay;
		if (s.endDay === null) openSub[a] = 1;
		else if (s.endDay > lastSubEnd[a]) lastSubEnd[a] = s.endDay;
	}
	for (let a = 0; a < n; a++) {
		const acc = dataset.accounts[a];
		let from = acc.signupDay ?? NULL_INT;
		if (from === NULL_INT) from = firstSubStart[a];
		const ev = index.allEvents;
		if (from === NULL_INT && ev.offsets[a + 1] > ev.offsets[a]) from = ev.days[ev.offsets[a]];
		if (from === NULL_INT && payments.offsets[a + 1] > payments.offsets[a]) {
			from = dataset.payments[payments.rows[payments.offsets[a]]].day;
		}
		index.liveFrom[a] = from;
		let churn = acc.churnDay ?? NULL_INT;
		// No churn date but every subscription has ended: churned the day after service stopped.
		if (churn === NULL_INT && acc.churned !== false && !openSub[a] && lastSubEnd[a] !== NULL_INT) {
			if (index.dataEndDay === null || lastSubEnd[a] < index.dataEndDay) churn = lastSubEnd[a] + 1;
		}
		index.churnDay[a] = churn;
	}
	// Paying again after churn: the first paid payment or subscription start after the churn day.
	for (let r = 0; r < dataset.payments.length; r++) {
		const p = dataset.payments[r];
		const a = paymentOwner[r];
		if (a < 0 || p.status !== 'paid') continue;
		const c = index.churnDay[a];
		if (c !== NULL_INT && p.day > c) {
			if (index.reactivationDay[a] === NULL_INT || p.day < index.reactivationDay[a]) {
				index.reactivationDay[a] = p.day;
			}
		}
	}
	for (let r = 0; r < dataset.subscriptions.length; r++) {
		const s = dataset.subscriptions[r];
		const a = subOwner[r];
		if (a < 0 || s.mrrMinor <= 0) continue;
		const c = index.churnDay[a];
		if (c !== NULL_INT && s.startDay > c) {
			if (index.reactivationDay[a] === NULL_INT || s.startDay < index.reactivationDay[a]) {
				index.reactivationDay[a] = s.startDay;
			}
		}
	}
	return index;
}

/** Account index of each row (-1 when unknown); exports list an account's rows together. */
function ownersOf(rows: readonly { accountId: string }[], byId: Map<string, number>): Int32Array {
	const owner = new Int32Array(rows.length);
	let lastId: string | null = null;
	let last = -1;
	for (let r = 0; r < rows.length; r++) {
		const id = rows[r].accountId;
		if (id !== lastId) {
			lastId = id;
			last = byId.get(id) ?? -1;
		}
		owner[r] = last;
	}
	return owner;
}

function rowsByAccount(
	n: number,
	owner: Int32Array,
	dayOf: (row: number) => number
): RowsByAccount {
	const rowCount = owner.length;
	const offsets = new Int32Array(n + 1);
	for (let r = 0; r < rowCount; r++) if (owner[r] >= 0) offsets[owner[r] + 1]++;
	for (let a = 0; a < n; a++) offsets[a + 1] += offsets[a];
	const fill = offsets.slice(0, n);
	const rows = new Int32Array(offsets[n]);
	for (let r = 0; r < rowCount; r++) if (owner[r] >= 0) rows[fill[owner[r]]++] = r;
	for (let a = 0; a < n; a++) {
		const s = offsets[a];
		const e = offsets[a + 1];
		let sorted = true;
		for (let i = s + 1; i < e && sorted; i++)
			if (dayOf(rows[i]) < dayOf(rows[i - 1])) sorted = false;
		if (!sorted) {
			const part = Array.from(rows.subarray(s, e)).sort((x, y) => dayOf(x) - dayOf(y) || x - y);
			rows.set(part, s);
		}
	}
	return { offsets, rows };
}

/** Per-account series of the given metric indexes (null: every metric), one entry per day. */
function daySeriesOf(index: RuleIndex, metricIdx: number[] | null): DaySeries {
	const act = index.dataset.activity;
	const n = index.accountCount;
	const wanted = new Uint8Array(act.metrics.length);
	if (metricIdx === null) wanted.fill(1);
	else for (const m of metricIdx) wanted[m] = 1;
	const offsets = new Int32Array(n + 1);
	for (let r = 0; r < act.length; r++) {
		if (!wanted[act.metric[r]]) continue;
		const a = index.activityAccount[act.account[r]];
		if (a >= 0) offsets[a + 1]++;
	}
	for (let a = 0; a < n; a++) offsets[a + 1] += offsets[a];
	const fill = offsets.slice(0, n);
	const rows = new Int32Array(offsets[n]);
	for (let r = 0; r < act.length; r++) {
		if (!wanted[act.metric[r]]) continue;
		const a = index.activityAccount[act.account[r]];
		if (a >= 0) rows[fill[a]++] = r;
	}
	const out = {
		offsets: new Int32Array(n + 1),
		days: new Int32Array(rows.length),
		counts: new Float64Array(rows.length)
	};
	let k = 0;
	for (let a = 0; a < n; a++) {
		const s = offsets[a];
		const e = offsets[a + 1];
		let sorted = true;
		for (let i = s + 1; i < e && sorted; i++)
			if (act.day[rows[i]] < act.day[rows[i - 1]]) sorted = false;
		if (!sorted) {
			const part = Array.from(rows.subarray(s, e)).sort((x, y) => act.day[x] - act.day[y]);
			rows.set(part, s);
		}
		for (let i = s; i < e; i++) {
			const r = rows[i];
			const c = Number.isFinite(act.count[r]) ? act.count[r] : 0;
			if (k > out.offsets[a] && out.days[k - 1] === act.day[r]) out.counts[k - 1] += c;
			else {
				out.days[k] = act.day[r];
				out.counts[k] = c;
				k++;
			}
		}
		out.offsets[a + 1] = k;
	}
	return { offsets: out.offsets, days: out.days.slice(0, k), counts: out.counts.slice(0, k) };
}

/** The series of a metric by name ('*' = all events), or null when the dataset lacks it. */
export function metricSeries(index: RuleIndex, metric: string): DaySeries | null {
	const cached = index.seriesCache.get(metric);
	if (cached) return cached;
	const m = index.metricIndexByName.get(metric);
	if (m === undefined) return null;
	const series = daySeriesOf(index, [m]);
	index.seriesCache.set(metric, series);
	return series;
}

/** First day each account recorded a metric (NULL_INT when never). */
function firstDays(index: RuleIndex, metricIdx: number): Int32Array {
	const cached = index.firstDayCache.get(metricIdx);
	if (cached) return cached;
	const act = index.dataset.activity;
	const first = new Int32Array(index.accountCount).fill(NULL_INT);
	for (let r = 0; r < act.length; r++) {
		if (act.metric[r] !== metricIdx || !(act.count[r] > 0)) continue;
		const a = index.activityAccount[act.account[r]];
		if (a >= 0 && (first[a] === NULL_INT || act.day[r] < first[a])) first[a] = act.day[r];
	}
	index.firstDayCache.set(metricIdx, first);
	return first;
}

function mrrStepsOf(dataset: Dataset, n: number, owner: Int32Array): DaySeries {
	// Each subscription adds its MRR on startDay and removes it the day after endDay.
	const rows = rowsByAccount(n, owner, () => 0);
	const offsets = new Int32Array(n + 1);
	const days: number[] = [];
	const mrr: number[] = [];
	const changes: Array<[number, number]> = [];
	for (let a = 0; a < n; a++) {
		changes.length = 0;
		for (let i = rows.offsets[a]; i < rows.offsets[a + 1]; i++) {
			const s = dataset.subscriptions[rows.rows[i]];
			changes.push([s.startDay, s.mrrMinor]);
			if (s.endDay !== null) changes.push([s.endDay + 1, -s.mrrMinor]);
		}
		changes.sort((x, y) => x[0] - y[0]);
		let total = 0;
		for (let i = 0; i < changes.length; i++) {
			total += changes[i][1];
			if (i + 1 < changes.length && changes[i + 1][0] === changes[i][0]) continue;
			const value = Math.abs(total) < 1e-9 ? 0 : total;
			if (days.length > offsets[a] && mrr[mrr.length - 1] === value) continue;
			days.push(changes[i][0]);
			mrr.push(value);
		}
		offsets[a + 1] = days.length;
	}
	return { offsets, days: Int32Array.from(days), counts: Float64Array.from(mrr) };
}

/** Account MRR (minor units) on a day, from its subscriptions. */
export function mrrOnDay(index: RuleIndex, account: number, day: DayNumber): number {
	const s = index.mrrSteps;
	const i = lastAtOrBefore(s.days, s.offsets[account], s.offsets[account + 1], day);
	return i < 0 ? 0 : s.counts[i];
}

/** Position of the last entry <= day in sorted days[from, to), or -1. */
export function lastAtOrBefore(days: Int32Array, from: number, to: number, day: number): number {
	let lo = from;
	let hi = to;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (days[mid] <= day) lo = mid + 1;
		else hi = mid;
	}
	return lo - 1 >= from ? lo - 1 : -1;
}

// ---------------------------------------------------------------------------------------------
// Intervals: flat arrays [start0, end0, start1, end1, ...], ends inclusive, sorted, disjoint and
// not adjacent (adjacent runs are one unbroken run).

export type Intervals = number[];

const NEVER = -(2 ** 30);

/** Merges intervals sorted by start (overlapping or adjacent ones join). */
function mergeSorted(src: Intervals): Intervals {
	if (src.length <= 2) return src;
	const out: Intervals = [src[0], src[1]];
	for (let i = 2; i < src.length; i += 2) {
		const last = out.length - 1;
		if (src[i] <= out[last] + 1) {
			if (src[i + 1] > out[last]) out[last] = src[i + 1];
		} else out.push(src[i], src[i + 1]);
	}
	return out;
}

export function intersectIntervals(a: Intervals, b: Intervals): Intervals {
	const out: Intervals = [];
	let i = 0;
	let j = 0;
	while (i < a.length && j < b.length) {
		const s = Math.max(a[i], b[j]);
		const e = Math.min(a[i + 1], b[j + 1]);
		if (s <= e) out.push(s, e);
		if (a[i + 1] < b[j + 1]) i += 2;
		else j += 2;
	}
	return mergeSorted(out);
}

export function unionIntervals(a: Intervals, b: Intervals): Intervals {
	if (a.length === 0) return b;
	if (b.length === 0) return a;
	const all: Intervals = [];
	let i = 0;
	let j = 0;
	while (i < a.length || j < b.length) {
		if (j >= b.length || (i < a.length && a[i] <= b[j])) {
			all.push(a[i], a[i + 1]);
			i += 2;
		} else {
			all.push(b[j], b[j + 1]);
			j += 2;
		}
	}
	return mergeSorted(all);
}

/** Start of the run containing `day`, or null when the intervals do not hold on it. */
export function runStartOn(intervals: Intervals, day: number): number | null {
	for (let i = 0; i < intervals.length; i += 2) {
		if (intervals[i] > day) return null;
		if (intervals[i + 1] >= day) return intervals[i];
	}
	return null;
}

function clipPush(out: Intervals, s: number, e: number, hi: number): void {
	const end = Math.min(e, hi);
	if (s <= end) out.push(s, end);
}

/** Days the account is a customer: from its first day until churn, and again after coming back. */
export function liveIntervals(index: RuleIndex, a: number, hi: number): Intervals {
	const from = index.liveFrom[a] === NULL_INT ? NEVER : index.liveFrom[a];
	const churn = index.churnDay[a];
	const back = index.reactivationDay[a];
	const out: Intervals = [];
	if (churn === NULL_INT) clipPush(out, from, hi, hi);
	else {
		clipPush(out, from, churn - 1, hi);
		if (back !== NULL_INT) clipPush(out, back, hi, hi);
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Availability: a condition whose data the dataset (or the caller) lacks is "unavailable" and
// never holds; the rule reports the code so the UI can say why nothing fires.

export type UnavailableCode =
	| 'no-activity-data'
	| 'metric-not-found'
	| 'no-onboarding-metric'
	| 'no-ticket-data'
	| 'no-nps-data'
	| 'no-payment-data'
	| 'no-subscription-data'
	| 'no-health-signal'
	| 'no-risk-signal'
	| 'no-signal-history';

/** Why a condition cannot be evaluated on this dataset, or null when it can. */
export function conditionUnavailable(
	index: RuleIndex,
	c: Condition,
	signals?: RuleSignals
): UnavailableCode | null {
	switch (c.kind) {
		case 'inactive':
		case 'usage-drop':
			if (!index.has.activity) return 'no-activity-data';
			if (c.metric !== null && !index.metricIndexByName.has(c.metric)) {
				return c.kind === 'inactive' && c.fallbackToAllEvents ? null : 'metric-not-found';
			}
			return null;
		case 'onboarding-missed':
			if (!index.has.activity) return 'no-activity-data';
			return milestoneMetrics(index, c).length === 0 ? 'no-onboarding-metric' : null;
		case 'health-below':
			return signals?.health ? null : 'no-health-signal';
		case 'risk-above':
			return signals?.risk ? null : 'no-risk-signal';
		case 'nps-at-most':
			return index.has.nps ? null : 'no-nps-data';
		case 'tickets-in-window':
		case 'ticket-unresolved':
			return index.has.tickets ? null : 'no-ticket-data';
		case 'payment-unrecovered':
			return index.has.payments ? null : 'no-payment-data';
		case 'no-expansion':
			return index.has.subscriptions ? null : 'no-subscription-data';
		case 'churned-within':
			return null;
	}
}

function milestoneMetrics(index: RuleIndex, c: OnboardingMissedCondition): number[] {
	const key = c.metric ?? '';
	const cached = index.milestoneCache.get(key);
	if (cached) return cached;
	const out: number[] = [];
	if (c.metric !== null) {
		const m = index.metricIndexByName.get(c.metric);
		if (m !== undefined) out.push(m);
	} else {
		index.dataset.activity.metrics.forEach((name, i) => {
			if (name.startsWith('onboarding_')) out.push(i);
		});
	}
	index.milestoneCache.set(key, out);
	return out;
}

/** The series an inactivity or usage condition reads, and the metric name it stands for. */
function seriesFor(
	index: RuleIndex,
	c: InactiveCondition | UsageDropCondition
): { series: DaySeries; metric: string } {
	const series = seriesOf(index, c);
	return {
		series,
		metric: series === index.allEvents ? ALL_EVENTS_METRIC : (c.metric ?? ALL_EVENTS_METRIC)
	};
}

function seriesOf(index: RuleIndex, c: InactiveCondition | UsageDropCondition): DaySeries {
	return (c.metric !== null && metricSeries(index, c.metric)) || index.allEvents;
}

// ---------------------------------------------------------------------------------------------
// Where each condition holds for one account, up to day `hi`. Signal conditions (health, risk)
// are known only on the day evaluated (`signalDay`), so they hold on that day alone.

export interface IntervalContext {
	index: RuleIndex;
	signals?: RuleSignals;
	/** The day signals stand for; null (backtest) makes signal conditions never hold. */
	signalDay: DayNumber | null;
}

export function conditionIntervals(
	ctx: IntervalContext,
	c: Condition,
	a: number,
	hi: number
): Intervals {
	const { index } = ctx;
	const raw = rawConditionIntervals(ctx, c, a, hi);
	// Win-back looks at churned accounts; every other condition only at current customers.
	if (c.kind === 'churned-within' || raw.length === 0) return raw;
	// Most runs already lie inside the customer's life: skip the intersection's allocations.
	const from = index.liveFrom[a];
	const churn = index.churnDay[a];
	const inside =
		(from === NULL_INT || raw[0] >= from) &&
		(churn === NULL_INT || (index.reactivationDay[a] === NULL_INT && raw[raw.length - 1] < churn));
	return inside ? raw : intersectIntervals(raw, liveIntervals(index, a, hi));
}

/**
 * False when the condition surely does not hold for the account on `day` (cheap checks only;
 * true means "maybe"). Lets today's evaluation skip building intervals for most accounts.
 */
export function conditionMayHold(
	ctx: IntervalContext,
	c: Condition,
	a: number,
	day: number
): boolean {
	const { index } = ctx;
	if (c.kind === 'churned-within') {
		const churn = index.churnDay[a];
		return churn !== NULL_INT && day >= churn && day <= churn + c.days;
	}
	const from = index.liveFrom[a];
	const churn = index.churnDay[a];
	// The same days as liveIntervals: before churn, and again from the day the account came back.
	const back = index.reactivationDay[a];
	const beforeChurn = (from === NULL_INT || day >= from) && (churn === NULL_INT || day < churn);
	const cameBack = churn !== NULL_INT && back !== NULL_INT && day >= back;
	if (!beforeChurn && !cameBack) return false;
	switch (c.kind) {
		case 'inactive': {
			const series = seriesOf(index, c);
			const i = lastAtOrBefore(series.days, series.offsets[a], series.offsets[a + 1], day);
			if (i >= 0) return day - series.days[i] >= c.days;
			return from === NULL_INT || day - from >= c.days;
		}
		case 'usage-drop': {
			const series = seriesOf(index, c);
			const i = lastAtOrBefore(
				series.days,
				series.offsets[a],
				series.offsets[a + 1],
				day - RECENT_DAYS
			);
			return i >= 0 && series.days[i] > day - RECENT_DAYS - BASELINE_DAYS;
		}
		case 'nps-at-most':
			return index.nps.offsets[a + 1] > index.nps.offsets[a];
		case 'tickets-in-window':
		case 'ticket-unresolved':
			return index.tickets.offsets[a + 1] > index.tickets.offsets[a];
		case 'payment-unrecovered':
			return index.payments.offsets[a + 1] > index.payments.offsets[a];
		case 'no-expansion':
			return index.mrrSteps.offsets[a + 1] > index.mrrSteps.offsets[a];
		case 'onboarding-missed':
			return from !== NULL_INT && day > from + c.days;
		default:
			return true;
	}
}

/** conditionMayHold over a tree (unresolvable conditions never hold). */
export function treeMayHold(
	ctx: IntervalContext,
	node: ConditionNode,
	a: number,
	day: number,
	resolve: (c: Condition) => Condition | null
): boolean {
	if (!isConditionGroup(node)) {
		const c = resolve(node);
		return c !== null && conditionMayHold(ctx, c, a, day);
	}
	if (node.op === 'and') {
		for (const child of node.children) if (!treeMayHold(ctx, child, a, day, resolve)) return false;
		return node.children.length > 0;
	}
	for (const child of node.children) if (treeMayHold(ctx, child, a, day, resolve)) return true;
	return false;
}

function rawConditionIntervals(
	ctx: IntervalContext,
	c: Condition,
	a: number,
	hi: number
): Intervals {
	const { index } = ctx;
	const ds = index.dataset;
	const out: Intervals = [];
	switch (c.kind) {
		case 'inactive': {
			const series = seriesOf(index, c);
			const s = series.offsets[a];
			const e = series.offsets[a + 1];
			const from = index.liveFrom[a];
			// Before any activity, the account has been inactive since it started.
			if (from !== NULL_INT && (e === s || from < series.days[s])) {
				clipPush(out, from + c.days, (e > s ? series.days[s] : Infinity) - 1, hi);
			}
			for (let i = s; i < e; i++) {
				const next = i + 1 < e ? series.days[i + 1] : Infinity;
				clipPush(out, series.days[i] + c.days, next - 1, hi);
			}
			return mergeSorted(out);
		}
		case 'usage-drop':
			return usageDropIntervals(ctx, c, a, hi);
		case 'health-below': {
			const h = ctx.signals?.health?.get(ds.accounts[a].id);
			if (ctx.signalDay === null || !h || ctx.signalDay > hi) return out;
			const holds = (c.score !== null && h.score < c.score) || c.bands.includes(h.band);
			if (holds) out.push(ctx.signalDay, ctx.signalDay);
			return out;
		}
		case 'risk-above': {
			const r = ctx.signals?.risk?.get(ds.accounts[a].id);
			if (ctx.signalDay === null || r === undefined || ctx.signalDay > hi) return out;
			if (r > c.risk) out.push(ctx.signalDay, ctx.signalDay);
			return out;
		}
		case 'nps-at-most': {
			const { offsets, rows } = index.nps;
			for (let i = offsets[a]; i < offsets[a + 1]; i++) {
				const r = ds.nps[rows[i]];
				if (!(r.score <= c.score)) continue;
				const next = i + 1 < offsets[a + 1] ? ds.nps[rows[i + 1]].day : Infinity;
				const expiry = c.maxAgeDays === null ? Infinity : r.day + c.maxAgeDays;
				clipPush(out, r.day, Math.min(next - 1, expiry), hi);
			}
			return mergeSorted(out);
		}
		case 'tickets-in-window': {
			const { offsets, rows } = index.tickets;
			const s = offsets[a];
			const need = Math.max(1, Math.floor(c.count));
			for (let i = s + need - 1; i < offsets[a + 1]; i++) {
				// Holds from the day the need-th ticket of a group arrives until its oldest leaves.
				const first = ds.tickets[rows[i - need + 1]].openedDay;
				clipPush(out, ds.tickets[rows[i]].openedDay, first + c.days - 1, hi);
			}
			return mergeSorted(out);
		}
		case 'ticket-unresolved': {
			const { offsets, rows } = index.tickets;
			for (let i = offsets[a]; i < offsets[a + 1]; i++) {
				const t = ds.tickets[rows[i]];
				const end = t.resolvedDay === null ? Infinity : t.resolvedDay - 1;
				clipPush(out, t.openedDay + c.days + 1, end, hi);
			}
			return mergeSorted(out);
		}
		case 'onboarding-missed': {
			const from = index.liveFrom[a];
			const metrics = milestoneMetrics(index, c);
			if (from === NULL_INT || metrics.length === 0) return out;
			let reachedAll = -Infinity;
			for (const m of metrics) {
				const first = firstDays(index, m);
				// Accounts that started before the milestone was tracked at all are not judged.
				const trackedFrom = dayOfFirstTracking(index, m, first);
				if (trackedFrom === NULL_INT || from < trackedFrom) return out;
				reachedAll = Math.max(reachedAll, first[a] === NULL_INT ? Infinity : first[a]);
			}
			clipPush(out, from + c.days + 1, reachedAll - 1, hi);
			return out;
		}
		case 'payment-unrecovered': {
			const { offsets, rows } = index.payments;
			// Walk day groups backwards so each failure knows the first paid day on or after its
			// own (a paid payment on the failure's day counts as its retry succeeding).
			let nextPaid = Infinity;
			let i = offsets[a + 1] - 1;
			const backwards: Intervals = [];
			while (i >= offsets[a]) {
				const day = ds.payments[rows[i]].day;
				let j = i;
				let paid = false;
				let failed = false;
				while (j >= offsets[a] && ds.payments[rows[j]].day === day) {
					const status = ds.payments[rows[j]].status;
					if (status === 'paid') paid = true;
					else if (status === 'failed') failed = true;
					j--;
				}
				if (paid) nextPaid = day;
				if (failed && day + c.days <= Math.min(nextPaid - 1, hi)) {
					backwards.push(Math.min(nextPaid - 1, hi), day + c.days);
				}
				i = j;
			}
			for (let k = backwards.length - 1; k > 0; k -= 2) out.push(backwards[k], backwards[k - 1]);
			return mergeSorted(out);
		}
		case 'no-expansion': {
			const s = index.mrrSteps;
			let payingSince = NULL_INT;
			let lastRef = NULL_INT;
			let prev = 0;
			for (let i = s.offsets[a]; i < s.offsets[a + 1]; i++) {
				const day = s.days[i];
				const v = s.counts[i];
				if (payingSince !== NULL_INT) clipPush(out, lastRef + c.days, day - 1, hi);
				if (v > 0 && prev <= 0) {
					payingSince = day;
					lastRef = day;
				} else if (v > prev && prev > 0) lastRef = day;
				else if (v > 0 && prev > 0) {
					// A contraction keeps the clock running from the last expansion.
				} else if (v <= 0) payingSince = NULL_INT;
				prev = v;
			}
			if (payingSince !== NULL_INT) clipPush(out, lastRef + c.days, Infinity, hi);
			return mergeSorted(out);
		}
		case 'churned-within': {
			const churn = index.churnDay[a];
			if (churn === NULL_INT) return out;
			const back = index.reactivationDay[a];
			clipPush(out, churn, Math.min(churn + c.days, back === NULL_INT ? Infinity : back - 1), hi);
			return out;
		}
	}
}

function dayOfFirstTracking(index: RuleIndex, m: number, first: Int32Array): number {
	const key = -1 - m;
	const cached = index.firstDayCache.get(key);
	if (cached) return cached[0];
	let min = NULL_INT;
	for (let a = 0; a < first.length; a++) {
		if (first[a] !== NULL_INT && (min === NULL_INT || first[a] < min)) min = first[a];
	}
	index.firstDayCache.set(key, Int32Array.of(min));
	return min;
}

const RECENT_DAYS = 28;
const BASELINE_DAYS = 84;

/**
 * Sliding windows: recent = the 28 days ending on d, baseline = the 84 days before those.
 * Both sums change only when an active day enters or leaves a window, so a 3-way merge of the
 * active days shifted by 0, 28 and 112 visits every change point once.
 */
function usageDropIntervals(
	ctx: IntervalContext,
	c: UsageDropCondition,
	a: number,
	hi: number
): Intervals {
	const series = seriesOf(ctx.index, c);
	const s = series.offsets[a];
	const e = series.offsets[a + 1];
	const out: Intervals = [];
	const from = ctx.index.liveFrom[a];
	// The baseline must lie wholly after the account started, or a young account looks dropped.
	const earliest = from === NULL_INT ? NEVER : from + RECENT_DAYS + BASELINE_DAYS - 1;
	let i0 = s;
	let i1 = s;
	let i2 = s;
	let recent = 0;
	let base = 0;
	let runStart = NaN;
	const shift1 = RECENT_DAYS;
	const shift2 = RECENT_DAYS + BASELINE_DAYS;
	while (i2 < e) {
		const d0 = i0 < e ? series.days[i0] : Infinity;
		const d1 = i1 < e ? series.days[i1] + shift1 : Infinity;
		const d2 = series.days[i2] + shift2;
		const day = Math.min(d0, d1, d2);
		if (day > hi) break;
		while (i0 < e && series.days[i0] === day) recent += series.counts[i0++];
		while (i1 < e && series.days[i1] + shift1 === day) {
			recent -= series.counts[i1];
			base += series.counts[i1++];
		}
		while (i2 < e && series.days[i2] + shift2 === day) base -= series.counts[i2++];
		// Weekly averages: recent / 4 against base / 12; "more than X% down" is strict.
		const holds = base > 1e-9 && 100 * (base - 3 * recent) > c.percent * base;
		if (holds && Number.isNaN(runStart)) runStart = day;
		if (!holds && !Number.isNaN(runStart)) {
			clipPush(out, Math.max(runStart, earliest), day - 1, hi);
			runStart = NaN;
		}
	}
	if (!Number.isNaN(runStart)) clipPush(out, Math.max(runStart, earliest), hi, hi);
	return out;
}

/** Where a condition tree holds for one account (unavailable conditions never hold). */
export function treeIntervals(
	ctx: IntervalContext,
	node: ConditionNode,
	a: number,
	hi: number,
	resolve: (c: Condition) => Condition | null
): Intervals {
	if (!isConditionGroup(node)) {
		const c = resolve(node);
		return c === null ? [] : conditionIntervals(ctx, c, a, hi);
	}
	if (node.children.length === 0) return [];
	let acc = treeIntervals(ctx, node.children[0], a, hi, resolve);
	for (let i = 1; i < node.children.length; i++) {
		if (node.op === 'and' && acc.length === 0) return acc;
		const next = treeIntervals(ctx, node.children[i], a, hi, resolve);
		acc = node.op === 'and' ? intersectIntervals(acc, next) : unionIntervals(acc, next);
	}
	return acc;
}

// ---------------------------------------------------------------------------------------------
// Evidence: what the UI shows to say why a condition holds (or does not), on one day.

export type ConditionEvidence =
	| {
			kind: 'inactive';
			metric: string;
			lastActiveDay: DayNumber | null;
			sinceDay: DayNumber | null;
			daysInactive: number | null;
	  }
	| {
			kind: 'usage-drop';
			metric: string;
			recentWeeklyAverage: number;
			baselineWeeklyAverage: number;
			dropPercent: number | null;
			baselineComplete: boolean;
	  }
	| { kind: 'health-below'; score: number | null; band: string | null }
	| { kind: 'risk-above'; risk: number | null }
	| {
			kind: 'nps-at-most';
			responseId: string | null;
			responseDay: DayNumber | null;
			score: number | null;
			ageDays: number | null;
			comment: string | null;
	  }
	| {
			kind: 'tickets-in-window';
			count: number;
			fromDay: DayNumber;
			toDay: DayNumber;
			ticketIds: (string | null)[];
	  }
	| {
			kind: 'ticket-unresolved';
			ticketId: string | null;
			openedDay: DayNumber | null;
			ageDays: number | null;
			openTickets: number;
	  }
	| {
			kind: 'onboarding-missed';
			startDay: DayNumber | null;
			deadlineDay: DayNumber | null;
			missing: string[];
			reached: string[];
	  }
	| {
			kind: 'payment-unrecovered';
			paymentId: string | null;
			failedDay: DayNumber | null;
			amountMinor: number | null;
			currency: string | null;
			daysSinceFailure: number | null;
	  }
	| {
			kind: 'no-expansion';
			mrrMinor: number;
			payingSinceDay: DayNumber | null;
			lastExpansionDay: DayNumber | null;
			daysWithoutExpansion: number | null;
	  }
	| {
			kind: 'churned-within';
			churnDay: DayNumber | null;
			daysSinceChurn: number | null;
			churnReason: string | null;
			churnType: string | null;
	  };

export interface ConditionResult {
	conditionId: string;
	kind: ConditionKind;
	holds: boolean;
	unavailable: UnavailableCode | null;
	/** The numeric params used (after the account's segment overrides). */
	params: Record<string, number | null>;
	evidence: ConditionEvidence | null;
}

export function paramsOf(c: Condition): Record<string, number | null> {
	const record = c as unknown as Record<string, unknown>;
	const out: Record<string, number | null> = {};
	for (const p of THRESHOLD_PARAMS[c.kind]) {
		const v = record[p];
		out[p] = typeof v === 'number' ? v : null;
	}
	return out;
}

/** Evidence for one condition on one day, read straight from the index. */
export function conditionEvidence(
	index: RuleIndex,
	c: Condition,
	a: number,
	day: DayNumber,
	signals?: RuleSignals
): ConditionEvidence {
	const ds = index.dataset;
	const account = ds.accounts[a];
	switch (c.kind) {
		case 'inactive': {
			const { series, metric } = seriesFor(index, c);
			const i = lastAtOrBefore(series.days, series.offsets[a], series.offsets[a + 1], day);
			const last = i < 0 ? null : series.days[i];
			const since = last ?? (index.liveFrom[a] === NULL_INT ? null : index.liveFrom[a]);
			return {
				kind: 'inactive',
				metric,
				lastActiveDay: last,
				sinceDay: since,
				daysInactive: since === null ? null : day - since
			};
		}
		case 'usage-drop': {
			const { series, metric } = seriesFor(index, c);
			let recent = 0;
			let base = 0;
			for (let i = series.offsets[a]; i < series.offsets[a + 1]; i++) {
				const age = day - series.days[i];
				if (age < 0) break;
				if (age < RECENT_DAYS) recent += series.counts[i];
				else if (age < RECENT_DAYS + BASELINE_DAYS) base += series.counts[i];
			}
			const from = index.liveFrom[a];
			return {
				kind: 'usage-drop',
				metric,
				recentWeeklyAverage: recent / 4,
				baselineWeeklyAverage: base / 12,
				dropPercent: base > 0 ? (100 * (base - 3 * recent)) / base : null,
				baselineComplete: from === NULL_INT || day >= from + RECENT_DAYS + BASELINE_DAYS - 1
			};
		}
		case 'health-below': {
			const h = signals?.health?.get(account.id);
			return { kind: 'health-below', score: h?.score ?? null, band: h?.band ?? null };
		}
		case 'risk-above':
			return { kind: 'risk-above', risk: signals?.risk?.get(account.id) ?? null };
		case 'nps-at-most': {
			const { offsets, rows } = index.nps;
			let latest = -1;
			for (let i = offsets[a]; i < offsets[a + 1] && ds.nps[rows[i]].day <= day; i++)
				latest = rows[i];
			if (latest < 0) {
				return {
					kind: 'nps-at-most',
					responseId: null,
					responseDay: null,
					score: null,
					ageDays: null,
					comment: null
				};
			}
			const r = ds.nps[latest];
			return {
				kind: 'nps-at-most',
				responseId: r.id,
				responseDay: r.day,
				score: r.score,
				ageDays: day - r.day,
				comment: r.comment
			};
		}
		case 'tickets-in-window': {
			const { offsets, rows } = index.tickets;
			const fromDay = day - c.days + 1;
			const ids: (string | null)[] = [];
			for (let i = offsets[a]; i < offsets[a + 1]; i++) {
				const t = ds.tickets[rows[i]];
				if (t.openedDay >= fromDay && t.openedDay <= day) ids.push(t.id);
			}
			return { kind: 'tickets-in-window', count: ids.length, fromDay, toDay: day, ticketIds: ids };
		}
		case 'ticket-unresolved': {
			const { offsets, rows } = index.tickets;
			let oldest = -1;
			let open = 0;
			for (let i = offsets[a]; i < offsets[a + 1]; i++) {
				const t = ds.tickets[rows[i]];
				if (t.openedDay > day || (t.resolvedDay !== null && t.resolvedDay <= day)) continue;
				open++;
				if (oldest < 0) oldest = rows[i];
			}
			if (oldest < 0)
				return {
					kind: 'ticket-unresolved',
					ticketId: null,
					openedDay: null,
					ageDays: null,
					openTickets: 0
				};
			const t = ds.tickets[oldest];
			return {
				kind: 'ticket-unresolved',
				ticketId: t.id,
				openedDay: t.openedDay,
				ageDays: day - t.openedDay,
				openTickets: open
			};
		}
		case 'onboarding-missed': {
			const from = index.liveFrom[a] === NULL_INT ? null : index.liveFrom[a];
			const missing: string[] = [];
			const reached: string[] = [];
			for (const m of milestoneMetrics(index, c)) {
				const first = firstDays(index, m)[a];
				const name = ds.activity.metrics[m];
				if (first !== NULL_INT && first <= day) reached.push(name);
				else missing.push(name);
			}
			return {
				kind: 'onboarding-missed',
				startDay: from,
				deadlineDay: from === null ? null : from + c.days,
				missing,
				reached
			};
		}
		case 'payment-unrecovered': {
			const { offsets, rows } = index.payments;
			let failed = -1;
			let i = offsets[a];
			while (i < offsets[a + 1] && ds.payments[rows[i]].day <= day) {
				const groupDay = ds.payments[rows[i]].day;
				let paid = false;
				let firstFailed = -1;
				for (; i < offsets[a + 1] && ds.payments[rows[i]].day === groupDay; i++) {
					const status = ds.payments[rows[i]].status;
					if (status === 'paid') paid = true;
					else if (status === 'failed' && firstFailed < 0) firstFailed = rows[i];
				}
				if (paid) failed = -1;
				else if (failed < 0) failed = firstFailed;
			}
			if (failed < 0) {
				return {
					kind: 'payment-unrecovered',
					paymentId: null,
					failedDay: null,
					amountMinor: null,
					currency: null,
					daysSinceFailure: null
				};
			}
			const p = ds.payments[failed];
			return {
				kind: 'payment-unrecovered',
				paymentId: p.id,
				failedDay: p.day,
				amountMinor: p.amountMinor,
				currency: p.currency,
				daysSinceFailure: day - p.day
			};
		}
		case 'no-expansion': {
			const s = index.mrrSteps;
			let payingSince: number | null = null;
			let lastExpansion: number | null = null;
			let prev = 0;
			for (let i = s.offsets[a]; i < s.offsets[a + 1] && s.days[i] <= day; i++) {
				const v = s.counts[i];
				if (v > 0 && prev <= 0) {
					payingSince = s.days[i];
					lastExpansion = null;
				} else if (v > prev && prev > 0) lastExpansion = s.days[i];
				else if (v <= 0) payingSince = null;
				prev = v;
			}
			const ref = lastExpansion ?? payingSince;
			return {
				kind: 'no-expansion',
				mrrMinor: mrrOnDay(index, a, day),
				payingSinceDay: payingSince,
				lastExpansionDay: lastExpansion,
				daysWithoutExpansion: ref === null ? null : day - ref
			};
		}
		case 'churned-within': {
			const churn = index.churnDay[a] === NULL_INT ? null : index.churnDay[a];
			return {
				kind: 'churned-within',
				churnDay: churn,
				daysSinceChurn: churn === null ? null : day - churn,
				churnReason: account.churnReason,
				churnType: account.churnType
			};
		}
	}
}

/**
 * Whether one condition holds for an account on a day, and the evidence. Uses only data dated
 * on or before `day`; signals stand for `day`.
 */
export function conditionEvaluation(
	dataset: Dataset,
	accountId: string,
	condition: Condition,
	day: DayNumber,
	signals?: RuleSignals
): ConditionResult {
	const index = ruleIndexOf(dataset);
	const a = index.accountIndexById.get(accountId);
	const unavailable = conditionUnavailable(index, condition, signals);
	const base = { conditionId: condition.id, kind: condition.kind, params: paramsOf(condition) };
	if (a === undefined) return { ...base, holds: false, unavailable, evidence: null };
	if (unavailable) return { ...base, holds: false, unavailable, evidence: null };
	const ctx: IntervalContext = { index, signals, signalDay: day };
	const holds = runStartOn(conditionIntervals(ctx, condition, a, day), day) !== null;
	return {
		...base,
		holds,
		unavailable: null,
		evidence: conditionEvidence(index, condition, a, day, signals)
	};
}
