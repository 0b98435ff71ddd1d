// The overview charts' data as pure functions of the worker's Kpis: labels, series, and the
// accounts behind each bar or point (a FigureRef), so a click lists exactly those accounts.
import type { FigureRef } from '../../core/accounts-behind';
import type { Kpis } from '../../core/kpis';
import { MOVEMENT_KINDS, type MovementKind } from '../../core/mrr';
import type { MessageKey } from '../../i18n/messages';
import { npsRef } from './kpi-cards';

export interface ChartData {
	labels: string[];
	series: { key: MessageKey; values: (number | null)[] }[];
	/** The accounts behind series s at label i; null when a point has none to list. */
	refAt: (seriesIndex: number, index: number) => FigureRef | null;
}

const percent = (v: number | null) => (v === null ? null : v * 100);

/** Logo, gross MRR and net MRR churn per month, in percent. */
export function churnTrendData(k: Kpis): ChartData {
	const churn = k.series.churn;
	return {
		labels: k.series.months.map((m) => m.label),
		series: [
			{ key: 'ov.chart.logoChurn', values: churn.map((c) => percent(c.logo.rate.value)) },
			{ key: 'ov.chart.grossMrrChurn', values: churn.map((c) => percent(c.revenue.gross.value)) },
			{ key: 'ov.chart.netMrrChurn', values: churn.map((c) => percent(c.revenue.net.value)) }
		],
		refAt: (s, i) => {
			const month = churn[i]?.month;
			if (month === undefined) return null;
			if (s === 0) return { kind: 'logo-churn', startMonth: month, part: 'churned' };
			return { kind: 'mrr-movement', startMonth: month, movement: 'churn' };
		}
	};
}

/** Stacking order of the movements chart: gains above zero, losses below. */
export const MOVEMENT_ORDER: readonly MovementKind[] = [
	'new',
	'expansion',
	'reactivation',
	'contraction',
	'churn'
];

/** MRR movements per month in major units; contraction and churn as negative bars. */
export function movementsData(k: Kpis, toMajor: (minor: number) => number): ChartData {
	const months = k.series.months;
	return {
		labels: months.map((m) => m.label),
		series: MOVEMENT_ORDER.map((kind) => ({
			key: `ov.chart.movement.${kind}` as const,
			values: months.map((m) => {
				const v = toMajor(m.movements[kind].amountMinor);
				return kind === 'contraction' || kind === 'churn' ? -v : v;
			})
		})),
		refAt: (s, i) => {
			const month = months[i]?.month;
			const movement = MOVEMENT_ORDER[s];
			if (month === undefined || !movement) return null;
			return { kind: 'mrr-movement', startMonth: month, movement };
		}
	};
}

export const NPS_GROUPS = ['detractor', 'passive', 'promoter'] as const;

/** Answers per NPS group in the period (detractors, passives, promoters). */
export function npsGroupsData(k: Kpis, label: (key: MessageKey) => string): ChartData {
	const n = k.nps.current;
	const { startMonth, endMonth } = k.period;
	return {
		labels: [label('count.detractors'), label('count.passives'), label('count.promoters')],
		series: [{ key: 'ov.chart.answers', values: [n.detractors, n.passives, n.promoters] }],
		refAt: (_s, i) => {
			const group = NPS_GROUPS[i];
			return group ? npsRef(startMonth, endMonth, group) : null;
		}
	};
}

/** Active customers at each month's snapshot. */
export function activeCustomersData(k: Kpis): ChartData {
	const months = k.series.months;
	return {
		labels: months.map((m) => m.label),
		series: [{ key: 'count.activeCustomers', values: months.map((m) => m.activeCustomers) }],
		refAt: (_s, i) => {
			const month = months[i]?.month;
			return month === undefined ? null : { kind: 'active-customers', month };
		}
	};
}

/** A chart's data as table rows (label, then one cell per series), for its CSV export. */
export function chartRows(data: ChartData): (string | number | null)[][] {
	return data.labels.map((label, i) => [label, ...data.series.map((s) => s.values[i] ?? null)]);
}

export { MOVEMENT_KINDS };
