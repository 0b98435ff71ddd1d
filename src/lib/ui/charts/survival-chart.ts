// Pure builder of the Kaplan–Meier chart: per group a stepped curve and its 95% band drawn as
// two invisible step lines with the area between them filled. Unit-tested; the component only
// hands the configuration to Chart.js.
import type { ChartConfiguration, ChartDataset, Plugin } from 'chart.js';
import type { CsvCell } from '../../core/csv-export';
import { PALETTE } from './chart-config';

export interface SurvivalCurveInput {
	label: string;
	times: number[];
	survival: number[];
	lower: (number | null)[];
	upper: (number | null)[];
}

export interface SurvivalChartLabels {
	xTitle: string;
	yTitle: string;
	band: string;
}

type Point = { x: number; y: number | null };

/** Marks a dataset as a band edge, so the legend and tooltip can leave it out. */
const BAND_PREFIX = '\u2063band:';

/** Curve points: S = 1 at time 0, then S after each observed time (drawn as steps). */
export function survivalPoints(curve: SurvivalCurveInput): Point[] {
	const points: Point[] = [{ x: 0, y: 1 }];
	curve.times.forEach((t, i) => {
		if (t === 0) points[0] = { x: 0, y: curve.survival[i] };
		else points.push({ x: t, y: curve.survival[i] });
	});
	return points;
}

/** Band edge points; where the band is undefined (S = 0) the edge is a gap, not a fall to 0. */
export function bandPoints(curve: SurvivalCurveInput, edge: 'lower' | 'upper'): Point[] {
	const values = curve[edge];
	const points: Point[] = [{ x: 0, y: 1 }];
	curve.times.forEach((t, i) => {
		const y = values[i];
		if (t === 0) points[0] = { x: 0, y };
		else points.push({ x: t, y });
	});
	return points;
}

function withAlpha(hex: string, alpha: number): string {
	const n = Number.parseInt(hex.slice(1), 16);
	return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Paints the canvas white first, so the exported PNG is not transparent. */
export const whiteBackground: Plugin<'line'> = {
	id: 'survivalWhiteBackground',
	beforeDraw(chart) {
		const ctx = chart.ctx;
		ctx.save();
		ctx.globalCompositeOperation = 'destination-over';
		ctx.fillStyle = '#ffffff';
		ctx.fillRect(0, 0, chart.width, chart.height);
		ctx.restore();
	}
};

export function isBandDataset(label: string | undefined): boolean {
	return (label ?? '').startsWith(BAND_PREFIX);
}

/**
 * A line chart on a linear time axis from 0 to the last tick: per curve, the lower band edge,
 * the upper edge filled down to it ('-1'), then the curve itself; all stepped ('after').
 */
export function survivalChartConfig(
	curves: SurvivalCurveInput[],
	ticks: number[],
	labels: SurvivalChartLabels
): ChartConfiguration<'line', Point[]> {
	const datasets: ChartDataset<'line', Point[]>[] = [];
	curves.forEach((curve, i) => {
		const color = PALETTE[i % PALETTE.length];
		const edge = {
			borderWidth: 0,
			pointRadius: 0,
			pointHitRadius: 0,
			stepped: 'after' as const,
			spanGaps: false,
			borderColor: 'transparent'
		};
		datasets.push({
			...edge,
			label: `${BAND_PREFIX}${curve.label} ${labels.band} lower`,
			data: bandPoints(curve, 'lower'),
			fill: false
		});
		datasets.push({
			...edge,
			label: `${BAND_PREFIX}${curve.label} ${labels.band}`,
			data: bandPoints(curve, 'upper'),
			fill: '-1',
			backgroundColor: withAlpha(color, 0.15)
		});
		datasets.push({
			label: curve.label,
			data: survivalPoints(curve),
			stepped: 'after',
			borderColor: color,
			backgroundColor: color,
			borderWidth: 2,
			pointRadius: 0,
			fill: false
		});
	});
	const maxTick = ticks.length ? ticks[ticks.length - 1] : 1;
	const step = ticks.length > 1 ? ticks[1] - ticks[0] : undefined;
	return {
		type: 'line',
		data: { datasets },
		plugins: [whiteBackground],
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			parsing: false,
			interaction: { mode: 'nearest', intersect: false },
			plugins: {
				legend: {
					display: curves.length > 1,
					labels: { filter: (item) => !isBandDataset(item.text) }
				},
				tooltip: { filter: (item) => !isBandDataset(item.dataset.label) }
			},
			scales: {
				x: {
					type: 'linear',
					min: 0,
					max: maxTick,
					ticks: { stepSize: step },
					title: { display: true, text: labels.xTitle }
				},
				y: {
					min: 0,
					max: 1,
					// A callback, not `format`: Chart.js adds its own fraction digits to a format.
					ticks: { callback: (value) => `${Math.round(Number(value) * 100)}%` },
					title: { display: true, text: labels.yTitle }
				}
			}
		}
	};
}

export interface SurvivalTableGroup {
	label: string;
	times: number[];
	atRisk: number[];
	eventCounts: number[];
	censored: number[];
	survival: number[];
	lower: (number | null)[];
	upper: (number | null)[];
}

/** The curve table as CSV rows: group, time, at risk, churned, censored, S, lower, upper. */
export function survivalCsvRows(groups: SurvivalTableGroup[]): CsvCell[][] {
	const rows: CsvCell[][] = [];
	for (const g of groups) {
		g.times.forEach((t, i) => {
			rows.push([
				g.label,
				t,
				g.atRisk[i],
				g.eventCounts[i],
				g.censored[i],
				g.survival[i],
				g.lower[i],
				g.upper[i]
			]);
		});
	}
	return rows;
}
