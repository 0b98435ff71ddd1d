// Pure builders of Chart.js configurations: what a chart shows is decided here and unit-tested;
// the component only hands the result to Chart.js.
import type { ChartConfiguration } from 'chart.js';

export const PALETTE = ['#1f4e79', '#c0504d', '#9bbb59', '#8064a2', '#f79646', '#4bacc6'];

export interface BarSeries {
	label: string;
	values: number[];
}

export function barChartConfig(
	labels: string[],
	series: BarSeries[],
	options: { stacked?: boolean; horizontal?: boolean; yTitle?: string } = {}
): ChartConfiguration<'bar'> {
	return {
		type: 'bar',
		data: {
			labels,
			datasets: series.map((s, i) => ({
				label: s.label,
				data: s.values,
				backgroundColor: PALETTE[i % PALETTE.length]
			}))
		},
		options: {
			indexAxis: options.horizontal ? 'y' : 'x',
			responsive: true,
			maintainAspectRatio: false,
			// Charts are redrawn whole on every data change; animation would only delay the truth.
			animation: false,
			plugins: { legend: { display: series.length > 1 } },
			scales: {
				x: { stacked: options.stacked ?? false },
				y: {
					stacked: options.stacked ?? false,
					beginAtZero: true,
					title: options.yTitle ? { display: true, text: options.yTitle } : undefined
				}
			}
		}
	};
}
