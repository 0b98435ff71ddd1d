// Worker methods for health scores, the churn-risk model and backtests. Each takes one plain request
// object and returns display-sized plain data; the bulk data stays in the worker. Expensive results
// (feature index, scores, trained models, backtests) are cached per dataVersion + filters + options.
import {
	healthBacktest,
	modelBacktest,
	type ModelBacktest,
	type SignalBacktest
} from '../core/backtest';
import { toCsv, type CsvCell } from '../core/csv-export';
import {
	datedChurnModel,
	snapshotChurnModel,
	type CalibrationBin,
	type TopDecileLift
} from '../core/evaluation';
import {
	NUMERIC_FEATURES,
	featureIndexOf,
	snapshotTable,
	type DroppedColumnReason,
	type FeatureIndex
} from '../core/features';
import type { DatasetFilters } from '../core/filters';
import {
	DEFAULT_HEALTH_SETTINGS,
	HEALTH_COMPONENT_IDS,
	bandOf,
	bandThresholdsFor,
	healthHistory,
	healthScoreAt,
	healthScoresAt,
	healthScratch,
	type BandThresholds,
	type HealthBand,
	type HealthComponent,
	type HealthMove,
	type HealthScore,
	type HealthScores,
	type HealthSettings
} from '../core/health';
import type { AccountRisk, RiskDriver, RiskFactor } from '../core/model';
import { NULL_INT, type Dataset, type DayNumber } from '../core/types';
import { getSetting, putSetting } from '../db/batches';
import type { WorkerContext } from './context';
import { filteredDataset } from './filtered-dataset';

/** Settings row key of the health settings (persisted: do not change without a migration). */
export const HEALTH_SETTINGS_KEY = 'health-settings';

/** Weeks of history in a list row's sparkline. */
const SPARK_WEEKS = 26;
const MAX_PAGE = 200;
/** Trained models kept (each holds the risk of every scored account). */
const MODELS_KEPT = 6;
/** Backtests replay the last year with a 90-day horizon and a 30-day minimum lead for both signals. */
const BACKTEST = { windowDays: 365, horizonDays: 90, minLeadDays: 30 } as const;

// ---------------------------------------------------------------------------------------------
// Settings validation: what comes back from the database may be old, partial or edited by hand.

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finite(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v);
}

function bandsFrom(v: unknown): BandThresholds | null {
	if (!isRecord(v) || !finite(v.redBelow) || !finite(v.yellowBelow)) return null;
	if (v.redBelow < 0 || v.yellowBelow > 100 || v.redBelow > v.yellowBelow) return null;
	return { redBelow: v.redBelow, yellowBelow: v.yellowBelow };
}

/**
 * Health settings read back from storage or sent by the page, checked field by field; null when
 * anything is malformed. A component missing from the stored value takes its default (settings
 * saved before a component existed stay valid).
 */
export function healthSettingsFrom(value: unknown): HealthSettings | null {
	if (!isRecord(value) || !isRecord(value.components)) return null;
	const components = { ...DEFAULT_HEALTH_SETTINGS.components };
	for (const id of HEALTH_COMPONENT_IDS) {
		const c = value.components[id];
		if (c === undefined) continue;
		if (!isRecord(c) || typeof c.enabled !== 'boolean') return null;
		if (!finite(c.weight) || c.weight < 0 || c.weight > 1000) return null;
		if (!finite(c.bad) || !finite(c.good)) return null;
		if (!(NUMERIC_FEATURES as readonly unknown[]).includes(c.feature)) return null;
		components[id] = {
			enabled: c.enabled,
			weight: c.weight,
			feature: c.feature as HealthSettings['components'][typeof id]['feature'],
			bad: c.bad,
			good: c.good
		};
	}
	const bands = bandsFrom(value.bands);
	if (!bands) return null;
	const bandsBySegment: Record<string, BandThresholds> = Object.create(null);
	if (value.bandsBySegment !== undefined) {
		if (!isRecord(value.bandsBySegment)) return null;
		for (const [segment, raw] of Object.entries(value.bandsBySegment)) {
			const b = bandsFrom(raw);
			if (!b) return null;
			bandsBySegment[segment] = b;
		}
	}
	return { components, bands, bandsBySegment };
}

