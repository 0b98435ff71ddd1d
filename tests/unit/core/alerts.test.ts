import { describe, expect, it } from 'vitest';
import {
	alertInbox,
	alertStateAfter,
	isUntouchedState,
	ruleAlertRecords,
	sameRuleRecord,
	statesOfRuleRecord,
	type AlertState
} from '../../../src/lib/core/alerts';
import type { Alert } from '../../../src/lib/core/playbook';

const alert = (
	ruleId: string,
	accountId: string,
	raisedDay: number,
	raisedDayKnown = true
): Alert => ({
	key: `${ruleId}|${accountId}`,
	ruleId,
	accountId,
	raisedDay,
	raisedDayKnown,
	evidence: []
});

const state = (a: Alert, patch: Partial<AlertState> = {}): AlertState => ({
	key: a.key,
	ruleId: a.ruleId,
	accountId: a.accountId,
	status: 'open',
	snoozedUntil: null,
	owner: null,
	notes: '',
	updatedAt: 1,
	raisedDay: a.raisedDay,
	closedReason: null,
	...patch
});

const NOW = 1_700_000_000_000;

describe('alertInbox', () => {
	it('opens a new alert', () => {
		const a = alert('r', 'x', 10);
		const inbox = alertInbox([], [a], { today: 12, now: NOW });
		expect(inbox.items).toHaveLength(1);
		expect(inbox.items[0]).toMatchObject({
			change: 'new',
			state: { status: 'open', raisedDay: 10, updatedAt: NOW }
		});
		expect(inbox.changed).toHaveLength(1);
		expect(inbox.counts).toMatchObject({ open: 1, new: 1 });
	});

	it('keeps an acknowledged alert with its owner and notes across re-imports', () => {
		const a = alert('r', 'x', 10);
		const old = state(a, { status: 'acknowledged', owner: 'Aiko', notes: '電話済み' });
		const inbox = alertInbox([old], [a], { today: 20, now: NOW });
		expect(inbox.items[0].change).toBe('unchanged');
		expect(inbox.items[0].state).toBe(old);
		expect(inbox.changed).toEqual([]);
		expect(inbox.counts.acknowledged).toBe(1);
	});

	it('reopens a snoozed alert on its snoozedUntil day, not before', () => {
		const a = alert('r', 'x', 10);
		const old = state(a, { status: 'snoozed', snoozedUntil: 15 });
		expect(alertInbox([old], [a], { today: 14, now: NOW }).items[0].state.status).toBe('snoozed');
		const reopened = alertInbox([old], [a], { today: 15, now: NOW });
		expect(reopened.items[0]).toMatchObject({
			change: 'snooze-ended',
			state: { status: 'open', snoozedUntil: null, updatedAt: NOW }
		});
		expect(reopened.counts.snoozeEnded).toBe(1);
	});

	it('closes an alert whose condition no longer holds, and says so', () => {
		const a = alert('r', 'x', 10);
		const inbox = alertInbox([state(a, { status: 'acknowledged' })], [], { today: 20, now: NOW });
		expect(inbox.items[0]).toMatchObject({
			alert: null,
			change: 'condition-cleared',
			state: { status: 'done', closedReason: 'condition-cleared', updatedAt: NOW }
		});
		expect(inbox.counts).toMatchObject({ done: 1, cleared: 1 });
	});

	it('opens a cleared alert again when its condition returns', () => {
		const a = alert('r', 'x', 30);
		const old = state(alert('r', 'x', 10), { status: 'done', closedReason: 'condition-cleared' });
		const inbox = alertInbox([old], [a], { today: 30, now: NOW });
		expect(inbox.items[0]).toMatchObject({
			change: 'condition-returned',
			state: { status: 'open', raisedDay: 30, closedReason: null }
		});
	});

	it('keeps a done alert done while its run goes on, and reopens it for a later run', () => {
		const done = state(alert('r', 'x', 10), { status: 'done', closedReason: 'by-person' });
		expect(
			alertInbox([done], [alert('r', 'x', 10)], { today: 20, now: NOW }).items[0].state.status
		).toBe('done');
		// A signal-based alert's raised day is only "today": it does not mean a new run.
		expect(
			alertInbox([done], [alert('r', 'x', 20, false)], { today: 20, now: NOW }).items[0].state
				.status
		).toBe('done');
		const later = alertInbox([done], [alert('r', 'x', 18)], { today: 20, now: NOW });
		expect(later.items[0]).toMatchObject({
			change: 'reopened',
			state: { status: 'open', raisedDay: 18 }
		});
	});

	it('leaves the states of rules that were not evaluated untouched', () => {
		const a = alert('off', 'x', 10);
		const old = state(a);
		const inbox = alertInbox([old], [], { today: 20, now: NOW, evaluatedRuleIds: ['r'] });
		expect(inbox.items[0]).toMatchObject({ change: 'unchanged', state: { status: 'open' } });
	});

	it('sorts newest first', () => {
		const inbox = alertInbox([], [alert('r', 'b', 5), alert('r', 'a', 9), alert('q', 'a', 9)], {
			today: 9,
			now: NOW
		});
		expect(inbox.items.map((i) => i.state.key)).toEqual(['q|a', 'r|a', 'r|b']);
	});
});

