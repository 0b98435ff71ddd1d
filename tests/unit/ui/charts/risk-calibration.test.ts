import { describe, expect, it } from 'vitest';
import { calibrationChartConfig } from '../../../../src/lib/ui/charts/risk-calibration';

describe('calibrationChartConfig', () => {
	it('draws predicted and observed rates per decile in percent', () => {
		// Two bins: 0.1 predicted vs 1 of 10 observed; 0.55 predicted vs 6 of 10.
		const config = calibrationChartConfig(
			[
				{
					count: 10,
					positives: 1,
					meanPredicted: 0.1,
					observedRate: 0.1,
					minScore: 0,
					maxScore: 0.2
				},
				{
					count: 10,
					positives: 6,
					meanPredicted: 0.55,
					observedRate: 0.6,
					minScore: 0.3,
					maxScore: 0.9
				}
			],
			{ decile: (n) => `D${n}`, predicted: 'P', observed: 'O', axis: '%' }
		);
		expect(config.data.labels).toEqual(['D1', 'D2']);
		expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([
			['P', [10, 55]],
			['O', [10, 60]]
		]);
	});
});
