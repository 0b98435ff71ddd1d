// The retention area of the worker API in Node with fake-indexeddb: small files imported through
// the real pipeline, then cohorts, survival and engagement asked for as the pages ask.
// First: Dexie reads the IndexedDB globals when it loads.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { closeTestDbs, importCsv, testApi } from './api-fixture';
import {
	survivalTickTimes,
	tablesWithinBudget,
	type CohortRequest,
	type SurvivalRequest
} from '../../src/lib/worker/retention-api';

afterEach(closeTestDbs);

// Four customers. A1 and A2 start in January 2025, A3 and A4 in February. A2's service ends on
// Feb 14 and A4's on Mar 31; A1 and A3 still pay. One activity row of A1 on 2025-04-15 makes that
// the data's end, so April is incomplete.
const accountsCsv = [
	'customer_id,company_name,plan',
	'A1,Alpha,Pro',
	'A2,Beta,Pro',
	'A3,Gamma,Basic',
	'A4,Delta,Basic'
].join('\n');
const subscriptionsCsv = [
	'subscription_id,customer_id,plan,mrr,currency,start_date,end_date',
	'S1,A1,Pro,100,USD,2025-01-10,',
	'S2,A2,Pro,50,USD,2025-01-20,2025-02-14',
	'S3,A3,Basic,30,USD,2025-02-05,',
	'S4,A4,Basic,20,USD,2025-02-10,2025-03-31'
].join('\n');
const activityCsv = ['account_id,date,event,count', 'A1,2025-04-15,login,1'].join('\n');

async function fourCustomers() {
	const api = testApi('retention-api-test').api;
	await importCsv(api, accountsCsv, 'accounts.csv');
	await importCsv(api, subscriptionsCsv, 'subscriptions.csv');
	await importCsv(api, activityCsv, 'activity.csv');
	return api;
}

const monthly: CohortRequest = {
	grain: 'month',
	basis: 'subscription',
	measure: 'logo',
	convention: 'exact',
	minCohortSize: 30
};

