// Chart configurations of the playbook area: a rule's alerts per month, an account's weekly
// usage against its own baseline, an account's MRR history. Pure and unit-tested.
import type { ChartConfiguration } from 'chart.js';
import { PALETTE } from './chart-config';

/** A small bar chart (sparkline-sized): no axes titles, no legend. */
export function alertsPerMonthConfig(
	labels: string[],
	alerts: number[],
	seriesLabel: string
): ChartConfiguration<'bar'> {
	return {
		type: 'bar',
		data: { labels, datasets: [{ label: seriesLabel, data: alerts, backgroundColor: PALETTE[0] }] },
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			plugins: { legend: { display: false } },
			scales: {
				x: { display: false },
				y: { beginAtZero: true, ticks: { maxTicksLimit: 3, precision: 0 } }
			}
		}
	};
}

/**
 * Baseline of each week: the mean of the `window` weeks before it; null until that many weeks
 * exist. Example: events [1,2,3,4], window 2 -> [null, null, 1.5, 2.5].
 */
export function trailingBaseline(values: readonly number[], window: number): (number | null)[] {
	const out: (number | null)[] = [];
	let sum = 0;
	for (let i = 0; i < values.length; i++) {
		out.push(i >= window ? sum / window : null);
		sum += values[i];
		if (i >= window) sum -= values[i - window];
	}
	return out;
}

export function usageBaselineConfig(
	labels: string[],
	events: number[],
	names: { events: string; baseline: string },
	window = 12
): ChartConfiguration<'bar' | 'line'> {
	return {
		type: 'bar',
		data: {
			labels,
			datasets: [
				{ type: 'bar', label: names.events, data: events, backgroundColor: PALETTE[0], order: 2 },
				{
					type: 'line',
					label: names.baseline,
					data: trailingBaseline(events, window),
					borderColor: PALETTE[1],
					backgroundColor: PALETTE[1],
					pointRadius: 0,
					spanGaps: false,
					order: 1
				}
			]
		},
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			plugins: { legend: { display: true } },
			scales: { y: { beginAtZero: true } }
		}
	};
}

export function mrrHistoryConfig(
	labels: string[],
	mrrMajor: number[],
	seriesLabel: string
): ChartConfiguration<'line'> {
	return {
		type: 'line',
		data: {
			labels,
			datasets: [
				{
					label: seriesLabel,
					data: mrrMajor,
					borderColor: PALETTE[0],
					backgroundColor: PALETTE[0],
					stepped: true,
					pointRadius: 0
				}
			]
		},
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			plugins: { legend: { display: false } },
			scales: { y: { beginAtZero: true } }
		}
	};
}
