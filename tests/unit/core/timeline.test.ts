import { describe, expect, it } from 'vitest';
import { accountTimeline } from '../../../src/lib/core/timeline';
import { datasetOf } from './playbook-dataset';

// Day 74 is a Monday (day 0, 1970-01-01, was a Thursday), so active days 80..99 fall in the
// weeks of 74 (day 80), 81, 88 and 95 (95..99).
const ds = datasetOf({
	accounts: [
		{ id: 'a', signupDay: 0, churnDay: 180, churnReason: 'price', churnType: 'voluntary' },
		{ id: 'live', signupDay: 0 }
	],
	subscriptions: [
		{ accountId: 'a', startDay: 0, endDay: 99, mrrMinor: 1000, plan: 'basic' },
		{ accountId: 'a', startDay: 100, endDay: 179, mrrMinor: 3000, plan: 'pro' }
	],
	payments: [
		{ accountId: 'a', day: 0, amountMinor: 1000, status: 'paid' },
		{ accountId: 'a', day: 100, amountMinor: 3000, status: 'paid' },
		{ accountId: 'a', day: 150, amountMinor: 3000, status: 'failed', id: 'F' },
		{ accountId: 'a', day: 155, amountMinor: 3000, status: 'paid' }
	],
	tickets: [
		{ accountId: 'a', openedDay: 120, resolvedDay: 125, id: 'T1' },
		{ accountId: 'a', openedDay: 170, id: 'T2' }
	],
	nps: [{ accountId: 'a', day: 160, score: 3, comment: 'too slow' }],
	activity: Array.from({ length: 20 }, (_, i) => ({
		accountId: 'a',
		day: 80 + i,
		users: i === 1 ? 3 : 1
	}))
});

describe('accountTimeline', () => {
	const t = accountTimeline(ds, 'a');

	it('merges every source into one chronological list', () => {
		expect(t?.events.map((e) => [e.day, e.kind])).toEqual([
			[0, 'signup'],
			[0, 'subscription-start'],
			[0, 'payment'],
			[80, 'activity-week'],
			[81, 'activity-week'],
			[88, 'activity-week'],
			[95, 'activity-week'],
			[100, 'subscription-change'],
			[100, 'payment'],
			[120, 'ticket-opened'],
			[125, 'ticket-resolved'],
			[150, 'payment'],
			[155, 'payment'],
			[160, 'nps'],
			[170, 'ticket-opened'],
			[180, 'subscription-end'],
			[180, 'churn']
		]);
		expect(t?.counts).toMatchObject({ payment: 4, 'activity-week': 4, churn: 1 });
	});

	it('carries MRR deltas, highlights failed payments and keeps NPS comments', () => {
		const events = t?.events ?? [];
		expect(events[7]).toEqual({
			kind: 'subscription-change',
			day: 100,
			mrrBeforeMinor: 1000,
			mrrAfterMinor: 3000,
			deltaMinor: 2000,
			plansStarted: ['pro'],
			plansEnded: ['basic']
		});
		expect(events[15]).toMatchObject({
			kind: 'subscription-end',
			deltaMinor: -3000,
			plansEnded: ['pro']
		});
		expect(events.filter((e) => e.kind === 'payment' && e.highlight).map((e) => e.day)).toEqual([
			150
		]);
		expect(events[13]).toMatchObject({
			kind: 'nps',
			score: 3,
			group: 'detractor',
			comment: 'too slow'
		});
		expect(events[3]).toMatchObject({
			kind: 'activity-week',
			day: 80,
			weekStartDay: 74,
			activeDays: 1
		});
		expect(events[4]).toEqual({
			kind: 'activity-week',
			day: 81,
			weekStartDay: 81,
			events: 7,
			activeDays: 7,
			maxDailyUsers: 3
		});
		expect(events[10]).toMatchObject({ kind: 'ticket-resolved', ticketId: 'T1', daysOpen: 5 });
	});

	it('lists the signals of the 90 days before churn in order', () => {
		// Window 90..179. Inactive 14 days from 113 (last active 99). Usage down > 30%: the
		// recent 28 days hold 127 - d events and the 84 before d - 107, and 0.7 (d - 107) >
		// 3 (127 - d) first on d = 124.
		expect(t?.postMortem?.windowStartDay).toBe(90);
		expect(t?.postMortem?.signals).toEqual([
			{ code: 'inactivity', day: 113, params: { days: 14, lastActiveDay: 99 } },
			{ code: 'ticket-opened', day: 120, params: { ticketId: 'T1', resolvedDay: 125 } },
			{ code: 'usage-drop', day: 124, params: { percent: 30 } },
			{
				code: 'payment-failed',
				day: 150,
				params: { paymentId: 'F', amountMinor: 3000, recoveredDay: 155 }
			},
			{ code: 'nps-response', day: 160, params: { responseId: null, score: 3 } },
			{ code: 'ticket-opened', day: 170, params: { ticketId: 'T2', resolvedDay: null } }
		]);
	});

	it('has no post-mortem for an account that has not churned, and null for an unknown id', () => {
		expect(accountTimeline(ds, 'live')?.postMortem).toBeNull();
		expect(accountTimeline(ds, 'nobody')).toBeNull();
	});
});
