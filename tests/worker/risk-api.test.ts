// The risk area of the worker API in Node with fake-indexeddb: health list, settings, backtests,
// model training (dated on the sample workspace, snapshot on the real bank and Telco files read
// through the real import pipeline), at-risk list, CSV and cancel.
// First: Dexie reads the IndexedDB globals when it loads.
import 'fake-indexeddb/auto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_SETTINGS, type HealthSettings } from '../../src/lib/core/health';
import { dayFromIso } from '../../src/lib/core/dates';
import type { Dataset } from '../../src/lib/core/types';
import { ChurnDb } from '../../src/lib/db/ChurnDb';
import type { createApi } from '../../src/lib/worker/api';
import { closeTestDbs, testApi } from './api-fixture';
import {
	HEALTH_SETTINGS_KEY,
	datasetWithLabel,
	healthSettingsFrom,
	labelCandidatesOf,
	yesNoOf
} from '../../src/lib/worker/risk-api';
import { account } from '../unit/core/dataset-builder';

const opened: ChurnDb[] = [];

afterAll(() => {
	closeTestDbs();
	for (const db of opened.splice(0)) db.close();
});

function datasetOf(accounts: Dataset['accounts'], attributeNames: string[]): Dataset {
	return {
		accounts,
		subscriptions: [],
		payments: [],
		tickets: [],
		nps: [],
		activity: {
			length: 0,
			account: new Int32Array(0),
			day: new Int32Array(0),
			metric: new Int32Array(0),
			count: new Float64Array(0),
			users: new Float64Array(0),
			accountIds: [],
			metrics: []
		},
		attributeNames
	};
}

function withWeight(settings: HealthSettings, id: 'usage', weight: number): HealthSettings {
	return {
		...settings,
		components: { ...settings.components, [id]: { ...settings.components[id], weight } }
	};
}

describe('health settings validation', () => {
	it('accepts the defaults and returns an equal copy', () => {
		expect(healthSettingsFrom(structuredClone(DEFAULT_HEALTH_SETTINGS))).toEqual(
			DEFAULT_HEALTH_SETTINGS
		);
	});

	it('fills a component missing from stored settings with its default', () => {
		const stored = structuredClone(DEFAULT_HEALTH_SETTINGS) as unknown as {
			components: Record<string, unknown>;
		};
		delete stored.components.onboarding;
		expect(healthSettingsFrom(stored)?.components.onboarding).toEqual(
			DEFAULT_HEALTH_SETTINGS.components.onboarding
		);
	});

	it('refuses a negative weight, an unknown feature, crossed bands and a bad segment band', () => {
		const bad = (patch: (s: HealthSettings) => void) => {
			const s = structuredClone(DEFAULT_HEALTH_SETTINGS);
			patch(s);
			return healthSettingsFrom(s);
		};
		expect(bad((s) => (s.components.usage.weight = -1))).toBeNull();
		expect(
			bad((s) => ((s.components.usage as { feature: string }).feature = 'shoeSize'))
		).toBeNull();
		expect(bad((s) => (s.bands = { redBelow: 80, yellowBelow: 50 }))).toBeNull();
		expect(
			bad((s) => (s.bandsBySegment = { SMB: { redBelow: Number.NaN, yellowBelow: 50 } }))
		).toBeNull();
		expect(healthSettingsFrom('nonsense')).toBeNull();
		// Per-segment thresholds that are valid survive.
		expect(
			bad((s) => (s.bandsBySegment = { SMB: { redBelow: 30, yellowBelow: 60 } }))?.bandsBySegment
				.SMB
		).toEqual({ redBelow: 30, yellowBelow: 60 });
	});
});

describe('label columns', () => {
	it('reads yes/no and 1/0 cells, and nothing else', () => {
		expect([
			yesNoOf('Yes'),
			yesNoOf(' 0 '),
			yesNoOf('TRUE'),
			yesNoOf('maybe'),
			yesNoOf(null)
		]).toEqual([true, false, true, null, null]);
	});

	it('offers the churned flag and yes/no attributes with both values seen', () => {
		// A: churned, Active=1, Plan=x; B: not churned, Active=0, Plan=y; C: flag unknown,
		// Active empty, Constant=1 (only one value: not a label).
		const accounts = [
			account('A', { churned: true, attributes: { Active: '1', Plan: 'x', Constant: '1' } }),
			account('B', { churned: false, attributes: { Active: '0', Plan: 'y', Constant: '1' } }),
			account('C', { attributes: { Active: '', Plan: 'x', Constant: '1' } })
		];
		const d = datasetOf(accounts, ['Active', 'Plan', 'Constant']);
		expect(labelCandidatesOf(d)).toEqual([
			{ name: null, positives: 1, known: 2 },
			{ name: 'Active', positives: 1, known: 2 }
		]);
		expect(datasetWithLabel(d, 'Active').accounts.map((a) => a.churned)).toEqual([
			true,
			false,
			null
		]);
		expect(datasetWithLabel(d, null)).toBe(d);
	});
});