describe('alertStateAfter', () => {
	it('applies a person\u2019s actions without changing the input', () => {
		const s = state(alert('r', 'x', 10));
		const snoozed = alertStateAfter(s, { type: 'snooze', untilDay: 40 }, NOW);
		expect(snoozed).toMatchObject({ status: 'snoozed', snoozedUntil: 40, updatedAt: NOW });
		expect(s.status).toBe('open');
		expect(alertStateAfter(snoozed, { type: 'done' }, NOW)).toMatchObject({
			status: 'done',
			closedReason: 'by-person',
			snoozedUntil: null
		});
		expect(alertStateAfter(s, { type: 'assign', owner: 'Ken' }, NOW).owner).toBe('Ken');
	});
});

describe('rule records of untouched alerts', () => {
	it('keeps open and self-closed states in one record per rule and gives them back', () => {
		const a = alert('r', 'a', 10);
		const b = alert('r', 'b', 12);
		const c = alert('q', 'c', 11);
		const open = state(a, { updatedAt: 5 });
		const cleared = state(b, { status: 'done', closedReason: 'condition-cleared', updatedAt: 6 });
		const other = state(c);
		// Decided by a person: stay rows, never in a record.
		const acknowledged = state(alert('r', 'd', 9), { status: 'acknowledged' });
		const owned = state(alert('r', 'e', 9), { owner: 'kim' });
		const doneByHand = state(alert('r', 'f', 9), { status: 'done', closedReason: 'by-person' });
		const all = [open, acknowledged, cleared, other, owned, doneByHand];
		expect(all.map(isUntouchedState)).toEqual([true, false, true, true, false, false]);
		const records = ruleAlertRecords(all);
		// Rule r: a (open) and b (cleared), in input order; rule q: c.
		expect([...records.keys()]).toEqual(['r', 'q']);
		const r = records.get('r')!;
		expect(r.accountIds).toEqual(['a', 'b']);
		expect([...r.raisedDays]).toEqual([10, 12]);
		expect([...r.cleared]).toEqual([0, 1]);
		expect(statesOfRuleRecord('r', r)).toEqual([open, cleared]);
		expect(statesOfRuleRecord('q', records.get('q')!)).toEqual([other]);
	});

	it('tells when a record changed', () => {
		const a = state(alert('r', 'a', 10));
		const before = ruleAlertRecords([a]).get('r')!;
		expect(sameRuleRecord(before, ruleAlertRecords([{ ...a }]).get('r')!)).toBe(true);
		const later = ruleAlertRecords([{ ...a, updatedAt: 2 }]).get('r')!;
		expect(sameRuleRecord(before, later)).toBe(false);
		const cleared = ruleAlertRecords([
			{ ...a, status: 'done', closedReason: 'condition-cleared' }
		]).get('r')!;
		expect(sameRuleRecord(before, cleared)).toBe(false);
	});

	it('merges the same way from records as from rows (a cleared alert that returns reopens)', () => {
		const a = alert('r', 'a', 10);
		const stored = statesOfRuleRecord(
			'r',
			ruleAlertRecords([state(a, { status: 'done', closedReason: 'condition-cleared' })]).get('r')!
		);
		const inbox = alertInbox(stored, [a], { today: 12, now: NOW });
		expect(inbox.items[0]).toMatchObject({ change: 'condition-returned' });
		expect(inbox.items[0].state.status).toBe('open');
	});
});
