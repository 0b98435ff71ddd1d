import { describe, expect, it } from 'vitest';
import {
	conditionEvaluation,
	conditionForSegment,
	intersectIntervals,
	ruleProblems,
	unionIntervals,
	type Condition,
	type Rule
} from '../../../src/lib/core/rules';
import { datasetOf } from './playbook-dataset';

const inactive = (
	days: number,
	metric: string | null = null,
	fallbackToAllEvents = false
): Condition => ({
	kind: 'inactive',
	id: 'c',
	days,
	metric,
	fallbackToAllEvents
});

describe('inactive', () => {
	const ds = datasetOf({
		accounts: [
			{ id: 'a', signupDay: 0 },
			{ id: 'never', signupDay: 0 },
			{ id: 'gone', signupDay: 0, churnDay: 110 }
		],
		activity: [
			{ accountId: 'a', day: 100 },
			{ accountId: 'a', day: 120 },
			{ accountId: 'gone', day: 100 }
		]
	});

	it('holds at exactly N days without activity and not at N - 1', () => {
		// last active day 100: day 114 is 14 days inactive, day 113 is 13.
		const at114 = conditionEvaluation(ds, 'a', inactive(14), 114);
		expect(at114.holds).toBe(true);
		expect(at114.evidence).toEqual({
			kind: 'inactive',
			metric: '*',
			lastActiveDay: 100,
			sinceDay: 100,
			daysInactive: 14
		});
		expect(conditionEvaluation(ds, 'a', inactive(14), 113).holds).toBe(false);
	});

	it('stops holding on the day activity returns', () => {
		expect(conditionEvaluation(ds, 'a', inactive(14), 119).holds).toBe(true);
		expect(conditionEvaluation(ds, 'a', inactive(14), 120).holds).toBe(false);
	});

	it('counts an account that was never active from its signup', () => {
		expect(conditionEvaluation(ds, 'never', inactive(14), 13).holds).toBe(false);
		const r = conditionEvaluation(ds, 'never', inactive(14), 14);
		expect(r.holds).toBe(true);
		expect(r.evidence).toMatchObject({ lastActiveDay: null, sinceDay: 0, daysInactive: 14 });
	});

	it('never holds for an account after it churned', () => {
		// churned on 110: inactive 14 days would be day 114, but it is no longer a customer.
		expect(conditionEvaluation(ds, 'gone', inactive(14), 114).holds).toBe(false);
		expect(conditionEvaluation(ds, 'gone', inactive(5), 105).holds).toBe(true);
	});

	it('reads a named metric, falling back to all events only when asked', () => {
		const withLogin = datasetOf({
			accounts: [{ id: 'a', signupDay: 0 }],
			activity: [
				{ accountId: 'a', day: 100, metric: 'login' },
				{ accountId: 'a', day: 105, metric: 'report' }
			]
		});
		// login 10 days ago, although something else happened on day 105.
		const r = conditionEvaluation(withLogin, 'a', inactive(10, 'login', true), 110);
		expect(r.holds).toBe(true);
		expect(r.evidence).toMatchObject({ metric: 'login', lastActiveDay: 100 });
		const noLogin = datasetOf({
			accounts: [{ id: 'a', signupDay: 0 }],
			activity: [{ accountId: 'a', day: 105, metric: 'report' }]
		});
		const fallback = conditionEvaluation(noLogin, 'a', inactive(10, 'login', true), 115);
		expect(fallback.holds).toBe(true);
		expect(fallback.evidence).toMatchObject({ metric: '*', lastActiveDay: 105 });
		const strict = conditionEvaluation(noLogin, 'a', inactive(10, 'login', false), 115);
		expect(strict).toMatchObject({ holds: false, unavailable: 'metric-not-found' });
	});

	it('is unavailable on a dataset without activity', () => {
		const empty = datasetOf({ accounts: [{ id: 'a', signupDay: 0 }] });
		expect(conditionEvaluation(empty, 'a', inactive(14), 100)).toMatchObject({
			holds: false,
			unavailable: 'no-activity-data'
		});
	});
});

