// Pure builders of Chart.js configurations: what a chart shows is decided here and unit-tested;
// the component only hands the result to Chart.js.
import type { ActiveElement, ChartConfiguration, ChartEvent } from 'chart.js';

export const PALETTE = [
	'#1f4e79',
	'#c0504d',
	'#9bbb59',
	'#8064a2',
	'#f79646',
	'#4bacc6',
	// More series (e.g. churn reasons) before a colour repeats.
	'#7f6000',
	'#d36fa6',
	'#2e7d6b',
	'#8c8c8c'
];

export interface BarSeries {
	label: string;
	values: number[];
}

/** Called with the series and the label index of a clicked bar or point. */
export type PointClick = (seriesIndex: number, index: number) => void;

/** Chart.js's onClick, reduced to the first element hit (none: no call). */
export function clickHandlerOf(onPoint: PointClick) {
	return (_event: ChartEvent, elements: ActiveElement[]) => {
		const hit = elements[0];
		if (hit) onPoint(hit.datasetIndex, hit.index);
	};
}

export function barChartConfig(
	labels: string[],
	series: BarSeries[],
	options: {
		stacked?: boolean;
		horizontal?: boolean;
		yTitle?: string;
		onPointClick?: PointClick;
	} = {}
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
			...(options.onPointClick ? { onClick: clickHandlerOf(options.onPointClick) } : {}),
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

export interface LineSeries {
	label: string;
	/** Null leaves a gap (an undefined rate), never a fake zero. */
	values: (number | null)[];
}

export function lineChartConfig(
	labels: string[],
	series: LineSeries[],
	options: { yTitle?: string; onPointClick?: PointClick; beginAtZero?: boolean } = {}
): ChartConfiguration<'line'> {
	return {
		type: 'line',
		data: {
			labels,
			datasets: series.map((s, i) => ({
				label: s.label,
				data: s.values,
				borderColor: PALETTE[i % PALETTE.length],
				backgroundColor: PALETTE[i % PALETTE.length],
				pointRadius: 3,
				pointHoverRadius: 6,
				spanGaps: false,
				tension: 0
			}))
		},
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			interaction: { mode: 'nearest', intersect: false },
			...(options.onPointClick ? { onClick: clickHandlerOf(options.onPointClick) } : {}),
			plugins: { legend: { display: series.length > 1 } },
			scales: {
				y: {
					beginAtZero: options.beginAtZero ?? true,
					title: options.yTitle ? { display: true, text: options.yTitle } : undefined
				}
			}
		}
	};
}
