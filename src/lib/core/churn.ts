// Logo (customer) churn under the three conventions, revenue churn, churn by type and reason,
// and churn of snapshot exports (a churned flag per account). Definitions: docs/METRICS.md.
import { firstDayOfMonth, labelOfMonth, lastDayOfMonth } from './dates';
import {
	accountFieldValue,
	customerBase,
	monthColumn,
	type ChurnConvention,
	type CustomerBase,
	type MetricSettings
} from './customer-base';
import { movementSummaryOfBase } from './mrr';
import { monthOfDay } from './periods';
import { ratio, type Ratio } from './stats';
import { NULL_INT, type Dataset, type MonthIndex } from './types';

export interface LogoChurn {
	startMonth: MonthIndex;
	endMonth: MonthIndex;
	convention: ChurnConvention;
	/** Churned ÷ customers at start (the convention decides who counts as churned). */
	rate: Ratio;
	/** Customers on the last day before the period. */
	customersAtStart: number;
	/** Customers at start who are not customers at the period's end. */
	churnedFromStart: number;
	/** Accounts that joined (or came back) in the period and left again before its end. */
	joinedAndChurned: number;
	/** Of those, the ones whose join and churn fell in different months (ProfitWell counts them). */
	joinedAndChurnedAcrossMonths: number;
	/** Customers at start that left and came back within the period (not churned). */
	churnedAndReactivated: number;
	/** True when the period ends after asOfDay. */
	incomplete: boolean;
}

/** Which accounts a logo churn figure is made of (indexes into base.ids). */
export type LogoChurnPart = 'customers-at-start' | 'churned' | 'joined-and-churned';

interface LogoScan {
	counts: Omit<LogoChurn, 'rate' | 'convention' | 'startMonth' | 'endMonth' | 'incomplete'>;
	members?: number[];
}

type LogoCounts = LogoScan['counts'];

/** What one period's scan compares each account against. */
interface LogoWindow {
	/** Columns of the snapshot before the period (-1 = before the data) and at its end. */
	colS: number;
	colE: number;
	periodStart: number;
	periodEnd: number;
}

function zeroCounts(): LogoCounts {
	return {
		customersAtStart: 0,
		churnedFromStart: 0,
		joinedAndChurned: 0,
		joinedAndChurnedAcrossMonths: 0,
		churnedAndReactivated: 0
	};
}

/** Null when the period ends before the data: every count is 0. */
function logoWindow(
	base: CustomerBase,
	startMonth: MonthIndex,
	endMonth: MonthIndex
): LogoWindow | null {
	const colE = monthColumn(base, Math.min(endMonth, base.firstMonth + base.monthCount - 1));
	if (colE < 0) return null;
	return {
		colS: monthColumn(base, startMonth - 1),
		colE,
		periodStart: firstDayOfMonth(startMonth),
		periodEnd: Math.min(lastDayOfMonth(endMonth), base.asOfDay)
	};
}

/**
 * Counts account `a` into `counts` for one period and says how it counted: a customer at the
 * start who churned or stayed, one who joined and churned inside (across months or not), or null.
 */
function countAccount(
	base: CustomerBase,
	a: number,
	w: LogoWindow,
	counts: LogoCounts
): 'churned' | 'stayed' | 'joined-and-churned' | 'joined-and-churned-across' | null {
	const { active, spellOffset, spellStart, spellEnd } = base;
	const row = a * base.monthCount;
	const atStart = w.colS >= 0 && active[row + w.colS] === 1;
	const atEnd = active[row + w.colE] === 1;
	if (atStart) {
		counts.customersAtStart++;
		if (!atEnd) {
			counts.churnedFromStart++;
			return 'churned';
		}
		if (endedWithin(base, a, w.periodStart, w.periodEnd)) counts.churnedAndReactivated++;
		return 'stayed';
	}
	if (atEnd) return null;
	// Not a customer at either edge: look for a spell that started and ended inside.
	let last = -1;
	for (let k = spellOffset[a]; k < spellOffset[a + 1]; k++) {
		const end = spellEnd[k];
		if (end === NULL_INT || end >= base.asOfDay) continue;
		if (spellStart[k] >= w.periodStart && end + 1 <= w.periodEnd) last = k;
	}
	if (last < 0) return null;
	counts.joinedAndChurned++;
	if (monthOfDay(spellStart[last]) === monthOfDay(spellEnd[last] + 1)) return 'joined-and-churned';
	counts.joinedAndChurnedAcrossMonths++;
	return 'joined-and-churned-across';
}

