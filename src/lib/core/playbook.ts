// The default playbook, and running a playbook: which rule raises an alert for which account
// today, since when, and why.
import type { Dataset, DayNumber } from './types';
import {
	conditionEvidence,
	conditionForSegment,
	conditionIntervals,
	conditionsOf,
	conditionUnavailable,
	isConditionGroup,
	paramsOf,
	ruleIndexOf,
	runStartOn,
	treeIntervals,
	treeMayHold,
	type Condition,
	type ConditionNode,
	type ConditionResult,
	type IntervalContext,
	type Rule,
	type RuleIndex,
	type RuleSignals,
	type UnavailableCode
} from './rules';

// Persisted ids of the default rules (alert states are keyed by them): do not rename.
export const DEFAULT_RULE_IDS = [
	'default-inactive-14',
	'default-onboarding-missed',
	'default-nps-detractor',
	'default-tickets-burst',
	'default-win-back-45',
	'default-health-below-70',
	'default-ticket-unresolved-5',
	'default-no-login-10'
] as const;

function rule(
	id: (typeof DEFAULT_RULE_IDS)[number],
	trigger: ConditionNode,
	action: string,
	role: string,
	successMetric: string
): Rule {
	return {
		id,
		name: { kind: 'code', code: id },
		enabled: true,
		trigger,
		action: { code: action, text: null },
		owner: { kind: 'role', role },
		successMetric,
		thresholds: { bySegment: {} }
	};
}

/**
 * The shipped playbook. "45 days inactive -> win-back" targets churned accounts (churned 45
 * days ago or less and not back): a live account quiet for 45 days is already flagged by the
 * 14-day and 10-day rules, whose conditions keep holding, so a third live rule would only
 * duplicate alerts; win-back is the action for accounts that have left, while the loss is fresh.
 */
export function defaultPlaybook(): Rule[] {
	return [
		rule(
			'default-inactive-14',
			{ kind: 'inactive', id: 'inactive', days: 14, metric: null, fallbackToAllEvents: true },
			'start-re-engagement-sequence',
			'customer-success-manager',
			'email-open-and-click-rate'
		),
		rule(
			'default-onboarding-missed',
			{ kind: 'onboarding-missed', id: 'milestone', days: 14, metric: null },
			'assign-onboarding-checklist',
			'onboarding-specialist',
			'time-to-activation'
		),
		rule(
			'default-nps-detractor',
			// "Below 7": NPS scores are whole numbers, so at most 6.
			{ kind: 'nps-at-most', id: 'nps', score: 6, maxAgeDays: null },
			'account-review',
			'customer-success-lead',
			'nps-after-follow-up'
		),
		rule(
			'default-tickets-burst',
			{ kind: 'tickets-in-window', id: 'tickets', count: 3, days: 10 },
			'find-recurring-problem',
			'product-manager',
			'repeat-tickets'
		),
		rule(
			'default-win-back-45',
			{ kind: 'churned-within', id: 'churned', days: 45 },
			'win-back',
			'account-executive',
			'return-rate'
		),
		rule(
			'default-health-below-70',
			{ kind: 'health-below', id: 'health', score: 70, bands: [] },
			'create-follow-up-task',
			'customer-success-manager',
			'health-after-follow-up'
		),
		rule(
			'default-ticket-unresolved-5',
			{ kind: 'ticket-unresolved', id: 'ticket-age', days: 5 },
			'notify-owner',
			'account-owner',
			'time-to-resolution'
		),
		rule(
			'default-no-login-10',
			{ kind: 'inactive', id: 'no-login', days: 10, metric: 'login', fallbackToAllEvents: true },
			'mark-at-risk',
			'customer-success-manager',
			'return-to-activity-rate'
		)
	];
}

export interface Alert {
	/** `${ruleId}|${accountId}`: the alert state's key. */
	key: string;
	ruleId: string;
	accountId: string;
	/** First day of the current unbroken run of days the trigger has held. */
	raisedDay: DayNumber;
	/** False when the run may be older than raisedDay (a signal known only for today took part). */
	raisedDayKnown: boolean;
	/** Every condition of the trigger on the day evaluated, holding or not, with its evidence. */
	evidence: ConditionResult[];
}

export interface RuleRunSummary {
	ruleId: string;
	status: 'ran' | 'disabled' | 'unavailable';
	/** Conditions that could not be evaluated (they never hold). */
	unavailable: { conditionId: string; code: UnavailableCode }[];
	accountsEvaluated: number;
	alerts: number;
}

export interface RuleEvaluation {
	asOfDay: DayNumber;
	accounts: number;
	alerts: Alert[];
	rules: RuleRunSummary[];
}

export function alertKey(ruleId: string, accountId: string): string {
	return `${ruleId}|${accountId}`;
}

/**
 * Conditions resolved per segment once per rule (not per account), with unavailable ones as null.
 */