/** Stable text of settings, for cache keys. */
function settingsKey(settings: HealthSettings): string {
	const segments = Object.keys(settings.bandsBySegment).sort();
	return JSON.stringify([
		HEALTH_COMPONENT_IDS.map((id) => settings.components[id]),
		settings.bands,
		segments.map((s) => [s, settings.bandsBySegment[s]])
	]);
}

// ---------------------------------------------------------------------------------------------
// Requests and results.

export type HealthSort = 'score' | 'change' | 'name' | 'segment';

export interface HealthListRequest {
	/** Settings to score with (unsaved edits); default: the stored ones. */
	settings?: HealthSettings;
	filters?: DatasetFilters;
	band?: HealthBand | 'none' | null;
	segment?: string | null;
	/** Matches account id or name, case-insensitive. */
	search?: string;
	sort?: HealthSort;
	descending?: boolean;
	offset?: number;
	limit?: number;
}

export interface HealthRowView {
	accountId: string;
	name: string | null;
	segment: string | null;
	plan: string | null;
	score: number | null;
	band: HealthBand | null;
	previousScore: number | null;
	components: HealthComponent[];
	moves: HealthMove[];
	/** Weekly scores, oldest first, ending on asOfDay (null: not active or nothing known). */
	history: (number | null)[];
}

export type HealthListResult =
	| {
			ok: true;
			dataVersion: number;
			asOfDay: DayNumber;
			previousDay: DayNumber;
			/** Active accounts scored. */
			total: number;
			/** Of them, matching band, segment and search. */
			matching: number;
			bandCounts: Record<HealthBand | 'none', number>;
			segments: string[];
			rows: HealthRowView[];
	  }
	| { ok: false; code: 'no-dated-data' };

export type RiskTrainRequest = {
	jobId: string;
	filters?: DatasetFilters;
} & (
	| { kind: 'dated'; horizonDays: number }
	| {
			kind: 'snapshot';
			/** Label column: null = the imported churned flag, else a yes/no attribute. */
			label: string | null;
			/** Columns used as features; null = every usable column. */
			features: string[] | null;
			folds?: number;
	  }
);

export interface RiskEvaluationView {
	method: 'holdout' | 'cross-validation';
	/** Holdout AUC, or the mean of the folds' AUCs. */
	rocAuc: number;
	foldRocAucs: number[];
	/** Rows scored out of sample (the test rows, or every row once across the folds). */
	count: number;
	positives: number;
	negatives: number;
	prAuc: number;
	lift: TopDecileLift;
	calibration: CalibrationBin[];
	trainRows: number;
	testRows: number;
	/** Dated: rows left out between training and test (their label window reaches the test). */
	gapRows: number;
	firstTestDay: DayNumber | null;
}

export interface RiskBacktestView {
	model: ModelBacktest;
	health: SignalBacktest;
}

export interface RiskModelView {
	key: string;
	kind: 'dated' | 'snapshot';
	dataVersion: number;
	horizonDays: number | null;
	label: string | null;
	asOfDay: DayNumber | null;
	/** Rows of the training set and their positives (dated: account-months). */
	rows: number;
	positives: number;
	snapshots: number;
	unlabelled: number;
	evaluation: RiskEvaluationView;
	drivers: RiskDriver[];
	dropped: { name: string; reason: DroppedColumnReason }[];
	features: string[];
	converged: boolean;
	/** Accounts scored today. */
	scored: number;
	backtest: RiskBacktestView | null;
}

export type RiskTrainResult =
	| { ok: true; cached: boolean; view: RiskModelView }
	| {
			ok: false;
			code: 'cancelled' | 'no-dated-data' | 'no-snapshot-data' | 'no-label' | 'too-few-rows';
	  };

export interface RiskProgress {
	step: 'features' | 'model' | 'backtest-model' | 'backtest-health' | 'done';
	done: number;
	total: number;
}

export type RiskSort = 'risk' | 'name' | 'segment';

export interface RiskListRequest {
	key: string;
	search?: string;
	segment?: string | null;
	/** Only accounts with risk ≥ this (0..1). */
	minRisk?: number;
	sort?: RiskSort;
	descending?: boolean;
	offset?: number;
	limit?: number;
}

export interface RiskRowView {
	accountId: string;
	name: string | null;
	segment: string | null;
	plan: string | null;
	risk: number;
	factors: RiskFactor[];
}

export type RiskListResult =
	| { ok: true; total: number; matching: number; segments: string[]; rows: RiskRowView[] }
	| { ok: false; code: 'not-trained' };