describe('risk api on the sample workspace', () => {
	const { api, name } = testApi('risk-api-test');

	beforeAll(async () => {
		const outcome = await api.loadSample({ endDay: dayFromIso('2026-10-31')! });
		if (!outcome.ok) throw new Error(outcome.code);
	}, 120_000);

	it('lists every active account with a band, a 26-week sparkline, sorted by score', async () => {
		const list = await api.healthList({ sort: 'score', limit: 20 });
		if (!list.ok) throw new Error(list.code);
		const { green, yellow, red, none } = list.bandCounts;
		expect(green + yellow + red + none).toBe(list.total);
		expect(list.matching).toBe(list.total);
		expect(list.rows.length).toBe(20);
		expect(list.rows.every((r) => r.history.length === 26)).toBe(true);
		const scores = list.rows.map((r) => r.score ?? Infinity);
		expect(scores).toEqual([...scores].sort((a, b) => a - b));
		// The lowest scores are red under the default thresholds (red below 40).
		expect(list.rows[0].band).toBe(list.rows[0].score! < 40 ? 'red' : list.rows[0].band);
		// The components' points add up to the score.
		const first = list.rows[0];
		expect(first.components.reduce((s, c) => s + c.points, 0)).toBeCloseTo(first.score!, 9);
	});

	it('filters by band and finds the same count as the band counts', async () => {
		const all = await api.healthList({});
		const yellow = await api.healthList({ band: 'yellow', limit: 5 });
		if (!all.ok || !yellow.ok) throw new Error('no data');
		expect(yellow.matching).toBe(all.bandCounts.yellow);
		expect(yellow.rows.every((r) => r.band === 'yellow')).toBe(true);
	});

	it('changes scores and the backtest when a weight changes', async () => {
		const before = await api.healthList({ sort: 'name', limit: 50 });
		const heavyUsage = withWeight(DEFAULT_HEALTH_SETTINGS, 'usage', 200);
		const after = await api.healthList({ sort: 'name', limit: 50, settings: heavyUsage });
		if (!before.ok || !after.ok) throw new Error('no data');
		expect(after.rows.map((r) => r.score)).not.toEqual(before.rows.map((r) => r.score));
		const btBefore = await api.healthBacktest({});
		const btAfter = await api.healthBacktest({ settings: heavyUsage });
		if (!btBefore.ok || !btAfter.ok) throw new Error('no data');
		expect(btAfter.backtest.overall.churns).toBe(btBefore.backtest.overall.churns);
		expect(btAfter.backtest.overall.alerts).not.toBe(btBefore.backtest.overall.alerts);
		// The accounts behind the figures: one per churn in the window, as many caught.
		expect(btBefore.accounts.length).toBe(btBefore.backtest.overall.churns);
		expect(btBefore.accounts.filter((a) => a.caught).length).toBe(btBefore.backtest.overall.caught);
		expect(btAfter.accounts.filter((a) => a.caught).length).toBe(btAfter.backtest.overall.caught);
		expect(btBefore.accounts.every((a) => !a.caught || a.leadDays! >= 30)).toBe(true);
		// Per-segment counts add up to the overall ones.
		const sum = btBefore.backtest.bySegment.reduce((s, x) => s + x.counts.churns, 0);
		expect(sum).toBe(btBefore.backtest.overall.churns);
	});

	it('saves settings, reads them back, and falls back to defaults when the stored ones are bad', async () => {
		const custom = withWeight(DEFAULT_HEALTH_SETTINGS, 'usage', 7);
		expect(await api.saveHealthSettings({ settings: custom })).toEqual({ ok: true });
		expect((await api.healthSettings()).settings.components.usage.weight).toBe(7);
		expect(
			await api.saveHealthSettings({
				settings: { ...custom, bands: { redBelow: 90, yellowBelow: 10 } }
			})
		).toEqual({ ok: false, code: 'invalid-settings' });
		const db = new ChurnDb({ name });
		opened.push(db);
		await db.settings.put({ key: HEALTH_SETTINGS_KEY, value: { components: 'x' } });
		expect(await api.healthSettings()).toEqual({ settings: DEFAULT_HEALTH_SETTINGS, reset: true });
		await db.settings.delete(HEALTH_SETTINGS_KEY);
	});

	it('scores only the accounts the filters keep', async () => {
		const all = await api.healthList({});
		if (!all.ok) throw new Error(all.code);
		const segment = all.segments[0];
		const one = await api.healthList({ filters: { segments: [segment] }, limit: 200 });
		if (!one.ok) throw new Error(one.code);
		// The unfiltered list of that segment has exactly the accounts the filtered list scores.
		const inSegment = await api.healthList({ segment, limit: 1 });
		if (!inSegment.ok) throw new Error(inSegment.code);
		expect(one.total).toBe(inSegment.matching);
		expect(one.total).toBeLessThan(all.total);
		expect(one.segments).toEqual([segment]);
	});

	it('writes the health list as CSV with one line per matching account', async () => {
		const red = await api.healthList({ band: 'red' });
		const csv = await api.healthCsv({ band: 'red' });
		if (!red.ok || csv === null) throw new Error('no data');
		expect(csv.trimEnd().split('\r\n').length).toBe(red.matching + 1);
		expect(csv.startsWith('"account_id","name","segment"')).toBe(true);
	});

	it('offers dated training and trains a point-in-time model with a time holdout', async () => {
		const setup = await api.riskSetup({});
		expect(setup.dated).toBe(true);
		const progress: string[] = [];
		const result = await api.riskTrain({ jobId: 'j1', kind: 'dated', horizonDays: 90 }, (p) =>
			progress.push(p.step)
		);
		if (!result.ok) throw new Error(result.code);
		const { view } = result;
		expect(progress).toEqual(['features', 'model', 'backtest-model', 'backtest-health', 'done']);
		expect(view.evaluation.method).toBe('holdout');
		expect(view.evaluation.rocAuc).toBeGreaterThan(0.55);
		expect(view.evaluation.positives + view.evaluation.negatives).toBe(view.evaluation.testRows);
		expect(view.evaluation.calibration.reduce((s, b) => s + b.count, 0)).toBe(
			view.evaluation.testRows
		);
		expect(view.drivers.length).toBeGreaterThan(3);
		expect(view.backtest?.model.ok).toBe(true);
		// Both backtests replay the same window, so they count the same churns.
		const bt = view.backtest!;
		if (!bt.model.ok) throw new Error(bt.model.code);
		expect(bt.model.overall.churns).toBe(bt.health.overall.churns);

		const again = await api.riskTrain({ jobId: 'j2', kind: 'dated', horizonDays: 90 });
		expect(again.ok && again.cached).toBe(true);

		const list = await api.riskList({ key: view.key, limit: 10 });
		if (!list.ok) throw new Error(list.code);
		expect(list.total).toBe(view.scored);
		const risks = list.rows.map((r) => r.risk);
		expect(risks).toEqual([...risks].sort((a, b) => b - a));
		expect(list.rows[0].factors.length).toBeGreaterThan(0);
		expect(list.rows[0].factors.length).toBeLessThanOrEqual(3);

		const csv = await api.riskCsv({ key: view.key, minRisk: 0.5 });
		const high = await api.riskList({ key: view.key, minRisk: 0.5 });
		if (csv === null || !high.ok) throw new Error('no model');
		expect(csv.trimEnd().split('\r\n').length).toBe(high.matching + 1);
	}, 120_000);

	it('stops a training job that is cancelled, and says so with a code', async () => {
		const running = api.riskTrain({ jobId: 'c1', kind: 'dated', horizonDays: 60 });
		await api.riskCancel({ jobId: 'c1' });
		expect(await running).toEqual({ ok: false, code: 'cancelled' });
		expect(await api.riskList({ key: 'nothing' })).toEqual({ ok: false, code: 'not-trained' });
	});

	it('lends the trained model risks to playbook rules on risk', async () => {
		const rule = {
			id: 'risk-high',
			name: { kind: 'text' as const, text: 'High churn risk' },
			enabled: true,
			trigger: { kind: 'risk-above' as const, id: 'r1', risk: 0.2 },
			action: { code: 'account-review', text: null },
			owner: { kind: 'role' as const, role: 'csm' },
			successMetric: 'retention',
			thresholds: { bySegment: {} }
		};
		expect(await api.playbookSaveRule({ rule })).toEqual({ ok: true });
		// The dated model of the test above (whole workspace) is cached and published.
		const trained = await api.riskTrain({ jobId: 'j3', kind: 'dated', horizonDays: 90 });
		if (!trained.ok) throw new Error(trained.code);
		const inbox = await api.alertInboxView({ ruleId: 'risk-high' });
		if (!inbox) throw new Error('no inbox');
		const run = inbox.ruleRuns.find((r) => r.ruleId === 'risk-high');
		expect(run?.status).toBe('ran');
		expect(inbox.total).toBeGreaterThan(0);
		const risks = await api.riskList({ key: trained.view.key, limit: 10_000 });
		if (!risks.ok) throw new Error(risks.code);
		const above = risks.rows.filter((r) => r.risk > 0.2).length;
		expect(inbox.total).toBeLessThanOrEqual(above);
		// The account page shows the same risk with its factors.
		const first = risks.rows[0];
		const detail = await api.accountDetail({ accountId: first.accountId });
		if (!detail.ok) throw new Error(detail.code);
		expect(detail.risk?.risk).toBeCloseTo(first.risk, 12);
		expect(detail.risk?.factors.length).toBeGreaterThan(0);
	});
});

