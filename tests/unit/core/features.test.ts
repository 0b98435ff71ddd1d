import { describe, expect, it } from 'vitest';
import {
	accountFeaturesAt,
	accountFeaturesOf,
	featureIndexOf,
	snapshotTable,
	trainingSet
} from '../../../src/lib/core/features';
import { dayFromYmd, lastDayOfMonth, monthIndexFromYm } from '../../../src/lib/core/dates';
import { account, datasetOf, type ActivityTuple } from './churn-fixtures';

// Account A signs up on day 0. Hand-checked as of day 60 (28-day window = days 33..60).
const activity: ActivityTuple[] = [
	['A', 10, '*', 5, 2],
	['A', 10, 'onboarding_invite', 1],
	['A', 20, '*', 5, 3],
	['A', 31, 'onboarding_import', 1], // after the first 30 days (0..29): not a milestone
	['A', 50, '*', 2, 1],
	['A', 50, 'report', 2],
	['A', 55, '*', 3, 1],
	['A', 58, 'export', 1],
	['A', 60, '*', 4, 2]
];
const parts = {
	accounts: [account('A', { signupDay: 0, segment: 'SMB' })],
	activity,
	subscriptions: [
		{ accountId: 'A', plan: 'Pro', mrrMinor: 5000, startDay: 0, endDay: null },
		{ accountId: 'A', plan: 'Addon', mrrMinor: 1000, startDay: 50, endDay: 55 }
	],
	tickets: [
		{ accountId: 'A', openedDay: 40, resolvedDay: 45 },
		{ accountId: 'A', openedDay: 50, resolvedDay: null },
		{ accountId: 'A', openedDay: 58, resolvedDay: 70 }
	],
	nps: [
		{ accountId: 'A', day: 30, score: 8 },
		{ accountId: 'A', day: 65, score: 3 }
	],
	payments: [
		{ accountId: 'A', day: 20, status: 'failed' as const },
		{ accountId: 'A', day: 25, status: 'paid' as const },
		{ accountId: 'A', day: 40, status: 'failed' as const },
		{ accountId: 'A', day: 55, status: 'failed' as const }
	]
};

describe('accountFeaturesAt', () => {
	it('computes each feature by hand on a tiny account', () => {
		const dataset = datasetOf(parts);
		const index = featureIndexOf(dataset);
		const a = accountFeaturesOf(index, accountFeaturesAt(dataset, index, 60), 0);
		expect(a.active).toBe(true);
		// Day 58 has no `*` row, so its metrics' counts stand in for it: days 50, 55, 58, 60.
		expect(a.values.activeDays28).toBe(4);
		expect(a.values.breadth28).toBe(2); // report, export
		expect(a.values.users28).toBe(2); // max of 1, 1, 2
		expect(a.values.daysSinceActivity).toBe(0);
		// Recent 10 events (2+3+1+4); baseline: days 0..32 (33 days) had 11 events (5 + 5 + the
		// lone onboarding_import on 31) → 11·28/33.
		expect(a.values.usageTrend).toBeCloseTo(10 / ((11 * 28) / 33), 10);
		expect(a.trendBasis).toBe('previous-weeks');
		expect(a.values.openTickets).toBe(2); // opened 50 (open) and 58 (resolved 70)
		expect(a.values.oldestOpenTicketDays).toBe(10); // 60 - 50
		expect(a.values.latestNps).toBe(8); // the answer on day 65 is in the future
		expect(a.values.failedPayments60).toBe(2); // 55 and 40 failed; paid on 25 recovers 20
		expect(a.values.onboardingMilestones).toBe(1); // invite only
		expect(a.values.tenureDays).toBe(60);
		expect(a.values.mrrMinor).toBe(5000); // the add-on's last day was 55
		expect(a.plan).toBe('Pro');
		expect(a.segment).toBe('SMB');
	});

	it('sums both subscriptions while they overlap and forgets failures after a payment', () => {
		const dataset = datasetOf(parts);
		const index = featureIndexOf(dataset);
		const a = accountFeaturesOf(index, accountFeaturesAt(dataset, index, 30), 0);
		expect(accountFeaturesOf(index, accountFeaturesAt(dataset, index, 52), 0).values.mrrMinor).toBe(
			6000
		);
		expect(a.values.failedPayments60).toBe(0); // paid on 25 after the failure on 20
		expect(a.trendBasis).toBe('none'); // days 0..2 before the window: under 28 days of baseline
	});

	it('never lets rows dated after the day change its features (no leakage)', () => {
		const before = datasetOf(parts);
		const later = datasetOf({
			...parts,
			activity: [
				...activity,
				['A', 61, '*', 100, 9],
				['A', 61, 'billing', 3],
				['A', 75, 'onboarding_setup', 1]
			],
			tickets: [...parts.tickets, { accountId: 'A', openedDay: 61, resolvedDay: null }],
			nps: [...parts.nps, { accountId: 'A', day: 62, score: 0 }],
			payments: [...parts.payments, { accountId: 'A', day: 61, status: 'paid' as const }],
			subscriptions: [
				...parts.subscriptions,
				{ accountId: 'A', plan: 'Max', mrrMinor: 9000, startDay: 61, endDay: null }
			]
		});
		const i1 = featureIndexOf(before);
		const i2 = featureIndexOf(later);
		for (const day of [20, 45, 60]) {
			expect(accountFeaturesOf(i2, accountFeaturesAt(later, i2, day), 0)).toEqual(
				accountFeaturesOf(i1, accountFeaturesAt(before, i1, day), 0)
			);
		}
	});
});

