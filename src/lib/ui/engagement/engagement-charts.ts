// Pure builders of the engagement charts and tables: weekly means, the histogram of active days
// per account-week, and the churned-later versus stayed comparison as shares (the groups differ
// in size, so counts alone would hide the shape; the counts stay in the table beside).
import type { ChartConfiguration } from 'chart.js';
import type { ActiveDaysDistribution } from '../../core/engagement';
import { barChartConfig } from '../charts/chart-config';

export const ACTIVE_DAY_LABELS = ['0', '1', '2', '3', '4', '5', '6', '7'];

/** Share (0..100, one decimal) of account-weeks at each number of active days. */
export function distributionPercents(d: ActiveDaysDistribution): number[] {
	return d.histogram.map((n) =>
		d.accountWeeks > 0 ? Math.round((n / d.accountWeeks) * 1000) / 10 : 0
	);
}

export function histogramConfig(d: ActiveDaysDistribution, seriesLabel: string, yTitle: string) {
	return barChartConfig(ACTIVE_DAY_LABELS, [{ label: seriesLabel, values: d.histogram }], {
		yTitle
	});
}

/** Side-by-side bars: % of each group's account-weeks at 0..7 active days. */
export function comparisonConfig(
	churned: ActiveDaysDistribution,
	stayed: ActiveDaysDistribution,
	labels: { churned: string; stayed: string; yTitle: string }
): ChartConfiguration<'bar'> {
	return barChartConfig(
		ACTIVE_DAY_LABELS,
		[
			{ label: labels.churned, values: distributionPercents(churned) },
			{ label: labels.stayed, values: distributionPercents(stayed) }
		],
		{ yTitle: labels.yTitle }
	);
}

/** Mean active days per week (weeks without active accounts show as 0 with no accounts). */
export function weeklyConfig(
	weeks: { label: string; meanActiveDays: number | null }[],
	seriesLabel: string
): ChartConfiguration<'bar'> {
	return barChartConfig(
		weeks.map((w) => w.label),
		[
			{
				label: seriesLabel,
				values: weeks.map((w) => Math.round((w.meanActiveDays ?? 0) * 100) / 100)
			}
		]
	);
}