/** Accounts that are customers at the start of startMonth (the end of the month before). */
function scanLogoChurn(
	base: CustomerBase,
	startMonth: MonthIndex,
	endMonth: MonthIndex,
	convention: ChurnConvention,
	collect?: LogoChurnPart
): LogoScan {
	const counts = zeroCounts();
	const members: number[] | undefined = collect ? [] : undefined;
	const w = logoWindow(base, startMonth, endMonth);
	if (!w) return { counts, members };
	for (let a = 0; a < base.ids.length; a++) {
		const kind = countAccount(base, a, w, counts);
		if (!members || kind === null) continue;
		const atStart = kind === 'churned' || kind === 'stayed';
		const joined = kind === 'joined-and-churned' || kind === 'joined-and-churned-across';
		const counted =
			convention === 'baremetrics' ||
			(convention === 'profitwell' && kind === 'joined-and-churned-across');
		if (
			(collect === 'customers-at-start' && atStart) ||
			(collect === 'churned' && (kind === 'churned' || (joined && counted))) ||
			(collect === 'joined-and-churned' && joined)
		) {
			members.push(a);
		}
	}
	return { counts, members };
}

// The counts of a period do not depend on the convention: kept per base, so the overview's
// figures that share months (the churn series, LTV's six months, the period) scan once.
const countsCache = new WeakMap<CustomerBase, Map<string, LogoCounts>>();

function cachedCounts(base: CustomerBase): Map<string, LogoCounts> {
	let byPeriod = countsCache.get(base);
	if (!byPeriod) {
		byPeriod = new Map();
		countsCache.set(base, byPeriod);
	}
	return byPeriod;
}

/**
 * Logo churn of several periods, counted in one pass over the accounts (the periods not counted
 * before on this base): the overview needs about fifteen.
 */
export function logoChurnsOfBase(
	base: CustomerBase,
	periods: readonly { startMonth: MonthIndex; endMonth: MonthIndex }[],
	convention: ChurnConvention = 'standard'
): LogoChurn[] {
	const byPeriod = cachedCounts(base);
	const todo: { counts: LogoCounts; w: LogoWindow }[] = [];
	for (const p of periods) {
		const key = `${p.startMonth}|${p.endMonth}`;
		if (byPeriod.has(key)) continue;
		const counts = zeroCounts();
		byPeriod.set(key, counts);
		const w = logoWindow(base, p.startMonth, p.endMonth);
		if (w) todo.push({ counts, w });
	}
	if (todo.length > 0) {
		for (let a = 0; a < base.ids.length; a++) {
			for (let t = 0; t < todo.length; t++) countAccount(base, a, todo[t].w, todo[t].counts);
		}
	}
	return periods.map((p) =>
		logoChurnOf(
			base,
			p.startMonth,
			p.endMonth,
			convention,
			byPeriod.get(`${p.startMonth}|${p.endMonth}`)!
		)
	);
}

function logoChurnOf(
	base: CustomerBase,
	startMonth: MonthIndex,
	endMonth: MonthIndex,
	convention: ChurnConvention,
	counts: LogoCounts
): LogoChurn {
	const extra =
		convention === 'baremetrics'
			? counts.joinedAndChurned
			: convention === 'profitwell'
				? counts.joinedAndChurnedAcrossMonths
				: 0;
	return {
		startMonth,
		endMonth,
		convention,
		rate: ratio(counts.churnedFromStart + extra, counts.customersAtStart),
		...counts,
		incomplete: lastDayOfMonth(endMonth) > base.asOfDay
	};
}

function endedWithin(base: CustomerBase, a: number, from: number, to: number): boolean {
	for (let k = base.spellOffset[a]; k < base.spellOffset[a + 1]; k++) {
		const end = base.spellEnd[k];
		if (end !== NULL_INT && end + 1 >= from && end + 1 <= to) return true;
	}
	return false;
}

export function logoChurnOfBase(
	base: CustomerBase,
	startMonth: MonthIndex,
	endMonth: MonthIndex,
	convention: ChurnConvention = 'standard'
): LogoChurn {
	return logoChurnsOfBase(base, [{ startMonth, endMonth }], convention)[0];
}

/** Account ids behind a logo churn figure. */
export function logoChurnAccountIndexes(
	base: CustomerBase,
	startMonth: MonthIndex,
	endMonth: MonthIndex,
	convention: ChurnConvention,
	part: LogoChurnPart
): number[] {
	return scanLogoChurn(base, startMonth, endMonth, convention, part).members ?? [];
}

