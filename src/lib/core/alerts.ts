// The alert inbox: stored alert states (what people did) merged with today's alerts (what the
// rules say). Pure: the caller persists the returned states in `alertStates`.
import type { DayNumber } from './types';
import type { Alert } from './playbook';

// Persisted values of alert states: do not rename without a migration.
export type AlertStatus = 'open' | 'acknowledged' | 'snoozed' | 'done';
export type ClosedReason = 'by-person' | 'condition-cleared';

export interface AlertState {
	/** `${ruleId}|${accountId}`. */
	key: string;
	ruleId: string;
	accountId: string;
	status: AlertStatus;
	/** The day a snoozed alert comes back (it reopens on that day). */
	snoozedUntil: DayNumber | null;
	owner: string | null;
	notes: string;
	/** Epoch milliseconds of the last change. */
	updatedAt: number;
	/** Start of the run of days this state belongs to. */
	raisedDay: DayNumber;
	/** Why a `done` alert is done. */
	closedReason: ClosedReason | null;
}

/** What the merge did to an alert today, for the UI to say. */
export type InboxChange =
	'new' | 'unchanged' | 'snooze-ended' | 'reopened' | 'condition-cleared' | 'condition-returned';

export interface InboxItem {
	state: AlertState;
	/** Today's alert, or null when its condition no longer holds. */
	alert: Alert | null;
	change: InboxChange;
}

export interface AlertInbox {
	/** Newest first (raisedDay descending), then by key. */
	items: InboxItem[];
	/** Every state to persist (unchanged ones included), in the same order. */
	states: AlertState[];
	/** States whose updatedAt changed today: the rows to write. */
	changed: AlertState[];
	counts: Record<AlertStatus, number> & {
		new: number;
		reopened: number;
		snoozeEnded: number;
		cleared: number;
	};
}

export interface InboxOptions {
	today: DayNumber;
	/** Epoch ms stamped on changed states. */
	now: number;
	/**
	 * Rules that were evaluated today. States of other rules (disabled, deleted, unavailable) are
	 * kept as they are instead of being closed as cleared. Default: every rule is evaluated.
	 */
	evaluatedRuleIds?: readonly string[];
}

/**
 * Merges stored states with today's alerts: states survive re-imports (keyed by rule and
 * account); a snoozed alert reopens on its snoozedUntil day; an alert whose condition no
 * longer holds closes itself with reason `condition-cleared`; a new alert opens; a done alert
 * whose condition cleared and holds again (or holds in a later run) reopens.
 */
export function alertInbox(
	states: readonly AlertState[],
	alerts: readonly Alert[],
	options: InboxOptions
): AlertInbox {
	const { today, now } = options;
	const evaluated = options.evaluatedRuleIds ? new Set(options.evaluatedRuleIds) : null;
	const byKey = new Map<string, AlertState>();
	for (const s of states) byKey.set(s.key, s);
	const items: InboxItem[] = [];
	const seen = new Set<string>();
	for (const alert of alerts) {
		seen.add(alert.key);
		const old = byKey.get(alert.key);
		if (!old) {
			items.push({ state: freshState(alert, now), alert, change: 'new' });
			continue;
		}
		if (old.status === 'done') {
			const newRun = alert.raisedDayKnown && alert.raisedDay > old.raisedDay;
			if (old.closedReason === 'condition-cleared' || newRun) {
				const state: AlertState = {
					...old,
					status: 'open',
					snoozedUntil: null,
					raisedDay: alert.raisedDay,
					closedReason: null,
					updatedAt: now
				};
				items.push({
					state,
					alert,
					change: old.closedReason === 'condition-cleared' ? 'condition-returned' : 'reopened'
				});
			} else items.push({ state: old, alert, change: 'unchanged' });
			continue;
		}
		if (old.status === 'snoozed' && (old.snoozedUntil === null || old.snoozedUntil <= today)) {
			const state: AlertState = { ...old, status: 'open', snoozedUntil: null, updatedAt: now };
			items.push({ state, alert, change: 'snooze-ended' });
			continue;
		}
		items.push({ state: old, alert, change: 'unchanged' });
	}
	for (const old of states) {
		if (seen.has(old.key)) continue;
		seen.add(old.key);
		const wasEvaluated = evaluated === null || evaluated.has(old.ruleId);
		if (!wasEvaluated || (old.status === 'done' && old.closedReason === 'condition-cleared')) {
			items.push({ state: old, alert: null, change: 'unchanged' });
			continue;
		}
		// A person's "done" stays done, but remembers that the condition went away, so that its
		// return opens the alert again.
		const state: AlertState = {
			...old,
			status: 'done',
			snoozedUntil: null,
			closedReason: 'condition-cleared',
			updatedAt: now
		};
		items.push({
			state,
			alert: null,
			change: old.status === 'done' ? 'unchanged' : 'condition-cleared'
		});
	}
	items.sort(
		(x, y) =>
			y.state.raisedDay - x.state.raisedDay ||
			(x.state.key < y.state.key ? -1 : x.state.key > y.state.key ? 1 : 0)
	);
	const counts: AlertInbox['counts'] = {
		open: 0,
		acknowledged: 0,
		snoozed: 0,
		done: 0,
		new: 0,
		reopened: 0,
		snoozeEnded: 0,
		cleared: 0
	};
	for (const item of items) {
		counts[item.state.status]++;
		if (item.change === 'new') counts.new++;
		else if (item.change === 'reopened' || item.change === 'condition-returned') counts.reopened++;
		else if (item.change === 'snooze-ended') counts.snoozeEnded++;
		else if (item.change === 'condition-cleared') counts.cleared++;
	}
	const statesOut = items.map((i) => i.state);
	return {
		items,
		states: statesOut,
		changed: statesOut.filter((s) => byKey.get(s.key) !== s),
		counts
	};
}

