import { describe, expect, it } from 'vitest';
import { churnEngagementComparison, engagementSummary } from '../../../src/lib/core/engagement';
import { activityTable, dataset, day, sub } from './dataset-builder';

// Week of Mon 2024-01-01: a active Mon, Mon (two metrics, one day), Tue -> 2 days; b Wed -> 1.
// Week of 2024-01-08: a Fri -> 1; b none -> 0.
const act = activityTable([
	{ accountId: 'a', day: day('2024-01-01'), metric: 'login' },
	{ accountId: 'a', day: day('2024-01-01'), metric: 'export' },
	{ accountId: 'a', day: day('2024-01-02'), metric: 'login' },
	{ accountId: 'b', day: day('2024-01-03'), metric: 'login' },
	{ accountId: 'a', day: day('2024-01-12'), metric: 'login' }
]);

describe('engagementSummary', () => {
	it('counts distinct active days per account and week', () => {
		const r = engagementSummary(dataset({ activity: act }), {
			fromDay: day('2024-01-01'),
			toDay: day('2024-01-14')
		});
		// Account-weeks: a 2, a 1, b 1, b 0 -> histogram [1, 2, 1, 0...], mean 4 / 4 = 1.
		expect(r.distribution.histogram).toEqual([1, 2, 1, 0, 0, 0, 0, 0]);
		expect(r.distribution.mean).toBe(1);
		expect(r.weeks.map((w) => [w.label, w.activeAccounts, w.meanActiveDays])).toEqual([
			['2024-01-01', 2, 1.5],
			['2024-01-08', 1, 1]
		]);
	});

	it('compares accounts that churned later with those that stayed', () => {
		// Both customers on Jan 14; b's service ends Jan 31 (churn within 90 days), a stays.
		// Two weeks to Jan 14: a (2 + 1) / 2 = 1.5 days a week; b (1 + 0) / 2 = 0.5.
		const d = dataset({
			subscriptions: [sub('a', 10, '2023-12-01'), sub('b', 10, '2023-12-01', '2024-01-31')],
			activity: act
		});
		const r = churnEngagementComparison(d, {
			windowEndDay: day('2024-01-14'),
			windowWeeks: 2,
			horizonDays: 90,
			settings: { asOfDay: day('2024-06-30') }
		});
		expect([r.stayed.accounts, r.stayed.meanActiveDaysPerWeek]).toEqual([1, 1.5]);
		expect([r.churnedLater.accounts, r.churnedLater.meanActiveDaysPerWeek]).toEqual([1, 0.5]);
		expect(r.undecided).toBe(0);
	});
});
