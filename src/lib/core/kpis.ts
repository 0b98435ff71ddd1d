// Everything the overview page shows for a period: each KPI card with the previous period's
// value and the counts behind it, and the overview charts' series. Display-sized plain data.
import { lastDayOfMonth, firstDayOfMonth } from './dates';
import {
	logoChurnOfBase,
	logoChurnsOfBase,
	revenueChurnOfBase,
	snapshotChurn,
	type LogoChurn,
	type RevenueChurn,
	type SnapshotChurn
} from './churn';
import { customerBase, type MetricSettings } from './customer-base';
import { LTV_CHURN_MONTHS, lifetimeValueOfBase, type LifetimeValue } from './ltv';
import {
	arpaOfBase,
	movementSummaryOfBase,
	mrrMonthsOfBase,
	quickRatio,
	type MovementSummary,
	type MrrMonth
} from './mrr';
import { netPromoterScore, type NpsResult } from './nps';
import { revenueRetentionsOfBase, type RevenueRetention } from './retention';
import type { Ratio } from './stats';
import type { Dataset, MonthIndex } from './types';

export type KpiPeriod = { startMonth: MonthIndex; endMonth: MonthIndex } | MonthIndex;

/** A figure now and in the previous period of the same length. */
export interface Compared<T> {
	current: T;
	previous: T;
}

export interface PeriodCounts {
	startMonth: MonthIndex;
	endMonth: MonthIndex;
	/** MRR, paying accounts and customers at the period's end snapshot. */
	mrrMinor: number;
	payingAccounts: number;
	activeCustomers: number;
}

export interface Kpis {
	period: { startMonth: MonthIndex; endMonth: MonthIndex };
	previousPeriod: { startMonth: MonthIndex; endMonth: MonthIndex };
	/** The definitions in force, so every chart can print them. */
	definitions: {
		mrrRule: 'month-end-snapshot';
		convention: NonNullable<MetricSettings['convention']>;
		recognition: NonNullable<MetricSettings['recognition']>;
		netChurnIncludesReactivation: boolean;
		asOfDay: number;
	};
	/** False for snapshot exports without dates: only `snapshot` and `nps` carry figures. */
	hasTimeline: boolean;
	totals: Compared<PeriodCounts>;
	movements: Compared<MovementSummary>;
	logoChurn: Compared<LogoChurn>;
	revenueChurn: Compared<RevenueChurn>;
	quickRatio: Compared<Ratio>;
	arpa: Compared<Ratio>;
	ltv: Compared<LifetimeValue>;
	/** NRR and GRR over 1, 3 and 12 months ending at the period's end. */
	revenueRetention: Compared<Record<'1' | '3' | '12', RevenueRetention>>;
	nps: Compared<NpsResult>;
	snapshot: SnapshotChurn | null;
	series: {
		/** Months of the charts: up to `seriesMonths` ending at the period's end. */
		months: MrrMonth[];
		churn: { month: MonthIndex; logo: LogoChurn; revenue: RevenueChurn }[];
		/** NPS responses per score 0..10 in the period. */
		npsByScore: number[];
	};
}

export function kpis(
	dataset: Dataset,
	options: { period: KpiPeriod; settings?: MetricSettings; seriesMonths?: number }
): Kpis {
	const settings = options.settings ?? {};
	const base = customerBase(dataset, settings);
	const period =
		typeof options.period === 'number'
			? { startMonth: options.period, endMonth: options.period }
			: options.period;
	const length = period.endMonth - period.startMonth + 1;
	const previousPeriod = {
		startMonth: period.startMonth - length,
		endMonth: period.startMonth - 1
	};
	const months = mrrMonthsOfBase(base);
	const convention = settings.convention ?? 'standard';

	const totalsOf = (p: typeof period): PeriodCounts => {
		const m = months[p.endMonth - base.firstMonth];
		return {
			...p,
			mrrMinor: m?.mrrMinor ?? 0,
			payingAccounts: m?.payingAccounts ?? 0,
			activeCustomers: m?.activeCustomers ?? 0
		};
	};
	const both = <T>(f: (p: typeof period) => T): Compared<T> => ({
		current: f(period),
		previous: f(previousPeriod)
	});
	const movements = both((p) => movementSummaryOfBase(base, p.startMonth, p.endMonth));
	const windows = [1, 3, 12] as const;
	// Every retention window of both periods in one pass over the accounts.
	const retention = revenueRetentionsOfBase(
		base,
		[period, previousPeriod].flatMap((p) =>
			windows.map((windowMonths) => ({ endMonth: p.endMonth, windowMonths }))
		)
	);
	const retentionAt = (p: typeof period) => {
		const at = p === period ? 0 : windows.length;
		return { '1': retention[at], '3': retention[at + 1], '12': retention[at + 2] };
	};
	const npsIn = (p: typeof period) =>
		netPromoterScore(dataset, {
			fromDay: firstDayOfMonth(p.startMonth),
			toDay: lastDayOfMonth(p.endMonth)
		});

	const seriesMonths = options.seriesMonths ?? 12;
	const chartMonths = months.filter(
		(m) => m.month <= period.endMonth && m.month > period.endMonth - seriesMonths
	);
	// Logo churn of the periods, of LTV's months and of the chart's months, counted in one pass
	// (later calls for them find the counts; see logoChurnsOfBase).
	const logoMonths = new Set<MonthIndex>(chartMonths.map((m) => m.month));
	for (const p of [period, previousPeriod]) {
		for (let m = p.endMonth - LTV_CHURN_MONTHS; m < p.endMonth; m++) logoMonths.add(m);
	}
	logoChurnsOfBase(
		base,
		[period, previousPeriod, ...[...logoMonths].map((m) => ({ startMonth: m, endMonth: m }))],
		convention
	);
	const nps = both(npsIn);
	let dated = 0;
	for (let a = 0; a < base.ids.length && dated === 0; a++) {
		if (base.spellOffset[a + 1] > base.spellOffset[a]) dated++;
	}

	return {
		period,
		previousPeriod,
		definitions: {
			mrrRule: 'month-end-snapshot',
			convention,
			recognition: settings.recognition ?? 'end-of-service',
			netChurnIncludesReactivation: settings.netChurnIncludesReactivation !== false,
			asOfDay: base.asOfDay
		},
		hasTimeline: dated > 0,
		totals: both(totalsOf),
		movements,
		logoChurn: both((p) => logoChurnOfBase(base, p.startMonth, p.endMonth, convention)),
		revenueChurn: both((p) => revenueChurnOfBase(base, p.startMonth, p.endMonth, settings)),
		quickRatio: {
			current: quickRatio(movements.current.movements),
			previous: quickRatio(movements.previous.movements)
		},
		arpa: both((p) => arpaOfBase(base, p.endMonth)),
		ltv: both((p) => lifetimeValueOfBase(base, p.endMonth, settings)),
		revenueRetention: both(retentionAt),
		nps,
		snapshot: dated > 0 ? null : snapshotChurn(dataset),
		series: {
			months: chartMonths,
			churn: chartMonths.map((m) => ({
				month: m.month,
				logo: logoChurnOfBase(base, m.month, m.month, convention),
				revenue: revenueChurnOfBase(base, m.month, m.month, settings)
			})),
			npsByScore: nps.current.byScore
		}
	};
}
