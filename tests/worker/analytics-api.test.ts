// The overview, churn split, definitions, goal and accounts-behind methods, through createApi in
// Node with fake-indexeddb: the same code the Web Worker runs.
// First: Dexie reads the IndexedDB globals when it loads.
import 'fake-indexeddb/auto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeTestDbs, importCsv, testApi } from './api-fixture';
import { ChurnDb } from '../../src/lib/db/ChurnDb';
import { dayFromIso, monthIndexFromYm } from '../../src/lib/core/dates';
import { CHURN_TYPES } from '../../src/lib/core/churn';
import { DatasetCache } from '../../src/lib/worker/dataset-cache';
import { datasetFiltersKey, filteredDataset } from '../../src/lib/worker/filtered-dataset';
import { latestCompleteMonth, metricChoicesOf } from '../../src/lib/worker/analytics-api';

let dbCount = 0;
const opened: ChurnDb[] = [];

afterEach(() => {
	closeTestDbs();
	for (const db of opened.splice(0)) db.close();
});
// The sample ends on 2026-10-31, a month's last day: October 2026 is the latest complete month.
const END_DAY = dayFromIso('2026-10-31')!;

describe('analytics api on the sample workspace', () => {
	const name = 'analytics-api-sample';
	beforeAll(async () => {
		const api = testApi('analytics-api-test', { name: name }).api;
		const loaded = await api.loadSample({ endDay: END_DAY, seed: 1 });
		expect(loaded.ok).toBe(true);
	}, 120_000);

	it('defaults to the latest complete month and shows counts that make each rate', async () => {
		const api = testApi('analytics-api-test', { name: name }).api;
		const o = await api.analyticsOverview({});
		expect(o.asOfDay).toBe(END_DAY);
		expect(o.kpis.period).toEqual({
			startMonth: monthIndexFromYm(2026, 10),
			endMonth: monthIndexFromYm(2026, 10)
		});
		expect(o.kpis.previousPeriod.endMonth).toBe(monthIndexFromYm(2026, 9));
		expect(o.kpis.hasTimeline).toBe(true);
		const logo = o.kpis.logoChurn.current;
		expect(logo.customersAtStart).toBeGreaterThan(0);
		expect(logo.rate.numerator).toBe(logo.churnedFromStart);
		expect(logo.rate.value).toBeCloseTo(logo.churnedFromStart / logo.customersAtStart, 12);
		expect(o.snapshot).toBeNull();
	});

	it('switches the churn convention at once, stores it, and keeps the denominator', async () => {
		const api = testApi('analytics-api-test', { name: name }).api;
		const period = { startMonth: monthIndexFromYm(2026, 1), endMonth: monthIndexFromYm(2026, 6) };
		const standard = (await api.analyticsOverview(period)).kpis.logoChurn.current;
		await api.analyticsSetMetricChoices({ convention: 'baremetrics' });
		const bare = (await api.analyticsOverview(period)).kpis.logoChurn.current;
		expect(bare.convention).toBe('baremetrics');
		expect(bare.customersAtStart).toBe(standard.customersAtStart);
		// Baremetrics adds every joined-and-churned account to the standard numerator.
		expect(bare.rate.numerator).toBe(standard.churnedFromStart + standard.joinedAndChurned);
		expect(bare.joinedAndChurned).toBeGreaterThan(0);
		// A new worker on the same database reads the stored choice.
		expect(
			(await testApi('analytics-api-test', { name: name }).api.analyticsMetricChoices({}))
				.convention
		).toBe('baremetrics');
		await api.analyticsSetMetricChoices({ convention: 'standard' });
	});

	it('narrows every figure to a plan filter', async () => {
		const api = testApi('analytics-api-test', { name: name }).api;
		const all = await api.analyticsOverview({});
		const growth = await api.analyticsOverview({ filters: { plans: ['Growth'] } });
		expect(growth.accounts).toBeGreaterThan(0);
		expect(growth.accounts).toBeLessThan(all.accounts);
		const current = (o: typeof all) => o.kpis.totals.current.activeCustomers;
		expect(current(growth)).toBeLessThan(current(all));
		const count = await api.analyticsFilteredCount({ filters: { plans: ['Growth'] } });
		expect(count.accounts).toBe(growth.accounts);
	});

	it('lists exactly the accounts behind a churn figure, a page at a time', async () => {
		const api = testApi('analytics-api-test', { name: name }).api;
		const o = await api.analyticsOverview({});
		const logo = o.kpis.logoChurn.current;
		const ref = {
			kind: 'logo-churn' as const,
			startMonth: logo.startMonth,
			part: 'churned' as const
		};
		const first = await api.analyticsAccountsBehind({ ref, offset: 0, limit: 5 });
		expect(first.total).toBe(logo.churnedFromStart);
		expect(first.rows.length).toBe(Math.min(5, logo.churnedFromStart));
		const all = await api.analyticsAccountsBehind({ ref, offset: 0, limit: 100_000 });
		expect(all.rows.slice(0, 5).map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
		expect(new Set(all.rows.map((r) => r.id)).size).toBe(logo.churnedFromStart);
		// Churned accounts have no MRR left at the data's end.
		for (const r of all.rows) expect(r.mrrMinor === 0 || r.mrrMinor === null).toBe(true);
	});

	it('splits each month’s churned customers by type and reason without losing any', async () => {
		const api = testApi('analytics-api-test', { name: name }).api;
		const split = await api.analyticsChurnSplit({});
		expect(split.months.length).toBe(12);
		expect(split.months.at(-1)!.month).toBe(monthIndexFromYm(2026, 10));
		for (const m of split.months) {
			const byType = CHURN_TYPES.reduce((n, t) => n + m.byType[t].accounts, 0);
			const byReason = m.byReason.reduce((n, r) => n + r.accounts, 0);
			expect(byType).toBe(m.churned);
			expect(byReason).toBe(m.churned);
		}
		expect(split.months.some((m) => m.churned > 0)).toBe(true);
	});

	it('stores a quarterly goal, reports its progress and refuses a bad one', async () => {
		const api = testApi('analytics-api-test', { name: name }).api;
		expect((await api.analyticsSetRetentionGoal({ goal: { metric: 'nrr', target: -1 } })).ok).toBe(
			false
		);
		const saved = await api.analyticsSetRetentionGoal({
			goal: { metric: 'logo-retention', target: 0.9 }
		});
		expect(saved.ok).toBe(true);
		expect(await api.analyticsRetentionGoal({})).toEqual({ metric: 'logo-retention', target: 0.9 });
		const o = await api.analyticsOverview({});
		const goal = o.goal!;
		// October 2026 opens the quarter October–December; only October is over.
		expect(goal.quarterStartMonth).toBe(monthIndexFromYm(2026, 10));
		expect(goal.throughMonth).toBe(monthIndexFromYm(2026, 10));
		expect(goal.quarterComplete).toBe(false);
		// One month of the quarter: retention = 1 - that month's logo churn.
		expect(goal.actual).toBeCloseTo(1 - o.kpis.logoChurn.current.rate.value!, 12);
		expect(goal.progress).toBeCloseTo(goal.actual! / 0.9, 12);
		await api.analyticsSetRetentionGoal({ goal: null });
		expect(await api.analyticsRetentionGoal({})).toBeNull();
	});
});

describe('snapshot exports', () => {
	it('shows churn by segment for a file with a churned flag and no dates', async () => {
		const api = testApi('analytics-api-test').api;
		// 5 accounts with a flag: 2 churned → 2/5. FR: A, B, C (1 churned) → 1/3; DE: D, E (1) → 1/2.
		// F has no flag and is left out.
		const csv = [
			'customer_id,Geography,Tenure,Exited',
			'A,FR,1,1',
			'B,FR,2,0',
			'C,FR,3,0',
			'D,DE,4,1',
			'E,DE,5,0',
			'F,DE,6,'
		].join('\n');
		await importCsv(api, csv, 'snapshot.csv');
		const o = await api.analyticsOverview({});
		expect(o.kpis.hasTimeline).toBe(false);
		const s = o.snapshot!;
		expect(s.overall).toEqual({ value: 2 / 5, numerator: 2, denominator: 5 });
		expect(s.withoutFlag).toBe(1);
		expect(s.segmentBy).toBe('Geography');
		expect(s.groups).toEqual([
			{ segment: 'FR', rate: { value: 1 / 3, numerator: 1, denominator: 3 } },
			{ segment: 'DE', rate: { value: 1 / 2, numerator: 1, denominator: 2 } }
		]);
		const behind = await api.analyticsAccountsBehind({
			ref: { kind: 'snapshot-churn', segmentBy: 'Geography', segment: 'DE', churned: true }
		});
		expect(behind.rows.map((r) => r.id)).toEqual(['D']);
		// A filter on the column narrows the snapshot too.
		const fr = await api.analyticsOverview({ filters: { attributes: { Geography: ['FR'] } } });
		expect(fr.snapshot!.overall).toEqual({ value: 1 / 3, numerator: 1, denominator: 3 });
	});
});

describe('filteredDataset', () => {
	it('gives one filtered copy for equal filters in any order, and the whole data without any', async () => {
		const db = new ChurnDb({ name: `filtered-${dbCount++}` });
		opened.push(db);
		const context = {
			db,
			cache: new DatasetCache(db),
			ready: Promise.resolve({ ok: true as const }),
			now: () => 0,
			signals: { risk: null }
		};
		const whole = await filteredDataset(context, {});
		expect(whole.dataset).toBe((await context.cache.get()).dataset);
		const a = await filteredDataset(context, { plans: ['B', 'A'], attributes: { x: ['1'] } });
		const b = await filteredDataset(context, { attributes: { x: ['1'] }, plans: ['A', 'B'] });
		expect(a.dataset).toBe(b.dataset);
		expect(a.filtersKey).toBe(datasetFiltersKey({ plans: ['A', 'B'], attributes: { x: ['1'] } }));
		expect(datasetFiltersKey({ plans: [], attributes: { x: [] } })).toBe('');
	});
});

describe('definitions and periods', () => {
	it('reads stored choices field by field, defaulting anything malformed', () => {
		expect(
			metricChoicesOf({
				convention: 'profitwell',
				grossMargin: 1.5,
				cacMinor: 5000,
				recognition: 'x'
			})
		).toEqual({
			convention: 'profitwell',
			recognition: 'end-of-service',
			netChurnIncludesReactivation: true,
			cancellationDayAttribute: null,
			grossMargin: null,
			cacMinor: 5000
		});
	});

	it('takes the as-of month when its last day is reached, else the month before', () => {
		expect(latestCompleteMonth(dayFromIso('2026-10-31')!)).toBe(monthIndexFromYm(2026, 10));
		expect(latestCompleteMonth(dayFromIso('2026-10-30')!)).toBe(monthIndexFromYm(2026, 9));
	});
});
