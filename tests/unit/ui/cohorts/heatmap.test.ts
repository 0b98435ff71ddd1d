import { describe, expect, it } from 'vitest';
import type { CohortRetention, CohortTable } from '../../../../src/lib/core/cohorts';
import {
	cohortCsv,
	heatmapBackground,
	heatmapOf,
	heatmapTextColor
} from '../../../../src/lib/ui/cohorts/heatmap';

// Two monthly cohorts: January (10 accounts: 10, 6, 3 retained; period 2 incomplete) and
// February (4 accounts, small under a minimum of 5: 4, 1 retained; period 1 incomplete).
const table: CohortTable = {
	segment: null,
	accounts: 14,
	rows: [
		{
			cohort: 660,
			label: '2025-01',
			startDay: 0,
			size: 10,
			small: false,
			cells: [
				{ k: 0, numerator: 10, denominator: 10, share: 1, incomplete: false },
				{ k: 1, numerator: 6, denominator: 10, share: 0.6, incomplete: false },
				{ k: 2, numerator: 3, denominator: 10, share: 0.3, incomplete: true }
			]
		},
		{
			cohort: 661,
			label: '2025-02',
			startDay: 31,
			size: 4,
			small: true,
			cells: [
				{ k: 0, numerator: 4, denominator: 4, share: 1, incomplete: false },
				{ k: 1, numerator: 1, denominator: 4, share: 0.25, incomplete: true }
			]
		}
	],
	// Complete cells only: k0 = (10 + 4) / (10 + 4); k1 = 6 / 10 (February's k1 is incomplete).
	average: [
		{ k: 0, share: 1, numerator: 14, denominator: 14, cohorts: 2 },
		{ k: 1, share: 0.6, numerator: 6, denominator: 10, cohorts: 1 }
	]
};

describe('heatmapOf', () => {
	it('pads every row to the same period columns, empty where a cohort has not reached k', () => {
		const map = heatmapOf(table);
		expect(map.periods).toBe(3);
		expect(map.rows.map((r) => r.cells.map((c) => c?.percent ?? null))).toEqual([
			[100, 60, 30],
			[100, 25, null]
		]);
		expect(map.average.map((a) => a?.percent ?? null)).toEqual([100, 60, null]);
	});

	it('carries the counts, the incomplete mark and the small-cohort mark onto each cell', () => {
		const map = heatmapOf(table);
		const feb = map.rows[1].cells[1];
		expect(feb).toMatchObject({ numerator: 1, denominator: 4, incomplete: true, small: true });
		expect(map.rows[0].cells[2]).toMatchObject({ incomplete: true, small: false });
		expect(map.rows[0].cells[1]).toMatchObject({ incomplete: false, small: false });
	});

	it('shares the colour of equal shares and darkens as the share grows', () => {
		const map = heatmapOf(table);
		expect(map.rows[0].cells[0]?.background).toBe(map.rows[1].cells[0]?.background);
		expect(map.rows[0].cells[0]?.background).toBe('hsl(210 65% 28%)');
	});
});

describe('heatmap colours', () => {
	it('maps 0 to the lightest and 1 (or more, for revenue) to the darkest blue', () => {
		// Lightness 97 - share · 69: 0 → 97%, 0.5 → 62.5% (rounded to 63%), 1 → 28%.
		expect(heatmapBackground(0)).toBe('hsl(210 65% 97%)');
		expect(heatmapBackground(0.5)).toBe('hsl(210 65% 63%)');
		expect(heatmapBackground(1)).toBe('hsl(210 65% 28%)');
		expect(heatmapBackground(1.4)).toBe('hsl(210 65% 28%)');
		expect(heatmapBackground(null)).toBe('transparent');
	});

	it('writes white on dark cells and dark on light ones', () => {
		// Lightness below 60% (shares above about 0.54) gets white text.
		expect(heatmapTextColor(0.5)).toBe('#1d2430');
		expect(heatmapTextColor(0.6)).toBe('#ffffff');
		expect(heatmapTextColor(null)).toBe('inherit');
	});
});

describe('cohortCsv', () => {
	it('writes one row per cell and then the average rows, per segment', () => {
		const result: CohortRetention = {
			grain: 'month',
			measure: 'logo',
			convention: 'exact',
			basis: 'subscription',
			metric: null,
			minCohortSize: 5,
			asOfDay: 60,
			accountsInScope: 14,
			groups: [table]
		};
		const rows = cohortCsv(result, 'All', 'Average');
		// 3 + 2 cells, then 2 average cells.
		expect(rows).toHaveLength(7);
		expect(rows[0]).toEqual(['All', '2025-01', 10, 0, 10, 10, 1, false, false]);
		expect(rows[4]).toEqual(['All', '2025-02', 4, 1, 1, 4, 0.25, true, true]);
		expect(rows[6]).toEqual(['All', 'Average', 10, 1, 6, 10, 0.6, false, false]);
	});
});