describe('usage-drop', () => {
	// Days 0..111 one event a day; days 112..139 half an event a day. On day 139 the last 4
	// weeks (112..139) hold 14 events = 3.5 a week, the 12 before (28..111) 84 = 7 a week: -50%.
	const activity = [
		...Array.from({ length: 112 }, (_, d) => ({ accountId: 'a', day: d, count: 1 })),
		...Array.from({ length: 28 }, (_, i) => ({ accountId: 'a', day: 112 + i, count: 0.5 }))
	];
	const ds = datasetOf({ accounts: [{ id: 'a', signupDay: 0 }], activity });
	const drop = (percent: number): Condition => ({
		kind: 'usage-drop',
		id: 'u',
		percent,
		metric: null
	});

	it('holds only for a drop strictly larger than X percent', () => {
		const at49 = conditionEvaluation(ds, 'a', drop(49), 139);
		expect(at49.holds).toBe(true);
		expect(at49.evidence).toMatchObject({
			recentWeeklyAverage: 3.5,
			baselineWeeklyAverage: 7,
			dropPercent: 50
		});
		expect(conditionEvaluation(ds, 'a', drop(50), 139).holds).toBe(false);
	});

	it('does not hold while usage is steady', () => {
		// Day 111: last 4 weeks 28 events (7/week), the 12 before 84 (7/week): no drop.
		expect(conditionEvaluation(ds, 'a', drop(10), 111).holds).toBe(false);
	});

	it('waits for a complete baseline after signup', () => {
		// Signed up on day 50, busy for two weeks, then silent: on day 120 the baseline window
		// (9..92) starts before signup, so the drop is not judged yet.
		const young = datasetOf({
			accounts: [{ id: 'y', signupDay: 50 }],
			activity: Array.from({ length: 14 }, (_, i) => ({ accountId: 'y', day: 50 + i, count: 5 }))
		});
		const r = conditionEvaluation(young, 'y', drop(50), 120);
		expect(r.holds).toBe(false);
		expect(r.evidence).toMatchObject({ baselineComplete: false });
	});
});

describe('health-below and risk-above', () => {
	const ds = datasetOf({
		accounts: [
			{ id: 'a', signupDay: 0 },
			{ id: 'b', signupDay: 0 },
			{ id: 'c', signupDay: 0 }
		]
	});
	const health = new Map([
		['a', { score: 65, band: 'yellow' }],
		['b', { score: 70, band: 'green' }],
		['c', { score: 80, band: 'red' }]
	]);
	const below70: Condition = { kind: 'health-below', id: 'h', score: 70, bands: [] };

	it('compares the supplied score strictly', () => {
		expect(conditionEvaluation(ds, 'a', below70, 10, { health }).holds).toBe(true);
		expect(conditionEvaluation(ds, 'b', below70, 10, { health }).holds).toBe(false);
		expect(conditionEvaluation(ds, 'a', below70, 10, { health }).evidence).toEqual({
			kind: 'health-below',
			score: 65,
			band: 'yellow'
		});
	});

	it('holds on a listed band whatever the score', () => {
		const red: Condition = { kind: 'health-below', id: 'h', score: null, bands: ['red'] };
		expect(conditionEvaluation(ds, 'c', red, 10, { health }).holds).toBe(true);
		expect(conditionEvaluation(ds, 'a', red, 10, { health }).holds).toBe(false);
	});

	it('is unavailable when no signal is supplied', () => {
		expect(conditionEvaluation(ds, 'a', below70, 10)).toMatchObject({
			holds: false,
			unavailable: 'no-health-signal'
		});
		const risk: Condition = { kind: 'risk-above', id: 'r', risk: 0.5 };
		expect(conditionEvaluation(ds, 'a', risk, 10)).toMatchObject({ unavailable: 'no-risk-signal' });
	});

	it('holds for a risk strictly above the threshold', () => {
		const risk: Condition = { kind: 'risk-above', id: 'r', risk: 0.5 };
		const signals = {
			risk: new Map([
				['a', 0.51],
				['b', 0.5]
			])
		};
		expect(conditionEvaluation(ds, 'a', risk, 10, signals).holds).toBe(true);
		expect(conditionEvaluation(ds, 'b', risk, 10, signals).holds).toBe(false);
	});
});