export interface LabelCandidate {
	/** null = the imported churned flag. */
	name: string | null;
	positives: number;
	known: number;
}

export interface RiskSetup {
	dataVersion: number;
	dated: boolean;
	snapshot: boolean;
	dataEndDay: DayNumber | null;
	labels: LabelCandidate[];
	/** Attribute and account columns usable as features, and those dropped with the reason. */
	columns: { name: string; dropped: DroppedColumnReason | null }[];
}

// ---------------------------------------------------------------------------------------------
// Pure pieces, exported for tests.

const YES = new Set(['1', 'yes', 'y', 'true', 't', 'churned', 'はい']);
const NO = new Set(['0', 'no', 'n', 'false', 'f', 'いいえ']);

/** true / false for a yes/no or 1/0 cell; null for anything else (empty included). */
export function yesNoOf(value: string | null | undefined): boolean | null {
	if (value === null || value === undefined) return null;
	const v = value.trim().toLowerCase();
	return YES.has(v) ? true : NO.has(v) ? false : null;
}

/** Attributes whose every non-empty value is yes/no or 1/0, with both seen. */
export function labelCandidatesOf(dataset: Dataset): LabelCandidate[] {
	const out: LabelCandidate[] = [];
	let churnedKnown = 0;
	let churnedPositives = 0;
	for (const a of dataset.accounts) {
		if (a.churned === null) continue;
		churnedKnown++;
		if (a.churned) churnedPositives++;
	}
	if (churnedKnown > 0) out.push({ name: null, positives: churnedPositives, known: churnedKnown });
	for (const name of dataset.attributeNames) {
		let known = 0;
		let positives = 0;
		let ok = true;
		for (const a of dataset.accounts) {
			const raw = a.attributes[name] ?? null;
			if (raw === null || raw.trim() === '') continue;
			const flag = yesNoOf(raw);
			if (flag === null) {
				ok = false;
				break;
			}
			known++;
			if (flag) positives++;
		}
		if (ok && positives > 0 && positives < known) out.push({ name, positives, known });
	}
	return out;
}

/** The dataset with `churned` taken from a yes/no attribute (or left as imported for null). */
export function datasetWithLabel(dataset: Dataset, label: string | null): Dataset {
	if (label === null) return dataset;
	return {
		...dataset,
		accounts: dataset.accounts.map((a) => ({
			...a,
			churned: yesNoOf(a.attributes[label] ?? null)
		}))
	};
}

function compareText(a: string | null, b: string | null): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	return a < b ? -1 : 1;
}

function pageOf<T>(rows: T[], offset = 0, limit = 50): T[] {
	const size = Math.max(1, Math.min(MAX_PAGE, Math.floor(limit)));
	const from = Math.max(0, Math.floor(offset));
	return rows.slice(from, from + size);
}

function matchesSearch(search: string, id: string, name: string | null): boolean {
	if (search === '') return true;
	return id.toLowerCase().includes(search) || (name ?? '').toLowerCase().includes(search);
}

function segmentsOf(rows: { segment: string | null }[]): string[] {
	return [...new Set(rows.flatMap((r) => (r.segment === null ? [] : [r.segment])))].sort();
}

/** Health scores filtered and sorted as the list asks; nulls sort last either way. */
export function healthRowsFor(
	scores: HealthScore[],
	names: (accountIndex: number) => string | null,
	request: Pick<HealthListRequest, 'band' | 'segment' | 'search' | 'sort' | 'descending'>
): HealthScore[] {
	const search = (request.search ?? '').trim().toLowerCase();
	const rows = scores.filter(
		(s) =>
			(request.band == null || (s.band ?? 'none') === request.band) &&
			(request.segment == null || s.segment === request.segment) &&
			matchesSearch(search, s.accountId, names(s.accountIndex))
	);
	const sort = request.sort ?? 'score';
	const sign = request.descending ? -1 : 1;
	const change = (s: HealthScore) =>
		s.score !== null && s.previousScore !== null ? s.score - s.previousScore : null;
	const num = (x: number | null, y: number | null) =>
		x === null ? (y === null ? 0 : 1) : y === null ? -1 : sign * (x - y);
	return rows.sort((x, y) => {
		let c = 0;
		if (sort === 'score') c = num(x.score, y.score);
		else if (sort === 'change') c = num(change(x), change(y));
		else if (sort === 'name') c = sign * compareText(names(x.accountIndex), names(y.accountIndex));
		else c = sign * compareText(x.segment, y.segment);
		return c || compareText(x.accountId, y.accountId);
	});
}

