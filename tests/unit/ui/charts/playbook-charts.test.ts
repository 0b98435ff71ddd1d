import { describe, expect, it } from 'vitest';
import {
	alertsPerMonthConfig,
	mrrHistoryConfig,
	trailingBaseline,
	usageBaselineConfig
} from '../../../../src/lib/ui/charts/playbook-charts';

describe('playbook charts', () => {
	it('averages the weeks before each week as its baseline', () => {
		// Window 2: week 2 -> (1+2)/2 = 1.5, week 3 -> (2+3)/2 = 2.5, week 4 -> (3+4)/2 = 3.5.
		expect(trailingBaseline([1, 2, 3, 4, 5], 2)).toEqual([null, null, 1.5, 2.5, 3.5]);
		expect(trailingBaseline([4, 4], 3)).toEqual([null, null]);
	});

	it('draws usage as bars with the baseline as a line', () => {
		const config = usageBaselineConfig(
			['w1', 'w2', 'w3'],
			[3, 6, 9],
			{
				events: 'Events',
				baseline: 'Baseline'
			},
			1
		);
		const [bars, line] = config.data.datasets;
		expect(bars.data).toEqual([3, 6, 9]);
		expect(line.type).toBe('line');
		expect(line.data).toEqual([null, 3, 6]);
	});

	it('draws alerts per month without a legend and MRR as steps', () => {
		const alerts = alertsPerMonthConfig(['2026-01', '2026-02'], [4, 0], 'Alerts');
		expect(alerts.data.datasets[0].data).toEqual([4, 0]);
		expect(alerts.options?.plugins?.legend?.display).toBe(false);
		const mrr = mrrHistoryConfig(['2026-01'], [120], 'MRR');
		expect(mrr.data.datasets[0]).toMatchObject({ data: [120], stepped: true });
	});
});