describe('trainingSet', () => {
	// B churns 45 days after the January 2024 month-end; C stays. Data ends 2024-12-31.
	const jan31 = lastDayOfMonth(monthIndexFromYm(2024, 1));
	const dataset = datasetOf({
		accounts: [
			account('B', { signupDay: dayFromYmd(2024, 1, 1), churnDay: jan31 + 45 }),
			account('C', { signupDay: dayFromYmd(2024, 1, 1) })
		],
		activity: [
			['B', dayFromYmd(2024, 1, 10), '*', 3],
			['C', dayFromYmd(2024, 12, 31), '*', 1]
		]
	});
	const index = featureIndexOf(dataset);

	it('labels churn 45 days after a snapshot positive for 60 and 90 days, negative for 30', () => {
		for (const [horizonDays, expected] of [
			[30, 0],
			[60, 1],
			[90, 1]
		]) {
			const { table } = trainingSet(dataset, index, { horizonDays });
			const rows = [...table.account.keys()].filter((r) => table.account[r] === 0);
			// Active on Jan 31 and Feb 29 (churn is Mar 16, 16 days after Feb 29: positive always).
			expect(rows.map((r) => table.day[r])).toEqual([jan31, jan31 + 29]);
			expect(table.label[rows[0]]).toBe(expected);
			expect(table.label[rows[1]]).toBe(1);
		}
	});

	it('leaves out snapshots whose label window passes the data end', () => {
		// C is active on every month-end Jan..Dec 2024; with 90 days, Oct 31 + 90 > Dec 31.
		const { table, summary } = trainingSet(dataset, index, { horizonDays: 90 });
		const cDays = [...table.account.keys()].filter((r) => table.account[r] === 1);
		expect(cDays.length).toBe(9); // Jan..Sep: Sep 30 + 90 = Dec 29 ≤ Dec 31
		expect(summary.unlabelled).toBe(3); // C on Oct, Nov, Dec
		const kept = trainingSet(dataset, index, { horizonDays: 90, keepUnlabelled: true }).table;
		expect(kept.rowCount).toBe(table.rowCount + 3);
		expect([...kept.labelKnown!].filter((k) => k === 0).length).toBe(3);
	});
});

describe('snapshotTable', () => {
	it('types attribute columns and drops ids, constants and free text', () => {
		const accounts = Array.from({ length: 60 }, (_, i) =>
			account(String(i), {
				churned: i % 3 === 0,
				tenureMonths: i % 12,
				attributes: Object.assign(Object.create(null) as Record<string, string | null>, {
					RowNumber: String(i + 1),
					Score: String(500 + (i % 7)),
					Country: ['FR', 'DE', 'ES'][i % 3],
					Same: 'x',
					Name: `name-${i}`
				})
			})
		);
		const { table, dropped } = snapshotTable(
			datasetOf({ accounts, attributeNames: ['RowNumber', 'Score', 'Country', 'Same', 'Name'] })
		);
		expect(table.rowCount).toBe(60);
		expect(table.numeric.map((c) => c.name)).toEqual(['tenureMonths', 'Score']);
		expect(table.categorical.map((c) => c.name)).toEqual(['Country']);
		expect(dropped).toEqual([
			{ name: 'RowNumber', reason: 'identifier' },
			{ name: 'Same', reason: 'constant' },
			{ name: 'Name', reason: 'high-cardinality' }
		]);
		expect([...table.label].filter((v) => v === 1).length).toBe(20);
	});
});