function freshState(alert: Alert, now: number): AlertState {
	return {
		key: alert.key,
		ruleId: alert.ruleId,
		accountId: alert.accountId,
		status: 'open',
		snoozedUntil: null,
		owner: null,
		notes: '',
		updatedAt: now,
		raisedDay: alert.raisedDay,
		closedReason: null
	};
}

/** What a person does to an alert. */
export type AlertAction =
	| { type: 'acknowledge' }
	| { type: 'snooze'; untilDay: DayNumber }
	| { type: 'done' }
	| { type: 'reopen' }
	| { type: 'assign'; owner: string | null }
	| { type: 'note'; notes: string };

/** The state after a person's action (a new object; the input is not changed). */
export function alertStateAfter(state: AlertState, action: AlertAction, now: number): AlertState {
	const next: AlertState = { ...state, updatedAt: now };
	switch (action.type) {
		case 'acknowledge':
			return { ...next, status: 'acknowledged', snoozedUntil: null, closedReason: null };
		case 'snooze':
			return { ...next, status: 'snoozed', snoozedUntil: action.untilDay, closedReason: null };
		case 'done':
			return { ...next, status: 'done', snoozedUntil: null, closedReason: 'by-person' };
		case 'reopen':
			return { ...next, status: 'open', snoozedUntil: null, closedReason: null };
		case 'assign':
			return { ...next, owner: action.owner };
		case 'note':
			return { ...next, notes: action.notes };
	}
}

// ---------------------------------------------------------------------------------------------
// Compact storage. Most alerts are never touched by a person: their state is exactly what the
// merge alone produces (open since raisedDay, or closed because the condition cleared). Storing
// one row per such alert cost a write per alert (100k+ at scale); instead they are kept in one
// record per rule, and only states carrying a person's decision are kept as rows.

/** The alerts of one rule that no person touched: parallel arrays, one entry per account. */
export interface RuleAlertRecord {
	accountIds: string[];
	raisedDays: Int32Array;
	updatedAts: Float64Array;
	/** 1 when the alert closed itself (done, condition-cleared), 0 when open. */
	cleared: Uint8Array;
}

/** True when a state holds nothing a person decided, so it can live in its rule's record. */
export function isUntouchedState(s: AlertState): boolean {
	return (
		s.owner === null &&
		s.notes === '' &&
		s.snoozedUntil === null &&
		((s.status === 'open' && s.closedReason === null) ||
			(s.status === 'done' && s.closedReason === 'condition-cleared'))
	);
}

/** Per rule, the record of its untouched states (in the given order). */
export function ruleAlertRecords(states: readonly AlertState[]): Map<string, RuleAlertRecord> {
	const byRule = new Map<string, AlertState[]>();
	for (const s of states) {
		if (!isUntouchedState(s)) continue;
		let list = byRule.get(s.ruleId);
		if (!list) byRule.set(s.ruleId, (list = []));
		list.push(s);
	}
	const out = new Map<string, RuleAlertRecord>();
	for (const [ruleId, list] of byRule) {
		out.set(ruleId, {
			accountIds: list.map((s) => s.accountId),
			raisedDays: Int32Array.from(list, (s) => s.raisedDay),
			updatedAts: Float64Array.from(list, (s) => s.updatedAt),
			cleared: Uint8Array.from(list, (s) => (s.status === 'done' ? 1 : 0))
		});
	}
	return out;
}

/** The states a rule's record stands for. */
export function statesOfRuleRecord(ruleId: string, record: RuleAlertRecord): AlertState[] {
	return record.accountIds.map((accountId, i) => {
		const cleared = record.cleared[i] === 1;
		return {
			key: `${ruleId}|${accountId}`,
			ruleId,
			accountId,
			status: cleared ? 'done' : 'open',
			snoozedUntil: null,
			owner: null,
			notes: '',
			updatedAt: record.updatedAts[i],
			raisedDay: record.raisedDays[i],
			closedReason: cleared ? 'condition-cleared' : null
		};
	});
}

/** True when two records hold the same entries in the same order. */
export function sameRuleRecord(x: RuleAlertRecord, y: RuleAlertRecord): boolean {
	const n = x.accountIds.length;
	if (n !== y.accountIds.length) return false;
	for (let i = 0; i < n; i++) {
		if (
			x.accountIds[i] !== y.accountIds[i] ||
			x.raisedDays[i] !== y.raisedDays[i] ||
			x.updatedAts[i] !== y.updatedAts[i] ||
			x.cleared[i] !== y.cleared[i]
		)
			return false;
	}
	return true;
}
