import { describe, expect, it } from 'vitest';
import { usageTrendAt } from '../../../src/lib/core/baseline';
import {
	accountFeaturesAt,
	accountFeaturesOf,
	featureIndexOf
} from '../../../src/lib/core/features';
import { account, datasetOf, type ActivityTuple } from './churn-fixtures';

// 10 events every day from day 0 to 760; "dip" days have 5. As of day 760 the recent window is
// days 733..760 and the same weeks a year (52 weeks) earlier are days 369..396.
function dailyUsage(dipDays: (day: number) => boolean) {
	const days = Int32Array.from({ length: 761 }, (_, d) => d);
	const cumulative = new Float64Array(762);
	for (let d = 0; d <= 760; d++) cumulative[d + 1] = cumulative[d] + (dipDays(d) ? 5 : 10);
	return { days, cumulative };
}
const inWindow = (d: number, first: number) => d >= first && d <= first + 27;

describe('usageTrendAt', () => {
	it('does not flag a dip that repeats the same weeks of last year', () => {
		const { days, cumulative } = dailyUsage((d) => inWindow(d, 733) || inWindow(d, 369));
		const trend = usageTrendAt(days, cumulative, 0, days.length, 0, 760);
		// 28 × 5 = 140 now, 140 a year ago.
		expect(trend).toEqual({ ratio: 1, basis: 'year-ago', recentEvents: 140, baselineEvents: 140 });
	});

	it('flags a new dip that last year did not have', () => {
		const { days, cumulative } = dailyUsage((d) => inWindow(d, 733));
		const trend = usageTrendAt(days, cumulative, 0, days.length, 0, 760);
		expect(trend.basis).toBe('year-ago');
		expect(trend.ratio).toBe(0.5); // 140 ÷ 280
	});

	it('compares with the previous 12 weeks when there is no year of history', () => {
		// History starts on day 400: 733 - 364 = 369 < 400, so no year-ago window.
		const { days, cumulative } = dailyUsage((d) => inWindow(d, 733));
		const trend = usageTrendAt(days, cumulative, 0, days.length, 400, 760);
		expect(trend.basis).toBe('previous-weeks');
		expect(trend.baselineEvents).toBe(280); // days 649..732: 84 × 10, scaled to 28 days
		expect(trend.ratio).toBe(0.5);
	});

	it('has no baseline for an account younger than 8 weeks', () => {
		const { days, cumulative } = dailyUsage(() => false);
		const trend = usageTrendAt(days, cumulative, 0, days.length, 710, 760);
		expect(trend.basis).toBe('none'); // days 710..732 = 23 days before the window
		expect(trend.ratio).toBeNaN();
	});

	it('reaches the features through the index with its basis', () => {
		const rows: ActivityTuple[] = [];
		for (let d = 0; d <= 760; d++) {
			const dip = inWindow(d, 733) || inWindow(d, 369);
			rows.push(['S', d, '*', dip ? 5 : 10]);
			rows.push(['N', d, '*', inWindow(d, 733) ? 5 : 10]);
		}
		const dataset = datasetOf({
			accounts: [account('S', { signupDay: 0 }), account('N', { signupDay: 0 })],
			activity: rows
		});
		const index = featureIndexOf(dataset);
		const frame = accountFeaturesAt(dataset, index, 760);
		expect(accountFeaturesOf(index, frame, 0).values.usageTrend).toBe(1);
		expect(accountFeaturesOf(index, frame, 1).values.usageTrend).toBe(0.5);
		expect(accountFeaturesOf(index, frame, 1).trendBasis).toBe('year-ago');
	});
});
