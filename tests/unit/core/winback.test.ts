import { describe, expect, it } from 'vitest';
import { winBackList } from '../../../src/lib/core/winback';
import { datasetOf } from './playbook-dataset';

// As of day 300:
// p1 churned 290 (price, last MRR 1000), still gone, 10 days -> 0-30
// p2 churned 250 (price, 5000), paid again on 280 (30 days after churn)
// p3 churned 200 (missing-feature, 3000), still gone, 100 days -> 90+
// p4 churned 230 (no reason, 2000), still gone, 70 days -> 61-90
// p5 churned 100 (price, 4000), new subscription on 150 (50 days after churn)
// future churns on 320 (after the day: ignored); flagged is churned without a day.
const ds = datasetOf({
	accounts: [
		{ id: 'p1', signupDay: 0, churnDay: 290, churnReason: 'price' },
		{ id: 'p2', signupDay: 0, churnDay: 250, churnReason: 'price' },
		{ id: 'p3', signupDay: 0, churnDay: 200, churnReason: 'missing-feature' },
		{ id: 'p4', signupDay: 0, churnDay: 230 },
		{ id: 'p5', signupDay: 0, churnDay: 100, churnReason: 'price' },
		{ id: 'live', signupDay: 0 },
		{ id: 'future', signupDay: 0, churnDay: 320 },
		{ id: 'flagged', churned: true }
	],
	subscriptions: [
		{ accountId: 'p1', startDay: 0, endDay: 289, mrrMinor: 1000 },
		{ accountId: 'p2', startDay: 0, endDay: 249, mrrMinor: 5000 },
		{ accountId: 'p3', startDay: 0, endDay: 199, mrrMinor: 3000 },
		{ accountId: 'p4', startDay: 0, endDay: 229, mrrMinor: 2000 },
		{ accountId: 'p5', startDay: 0, endDay: 99, mrrMinor: 4000 },
		{ accountId: 'p5', startDay: 150, mrrMinor: 4000 },
		{ accountId: 'live', startDay: 0, mrrMinor: 9000 }
	],
	payments: [{ accountId: 'p2', day: 280, status: 'paid' }]
});

describe('winBackList', () => {
	const list = winBackList(ds, { asOfDay: 300, valueBoundsMinor: [2000, 4000] });

	it('lists the accounts still gone, freshest churn first', () => {
		expect(
			list.rows.map((r) => [
				r.accountId,
				r.daysSinceChurn,
				r.daysBand,
				r.reason,
				r.lastMrrMinor,
				r.valueBand
			])
		).toEqual([
			['p1', 10, '0-30', 'price', 1000, 0],
			['p4', 70, '61-90', 'unknown', 2000, 0],
			['p3', 100, '90+', 'missing-feature', 3000, 1]
		]);
		expect(list.counts).toEqual({ churned: 5, stillGone: 3, reactivated: 2, churnedWithoutDay: 1 });
	});

	it('gives the reactivation rate of each reason from history', () => {
		// price: p1, p2, p5 churned; p2 and p5 came back -> 2/3.
		expect(
			list.byReason.map((s) => [s.key, s.accounts, s.history.churned, s.history.reactivated])
		).toEqual([
			['missing-feature', 1, 1, 0],
			['price', 1, 3, 2],
			['unknown', 1, 1, 0]
		]);
		expect(list.byReason[1].history.rate).toBeCloseTo(2 / 3, 12);
	});

	it('bands value by last MRR with inclusive upper limits', () => {
		// <= 2000: p1, p4; 2000 < v <= 4000: p3, p5 (back); > 4000: p2 (back).
		expect(
			list.byValue.map((s) => [
				s.key,
				s.lowerMinor,
				s.upperMinor,
				s.accounts,
				s.lastMrrMinor,
				s.history.churned,
				s.history.reactivated
			])
		).toEqual([
			['value-0', null, 2000, 2, 3000, 2, 0],
			['value-1', 2000, 4000, 1, 3000, 2, 1],
			['value-2', 4000, null, 0, 0, 1, 1]
		]);
	});

	it('rates each days-since band over the accounts still gone on its first day', () => {
		// 0-30: all five, p2 and p5 came back. 31-60: p2 was back on day 30, so p3, p4, p5 (p5
		// back on day 50) -> 1/3. 61-90: p3, p4 -> 0. 90+: p3 only (p5 back before day 91).
		expect(
			list.byDaysSince.map((s) => [s.key, s.accounts, s.history.churned, s.history.reactivated])
		).toEqual([
			['0-30', 1, 5, 2],
			['31-60', 0, 3, 1],
			['61-90', 1, 2, 0],
			['90+', 1, 1, 0]
		]);
	});

	it('defaults the value bands to tertiles of last MRR', () => {
		// Sorted 1000 2000 3000 4000 5000: nearest-rank thirds are 2000 and 4000.
		expect(winBackList(ds, { asOfDay: 300 }).valueBoundsMinor).toEqual([2000, 4000]);
	});
});