describe('nps-at-most', () => {
	const ds = datasetOf({
		accounts: [{ id: 'a', signupDay: 0 }],
		nps: [
			{ accountId: 'a', day: 10, score: 6, comment: 'slow', id: 'n1' },
			{ accountId: 'a', day: 20, score: 9, id: 'n2' }
		]
	});
	const atMost6: Condition = { kind: 'nps-at-most', id: 'n', score: 6, maxAgeDays: null };

	it('holds while the latest response is at most X', () => {
		expect(conditionEvaluation(ds, 'a', atMost6, 9).holds).toBe(false);
		const r = conditionEvaluation(ds, 'a', atMost6, 15);
		expect(r.holds).toBe(true);
		expect(r.evidence).toEqual({
			kind: 'nps-at-most',
			responseId: 'n1',
			responseDay: 10,
			score: 6,
			ageDays: 5,
			comment: 'slow'
		});
		// A 9 on day 20 replaces it.
		expect(conditionEvaluation(ds, 'a', atMost6, 20).holds).toBe(false);
	});

	it('forgets a response older than maxAgeDays', () => {
		const fresh: Condition = { ...atMost6, maxAgeDays: 3 } as Condition;
		expect(conditionEvaluation(ds, 'a', fresh, 13).holds).toBe(true);
		expect(conditionEvaluation(ds, 'a', fresh, 14).holds).toBe(false);
	});
});

describe('tickets-in-window', () => {
	const three: Condition = { kind: 'tickets-in-window', id: 't', count: 3, days: 10 };
	const ds = datasetOf({
		accounts: [
			{ id: 'a', signupDay: 0 },
			{ id: 'b', signupDay: 0 }
		],
		tickets: [
			{ accountId: 'a', openedDay: 1, id: 't1' },
			{ accountId: 'a', openedDay: 5, id: 't2' },
			{ accountId: 'a', openedDay: 10, id: 't3' },
			{ accountId: 'b', openedDay: 1 },
			{ accountId: 'b', openedDay: 5 },
			{ accountId: 'b', openedDay: 11 }
		]
	});

	it('holds when N tickets fall in the M days ending today', () => {
		// Days 1..10 are 10 days: t1, t2, t3.
		const r = conditionEvaluation(ds, 'a', three, 10);
		expect(r.holds).toBe(true);
		expect(r.evidence).toEqual({
			kind: 'tickets-in-window',
			count: 3,
			fromDay: 1,
			toDay: 10,
			ticketIds: ['t1', 't2', 't3']
		});
		// Day 11: the window 2..11 has lost t1.
		expect(conditionEvaluation(ds, 'a', three, 11).holds).toBe(false);
	});

	it('does not hold when the tickets span M + 1 days', () => {
		// 1, 5, 11 span 11 days.
		expect(conditionEvaluation(ds, 'b', three, 11).holds).toBe(false);
	});
});

describe('ticket-unresolved', () => {
	const over5: Condition = { kind: 'ticket-unresolved', id: 't', days: 5 };
	const ds = datasetOf({
		accounts: [
			{ id: 'open', signupDay: 0 },
			{ id: 'r6', signupDay: 0 },
			{ id: 'r7', signupDay: 0 }
		],
		tickets: [
			{ accountId: 'open', openedDay: 0, id: 'x' },
			{ accountId: 'r6', openedDay: 0, resolvedDay: 6 },
			{ accountId: 'r7', openedDay: 0, resolvedDay: 7 }
		]
	});

	it('holds once a ticket is older than D days', () => {
		expect(conditionEvaluation(ds, 'open', over5, 5).holds).toBe(false);
		const r = conditionEvaluation(ds, 'open', over5, 6);
		expect(r.holds).toBe(true);
		expect(r.evidence).toEqual({
			kind: 'ticket-unresolved',
			ticketId: 'x',
			openedDay: 0,
			ageDays: 6,
			openTickets: 1
		});
	});

	it('treats a ticket resolved on a day as resolved that day', () => {
		expect(conditionEvaluation(ds, 'r6', over5, 6).holds).toBe(false);
		expect(conditionEvaluation(ds, 'r7', over5, 6).holds).toBe(true);
		expect(conditionEvaluation(ds, 'r7', over5, 7).holds).toBe(false);
	});
});

