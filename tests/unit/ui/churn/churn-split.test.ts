import { describe, expect, it } from 'vitest';
import type { ChurnBreakdownMonth } from '../../../../src/lib/core/churn';
import { reasonSplit, typeSplit } from '../../../../src/lib/ui/churn/churn-split';

const zero = { accounts: 0, mrrMinor: 0 };

// Two months by hand. March: 3 churned (2 voluntary, 1 involuntary), reasons price 2, none 1.
// April: 2 churned (1 voluntary, 1 unknown), reasons price 1 and "other" 1 (a rarer reason).
const months: ChurnBreakdownMonth[] = [
	{
		month: 674,
		label: '2026-03',
		churned: 3,
		churnedMrrMinor: 600,
		byType: {
			voluntary: { accounts: 2, mrrMinor: 400 },
			involuntary: { accounts: 1, mrrMinor: 200 },
			downgrade: zero,
			unknown: zero
		},
		byReason: [
			{ reason: 'price', other: false, accounts: 2, mrrMinor: 400 },
			{ reason: null, other: false, accounts: 1, mrrMinor: 200 }
		]
	},
	{
		month: 675,
		label: '2026-04',
		churned: 2,
		churnedMrrMinor: 300,
		byType: {
			voluntary: { accounts: 1, mrrMinor: 100 },
			involuntary: zero,
			downgrade: zero,
			unknown: { accounts: 1, mrrMinor: 200 }
		},
		byReason: [
			{ reason: 'price', other: false, accounts: 1, mrrMinor: 100 },
			{ reason: null, other: true, accounts: 1, mrrMinor: 200 }
		]
	}
];

describe('churn split', () => {
	it('tabulates churn types that occur, with totals per month', () => {
		const t = typeSplit(months, 'accounts');
		// Downgrade never occurs: left out.
		expect(t.columns.map((c) => c.key)).toEqual(['voluntary', 'involuntary', 'unknown']);
		expect(t.rows.map((r) => r.cells)).toEqual([
			[2, 1, 0],
			[1, 0, 1]
		]);
		expect(t.rows.map((r) => r.total)).toEqual([3, 2]);
		expect(t.refAt(1, 0)).toEqual({ kind: 'churn-type', month: 674, churnType: 'involuntary' });
	});

	it('switches to churned MRR', () => {
		const t = typeSplit(months, 'mrr');
		expect(t.rows[0].cells).toEqual([400, 200, 0]);
		expect(t.rows[1].total).toBe(300);
	});

	it('puts reasons most churned first, "no reason" as a reason, and "other" last', () => {
		const r = reasonSplit(months, 'accounts');
		// price 3, none 1, other 1.
		expect(r.columns).toEqual([
			{ key: 'price', reason: 'price' },
			{ key: '\u0000none', reason: null },
			{ key: '\u0000other', other: true }
		]);
		expect(r.rows.map((row) => row.cells)).toEqual([
			[2, 1, 0],
			[1, 0, 1]
		]);
		// Each row's cells add up to the month's churned customers.
		for (const row of r.rows) expect(row.cells.reduce((a, b) => a + b, 0)).toBe(row.total);
	});

	it('lists the accounts of a reason, and none for "other" (several reasons)', () => {
		const r = reasonSplit(months, 'accounts');
		expect(r.refAt(1, 0)).toEqual({ kind: 'churn-reason', month: 674, reason: null });
		expect(r.refAt(2, 1)).toBeNull();
	});
});