/** Risks filtered and sorted as the at-risk list asks. */
export function riskRowsFor(
	risks: AccountRisk[],
	accounts: Dataset['accounts'],
	request: Omit<RiskListRequest, 'key' | 'offset' | 'limit'>
): AccountRisk[] {
	const search = (request.search ?? '').trim().toLowerCase();
	const rows = risks.filter((r) => {
		const a = accounts[r.accountIndex];
		return (
			r.risk >= (request.minRisk ?? 0) &&
			(request.segment == null || a.segment === request.segment) &&
			matchesSearch(search, r.accountId, a.name)
		);
	});
	const sort = request.sort ?? 'risk';
	const sign = request.descending === false ? 1 : -1;
	const text = (r: AccountRisk) =>
		sort === 'name' ? accounts[r.accountIndex].name : accounts[r.accountIndex].segment;
	return rows.sort((x, y) => {
		const c = sort === 'risk' ? sign * (x.risk - y.risk) : -sign * compareText(text(x), text(y));
		return c || compareText(x.accountId, y.accountId);
	});
}

function factorText(f: RiskFactor): string {
	return f.level !== null ? `${f.feature}=${f.level}` : `${f.feature}=${f.value ?? ''}`;
}

// ---------------------------------------------------------------------------------------------

interface TrainedModel {
	view: RiskModelView;
	dataset: Dataset;
	risks: AccountRisk[];
}

/** Lets a cancel message (or any other call) in between two long synchronous steps. */
function nextTurn(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 0));
}

