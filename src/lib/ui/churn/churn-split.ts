// The churn split as pure data: per month, churned customers (or their MRR) by churn type and by
// reason, as chart series and table columns, with the accounts behind each cell.
import type { FigureRef } from '../../core/accounts-behind';
import { CHURN_TYPES, type ChurnBreakdownMonth, type ChurnTypeKey } from '../../core/churn';

export type SplitMeasure = 'accounts' | 'mrr';

export interface SplitColumn {
	/** The churn type, or the reason (null: none given); `other` sums the rarer reasons. */
	key: string;
	type?: ChurnTypeKey;
	reason?: string | null;
	other?: boolean;
}

export interface SplitTable {
	columns: SplitColumn[];
	rows: { month: number; label: string; cells: number[]; total: number }[];
	/** The accounts behind row i, column c; null for "other reasons" (several reasons). */
	refAt: (columnIndex: number, rowIndex: number) => FigureRef | null;
}

const valueOf = (v: { accounts: number; mrrMinor: number }, measure: SplitMeasure) =>
	measure === 'accounts' ? v.accounts : v.mrrMinor;

/** Months × churn types; types that never occur in these months are left out. */
export function typeSplit(months: ChurnBreakdownMonth[], measure: SplitMeasure): SplitTable {
	const present = CHURN_TYPES.filter((t) => months.some((m) => m.byType[t].accounts > 0));
	const columns: SplitColumn[] = present.map((type) => ({ key: type, type }));
	return {
		columns,
		rows: months.map((m) => ({
			month: m.month,
			label: m.label,
			cells: present.map((t) => valueOf(m.byType[t], measure)),
			total: measure === 'accounts' ? m.churned : m.churnedMrrMinor
		})),
		refAt: (c, r) => {
			const month = months[r]?.month;
			const type = present[c];
			return month === undefined || !type ? null : { kind: 'churn-type', month, churnType: type };
		}
	};
}

const reasonKey = (reason: string | null, other: boolean) =>
	other ? '\u0000other' : reason === null ? '\u0000none' : reason;

/**
 * Months × reasons: every reason among each month's top ones, most churned first, then "other"
 * last. A month whose top list lacks a reason counts it under "other" there, as the worker did.
 */
export function reasonSplit(months: ChurnBreakdownMonth[], measure: SplitMeasure): SplitTable {
	const totals = new Map<string, { column: SplitColumn; accounts: number }>();
	for (const m of months) {
		for (const r of m.byReason) {
			const key = reasonKey(r.reason, r.other);
			const seen = totals.get(key) ?? {
				column: r.other ? { key, other: true } : { key, reason: r.reason },
				accounts: 0
			};
			seen.accounts += r.accounts;
			totals.set(key, seen);
		}
	}
	const columns = [...totals.values()]
		.sort(
			(a, b) =>
				Number(a.column.other ?? false) - Number(b.column.other ?? false) ||
				b.accounts - a.accounts ||
				a.column.key.localeCompare(b.column.key)
		)
		.map((t) => t.column);
	return {
		columns,
		rows: months.map((m) => {
			const byKey = new Map(m.byReason.map((r) => [reasonKey(r.reason, r.other), r]));
			return {
				month: m.month,
				label: m.label,
				cells: columns.map((c) => {
					const r = byKey.get(c.key);
					return r ? valueOf(r, measure) : 0;
				}),
				total: measure === 'accounts' ? m.churned : m.churnedMrrMinor
			};
		}),
		refAt: (c, r) => {
			const month = months[r]?.month;
			const column = columns[c];
			if (month === undefined || !column || column.other) return null;
			return { kind: 'churn-reason', month, reason: column.reason ?? null };
		}
	};
}