export function ruleResolver(
	index: RuleIndex,
	r: Rule,
	signals: RuleSignals | undefined,
	treatSignalsAsUnavailable = false
): {
	unavailable: { conditionId: string; code: UnavailableCode }[];
	forSegment: (segment: string | null) => (c: Condition) => Condition | null;
} {
	const unavailable: { conditionId: string; code: UnavailableCode }[] = [];
	const blocked = new Set<string>();
	for (const c of conditionsOf(r.trigger)) {
		const isSignal = c.kind === 'health-below' || c.kind === 'risk-above';
		const code: UnavailableCode | null =
			treatSignalsAsUnavailable && isSignal
				? 'no-signal-history'
				: conditionUnavailable(index, c, signals);
		if (code) {
			unavailable.push({ conditionId: c.id, code });
			blocked.add(c.id);
		}
	}
	const bySegment = new Map<string | null, (c: Condition) => Condition | null>();
	const forSegment = (segment: string | null): ((c: Condition) => Condition | null) => {
		const key = segment !== null && r.thresholds.bySegment[segment] ? segment : null;
		let resolve = bySegment.get(key);
		if (!resolve) {
			const cache = new Map<string, Condition>();
			resolve = (c) => {
				if (blocked.has(c.id)) return null;
				let resolved = cache.get(c.id);
				if (!resolved) {
					resolved = conditionForSegment(r, c, key);
					cache.set(c.id, resolved);
				}
				return resolved;
			};
			bySegment.set(key, resolve);
		}
		return resolve;
	};
	return { unavailable, forSegment };
}

/** Whether the trigger can hold at all with the unavailable conditions never holding. */
export function triggerCanHold(node: ConditionNode, blocked: Set<string>): boolean {
	if (!isConditionGroup(node)) return !blocked.has(node.id);
	if (node.children.length === 0) return false;
	return node.op === 'and'
		? node.children.every((n) => triggerCanHold(n, blocked))
		: node.children.some((n) => triggerCanHold(n, blocked));
}

/**
 * Today's alerts: one per account and enabled rule whose trigger holds on `asOfDay`, using only
 * data dated on or before it. Sorted newest first (raisedDay descending), then in rule order,
 * then in the dataset's account order.
 */
export function evaluateRules(
	dataset: Dataset,
	rules: readonly Rule[],
	asOfDay: DayNumber,
	signals?: RuleSignals
): RuleEvaluation {
	const index = ruleIndexOf(dataset);
	const ctx: IntervalContext = { index, signals, signalDay: asOfDay };
	const alerts: Alert[] = [];
	const summaries: RuleRunSummary[] = [];
	for (const r of rules) {
		if (!r.enabled) {
			summaries.push({
				ruleId: r.id,
				status: 'disabled',
				unavailable: [],
				accountsEvaluated: 0,
				alerts: 0
			});
			continue;
		}
		const { unavailable, forSegment } = ruleResolver(index, r, signals);
		const blocked = new Set(unavailable.map((u) => u.conditionId));
		if (!triggerCanHold(r.trigger, blocked)) {
			summaries.push({
				ruleId: r.id,
				status: 'unavailable',
				unavailable,
				accountsEvaluated: 0,
				alerts: 0
			});
			continue;
		}
		const conditions = conditionsOf(r.trigger);
		const usesSignals = conditions.some(
			(c) => c.kind === 'health-below' || c.kind === 'risk-above'
		);
		const single = !isConditionGroup(r.trigger);
		let count = 0;
		for (let a = 0; a < index.accountCount; a++) {
			const account = dataset.accounts[a];
			const resolve = forSegment(account.segment);
			if (!treeMayHold(ctx, r.trigger, a, asOfDay, resolve)) continue;
			const intervals = treeIntervals(ctx, r.trigger, a, asOfDay, resolve);
			const raisedDay = runStartOn(intervals, asOfDay);
			if (raisedDay === null) continue;
			const evidence = conditions.map((c): ConditionResult => {
				const resolved = resolve(c);
				if (resolved === null) {
					const code = unavailable.find((u) => u.conditionId === c.id)?.code ?? null;
					return {
						conditionId: c.id,
						kind: c.kind,
						holds: false,
						unavailable: code,
						params: paramsOf(c),
						evidence: null
					};
				}
				// A lone condition holds exactly when the trigger does.
				const holds =
					single || runStartOn(conditionIntervals(ctx, resolved, a, asOfDay), asOfDay) !== null;
				return {
					conditionId: c.id,
					kind: c.kind,
					holds,
					unavailable: null,
					params: paramsOf(resolved),
					evidence: conditionEvidence(index, resolved, a, asOfDay, signals)
				};
			});
			const signalHolds = evidence.some(
				(e) => e.holds && (e.kind === 'health-below' || e.kind === 'risk-above')
			);
			alerts.push({
				key: alertKey(r.id, account.id),
				ruleId: r.id,
				accountId: account.id,
				raisedDay,
				raisedDayKnown: !(usesSignals && signalHolds),
				evidence
			});
			count++;
		}
		summaries.push({
			ruleId: r.id,
			status: 'ran',
			unavailable,
			accountsEvaluated: index.accountCount,
			alerts: count
		});
	}
	return {
		asOfDay,
		accounts: index.accountCount,
		alerts: newestFirst(alerts, asOfDay),
		rules: summaries
	};
}

/**
 * Sorts by raisedDay descending; ties keep their order (rule order, then dataset account order).
 * One numeric key per alert: comparing key strings made this the slowest step at 100,000 accounts.
 */
function newestFirst(alerts: Alert[], asOfDay: DayNumber): Alert[] {
	const n = alerts.length;
	const keys = new Float64Array(n);
	for (let i = 0; i < n; i++) keys[i] = (asOfDay - alerts[i].raisedDay) * n + i;
	keys.sort();
	const out: Alert[] = new Array(n);
	for (let i = 0; i < n; i++) out[i] = alerts[keys[i] % n];
	return out;
}