// --- Real data through the import pipeline ----------------------------------------------------
const dataDir = process.env.CHURN_DESK_DATA ?? resolve(process.cwd(), '../shared/data');
const hasData = existsSync(join(dataDir, 'Churn_Modelling.csv'));
if (!hasData) console.info(`Real-data risk api tests skipped: no ${dataDir}`);

async function importFile(api: ReturnType<typeof createApi>, fileName: string) {
	const file = new File([readFileSync(join(dataDir, fileName))], fileName, { type: 'text/csv' });
	const preview = await api.preview({ file });
	if (!preview.ok) throw new Error(preview.code);
	const review = await api.readFile({
		jobId: fileName,
		file,
		fileName,
		entity: preview.suggestedEntity!,
		mapping: preview.mapping,
		encoding: preview.encoding,
		delimiter: preview.delimiter,
		dateOrders: preview.dateOrders,
		headers: preview.headers
	});
	if (!review.ok) throw new Error(review.code);
	const commit = await api.confirmImport({ jobId: fileName });
	if (!commit.ok) throw new Error(commit.code);
}

describe.skipIf(!hasData)('risk api on real snapshot files', () => {
	it('bank churn: Exited is the label, ids dropped, 5-fold mean AUC near 0.765', async () => {
		const { api } = testApi('risk-api-test');
		await importFile(api, 'Churn_Modelling.csv');
		const setup = await api.riskSetup({});
		expect(setup.dated).toBe(false);
		expect(setup.snapshot).toBe(true);
		expect(setup.labels[0]).toEqual({ name: null, positives: 2037, known: 10000 });
		const dropped = Object.fromEntries(
			setup.columns.filter((c) => c.dropped).map((c) => [c.name, c.dropped])
		);
		expect(dropped).toMatchObject({ RowNumber: 'identifier', Surname: 'high-cardinality' });
		const result = await api.riskTrain({
			jobId: 'bank',
			kind: 'snapshot',
			label: null,
			features: null,
			folds: 5
		});
		if (!result.ok) throw new Error(result.code);
		expect(result.view.evaluation.foldRocAucs.length).toBe(5);
		expect(Math.abs(result.view.evaluation.rocAuc - 0.765)).toBeLessThan(0.02);
		expect(result.view.evaluation.count).toBe(10000);
		expect(result.view.scored).toBe(10000 - 2037);
	}, 120_000);

	it('Telco: trains on the Churn flag with 5 folds, mean AUC above 0.8', async () => {
		const { api } = testApi('risk-api-test');
		await importFile(api, 'WA_Fn-UseC_-Telco-Customer-Churn.csv');
		const setup = await api.riskSetup({});
		expect(setup.labels[0]).toEqual({ name: null, positives: 1869, known: 7043 });
		const result = await api.riskTrain({
			jobId: 'telco',
			kind: 'snapshot',
			label: null,
			features: null,
			folds: 5
		});
		if (!result.ok) throw new Error(result.code);
		expect(result.view.evaluation.rocAuc).toBeGreaterThan(0.8);
		// Unticking every column but one still trains, on that one column only.
		const one = await api.riskTrain({
			jobId: 'telco-1',
			kind: 'snapshot',
			label: null,
			features: ['Contract'],
			folds: 5
		});
		if (!one.ok) throw new Error(one.code);
		expect(one.view.features).toEqual(['Contract']);
	}, 120_000);
});