/** Logo churn rate over months startMonth..endMonth (one period). */
export function logoChurn(
	dataset: Dataset,
	options: { startMonth: MonthIndex; endMonth?: MonthIndex; settings?: MetricSettings }
): LogoChurn {
	const base = customerBase(dataset, options.settings);
	return logoChurnOfBase(
		base,
		options.startMonth,
		options.endMonth ?? options.startMonth,
		options.settings?.convention
	);
}

/** Monthly logo churn for every month of the range (default: all months with a month before). */
export function logoChurnSeries(
	dataset: Dataset,
	options: { fromMonth?: MonthIndex; toMonth?: MonthIndex; settings?: MetricSettings } = {}
): LogoChurn[] {
	const base = customerBase(dataset, options.settings);
	const from = options.fromMonth ?? base.firstMonth + 1;
	const to = options.toMonth ?? base.firstMonth + base.monthCount - 1;
	const out: LogoChurn[] = [];
	for (let m = from; m <= to; m++) {
		out.push(logoChurnOfBase(base, m, m, options.settings?.convention));
	}
	return out;
}

export interface RevenueChurn {
	startMonth: MonthIndex;
	endMonth: MonthIndex;
	startMrrMinor: number;
	churnMinor: number;
	contractionMinor: number;
	expansionMinor: number;
	reactivationMinor: number;
	/** (churn + contraction) ÷ MRR at start. */
	gross: Ratio;
	/** (churn + contraction - expansion - reactivation) ÷ MRR at start (ChartMogul). */
	netWithReactivation: Ratio;
	/** (churn + contraction - expansion) ÷ MRR at start (Baremetrics). */
	netWithoutReactivation: Ratio;
	/** The one the settings choose (default: with reactivation). */
	net: Ratio;
}

export function revenueChurnOfBase(
	base: CustomerBase,
	startMonth: MonthIndex,
	endMonth: MonthIndex,
	settings: MetricSettings = {}
): RevenueChurn {
	const s = movementSummaryOfBase(base, startMonth, endMonth);
	const v = s.movements;
	const lost = v.churn.amountMinor + v.contraction.amountMinor;
	const withR = ratio(lost - v.expansion.amountMinor - v.reactivation.amountMinor, s.startMrrMinor);
	const withoutR = ratio(lost - v.expansion.amountMinor, s.startMrrMinor);
	return {
		startMonth,
		endMonth,
		startMrrMinor: s.startMrrMinor,
		churnMinor: v.churn.amountMinor,
		contractionMinor: v.contraction.amountMinor,
		expansionMinor: v.expansion.amountMinor,
		reactivationMinor: v.reactivation.amountMinor,
		gross: ratio(lost, s.startMrrMinor),
		netWithReactivation: withR,
		netWithoutReactivation: withoutR,
		net: settings.netChurnIncludesReactivation === false ? withoutR : withR
	};
}

export function revenueChurn(
	dataset: Dataset,
	options: { startMonth: MonthIndex; endMonth?: MonthIndex; settings?: MetricSettings }
): RevenueChurn {
	const base = customerBase(dataset, options.settings);
	return revenueChurnOfBase(
		base,
		options.startMonth,
		options.endMonth ?? options.startMonth,
		options.settings
	);
}

export const CHURN_TYPES = ['voluntary', 'involuntary', 'downgrade', 'unknown'] as const;
export type ChurnTypeKey = (typeof CHURN_TYPES)[number];

export interface ChurnBreakdownMonth {
	month: MonthIndex;
	label: string;
	/** Customers at start who left during the month (standard convention's churned). */
	churned: number;
	churnedMrrMinor: number;
	byType: Record<ChurnTypeKey, { accounts: number; mrrMinor: number }>;
	/** Top reasons by accounts; the rest summed under reason null with `other: true`. */
	byReason: { reason: string | null; other: boolean; accounts: number; mrrMinor: number }[];
}

/** The churn reason of an account: its own, else its latest-ending subscription's. */
export function churnReasonOf(base: CustomerBase, a: number): string | null {
	const own = base.accounts[a]?.churnReason ?? null;
	if (own) return own;
	let best: string | null = null;
	let bestEnd = NULL_INT;
	const subs = base.dataset.subscriptions;
	for (let j = base.subOffset[a]; j < base.subOffset[a + 1]; j++) {
		const r = base.subRows[j];
		const end = base.subEnd[r];
		if (end !== NULL_INT && end >= bestEnd && subs[r].cancelReason) {
			bestEnd = end;
			best = subs[r].cancelReason;
		}
	}
	return best;
}