export function riskApi(context: WorkerContext) {
	// One feature index per dataset object: the filtered dataset is itself cached per key.
	const indexes = new WeakMap<Dataset, FeatureIndex>();
	let scoresCache: { dataset: Dataset; key: string; scores: HealthScores } | null = null;
	const healthBacktests = new Map<string, SignalBacktest>();
	const models = new Map<string, TrainedModel>();
	const cancelled = new Set<string>();

	function indexOf(dataset: Dataset): FeatureIndex {
		let index = indexes.get(dataset);
		if (!index) {
			index = featureIndexOf(dataset);
			indexes.set(dataset, index);
		}
		return index;
	}

	async function storedSettings(): Promise<{ settings: HealthSettings; reset: boolean }> {
		const raw = await getSetting(context.db, HEALTH_SETTINGS_KEY);
		if (raw === undefined) return { settings: DEFAULT_HEALTH_SETTINGS, reset: false };
		const settings = healthSettingsFrom(raw);
		return settings
			? { settings, reset: false }
			: { settings: DEFAULT_HEALTH_SETTINGS, reset: true };
	}

	async function settingsFor(requested: HealthSettings | undefined): Promise<HealthSettings> {
		if (requested) {
			const checked = healthSettingsFrom(requested);
			if (checked) return checked;
		}
		return (await storedSettings()).settings;
	}

	function isDated(index: FeatureIndex): boolean {
		return index.dataEndDay !== NULL_INT && (index.hasActivity || index.hasSubscriptions);
	}

	function scoresOf(dataset: Dataset, index: FeatureIndex, settings: HealthSettings) {
		const key = settingsKey(settings);
		if (scoresCache && scoresCache.dataset === dataset && scoresCache.key === key) {
			return scoresCache.scores;
		}
		const scores = healthScoresAt(dataset, index, index.dataEndDay, settings);
		scoresCache = { dataset, key, scores };
		return scores;
	}

	function healthBacktestOf(
		dataset: Dataset,
		index: FeatureIndex,
		settings: HealthSettings,
		cacheKey: string
	): SignalBacktest {
		const key = `${cacheKey}|${settingsKey(settings)}`;
		let result = healthBacktests.get(key);
		if (!result) {
			result = healthBacktest(dataset, index, settings, BACKTEST);
			if (healthBacktests.size >= 12) healthBacktests.clear();
			healthBacktests.set(key, result);
		}
		return result;
	}

	async function healthRows(request: HealthListRequest) {
		const { dataset } = await filteredDataset(context, request.filters);
		const index = indexOf(dataset);
		if (!isDated(index)) return null;
		const settings = await settingsFor(request.settings);
		const scores = scoresOf(dataset, index, settings);
		const names = (a: number) => dataset.accounts[a].name;
		return { dataset, index, settings, scores, rows: healthRowsFor(scores.scores, names, request) };
	}

	async function train(
		request: RiskTrainRequest,
		onProgress?: (p: RiskProgress) => void
	): Promise<RiskTrainResult> {
		const {
			dataset: base,
			dataVersion,
			filtersKey
		} = await filteredDataset(context, request.filters);
		const options =
			request.kind === 'dated'
				? { kind: 'dated', horizonDays: request.horizonDays }
				: {
						kind: 'snapshot',
						label: request.label,
						features: request.features ? [...request.features].sort() : null,
						folds: request.folds ?? 5
					};
		const settings = (await storedSettings()).settings;
		const key = `${dataVersion}|${filtersKey}|${JSON.stringify(options)}|${settingsKey(settings)}`;
		const hit = models.get(key);
		if (hit) return { ok: true, cached: true, view: hit.view };
		const isCancelled = () => cancelled.has(request.jobId);

		if (request.kind === 'dated') {
			const total = 4;
			onProgress?.({ step: 'features', done: 0, total });
			await nextTurn();
			const index = indexOf(base);
			if (!isDated(index)) return { ok: false, code: 'no-dated-data' };
			if (isCancelled()) return { ok: false, code: 'cancelled' };
			onProgress?.({ step: 'model', done: 1, total });
			await nextTurn();
			if (isCancelled()) return { ok: false, code: 'cancelled' };
			const result = datedChurnModel(base, index, { horizonDays: request.horizonDays });
			if (result.summary.positives < 2 || result.summary.rows - result.summary.positives < 2) {
				return { ok: false, code: 'too-few-rows' };
			}
			onProgress?.({ step: 'backtest-model', done: 2, total });
			await nextTurn();
			if (isCancelled()) return { ok: false, code: 'cancelled' };
			const modelBt = modelBacktest(base, index, BACKTEST);
			onProgress?.({ step: 'backtest-health', done: 3, total });
			await nextTurn();
			if (isCancelled()) return { ok: false, code: 'cancelled' };
			const healthBt = healthBacktestOf(base, index, settings, `${dataVersion}|${filtersKey}`);
			const e = result.holdout.evaluation;
			const view: RiskModelView = {
				key,
				kind: 'dated',
				dataVersion,
				horizonDays: request.horizonDays,
				label: null,
				asOfDay: result.asOfDay,
				rows: result.summary.rows,
				positives: result.summary.positives,
				snapshots: result.summary.snapshots.length,
				unlabelled: result.summary.unlabelled,
				evaluation: {
					method: 'holdout',
					rocAuc: e.roc.auc,
					foldRocAucs: [],
					count: e.count,
					positives: e.roc.positives,
					negatives: e.roc.negatives,
					prAuc: e.pr.averagePrecision,
					lift: e.lift,
					calibration: e.calibration,
					trainRows: result.holdout.trainRows,
					testRows: result.holdout.testRows,
					gapRows: result.holdout.gapRows,
					firstTestDay: result.holdout.firstTestDay
				},
				drivers: result.drivers,
				dropped: [],
				features: [...new Set(result.model.columns.map((c) => c.feature))],
				converged: result.model.converged,
				scored: result.risks.length,
				backtest: { model: modelBt, health: healthBt }
			};
			remember(key, { view, dataset: base, risks: result.risks });
			onProgress?.({ step: 'done', done: total, total });
			return { ok: true, cached: false, view };
		}

		const total = 2;
		onProgress?.({ step: 'features', done: 0, total });
		await nextTurn();
		if (isCancelled()) return { ok: false, code: 'cancelled' };
		const labels = labelCandidatesOf(base);
		if (!labels.some((l) => l.name === request.label)) return { ok: false, code: 'no-label' };
		const dataset = datasetWithLabel(base, request.label);
		const usable = snapshotColumns(dataset);
		if (usable.length === 0) return { ok: false, code: 'no-snapshot-data' };
		const chosen = new Set(request.features ?? usable.map((c) => c.name));
		// Everything not chosen is left out, and the label column itself never is a feature.
		const exclude = [...usable.map((c) => c.name), ...dataset.attributeNames].filter(
			(name) => !chosen.has(name) || name === request.label
		);
		onProgress?.({ step: 'model', done: 1, total });
		await nextTurn();
		if (isCancelled()) return { ok: false, code: 'cancelled' };
		const folds = Math.max(2, Math.min(10, Math.floor(request.folds ?? 5)));
		const result = snapshotChurnModel(dataset, { exclude: [...new Set(exclude)], folds });
		if (result.positives < folds || result.rows - result.positives < folds) {
			return { ok: false, code: 'too-few-rows' };
		}
		const cv = result.crossValidation;
		const pooled = cv.pooled;
		const view: RiskModelView = {
			key,
			kind: 'snapshot',
			dataVersion,
			horizonDays: null,
			label: request.label,
			asOfDay: null,
			rows: result.rows,
			positives: result.positives,
			snapshots: 0,
			unlabelled: 0,
			evaluation: {
				method: 'cross-validation',
				rocAuc: cv.meanRocAuc,
				foldRocAucs: cv.folds.map((f) => f.evaluation.roc.auc),
				count: pooled.count,
				positives: pooled.roc.positives,
				negatives: pooled.roc.negatives,
				prAuc: pooled.pr.averagePrecision,
				lift: pooled.lift,
				calibration: pooled.calibration,
				trainRows: cv.folds[0]?.trainRows ?? 0,
				testRows: cv.folds[0]?.testRows ?? 0,
				gapRows: 0,
				firstTestDay: null
			},
			drivers: result.drivers,
			// Only the automatic drops: columns the person unticked are not news to them.
			dropped: result.dropped.filter((d) => d.reason !== 'excluded'),
			features: [...new Set(result.model.columns.map((c) => c.feature))],
			converged: result.model.converged,
			scored: result.risks.length,
			backtest: null
		};
		remember(key, { view, dataset, risks: result.risks });
		onProgress?.({ step: 'done', done: total, total });
		return { ok: true, cached: false, view };
	}

	function remember(key: string, model: TrainedModel): void {
		models.set(key, model);
		void publishRisk(model);
		while (models.size > MODELS_KEPT) {
			const oldest = models.keys().next().value;
			if (oldest === undefined) break;
			models.delete(oldest);
		}
	}

	/** A model of the whole workspace lends its risks to the playbook's risk rules. */
	async function publishRisk(model: TrainedModel): Promise<void> {
		const { dataset, dataVersion } = await context.cache.get();
		if (model.dataset !== dataset) return; // trained on a filtered or relabelled copy
		context.signals.risk = {
			dataVersion,
			stamp: (context.signals.risk?.stamp ?? 0) + 1,
			byAccount: new Map(model.risks.map((r) => [r.accountId, r.risk])),
			factors: new Map(model.risks.map((r) => [r.accountId, r.factors]))
		};
	}

	function riskRows(request: Omit<RiskListRequest, 'offset' | 'limit'>) {
		const model = models.get(request.key);
		if (!model) return null;
		return { model, rows: riskRowsFor(model.risks, model.dataset.accounts, request) };
	}

	function riskRowView(model: TrainedModel, r: AccountRisk): RiskRowView {
		const a = model.dataset.accounts[r.accountIndex];
		return {
			accountId: r.accountId,
			name: a.name,
			segment: a.segment,
			plan: a.plan,
			risk: r.risk,
			factors: r.factors
		};
	}

	return {
		/** The stored health settings (defaults when none; `reset` when the stored ones were bad). */
		async healthSettings(): Promise<{ settings: HealthSettings; reset: boolean }> {
			await context.ready;
			return storedSettings();
		},

		async saveHealthSettings(request: {
			settings: HealthSettings;
		}): Promise<{ ok: true } | { ok: false; code: 'invalid-settings' }> {
			await context.ready;
			const settings = healthSettingsFrom(request.settings);
			if (!settings) return { ok: false, code: 'invalid-settings' };
			await putSetting(context.db, HEALTH_SETTINGS_KEY, settings);
			return { ok: true };
		},

		/** A page of active accounts' health, with sparklines for the page's rows only. */
		async healthList(request: HealthListRequest): Promise<HealthListResult> {
			await context.ready;
			const { dataVersion } = await context.cache.get();
			const found = await healthRows(request);
			if (!found) return { ok: false, code: 'no-dated-data' };
			const { dataset, index, settings, scores, rows } = found;
			const page = pageOf(rows, request.offset, request.limit);
			return {
				ok: true,
				dataVersion,
				asOfDay: scores.asOfDay,
				previousDay: scores.previousDay,
				total: scores.scores.length,
				matching: rows.length,
				bandCounts: scores.bandCounts,
				segments: segmentsOf(scores.scores),
				rows: page.map((s): HealthRowView => {
					const a = dataset.accounts[s.accountIndex];
					return {
						accountId: s.accountId,
						name: a.name,
						segment: s.segment,
						plan: a.plan,
						score: s.score,
						band: s.band,
						previousScore: s.previousScore,
						components: s.components,
						moves: s.moves,
						history: healthHistory(index, s.accountIndex, scores.asOfDay, SPARK_WEEKS, settings)
							.scores
					};
				})
			};
		},

		/** Every matching row of the health list as CSV (safe to open in a spreadsheet). */
		async healthCsv(request: HealthListRequest): Promise<string | null> {
			await context.ready;
			const found = await healthRows(request);
			if (!found) return null;
			const { dataset, rows } = found;
			const header = [
				'account_id',
				'name',
				'segment',
				'plan',
				'score',
				'band',
				'score_7_days_before',
				...HEALTH_COMPONENT_IDS.map((id) => `${id}_points`)
			];
			const body = rows.map((s): CsvCell[] => {
				const a = dataset.accounts[s.accountIndex];
				const points = (id: string) => s.components.find((c) => c.id === id)?.points ?? null;
				return [
					s.accountId,
					a.name,
					s.segment,
					a.plan,
					s.score === null ? null : Math.round(s.score * 10) / 10,
					s.band,
					s.previousScore === null ? null : Math.round(s.previousScore * 10) / 10,
					...HEALTH_COMPONENT_IDS.map((id) => {
						const p = points(id);
						return p === null ? null : Math.round(p * 10) / 10;
					})
				];
			});
			return toCsv(header, body);
		},

		/** Red band = flag, replayed weekly over the last 365 days (horizon 90, lead ≥ 30). */
		async healthBacktest(request: {
			settings?: HealthSettings;
			filters?: DatasetFilters;
		}): Promise<
			| { ok: true; backtest: SignalBacktest; accounts: BacktestAccount[] }
			| { ok: false; code: 'no-dated-data' }
		> {
			await context.ready;
			const { dataset, dataVersion, filtersKey } = await filteredDataset(context, request.filters);
			const index = indexOf(dataset);
			if (!isDated(index)) return { ok: false, code: 'no-dated-data' };
			const settings = await settingsFor(request.settings);
			return {
				ok: true,
				backtest: healthBacktestOf(dataset, index, settings, `${dataVersion}|${filtersKey}`),
				accounts: redBandChurns(dataset, index, settings)
			};
		},

		/** What the model page can offer: dated and/or snapshot training, label and feature columns. */
		async riskSetup(request: { filters?: DatasetFilters }): Promise<RiskSetup> {
			await context.ready;
			const { dataset, dataVersion } = await filteredDataset(context, request.filters);
			const index = indexOf(dataset);
			const labels = labelCandidatesOf(dataset);
			const snapshot = labels.length > 0;
			return {
				dataVersion,
				dated: isDated(index),
				snapshot,
				dataEndDay: index.dataEndDay === NULL_INT ? null : index.dataEndDay,
				labels,
				columns: snapshot ? snapshotColumnsWithDrops(dataset) : []
			};
		},

		/**
		 * Trains and evaluates the model (cached per dataVersion + filters + options). The core
		 * steps are synchronous; between them the worker takes other messages, so `riskCancel`
		 * stops the job at the next step.
		 */
		async riskTrain(
			request: RiskTrainRequest,
			onProgress?: (p: RiskProgress) => void
		): Promise<RiskTrainResult> {
			await context.ready;
			// A cancel may arrive before the job starts: it is honoured at the first step.
			try {
				return await train(request, onProgress);
			} finally {
				cancelled.delete(request.jobId);
			}
		},

		async riskCancel(request: { jobId: string }): Promise<void> {
			cancelled.add(request.jobId);
		},

		/** A page of the at-risk list of a trained model. */
		async riskList(request: RiskListRequest): Promise<RiskListResult> {
			const found = riskRows(request);
			if (!found) return { ok: false, code: 'not-trained' };
			const { model, rows } = found;
			return {
				ok: true,
				total: model.risks.length,
				matching: rows.length,
				segments: segmentsOf(model.risks.map((r) => model.dataset.accounts[r.accountIndex])),
				rows: pageOf(rows, request.offset, request.limit).map((r) => riskRowView(model, r))
			};
		},

		/** Every matching row of the at-risk list as CSV. */
		async riskCsv(request: Omit<RiskListRequest, 'offset' | 'limit'>): Promise<string | null> {
			const found = riskRows(request);
			if (!found) return null;
			const { model, rows } = found;
			return toCsv(
				['account_id', 'name', 'segment', 'plan', 'risk', 'factor_1', 'factor_2', 'factor_3'],
				rows.map((r) => {
					const v = riskRowView(model, r);
					return [
						v.accountId,
						v.name,
						v.segment,
						v.plan,
						Math.round(v.risk * 10000) / 10000,
						...[0, 1, 2].map((i) => (v.factors[i] ? factorText(v.factors[i]) : null))
					];
				})
			);
		}
	};
}

