import { describe, expect, it } from 'vitest';
import {
	comparisonConfig,
	distributionPercents,
	weeklyConfig
} from '../../../../src/lib/ui/engagement/engagement-charts';

// 8 account-weeks: 4 with 0 active days, 2 with 1, 1 with 3 and 1 with 7.
const churned = { histogram: [4, 2, 0, 1, 0, 0, 0, 1], accountWeeks: 8, mean: 1.25 };
// 4 account-weeks, all with 5 active days.
const stayed = { histogram: [0, 0, 0, 0, 0, 4, 0, 0], accountWeeks: 4, mean: 5 };

describe('engagement charts', () => {
	it('turns a histogram into shares of account-weeks, one decimal', () => {
		// 4/8 = 50%, 2/8 = 25%, 1/8 = 12.5%.
		expect(distributionPercents(churned)).toEqual([50, 25, 0, 12.5, 0, 0, 0, 12.5]);
		expect(
			distributionPercents({ histogram: new Array(8).fill(0), accountWeeks: 0, mean: null })
		).toEqual(new Array(8).fill(0));
	});

	it('compares churned-later and stayed side by side as shares, so group sizes do not hide the shape', () => {
		const config = comparisonConfig(churned, stayed, {
			churned: 'Churned later',
			stayed: 'Stayed',
			yTitle: '%'
		});
		expect(config.data.labels).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
		expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([
			['Churned later', [50, 25, 0, 12.5, 0, 0, 0, 12.5]],
			['Stayed', [0, 0, 0, 0, 0, 100, 0, 0]]
		]);
		expect(config.options?.scales?.x).toMatchObject({ stacked: false });
	});

	it('shows weeks without active accounts as 0', () => {
		const config = weeklyConfig(
			[
				{ label: '2025-04-07', meanActiveDays: null },
				{ label: '2025-04-14', meanActiveDays: 2.456 }
			],
			'Mean'
		);
		expect(config.data.datasets[0].data).toEqual([0, 2.46]);
	});
});
