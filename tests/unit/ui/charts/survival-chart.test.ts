import { describe, expect, it } from 'vitest';
import {
	bandPoints,
	isBandDataset,
	survivalChartConfig,
	survivalCsvRows,
	survivalPoints
} from '../../../../src/lib/ui/charts/survival-chart';

// A curve with steps at 2 (S = 0.75), 5 (0.5) and 9 (0, where the band is undefined).
const curve = {
	label: 'Pro',
	times: [2, 5, 9],
	survival: [0.75, 0.5, 0],
	lower: [0.4, 0.2, null],
	upper: [0.9, 0.8, null]
};

describe('survival chart points', () => {
	it('starts the curve at S = 1 at time 0 and steps at each observed time', () => {
		expect(survivalPoints(curve)).toEqual([
			{ x: 0, y: 1 },
			{ x: 2, y: 0.75 },
			{ x: 5, y: 0.5 },
			{ x: 9, y: 0 }
		]);
	});

	it('replaces the start when there are events at time 0', () => {
		expect(survivalPoints({ ...curve, times: [0, 5], survival: [0.9, 0.5] })[0]).toEqual({
			x: 0,
			y: 0.9
		});
	});

	it('leaves a gap in the band where it is undefined instead of dropping it to 0', () => {
		expect(bandPoints(curve, 'lower').map((p) => p.y)).toEqual([1, 0.4, 0.2, null]);
		expect(bandPoints(curve, 'upper').map((p) => p.y)).toEqual([1, 0.9, 0.8, null]);
	});
});

describe('survivalChartConfig', () => {
	const labels = { xTitle: 'Time (months)', yTitle: 'Share', band: '95% band' };

	it('draws per group a lower edge, an upper edge filled down to it, then the stepped curve', () => {
		const config = survivalChartConfig([curve, { ...curve, label: 'Basic' }], [0, 6, 12], labels);
		const sets = config.data.datasets;
		expect(sets).toHaveLength(6);
		expect(sets.map((d) => d.fill)).toEqual([false, '-1', false, false, '-1', false]);
		expect(sets.map((d) => isBandDataset(d.label))).toEqual([true, true, false, true, true, false]);
		expect(sets[2]).toMatchObject({ label: 'Pro', stepped: 'after' });
		expect(sets[5].label).toBe('Basic');
		// Band and curve of one group share its colour; the two groups differ.
		expect(sets[2].borderColor).not.toBe(sets[5].borderColor);
	});

	it('puts the x axis from 0 to the last tick, stepping like the number-at-risk row', () => {
		const config = survivalChartConfig([curve], [0, 6, 12], labels);
		const x = config.options?.scales?.x;
		expect(x).toMatchObject({ type: 'linear', min: 0, max: 12, ticks: { stepSize: 6 } });
		expect(config.options?.scales?.y).toMatchObject({ min: 0, max: 1 });
		expect(config.options?.plugins?.legend?.display).toBe(false);
		// y ticks as whole percents: 0.25 → "25%".
		const y = config.options?.scales?.y as { ticks: { callback: (v: number) => string } };
		expect(y.ticks.callback(0.25)).toBe('25%');
	});
});

describe('survivalCsvRows', () => {
	it('writes one row per group and time: at risk, churned, censored, S and its band', () => {
		const rows = survivalCsvRows([
			{
				...curve,
				atRisk: [4, 3, 1],
				eventCounts: [1, 1, 1],
				censored: [0, 1, 0]
			}
		]);
		expect(rows).toEqual([
			['Pro', 2, 4, 1, 0, 0.75, 0.4, 0.9],
			['Pro', 5, 3, 1, 1, 0.5, 0.2, 0.8],
			['Pro', 9, 1, 1, 0, 0, null, null]
		]);
	});
});
