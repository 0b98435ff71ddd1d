import { describe, expect, it } from 'vitest';
import { kpis } from '../../../src/lib/core/kpis';
import { cohortRetention } from '../../../src/lib/core/cohorts';
import { survivalBySegment } from '../../../src/lib/core/survival';
import { monthIndexFromYm } from '../../../src/lib/core/dates';
import { accountsBehind } from '../../../src/lib/core/accounts-behind';
import { account, dataset, day, npsRow, sub } from './dataset-builder';
import type { ActivityTable, Dataset } from '../../../src/lib/core/types';

const FEB = monthIndexFromYm(2024, 2);

// Same MRR story as mrr.test.ts: Dec 300, Jan 480, Feb 390.
const d = dataset({
	subscriptions: [
		sub('A', 100, '2024-01-10'),
		sub('B', 50, '2023-12-05', '2024-01-31'),
		sub('C', 80, '2023-12-01', '2024-02-01'),
		sub('D', 30, '2023-12-01'),
		sub('D', 20, '2024-01-15'),
		sub('E', 100, '2023-12-01', '2024-01-14'),
		sub('E', 200, '2024-01-15'),
		sub('F', 40, '2023-12-01', '2023-12-31'),
		sub('F', 40, '2024-02-10')
	],
	nps: [npsRow('A', '2024-02-03', 10), npsRow('B', '2024-01-03', 3)]
});
const settings = { asOfDay: day('2024-02-29') };

describe('kpis', () => {
	const k = kpis(d, { period: FEB, settings });

	it('gives each card now and in the previous period, with counts', () => {
		expect(k.totals.current.mrrMinor).toBe(390);
		expect(k.totals.previous.mrrMinor).toBe(480);
		// Feb: 2 of 5 customers left; Jan: 1 of 5 (F).
		expect(k.logoChurn.current.rate).toEqual({ value: 0.4, numerator: 2, denominator: 5 });
		expect(k.logoChurn.previous.rate).toEqual({ value: 0.2, numerator: 1, denominator: 5 });
		expect(k.movements.current.netNewMinor).toBe(-90);
		expect(k.quickRatio.current.value).toBeCloseTo(40 / 130, 12);
		expect(k.nps.current.promoters).toBe(1);
		expect(k.nps.previous.detractors).toBe(1);
		expect(k.definitions.convention).toBe('standard');
		expect(k.hasTimeline).toBe(true);
	});

	it('returns the overview series up to the period end', () => {
		expect(k.series.months.map((m) => m.activeCustomers)).toEqual([5, 5, 4]);
		expect(k.series.churn.map((c) => c.logo.rate.numerator)).toEqual([0, 1, 2]);
		expect(k.series.npsByScore[10]).toBe(1);
	});

	it('takes a multi-month period and compares it with the one before', () => {
		const q = kpis(d, { period: { startMonth: FEB - 1, endMonth: FEB }, settings });
		expect(q.previousPeriod).toEqual({ startMonth: FEB - 3, endMonth: FEB - 2 });
		// Jan-Feb: customers on Dec 31 = B C D E F (5); gone by Feb 29: B, C (F came back).
		expect(q.logoChurn.current.rate.numerator).toBe(2);
		expect(q.logoChurn.current.churnedAndReactivated).toBe(1);
	});

	it('lists the accounts behind a movement', () => {
		const page = accountsBehind(
			d,
			{ kind: 'mrr-movement', startMonth: FEB, movement: 'churn' },
			{ settings }
		);
		expect(page.accountIds).toEqual(['B', 'C']);
	});
});

/** Deterministic pseudo-random numbers (LCG), so the smoke test is the same each run. */
function lcg(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return s / 4294967296;
	};
}

function syntheticDataset(accounts: number, subsPerAccount: number, activityRows: number): Dataset {
	const rand = lcg(42);
	const t0 = day('2022-01-01');
	const span = 1095;
	const plans = ['Starter', 'Growth', 'Business'];
	const accs = [];
	const subs = [];
	for (let a = 0; a < accounts; a++) {
		const id = `acc${a}`;
		accs.push(account(id, { plan: plans[a % 3], segment: a % 2 ? 'SMB' : 'Mid' }));
		let start = t0 + Math.floor(rand() * span * 0.8);
		for (let k = 0; k < subsPerAccount; k++) {
			const length = Math.floor(rand() * 400);
			const last = k === subsPerAccount - 1 && rand() < 0.5;
			const end = last ? null : start + length;
			subs.push(sub(id, 1000 + Math.floor(rand() * 10) * 500, '2022-01-01', null));
			subs[subs.length - 1].startDay = start;
			subs[subs.length - 1].endDay = end;
			if (end === null) break;
			start = end + 1 + (rand() < 0.2 ? 30 : 0);
		}
	}
	const act: ActivityTable = {
		length: activityRows,
		account: new Int32Array(activityRows),
		day: new Int32Array(activityRows),
		metric: new Int32Array(activityRows),
		count: new Float64Array(activityRows),
		users: new Float64Array(activityRows),
		accountIds: accs.map((x) => x.id),
		metrics: ['*']
	};
	for (let i = 0; i < activityRows; i++) {
		act.account[i] = Math.floor(rand() * accounts);
		act.day[i] = t0 + Math.floor(rand() * span);
		act.count[i] = 1 + Math.floor(rand() * 5);
	}
	return {
		accounts: accs,
		subscriptions: subs,
		payments: [],
		tickets: [],
		nps: [],
		activity: act,
		attributeNames: []
	};
}

describe('analytics at full size (smoke)', () => {
	it('stays sane with 100,000 accounts, 300,000 subscriptions and 1,000,000 activity rows', () => {
		const big = syntheticDataset(100_000, 3, 1_000_000);
		const s = { asOfDay: day('2024-12-31') };
		const k = kpis(big, { period: monthIndexFromYm(2024, 6), settings: s });
		expect(k.totals.current.payingAccounts).toBeGreaterThan(0);
		expect(k.totals.current.payingAccounts).toBeLessThanOrEqual(100_000);
		const rate = k.logoChurn.current.rate.value ?? -1;
		expect(rate).toBeGreaterThanOrEqual(0);
		expect(rate).toBeLessThanOrEqual(1);
		const cohorts = cohortRetention(big, {
			grain: 'month',
			basis: 'subscription',
			measure: 'logo',
			convention: 'exact',
			settings: s
		});
		const size = cohorts.groups[0].rows.reduce((sum, r) => sum + r.size, 0);
		expect(size).toBe(cohorts.accountsInScope);
		const act = cohortRetention(big, {
			grain: 'week',
			basis: { metric: '*' },
			measure: 'logo',
			convention: 'exact',
			settings: s
		});
		expect(act.accountsInScope).toBeLessThanOrEqual(100_000);
		const split = survivalBySegment(big, { segmentBy: 'plan', settings: s });
		expect(split.groups).toHaveLength(3);
		expect(split.logRank?.pValue).toBeGreaterThanOrEqual(0);
	});
});
