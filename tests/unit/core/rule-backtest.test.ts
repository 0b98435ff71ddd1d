import { describe, expect, it } from 'vitest';
import { dayFromYmd, weekdayOfDay } from '../../../src/lib/core/dates';
import { defaultPlaybook } from '../../../src/lib/core/playbook';
import {
	evaluationDays,
	playbookBacktest,
	ruleBacktest
} from '../../../src/lib/core/rule-backtest';
import type { Rule } from '../../../src/lib/core/rules';
import { datasetOf } from './playbook-dataset';

const d = (m: number, day: number) => dayFromYmd(2024, m, day);
const active = (accountId: string, from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => ({ accountId, day: from + i }));

function inactiveRule(days: number): Rule {
	return {
		id: 'quiet',
		name: { kind: 'text', text: 'quiet' },
		enabled: true,
		trigger: { kind: 'inactive', id: 'i', days, metric: null, fallbackToAllEvents: true },
		action: { code: 'call', text: null },
		owner: { kind: 'role', role: 'customer-success-manager' },
		successMetric: 'return-rate',
		thresholds: { bySegment: {} }
	};
}

// Five accounts, all signed up 2024-01-01, data until 2024-12-31, month-end evaluations.
// Rule: inactive 14 days.
// A: active to May 10, churns Jul 1 -> holds from May 24: alert May 31 (churn 31 days later).
// B: active to Mar 10 and from Apr 1 -> alert Mar 31, never churns (false alarm).
// C: active to Aug 31, churns Sep 15 -> inactive from Sep 14, but no month end before churn.
// D: active to Jan 10, Feb 1 to Oct 10, churns Nov 15 -> alerts Jan 31 (289 days before churn)
//    and Oct 31 (15 days before churn, but its 90-day horizon passes the data's end: not judged).
// E: active every day, never churns.
// Alerts 4, judged 3 (Jan 31, Mar 31, May 31), followed by churn 1 (A) -> precision 1/3.
// Churns counted (Apr 30 = Jan 31 + 90 or later): A, C, D = 3; flagged A (lead 31), D (lead 15)
// -> recall 2/3, median lead (15 + 31) / 2 = 23.
const ds = datasetOf({
	accounts: [
		{ id: 'A', signupDay: d(1, 1), churnDay: d(7, 1) },
		{ id: 'B', signupDay: d(1, 1) },
		{ id: 'C', signupDay: d(1, 1), churnDay: d(9, 15) },
		{ id: 'D', signupDay: d(1, 1), churnDay: d(11, 15) },
		{ id: 'E', signupDay: d(1, 1) }
	],
	activity: [
		...active('A', d(1, 1), d(5, 10)),
		...active('B', d(1, 1), d(3, 10)),
		...active('B', d(4, 1), d(12, 31)),
		...active('C', d(1, 1), d(8, 31)),
		...active('D', d(1, 1), d(1, 10)),
		...active('D', d(2, 1), d(10, 10)),
		...active('E', d(1, 1), d(12, 31))
	]
});

describe('ruleBacktest', () => {
	it('counts alerts, precision, recall and lead time as computed by hand', () => {
		const r = ruleBacktest(ds, inactiveRule(14));
		expect(r).toMatchObject({
			status: 'ok',
			evaluationDays: 12,
			alerts: 4,
			alertsJudged: 3,
			alertsFollowedByChurn: 1,
			churns: 3,
			churnsFlagged: 2,
			churnsWithOpenAlert: 2,
			leadTimeMedianDays: 23,
			leadTimeCount: 2,
			warnings: ['few-alerts', 'few-churns']
		});
		expect(r.precision).toBeCloseTo(1 / 3, 12);
		expect(r.recall).toBeCloseTo(2 / 3, 12);
	});

	it('spreads alerts and churns over the months they happened in', () => {
		const months = ruleBacktest(ds, inactiveRule(14)).months;
		expect(months).toHaveLength(12);
		const rows = months
			.filter((m) => m.alerts + m.churns > 0)
			.map((m) => [
				m.label,
				m.alerts,
				m.alertsJudged,
				m.alertsFollowedByChurn,
				m.churns,
				m.churnsFlagged
			]);
		expect(rows).toEqual([
			['2024-01', 1, 1, 0, 0, 0],
			['2024-03', 1, 1, 0, 0, 0],
			['2024-05', 1, 1, 1, 0, 0],
			['2024-07', 0, 0, 0, 1, 1],
			['2024-09', 0, 0, 0, 1, 0],
			['2024-10', 1, 0, 0, 0, 0],
			['2024-11', 0, 0, 0, 1, 1]
		]);
	});

	it('recomputes for a new threshold on the same index', () => {
		// 60 days: A would reach it on Jul 9 and D on Dec 9, both after churning; B's gap is 21.
		const r = ruleBacktest(ds, inactiveRule(60));
		expect(r).toMatchObject({ alerts: 0, precision: null, churns: 3, churnsFlagged: 0, recall: 0 });
	});

	it('evaluates on week ends when asked', () => {
		const r = ruleBacktest(ds, inactiveRule(14), { grain: 'week' });
		// A: quiet from May 24 (a Friday): first Sunday May 26, 36 days before Jul 1.
		// D: Jan 24 -> Sunday Jan 28; Oct 24 -> Sunday Oct 27 (19 days before Nov 15).
		// B: Mar 24 is a Sunday: alert Mar 24.
		expect(r.alerts).toBe(4);
		expect(r.churnsFlagged).toBe(2);
		expect(r.leadTimeMedianDays).toBe((36 + 19) / 2);
	});

	it('says why a rule cannot be backtested', () => {
		const rules = defaultPlaybook();
		const byId = new Map(playbookBacktest(ds, rules).map((b) => [b.ruleId, b]));
		expect(byId.get('default-win-back-45')).toMatchObject({
			status: 'not-applicable',
			reasons: ['targets-churned-accounts']
		});
		expect(byId.get('default-health-below-70')).toMatchObject({
			status: 'unavailable',
			reasons: ['no-signal-history']
		});
		expect(byId.get('default-nps-detractor')).toMatchObject({
			status: 'unavailable',
			reasons: ['no-nps-data']
		});
		expect(byId.get('default-inactive-14')).toMatchObject({ status: 'ok', alerts: 4 });
	});
});

describe('evaluationDays', () => {
	it('lists Sundays or month ends inside the period', () => {
		const weeks = evaluationDays(d(1, 1), d(1, 31), 'week');
		expect(weeks).toEqual([d(1, 7), d(1, 14), d(1, 21), d(1, 28)]);
		expect(weeks.every((w) => weekdayOfDay(w) === 6)).toBe(true);
		expect(evaluationDays(d(1, 15), d(3, 30), 'month')).toEqual([d(1, 31), d(2, 29)]);
	});
});
