// Monthly MRR per account and the MRR movements between consecutive months, read from the
// month-end grid of the customer base (see docs/METRICS.md, "Monthly MRR").
import { labelOfMonth, lastDayOfMonth } from './dates';
import { customerBase, monthColumn, type CustomerBase, type MetricSettings } from './customer-base';
import { ratio, type Ratio } from './stats';
import type { Dataset, MonthIndex } from './types';

export const MOVEMENT_KINDS = ['new', 'expansion', 'contraction', 'churn', 'reactivation'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** An MRR amount (minor units, positive for every kind) and how many accounts made it. */
export interface MovementTotal {
	amountMinor: number;
	accounts: number;
}

export interface MrrMonth {
	month: MonthIndex;
	label: string;
	/** True for the month holding asOfDay when asOfDay is not its last day. */
	incomplete: boolean;
	mrrMinor: number;
	/** Accounts with MRR > 0 at the month's snapshot. */
	payingAccounts: number;
	/** Accounts inside a spell of paid service at the snapshot (includes CRM-only accounts). */
	activeCustomers: number;
	movements: Record<MovementKind, MovementTotal>;
	/** new + expansion + reactivation - contraction - churn. */
	netNewMinor: number;
}

function emptyMovements(): Record<MovementKind, MovementTotal> {
	return {
		new: { amountMinor: 0, accounts: 0 },
		expansion: { amountMinor: 0, accounts: 0 },
		contraction: { amountMinor: 0, accounts: 0 },
		churn: { amountMinor: 0, accounts: 0 },
		reactivation: { amountMinor: 0, accounts: 0 }
	};
}

const firstPaidColumnCache = new WeakMap<CustomerBase, Int32Array>();

/** Per account, the first month column with MRR > 0 (-1 when never paying). */
function firstPaidColumns(base: CustomerBase): Int32Array {
	let cols = firstPaidColumnCache.get(base);
	if (cols) return cols;
	const n = base.ids.length;
	const mc = base.monthCount;
	cols = new Int32Array(n).fill(-1);
	for (let a = 0; a < n; a++) {
		const row = a * mc;
		for (let i = 0; i < mc; i++) {
			if (base.mrr[row + i] > 0) {
				cols[a] = i;
				break;
			}
		}
	}
	firstPaidColumnCache.set(base, cols);
	return cols;
}

/** The movement of account `a` into month column `col`, with its amount; null when none. */
export function movementOf(
	base: CustomerBase,
	a: number,
	col: number
): { kind: MovementKind; amountMinor: number } | null {
	const row = a * base.monthCount;
	const cur = base.mrr[row + col];
	const prev = col > 0 ? base.mrr[row + col - 1] : 0;
	if (cur === prev) return null;
	if (prev <= 0 && cur > 0) {
		const kind = firstPaidColumns(base)[a] === col ? 'new' : 'reactivation';
		return { kind, amountMinor: cur };
	}
	if (prev > 0 && cur <= 0) return { kind: 'churn', amountMinor: prev };
	if (prev > 0 && cur > prev) return { kind: 'expansion', amountMinor: cur - prev };
	if (prev > 0 && cur < prev) return { kind: 'contraction', amountMinor: prev - cur };
	return null;
}

const seriesCache = new WeakMap<CustomerBase, MrrMonth[]>();

/** Every month of the base with its MRR, paying accounts, customers and movements. */
export function mrrMonthsOfBase(base: CustomerBase): MrrMonth[] {
	const cached = seriesCache.get(base);
	if (cached) return cached;
	const mc = base.monthCount;
	const n = base.ids.length;
	const months: MrrMonth[] = [];
	const lastIncomplete = base.asOfDay !== lastDayOfMonth(base.firstMonth + mc - 1);
	for (let i = 0; i < mc; i++) {
		const month = base.firstMonth + i;
		months.push({
			month,
			label: labelOfMonth(month),
			incomplete: i === mc - 1 && lastIncomplete,
			mrrMinor: 0,
			payingAccounts: 0,
			activeCustomers: 0,
			movements: emptyMovements(),
			netNewMinor: 0
		});
	}
	const firstPaid = firstPaidColumns(base);
	const { mrr, active } = base;
	for (let a = 0; a < n; a++) {
		const row = a * mc;
		let prev = 0;
		for (let i = 0; i < mc; i++) {
			const cur = mrr[row + i];
			const m = months[i];
			if (active[row + i]) m.activeCustomers++;
			if (cur > 0) {
				m.mrrMinor += cur;
				m.payingAccounts++;
			}
			if (cur !== prev) {
				let kind: MovementKind | null = null;
				let amount = 0;
				if (prev <= 0 && cur > 0) {
					kind = firstPaid[a] === i ? 'new' : 'reactivation';
					amount = cur;
				} else if (prev > 0 && cur <= 0) {
					kind = 'churn';
					amount = prev;
				} else if (prev > 0) {
					kind = cur > prev ? 'expansion' : 'contraction';
					amount = Math.abs(cur - prev);
				}
				if (kind) {
					m.movements[kind].amountMinor += amount;
					m.movements[kind].accounts++;
				}
			}
			prev = cur;
		}
	}
	for (const m of months) {
		const v = m.movements;
		m.netNewMinor =
			v.new.amountMinor +
			v.expansion.amountMinor +
			v.reactivation.amountMinor -
			v.contraction.amountMinor -
			v.churn.amountMinor;
	}
	seriesCache.set(base, months);
	return months;
}

export interface MonthRange {
	fromMonth?: MonthIndex;
	toMonth?: MonthIndex;
}

/** MRR, paying accounts, active customers and movements per month, within the range given. */
export function mrrSeries(
	dataset: Dataset,
	options: MonthRange & { settings?: MetricSettings } = {}
): MrrMonth[] {
	const all = mrrMonthsOfBase(customerBase(dataset, options.settings));
	return all.filter(
		(m) =>
			(options.fromMonth === undefined || m.month >= options.fromMonth) &&
			(options.toMonth === undefined || m.month <= options.toMonth)
	);
}

/** Movements summed over months startMonth..endMonth, and MRR before and after. */
export interface MovementSummary {
	startMonth: MonthIndex;
	endMonth: MonthIndex;
	/** MRR at the snapshot of the month before startMonth. */
	startMrrMinor: number;
	endMrrMinor: number;
	movements: Record<MovementKind, MovementTotal>;
	netNewMinor: number;
}

export function movementSummaryOfBase(
	base: CustomerBase,
	startMonth: MonthIndex,
	endMonth: MonthIndex
): MovementSummary {
	const months = mrrMonthsOfBase(base);
	const movements = emptyMovements();
	let netNewMinor = 0;
	let endMrrMinor = 0;
	let startMrrMinor = 0;
	const before = monthColumn(base, startMonth - 1);
	if (before >= 0) startMrrMinor = months[before].mrrMinor;
	for (let month = startMonth; month <= endMonth; month++) {
		const col = monthColumn(base, month);
		if (col < 0) continue;
		const m = months[col];
		for (const k of MOVEMENT_KINDS) {
			movements[k].amountMinor += m.movements[k].amountMinor;
			movements[k].accounts += m.movements[k].accounts;
		}
		netNewMinor += m.netNewMinor;
		endMrrMinor = m.mrrMinor;
	}
	return { startMonth, endMonth, startMrrMinor, endMrrMinor, movements, netNewMinor };
}

/** Quick ratio = (new + expansion + reactivation) ÷ (contraction + churn); null with no losses. */
export function quickRatio(movements: Record<MovementKind, MovementTotal>): Ratio {
	return ratio(
		movements.new.amountMinor +
			movements.expansion.amountMinor +
			movements.reactivation.amountMinor,
		movements.contraction.amountMinor + movements.churn.amountMinor
	);
}

/** ARPA at a month: MRR ÷ paying accounts (subscriptions summed per account first). */
export function arpaOfBase(base: CustomerBase, month: MonthIndex): Ratio {
	const col = monthColumn(base, month);
	if (col < 0) return ratio(0, 0);
	const m = mrrMonthsOfBase(base)[col];
	return ratio(m.mrrMinor, m.payingAccounts);
}

/** MRR of one account per month (minor units), for an account page. */
export function accountMrrSeries(
	dataset: Dataset,
	accountId: string,
	settings?: MetricSettings
): { month: MonthIndex; mrrMinor: number }[] {
	const base = customerBase(dataset, settings);
	const a = base.indexOf(accountId);
	if (a === undefined) return [];
	const out: { month: MonthIndex; mrrMinor: number }[] = [];
	for (let i = 0; i < base.monthCount; i++) {
		out.push({ month: base.firstMonth + i, mrrMinor: base.mrr[a * base.monthCount + i] });
	}
	return out;
}
