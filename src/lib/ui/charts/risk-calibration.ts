// Calibration chart of the risk model: mean predicted risk and observed churn rate per decile of
// predicted risk, on the rows the model did not train on. A well-calibrated model's two lines
// lie on each other.
import type { ChartConfiguration } from 'chart.js';
import type { CalibrationBin } from '../../core/evaluation';
import { PALETTE } from './chart-config';

export function calibrationChartConfig(
	bins: readonly CalibrationBin[],
	labels: { decile: (n: number) => string; predicted: string; observed: string; axis: string }
): ChartConfiguration<'line'> {
	return {
		type: 'line',
		data: {
			labels: bins.map((_, i) => labels.decile(i + 1)),
			datasets: [
				{
					label: labels.predicted,
					data: bins.map((b) => round(b.meanPredicted * 100)),
					borderColor: PALETTE[0],
					backgroundColor: PALETTE[0],
					borderDash: [6, 4]
				},
				{
					label: labels.observed,
					data: bins.map((b) => round(b.observedRate * 100)),
					borderColor: PALETTE[1],
					backgroundColor: PALETTE[1]
				}
			]
		},
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			plugins: { legend: { display: true } },
			scales: {
				y: { beginAtZero: true, title: { display: true, text: labels.axis } }
			}
		}
	};
}

function round(v: number): number {
	return Math.round(v * 10) / 10;
}