describe('retention api', () => {
	it('offers plan as a split and counts subscription customers and activity accounts', async () => {
		const api = await fourCustomers();
		const fields = await api.retentionFields();
		expect(fields.splitFields.map((f) => f.field)).toContain('plan');
		expect(fields.subscriptionCustomers).toBe(4);
		expect(fields.activityAccounts).toBe(1);
		expect(fields.tenureAccounts).toBe(0);
		expect(fields.metrics).toEqual(['*', 'login']);
		expect(fields.currency).toBe('USD');
	});

	it('returns monthly logo cohorts with counts, incomplete April and a size-weighted average', async () => {
		const api = await fourCustomers();
		const reply = await api.retentionCohorts(monthly);
		if (!reply.ok) throw new Error(reply.code);
		const [table] = reply.result.groups;
		const cells = (i: number) =>
			table.rows[i].cells.map((c) => [c.numerator, c.denominator, c.incomplete]);
		// January (A1, A2): both in Jan and Feb (A2 paid Feb 1-14), A1 alone in March and April.
		expect(table.rows[0].label).toBe('2025-01');
		expect(cells(0)).toEqual([
			[2, 2, false],
			[2, 2, false],
			[1, 2, false],
			[1, 2, true]
		]);
		// February (A3, A4): A4 paid through Mar 31; A3 alone in the incomplete April.
		expect(cells(1)).toEqual([
			[2, 2, false],
			[2, 2, false],
			[1, 2, true]
		]);
		// Average: k0 4/4, k1 4/4, k2 only January is complete: 1/2; k3 has no complete cell.
		expect(table.average.map((a) => [a.k, a.numerator, a.denominator])).toEqual([
			[0, 4, 4],
			[1, 4, 4],
			[2, 1, 2]
		]);
		expect(table.rows.every((r) => r.small)).toBe(true);
	});

	it('measures revenue as the cohort MRR on each period’s last day over its first', async () => {
		const api = await fourCustomers();
		const reply = await api.retentionCohorts({ ...monthly, measure: 'revenue' });
		if (!reply.ok) throw new Error(reply.code);
		// January cohort: Jan 31 MRR = 100 + 50 (cents: 15,000); Feb 28 and Mar 31 = A1's 100.
		const jan = reply.result.groups[0].rows[0].cells.slice(0, 3);
		expect(jan.map((c) => [c.numerator, c.denominator])).toEqual([
			[15000, 15000],
			[10000, 15000],
			[10000, 15000]
		]);
	});

	it('splits cohorts by plan into one table per value', async () => {
		const api = await fourCustomers();
		const reply = await api.retentionCohorts({ ...monthly, segmentBy: 'plan', minCohortSize: 2 });
		if (!reply.ok) throw new Error(reply.code);
		// Equal sizes (2 and 2): tables in name order.
		expect(reply.result.groups.map((g) => [g.segment, g.rows.map((r) => r.label)])).toEqual([
			['Basic', ['2025-02']],
			['Pro', ['2025-01']]
		]);
		expect(reply.result.groups.every((g) => g.rows.every((r) => !r.small))).toBe(true);
	});

	it('switches between "exactly in k" and "in k or later"', async () => {
		// X is active in January and March 2025, not in February; the data ends on Mar 5, so
		// March is incomplete. Exactly: 1, 0, 1 of 1. In k or later: February counts (March).
		const api = testApi('retention-api-test').api;
		await importCsv(
			api,
			['account_id,date,event,count', 'X,2025-01-05,order,1', 'X,2025-03-05,order,2'].join('\n'),
			'orders.csv'
		);
		const shares = async (convention: CohortRequest['convention']) => {
			const reply = await api.retentionCohorts({ ...monthly, basis: 'activity', convention });
			if (!reply.ok) throw new Error(reply.code);
			return reply.result.groups[0].rows[0].cells.map((c) => [c.numerator, c.incomplete]);
		};
		expect(await shares('exact')).toEqual([
			[1, false],
			[0, false],
			[1, true]
		]);
		expect(await shares('k-or-later')).toEqual([
			[1, false],
			[1, false],
			[1, true]
		]);
	});

	it('lists the accounts behind a cell, retained or the whole cohort, a page at a time', async () => {
		const api = await fourCustomers();
		const reply = await api.retentionCohorts(monthly);
		if (!reply.ok) throw new Error(reply.code);
		const jan = reply.result.groups[0].rows[0].cohort;
		const retained = await api.retentionCohortAccounts({
			...monthly,
			cohort: jan,
			k: 2,
			segment: null,
			retained: true
		});
		expect(retained).toEqual({
			total: 1,
			offset: 0,
			accounts: [{ id: 'A1', name: 'Alpha', plan: 'Pro' }]
		});
		const whole = await api.retentionCohortAccounts({
			...monthly,
			cohort: jan,
			k: 2,
			segment: null,
			retained: false,
			limit: 1
		});
		expect([whole.total, whole.accounts.map((a) => a.id)]).toEqual([2, ['A1']]);
	});

	it('places activity cohorts by first activity; unknown metrics come back as a code', async () => {
		const api = await fourCustomers();
		const reply = await api.retentionCohorts({ ...monthly, basis: 'activity', metric: '*' });
		if (!reply.ok) throw new Error(reply.code);
		expect(reply.result.basis).toBe('activity');
		expect(reply.result.accountsInScope).toBe(1);
		expect(reply.result.groups[0].rows.map((r) => [r.label, r.size])).toEqual([['2025-04', 1]]);
		const missing = await api.retentionCohorts({ ...monthly, basis: 'activity', metric: 'nope' });
		expect(missing).toEqual({ ok: false, code: 'no-metric' });
	});

	it('narrows cohorts with filters', async () => {
		const api = await fourCustomers();
		const reply = await api.retentionCohorts({ ...monthly, filters: { plans: ['Basic'] } });
		if (!reply.ok) throw new Error(reply.code);
		expect(reply.result.accountsInScope).toBe(2);
		expect(reply.result.groups[0].rows.map((r) => r.label)).toEqual(['2025-02']);
	});

	it('computes Kaplan–Meier in days with number at risk at the ticks', async () => {
		const api = await fourCustomers();
		const request: SurvivalRequest = { source: 'auto', unit: 'day' };
		const reply = await api.retentionSurvival(request);
		if (!reply.ok) throw new Error(reply.code);
		// Durations: A2 churns Feb 15 (26 days after Jan 20), A4 churns Apr 1 (50 days after
		// Feb 10); A3 censored at Apr 15 (69 days), A1 censored (95 days).
		// S(26) = 3/4, S(50) = 3/4 · 2/3 = 1/2, so the median is 50 days.
		const [g] = reply.groups;
		expect(reply.source).toBe('dates');
		expect([g.n, g.events, g.median]).toEqual([4, 2, 50]);
		expect(g.times).toEqual([26, 50, 69, 95]);
		expect(g.survival).toEqual([0.75, 0.5, 0.5, 0.5]);
		// Ticks every 30 days past the last time (95): at risk = durations ≥ t.
		expect(reply.atTimes).toEqual([0, 30, 60, 90, 120]);
		expect(g.atRiskAt).toEqual([4, 3, 2, 1, 0]);
		expect(reply.logRank).toBeNull();
	});

	it('runs the log-rank test between plans', async () => {
		const api = await fourCustomers();
		const reply = await api.retentionSurvival({ source: 'dates', unit: 'day', segmentBy: 'plan' });
		if (!reply.ok) throw new Error(reply.code);
		// t=26: n=4 (2 Pro), d=1 Pro: E=1/2, V=1·3/(16·3)·2·2=1/4. t=50: n=3 (1 Pro), d=1 Basic:
		// E=1/3, V=1·2/(9·2)·1·2=2/9. O-E = 1-5/6 = 1/6; chi² = (1/36)/(17/36) = 1/17.
		expect(reply.logRank?.df).toBe(1);
		expect(reply.logRank?.chiSquare).toBeCloseTo(1 / 17, 10);
		expect(reply.groups.map((g) => [g.segment, g.n, g.events])).toEqual([
			['Basic', 2, 1],
			['Pro', 2, 1]
		]);
	});

	it('follows the churn recognition chosen in the app (cancellation day), not a cached answer', async () => {
		const api = testApi('retention-api-test').api;
		await importCsv(
			api,
			[
				'customer_id,company_name,plan,cancel_requested_on',
				'A1,Alpha,Pro,2025-03-10',
				'A2,Beta,Pro,'
			].join('\n'),
			'accounts.csv'
		);
		await importCsv(
			api,
			[
				'subscription_id,customer_id,plan,mrr,currency,start_date,end_date',
				'S1,A1,Pro,100,USD,2025-01-10,',
				'S2,A2,Pro,50,USD,2025-01-10,2025-04-30'
			].join('\n'),
			'subscriptions.csv'
		);
		await importCsv(
			api,
			['account_id,date,event,count', 'A1,2025-05-20,login,1'].join('\n'),
			'a.csv'
		);
		const request: SurvivalRequest = { source: 'dates', unit: 'day' };
		const before = await api.retentionSurvival(request);
		if (!before.ok) throw new Error(before.code);
		// End of service: only A2 churns, on May 1 (111 days after Jan 10).
		expect(before.groups[0].times.filter((_, i) => before.groups[0].eventCounts[i] > 0)).toEqual([
			111
		]);
		await api.analyticsSetMetricChoices({
			recognition: 'cancellation',
			cancellationDayAttribute: 'cancel_requested_on'
		});
		const after = await api.retentionSurvival(request);
		if (!after.ok) throw new Error(after.code);
		// At cancellation: A1's service counts as ending Mar 9, so it churns Mar 10 (59 days).
		expect(after.groups[0].times.filter((_, i) => after.groups[0].eventCounts[i] > 0)).toEqual([
			59, 111
		]);
	});

	it('uses tenure and the churned flag for snapshot exports', async () => {
		const api = testApi('retention-api-test').api;
		await importCsv(
			api,
			['customer_id,tenure,churned', 'T1,1,yes', 'T2,2,no', 'T3,3,yes', 'T4,3,no'].join('\n'),
			'snapshot.csv'
		);
		const reply = await api.retentionSurvival({ source: 'auto', unit: 'day' });
		if (!reply.ok) throw new Error(reply.code);
		// S(1) = 3/4; S(3) = 3/4 · (1 - 1/2) = 3/8 (T2 censored at 2 leaves 2 at risk at 3).
		expect([reply.source, reply.unit]).toEqual(['tenure', 'month']);
		expect(reply.groups[0].survival).toEqual([0.75, 0.75, 0.375]);
		expect(reply.groups[0].median).toBe(3);
		const dates = await api.retentionSurvival({ source: 'dates', unit: 'day' });
		expect(dates).toEqual({ ok: false, code: 'no-durations' });
	});

	it('reports engagement per week and churned-later versus stayed', async () => {
		const api = await fourCustomers();
		const reply = await api.retentionEngagement({
			metric: '*',
			weeks: 2,
			windowWeeks: 4,
			horizonDays: 30
		});
		if (!reply.ok) throw new Error(reply.code);
		// One active day (A1, Tuesday 2025-04-15) in the last of the two weeks.
		expect(reply.summary.weeks.map((w) => [w.label, w.activeAccounts])).toEqual([
			['2025-04-07', 0],
			['2025-04-14', 1]
		]);
		expect(reply.summary.distribution.histogram).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
		// Comparison day = Apr 15 - 30 = Mar 16: customers A1, A3, A4; A4 churns Apr 1 (within
		// 30 days), A1 and A3 stay. No activity before Mar 16, so every mean is 0.
		expect(reply.comparison?.churnedLater.accounts).toBe(1);
		expect(reply.comparison?.stayed.accounts).toBe(2);
		expect(reply.comparison?.stayed.meanActiveDaysPerWeek).toBe(0);
	});

	it('says there is no activity rather than computing on nothing', async () => {
		const api = testApi('retention-api-test').api;
		await importCsv(api, accountsCsv, 'accounts.csv');
		const reply = await api.retentionEngagement({
			metric: '*',
			weeks: 4,
			windowWeeks: 4,
			horizonDays: 30
		});
		expect(reply).toEqual({ ok: false, code: 'no-activity' });
		expect(await api.retentionCohorts(monthly)).toEqual({ ok: false, code: 'no-cohorts' });
	});
});

describe('survivalTickTimes', () => {
	it('steps by round units and ends at or past the last time', () => {
		// 72 months / 6 = 12 → yearly ticks; 95 days / 6 ≈ 16 → 30-day ticks, one past 95.
		expect(survivalTickTimes(72, 'month')).toEqual([0, 12, 24, 36, 48, 60, 72]);
		expect(survivalTickTimes(95, 'day')).toEqual([0, 30, 60, 90, 120]);
		expect(survivalTickTimes(0, 'month')).toEqual([0]);
	});
});

describe('tablesWithinBudget', () => {
	const table = (cells: number) => ({ rows: [{ cells: new Array<number>(cells).fill(0) }] });

	it('keeps the largest tables until the table or cell limit, and always the first', () => {
		// Cells 5 + 4 = 9 fit a budget of 10; adding 3 would make 12.
		expect(tablesWithinBudget([table(5), table(4), table(3)], 12, 10)).toHaveLength(2);
		expect(tablesWithinBudget([table(5), table(4), table(3)], 1, 100)).toHaveLength(1);
		expect(tablesWithinBudget([table(50)], 12, 10)).toHaveLength(1);
	});
});