/** Churned customers per month split by churn type and by reason (top `maxReasons`). */
export function churnBreakdownSeries(
	dataset: Dataset,
	options: {
		fromMonth?: MonthIndex;
		toMonth?: MonthIndex;
		maxReasons?: number;
		settings?: MetricSettings;
	} = {}
): ChurnBreakdownMonth[] {
	const base = customerBase(dataset, options.settings);
	const mc = base.monthCount;
	const from = Math.max(options.fromMonth ?? base.firstMonth + 1, base.firstMonth + 1);
	const to = Math.min(options.toMonth ?? base.firstMonth + mc - 1, base.firstMonth + mc - 1);
	const maxReasons = options.maxReasons ?? 8;
	const out: ChurnBreakdownMonth[] = [];
	const typeOf = (a: number): ChurnTypeKey => base.accounts[a]?.churnType ?? 'unknown';
	const reasonCache = new Map<number, string | null>();
	for (let month = from; month <= to; month++) {
		const col = month - base.firstMonth;
		const byType = Object.fromEntries(
			CHURN_TYPES.map((t) => [t, { accounts: 0, mrrMinor: 0 }])
		) as Record<ChurnTypeKey, { accounts: number; mrrMinor: number }>;
		const reasons = new Map<string | null, { accounts: number; mrrMinor: number }>();
		let churned = 0;
		let churnedMrr = 0;
		for (let a = 0; a < base.ids.length; a++) {
			const row = a * mc;
			if (!(base.active[row + col - 1] === 1 && base.active[row + col] === 0)) continue;
			const mrr = base.mrr[row + col - 1];
			churned++;
			churnedMrr += mrr;
			const t = byType[typeOf(a)];
			t.accounts++;
			t.mrrMinor += mrr;
			let reason = reasonCache.get(a);
			if (reason === undefined) {
				reason = churnReasonOf(base, a);
				reasonCache.set(a, reason);
			}
			const r = reasons.get(reason) ?? { accounts: 0, mrrMinor: 0 };
			r.accounts++;
			r.mrrMinor += mrr;
			reasons.set(reason, r);
		}
		const sorted = [...reasons.entries()].sort(
			(x, y) => y[1].accounts - x[1].accounts || String(x[0]).localeCompare(String(y[0]))
		);
		const byReason = sorted
			.slice(0, maxReasons)
			.map(([reason, v]) => ({ reason, other: false, ...v }));
		if (sorted.length > maxReasons) {
			const rest = { reason: null, other: true, accounts: 0, mrrMinor: 0 };
			for (const [, v] of sorted.slice(maxReasons)) {
				rest.accounts += v.accounts;
				rest.mrrMinor += v.mrrMinor;
			}
			byReason.push(rest);
		}
		out.push({
			month,
			label: labelOfMonth(month),
			churned,
			churnedMrrMinor: churnedMrr,
			byType,
			byReason
		});
	}
	return out;
}

export interface SnapshotChurnGroup {
	/** The segment value; null for accounts without one (or for the overall row). */
	segment: string | null;
	rate: Ratio;
}

export interface SnapshotChurn {
	overall: Ratio;
	groups: SnapshotChurnGroup[];
	/** Accounts left out because their churned flag is empty. */
	withoutFlag: number;
}

/**
 * Churn of a snapshot export (one row per account with a churned flag): churned ÷ accounts,
 * overall and per value of `segmentBy` (a field or attribute name), largest group first.
 */
export function snapshotChurn(
	dataset: Dataset,
	options: { segmentBy?: string } = {}
): SnapshotChurn {
	let churned = 0;
	let total = 0;
	let withoutFlag = 0;
	const groups = new Map<string | null, { churned: number; total: number }>();
	for (const a of dataset.accounts) {
		const flag = a.churned ?? (a.churnDay !== null ? true : null);
		if (flag === null) {
			withoutFlag++;
			continue;
		}
		total++;
		if (flag) churned++;
		if (options.segmentBy) {
			const key = accountFieldValue(a, options.segmentBy);
			const g = groups.get(key) ?? { churned: 0, total: 0 };
			g.total++;
			if (flag) g.churned++;
			groups.set(key, g);
		}
	}
	return {
		overall: ratio(churned, total),
		groups: [...groups.entries()]
			.sort((x, y) => y[1].total - x[1].total || String(x[0]).localeCompare(String(y[0])))
			.map(([segment, g]) => ({ segment, rate: ratio(g.churned, g.total) })),
		withoutFlag
	};
}