describe('onboarding-missed', () => {
	const by14: Condition = { kind: 'onboarding-missed', id: 'o', days: 14, metric: null };
	const ds = datasetOf({
		accounts: [
			{ id: 'first', signupDay: 90 },
			{ id: 'onTime', signupDay: 100 },
			{ id: 'late', signupDay: 100 },
			{ id: 'never', signupDay: 100 },
			{ id: 'old', signupDay: 0 }
		],
		activity: [
			{ accountId: 'first', day: 95, metric: 'onboarding_done' },
			{ accountId: 'onTime', day: 114, metric: 'onboarding_done' },
			{ accountId: 'late', day: 120, metric: 'onboarding_done' },
			{ accountId: 'never', day: 101, metric: 'login' },
			{ accountId: 'old', day: 101, metric: 'login' }
		]
	});

	it('never holds when the milestone is reached on day D', () => {
		// signup 100 + 14 = 114.
		expect(conditionEvaluation(ds, 'onTime', by14, 115).holds).toBe(false);
	});

	it('holds from day D + 1 until the milestone is reached', () => {
		expect(conditionEvaluation(ds, 'late', by14, 114).holds).toBe(false);
		const r = conditionEvaluation(ds, 'late', by14, 115);
		expect(r.holds).toBe(true);
		expect(r.evidence).toEqual({
			kind: 'onboarding-missed',
			startDay: 100,
			deadlineDay: 114,
			missing: ['onboarding_done'],
			reached: []
		});
		expect(conditionEvaluation(ds, 'late', by14, 120).holds).toBe(false);
		expect(conditionEvaluation(ds, 'never', by14, 200).holds).toBe(true);
	});

	it('skips accounts that started before the milestone was tracked', () => {
		// onboarding_done first appears on day 95; 'old' signed up on day 0.
		expect(conditionEvaluation(ds, 'old', by14, 200).holds).toBe(false);
	});

	it('needs every onboarding_ metric, or only the named one', () => {
		const two = datasetOf({
			accounts: [
				{ id: 'a', signupDay: 0 },
				{ id: 'z', signupDay: 0 }
			],
			activity: [
				{ accountId: 'a', day: 0, metric: 'onboarding_invite' },
				{ accountId: 'a', day: 0, metric: 'first_report' },
				{ accountId: 'z', day: 0, metric: 'onboarding_import' }
			]
		});
		const r = conditionEvaluation(two, 'a', by14, 20);
		expect(r.holds).toBe(true);
		expect(r.evidence).toMatchObject({
			missing: ['onboarding_import'],
			reached: ['onboarding_invite']
		});
		const named: Condition = {
			kind: 'onboarding-missed',
			id: 'o',
			days: 14,
			metric: 'first_report'
		};
		expect(conditionEvaluation(two, 'a', named, 20).holds).toBe(false);
		const absent: Condition = { kind: 'onboarding-missed', id: 'o', days: 14, metric: 'nope' };
		expect(conditionEvaluation(two, 'a', absent, 20).unavailable).toBe('no-onboarding-metric');
	});
});

describe('payment-unrecovered', () => {
	const in7: Condition = { kind: 'payment-unrecovered', id: 'p', days: 7 };
	const ds = datasetOf({
		accounts: ['r7', 'r8', 'none', 'same'].map((id) => ({ id, signupDay: 0 })),
		payments: [
			{ accountId: 'r7', day: 100, status: 'failed', id: 'f1', amountMinor: 4900, currency: 'USD' },
			{ accountId: 'r7', day: 107, status: 'paid' },
			{ accountId: 'r8', day: 100, status: 'failed' },
			{ accountId: 'r8', day: 108, status: 'paid' },
			{ accountId: 'none', day: 100, status: 'failed', id: 'f3' },
			{ accountId: 'same', day: 100, status: 'paid' },
			{ accountId: 'same', day: 100, status: 'failed' }
		]
	});

	it('never holds when the payment is recovered on day D', () => {
		for (const day of [106, 107, 108])
			expect(conditionEvaluation(ds, 'r7', in7, day).holds).toBe(false);
	});

	it('holds from D days after the failure until a paid payment', () => {
		expect(conditionEvaluation(ds, 'r8', in7, 106).holds).toBe(false);
		expect(conditionEvaluation(ds, 'r8', in7, 107).holds).toBe(true);
		expect(conditionEvaluation(ds, 'r8', in7, 108).holds).toBe(false);
		const r = conditionEvaluation(ds, 'none', in7, 130);
		expect(r.holds).toBe(true);
		expect(r.evidence).toMatchObject({ paymentId: 'f3', failedDay: 100, daysSinceFailure: 30 });
	});

	it('counts a paid payment on the failure day as its successful retry', () => {
		expect(conditionEvaluation(ds, 'same', in7, 110).holds).toBe(false);
	});
});