export interface BacktestAccount {
	accountId: string;
	name: string | null;
	segment: string | null;
	churnDay: DayNumber;
	/** First red evaluation day within the horizon before the churn; null when never red then. */
	firstFlagDay: DayNumber | null;
	leadDays: number | null;
	caught: boolean;
}

/**
 * The accounts behind the red band's backtest: every churn in the window, whether it was caught
 * and its lead. The core's backtest returns counts only, so this replays the same schedule
 * (every 7 days from windowEnd back to windowStart - horizon) for the churned accounts; a test
 * checks that its caught count equals the core's.
 */
export function redBandChurns(
	dataset: Dataset,
	index: FeatureIndex,
	settings: HealthSettings
): BacktestAccount[] {
	const windowEnd = index.dataEndDay;
	const windowStart = windowEnd - BACKTEST.windowDays + 1;
	const days: DayNumber[] = [];
	for (let d = windowEnd; d >= windowStart - BACKTEST.horizonDays; d -= 7) days.push(d);
	days.reverse();
	const scratch = healthScratch(index);
	const out: BacktestAccount[] = [];
	for (let a = 0; a < index.accountCount; a++) {
		const churn = index.churnDay[a];
		if (churn === NULL_INT || churn < windowStart || churn > windowEnd) continue;
		const segmentCode = index.accountSegment[a];
		const segment = segmentCode >= 0 ? index.segmentLevels[segmentCode] : null;
		const thresholds = bandThresholdsFor(settings, segment);
		let first: DayNumber | null = null;
		for (const day of days) {
			if (day >= churn) break;
			if (day < churn - BACKTEST.horizonDays) continue;
			const score = healthScoreAt(index, a, day, settings, scratch);
			if (!Number.isNaN(score) && bandOf(score, thresholds) === 'red') {
				first = day;
				break;
			}
		}
		const lead = first === null ? null : churn - first;
		out.push({
			accountId: index.accountIds[a],
			name: dataset.accounts[a].name,
			segment,
			churnDay: churn,
			firstFlagDay: first,
			leadDays: lead,
			caught: lead !== null && lead >= BACKTEST.minLeadDays
		});
	}
	return out.sort((x, y) => x.churnDay - y.churnDay || compareText(x.accountId, y.accountId));
}

/** Columns the snapshot model can use (before the person's choice). */
function snapshotColumns(dataset: Dataset): { name: string }[] {
	const { table } = snapshotTable(dataset);
	return [...table.numeric, ...table.categorical].map((c) => ({ name: c.name }));
}

/** Every candidate column, usable or dropped with the automatic reason. */
function snapshotColumnsWithDrops(
	dataset: Dataset
): { name: string; dropped: DroppedColumnReason | null }[] {
	const { table, dropped } = snapshotTable(dataset);
	const usable = new Set([...table.numeric, ...table.categorical].map((c) => c.name));
	const order = ['tenureMonths', 'mrrMinor', 'plan', 'segment', ...dataset.attributeNames];
	return order.flatMap((name): { name: string; dropped: DroppedColumnReason | null }[] => {
		if (usable.has(name)) return [{ name, dropped: null }];
		const d = dropped.find((x) => x.name === name);
		return d ? [{ name, dropped: d.reason }] : [];
	});
}