describe('no-expansion', () => {
	const q2: Condition = { kind: 'no-expansion', id: 'x', days: 182 };
	const ds = datasetOf({
		accounts: [
			{ id: 'flat', signupDay: 0 },
			{ id: 'grew', signupDay: 0 },
			{ id: 'left', signupDay: 0 }
		],
		subscriptions: [
			{ accountId: 'flat', startDay: 0, mrrMinor: 1000 },
			{ accountId: 'grew', startDay: 0, mrrMinor: 1000 },
			{ accountId: 'grew', startDay: 100, mrrMinor: 500 },
			{ accountId: 'left', startDay: 0, endDay: 199, mrrMinor: 1000 }
		]
	});

	it('holds after two quarters of paying without an increase', () => {
		expect(conditionEvaluation(ds, 'flat', q2, 181).holds).toBe(false);
		expect(conditionEvaluation(ds, 'flat', q2, 182).holds).toBe(true);
	});

	it('restarts the clock on an expansion', () => {
		expect(conditionEvaluation(ds, 'grew', q2, 281).holds).toBe(false);
		const r = conditionEvaluation(ds, 'grew', q2, 282);
		expect(r.holds).toBe(true);
		expect(r.evidence).toEqual({
			kind: 'no-expansion',
			mrrMinor: 1500,
			payingSinceDay: 0,
			lastExpansionDay: 100,
			daysWithoutExpansion: 182
		});
	});

	it('stops holding once the account no longer pays', () => {
		expect(conditionEvaluation(ds, 'left', q2, 199).holds).toBe(true);
		expect(conditionEvaluation(ds, 'left', q2, 200).holds).toBe(false);
	});
});

describe('churned-within', () => {
	const in45: Condition = { kind: 'churned-within', id: 'w', days: 45 };
	const ds = datasetOf({
		accounts: [
			{ id: 'gone', signupDay: 0, churnDay: 200, churnReason: 'price' },
			{ id: 'back', signupDay: 0, churnDay: 200 }
		],
		payments: [{ accountId: 'back', day: 220, status: 'paid' }]
	});

	it('holds from the churn day until D days after it', () => {
		expect(conditionEvaluation(ds, 'gone', in45, 199).holds).toBe(false);
		expect(conditionEvaluation(ds, 'gone', in45, 200).holds).toBe(true);
		const r = conditionEvaluation(ds, 'gone', in45, 245);
		expect(r.holds).toBe(true);
		expect(r.evidence).toMatchObject({ churnDay: 200, daysSinceChurn: 45, churnReason: 'price' });
		expect(conditionEvaluation(ds, 'gone', in45, 246).holds).toBe(false);
	});

	it('stops holding when the account pays again', () => {
		expect(conditionEvaluation(ds, 'back', in45, 219).holds).toBe(true);
		expect(conditionEvaluation(ds, 'back', in45, 220).holds).toBe(false);
	});
});

describe('interval algebra', () => {
	it('intersects and unites runs, joining adjacent days', () => {
		expect(intersectIntervals([0, 10, 20, 30], [5, 25])).toEqual([5, 10, 20, 25]);
		expect(unionIntervals([0, 4], [5, 9])).toEqual([0, 9]);
		expect(unionIntervals([0, 4, 20, 21], [6, 9])).toEqual([0, 4, 6, 9, 20, 21]);
	});
});

describe('rule model', () => {
	const rule: Rule = {
		id: 'r',
		name: { kind: 'text', text: '休眠' },
		enabled: true,
		trigger: {
			op: 'and',
			children: [
				{ kind: 'inactive', id: 'i', days: 14, metric: null, fallbackToAllEvents: true },
				{ kind: 'tickets-in-window', id: 't', count: 3, days: 10 }
			]
		},
		action: { code: 'call', text: null },
		owner: { kind: 'person', person: 'Aiko' },
		successMetric: 'return-rate',
		thresholds: { bySegment: { enterprise: { i: { days: 30, metric: 5 } } } }
	};

	it('applies only numeric threshold overrides of the segment', () => {
		const c = rule.trigger as { children: Condition[] };
		expect(conditionForSegment(rule, c.children[0], 'enterprise')).toMatchObject({
			days: 30,
			metric: null
		});
		expect(conditionForSegment(rule, c.children[0], 'smb')).toMatchObject({ days: 14 });
		expect(conditionForSegment(rule, c.children[0], null)).toMatchObject({ days: 14 });
	});

	it('survives a JSON round trip and reports bad thresholds', () => {
		const copy = JSON.parse(JSON.stringify(rule)) as Rule;
		expect(copy).toEqual(rule);
		expect(ruleProblems(copy)).toEqual([]);
		copy.thresholds.bySegment.smb = { t: { count: 0 }, zzz: { days: 1 } };
		expect(ruleProblems(copy)).toEqual([
			{ code: 'bad-threshold', conditionId: 't', param: 'count', segment: 'smb' },
			{ code: 'unknown-override-condition', conditionId: 'zzz', segment: 'smb' }
		]);
	});
});

describe('prefilter', () => {
	it('never rules out a condition that holds, and agrees with the evidence (random histories)', async () => {
		const fc = await import('fast-check');
		const {
			conditionEvidence,
			conditionMayHold,
			conditionIntervals,
			liveIntervals,
			ruleIndexOf,
			runStartOn
		} = await import('../../../src/lib/core/rules');
		const conditions: Condition[] = [
			inactive(5),
			{ kind: 'usage-drop', id: 'u', percent: 20, metric: null },
			{ kind: 'nps-at-most', id: 'n', score: 6, maxAgeDays: 30 },
			{ kind: 'tickets-in-window', id: 't', count: 2, days: 7 },
			{ kind: 'ticket-unresolved', id: 'r', days: 3 },
			{ kind: 'onboarding-missed', id: 'o', days: 5, metric: null },
			{ kind: 'payment-unrecovered', id: 'p', days: 4 },
			{ kind: 'no-expansion', id: 'x', days: 30 },
			{ kind: 'churned-within', id: 'w', days: 10 }
		];
		const day = fc.integer({ min: 0, max: 200 });
		fc.assert(
			fc.property(
				fc.record({
					signup: day,
					churn: fc.option(day),
					active: fc.array(day, { maxLength: 15 }),
					onboarded: fc.option(day),
					tickets: fc.array(fc.tuple(day, fc.option(fc.nat(20))), { maxLength: 4 }),
					nps: fc.array(fc.tuple(day, fc.integer({ min: 0, max: 10 })), { maxLength: 3 }),
					payments: fc.array(fc.tuple(day, fc.boolean()), { maxLength: 4 }),
					subs: fc.array(fc.tuple(day, fc.option(fc.nat(100)), fc.nat(3000)), { maxLength: 3 }),
					at: fc.integer({ min: 0, max: 260 })
				}),
				(h) => {
					const ds = datasetOf({
						accounts: [
							{ id: 'a', signupDay: h.signup, churnDay: h.churn },
							{ id: 'z', signupDay: 0 }
						],
						activity: [
							...h.active.map((d) => ({ accountId: 'a', day: d, count: 1 + (d % 3) })),
							...(h.onboarded === null
								? []
								: [{ accountId: 'a', day: h.onboarded, metric: 'onboarding_done' }]),
							{ accountId: 'z', day: 0, metric: 'onboarding_done' }
						],
						tickets: h.tickets.map(([o, r]) => ({
							accountId: 'a',
							openedDay: o,
							resolvedDay: r === null ? null : o + r
						})),
						nps: h.nps.map(([d, score]) => ({ accountId: 'a', day: d, score })),
						payments: h.payments.map(([d, ok]) => ({
							accountId: 'a',
							day: d,
							status: ok ? ('paid' as const) : ('failed' as const)
						})),
						subscriptions: h.subs.map(([s, len, mrr]) => ({
							accountId: 'a',
							startDay: s,
							endDay: len === null ? null : s + len,
							mrrMinor: mrr
						}))
					});
					const ctx = { index: ruleIndexOf(ds), signalDay: null };
					const live = runStartOn(liveIntervals(ctx.index, 0, h.at), h.at) !== null;
					for (const c of conditions) {
						const holds = runStartOn(conditionIntervals(ctx, c, 0, h.at), h.at) !== null;
						if (holds && !conditionMayHold(ctx, c, 0, h.at)) return false;
						// The evidence, computed straight from the rows on that day, tells the same.
						const e = conditionEvidence(ctx.index, c, 0, h.at);
						let direct: boolean | null = null;
						if (e.kind === 'inactive') direct = e.daysInactive !== null && e.daysInactive >= 5;
						if (e.kind === 'usage-drop') {
							direct = e.baselineComplete && e.dropPercent !== null && e.dropPercent > 20;
						}
						if (e.kind === 'tickets-in-window') direct = e.count >= 2;
						if (e.kind === 'ticket-unresolved') direct = e.ageDays !== null && e.ageDays > 3;
						if (e.kind === 'nps-at-most') {
							direct = e.score !== null && e.score <= 6 && (e.ageDays ?? 0) <= 30;
						}
						if (e.kind === 'payment-unrecovered') {
							direct = e.daysSinceFailure !== null && e.daysSinceFailure >= 4;
						}
						if (direct !== null && holds !== (live && direct)) return false;
					}
					return true;
				}
			),
			{ numRuns: 300, seed: 7 }
		);
		expect(true).toBe(true);
	});
});
