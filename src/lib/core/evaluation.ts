// How well risk scores rank and calibrate on rows the model did not train on: ROC AUC (the
// Mann–Whitney statistic, ties counted half), PR AUC (average precision), lift in the top
// decile, calibration by deciles, each with its counts; a time-based holdout for dated data and
// k-fold cross-validation for snapshot data.
import {
	accountFeaturesAt,
	scoringTable,
	snapshotTable,
	trainingSet,
	type DroppedColumnReason,
	type FeatureIndex,
	type SnapshotTableOptions,
	type TrainingSetSummary
} from './features';
import {
	accountRisks,
	fitLogistic,
	labelledRows,
	predictRisk,
	riskDrivers,
	type AccountRisk,
	type LogisticModel,
	type LogisticOptions,
	type ModelTable,
	type RiskDriver
} from './model';
import type { Dataset, DayNumber } from './types';

export interface RocAuc {
	/** NaN when there are no positives or no negatives. */
	auc: number;
	positives: number;
	negatives: number;
}

/** Indices 0..n-1 ordered by score ascending (ties by index, so the order is deterministic). */
function ascendingOrder(scores: ArrayLike<number>): Int32Array {
	const order = Int32Array.from({ length: scores.length }, (_, i) => i);
	return order.sort((a, b) => scores[a] - scores[b] || a - b);
}

/** ROC AUC = P(score of a random positive > a random negative) + ½ P(tie), via mid-ranks. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): RocAuc {
	const n = scores.length;
	const order = ascendingOrder(scores);
	let positives = 0;
	let positiveRankSum = 0;
	for (let i = 0; i < n;) {
		let j = i;
		while (j < n && scores[order[j]] === scores[order[i]]) j++;
		const midRank = (i + 1 + j) / 2; // ranks i+1..j share their mean
		for (let k = i; k < j; k++) {
			if (labels[order[k]] === 1) {
				positives++;
				positiveRankSum += midRank;
			}
		}
		i = j;
	}
	const negatives = n - positives;
	const auc =
		positives > 0 && negatives > 0
			? (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
			: NaN;
	return { auc, positives, negatives };
}

export interface AveragePrecision {
	/** Σ over score thresholds (high to low) of precision × recall gained; NaN without positives. */
	averagePrecision: number;
	positives: number;
	count: number;
}

/** PR AUC as average precision (scikit-learn's definition; tied scores form one threshold). */
export function averagePrecision(
	scores: ArrayLike<number>,
	labels: ArrayLike<number>
): AveragePrecision {
	const n = scores.length;
	const order = ascendingOrder(scores).reverse();
	let positives = 0;
	for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
	let truePositives = 0;
	let sum = 0;
	for (let i = 0; i < n;) {
		let j = i;
		let gained = 0;
		while (j < n && scores[order[j]] === scores[order[i]]) {
			if (labels[order[j]] === 1) gained++;
			j++;
		}
		truePositives += gained;
		if (gained > 0) sum += (truePositives / j) * (gained / positives);
		i = j;
	}
	return { averagePrecision: positives > 0 ? sum : NaN, positives, count: n };
}

export interface TopDecileLift {
	/** Churn rate among the top 10% by score ÷ the overall rate; NaN without positives. */
	lift: number;
	topCount: number;
	topPositives: number;
	count: number;
	positives: number;
}

/** Lift of the top decile: the ceil(n / 10) highest scores (ties broken by row order). */
export function topDecileLift(scores: ArrayLike<number>, labels: ArrayLike<number>): TopDecileLift {
	const n = scores.length;
	const order = Int32Array.from({ length: n }, (_, i) => i).sort(
		(a, b) => scores[b] - scores[a] || a - b
	);
	const topCount = Math.ceil(n / 10);
	let topPositives = 0;
	let positives = 0;
	for (let i = 0; i < n; i++) {
		const positive = labels[order[i]] === 1 ? 1 : 0;
		positives += positive;
		if (i < topCount) topPositives += positive;
	}
	const lift = positives > 0 && topCount > 0 ? topPositives / topCount / (positives / n) : NaN;
	return { lift, topCount, topPositives, count: n, positives };
}

export interface CalibrationBin {
	count: number;
	positives: number;
	meanPredicted: number;
	observedRate: number;
	minScore: number;
	maxScore: number;
}

/** Rows sorted by score and cut into `bins` groups of near-equal size (default deciles). */
export function calibrationByDecile(
	scores: ArrayLike<number>,
	labels: ArrayLike<number>,
	bins = 10
): CalibrationBin[] {
	const n = scores.length;
	const order = ascendingOrder(scores);
	const out: CalibrationBin[] = [];
	for (let b = 0; b < bins; b++) {
		const from = Math.floor((b * n) / bins);
		const to = Math.floor(((b + 1) * n) / bins);
		if (to <= from) continue;
		let sum = 0;
		let positives = 0;
		for (let k = from; k < to; k++) {
			sum += scores[order[k]];
			positives += labels[order[k]] === 1 ? 1 : 0;
		}
		const count = to - from;
		out.push({
			count,
			positives,
			meanPredicted: sum / count,
			observedRate: positives / count,
			minScore: scores[order[from]],
			maxScore: scores[order[to - 1]]
		});
	}
	return out;
}

export interface ScoreEvaluation {
	count: number;
	positives: number;
	roc: RocAuc;
	pr: AveragePrecision;
	lift: TopDecileLift;
	calibration: CalibrationBin[];
}

export function evaluateScores(
	scores: ArrayLike<number>,
	labels: ArrayLike<number>
): ScoreEvaluation {
	const roc = rocAuc(scores, labels);
	return {
		count: scores.length,
		positives: roc.positives,
		roc,
		pr: averagePrecision(scores, labels),
		lift: topDecileLift(scores, labels),
		calibration: calibrationByDecile(scores, labels)
	};
}

function labelsOf(table: ModelTable, rows: Int32Array): Uint8Array {
	return Uint8Array.from(rows, (r) => table.label[r]);
}

export interface HoldoutOptions {
	/** The label horizon the table was built with: training labels must be known by the test start. */
	horizonDays: number;
	/** The latest this many snapshot days are the test set. Default 3. */
	testSnapshots?: number;
	model?: LogisticOptions;
}

export interface TimeHoldout {
	model: LogisticModel;
	firstTestDay: DayNumber | null;
	trainRows: number;
	testRows: number;
	/** Older rows left out because their label window reaches into the test period. */
	gapRows: number;
	evaluation: ScoreEvaluation;
}

/**
 * Train on the older snapshots, test on the latest ones. A training row's label window must end
 * by the first test day, so nothing the model learns comes from the test period.
 */
export function timeHoldout(table: ModelTable, options: HoldoutOptions): TimeHoldout {
	const rows = labelledRows(table);
	const days = [...new Set(Array.from(rows, (r) => table.day[r]))].sort((a, b) => a - b);
	const testCount = Math.min(options.testSnapshots ?? 3, Math.max(0, days.length - 1));
	const firstTestDay = testCount > 0 ? days[days.length - testCount] : null;
	const train: number[] = [];
	const test: number[] = [];
	let gapRows = 0;
	for (const r of rows) {
		const day = table.day[r];
		if (firstTestDay !== null && day >= firstTestDay) test.push(r);
		else if (firstTestDay === null || day + options.horizonDays <= firstTestDay) train.push(r);
		else gapRows++;
	}
	const trainRows = Int32Array.from(train);
	const testRows = Int32Array.from(test);
	const model = fitLogistic(table, trainRows, options.model);
	const scores = predictRisk(model, table, testRows);
	return {
		model,
		firstTestDay,
		trainRows: trainRows.length,
		testRows: testRows.length,
		gapRows,
		evaluation: evaluateScores(scores, labelsOf(table, testRows))
	};
}

/** Natural order of ids: numerically when both are numbers, else as text. */
function compareIds(a: string, b: string): number {
	const x = Number(a);
	const y = Number(b);
	if (a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Fold of each row: its rank by account id, modulo k (row i of that order is in fold i % k). */
export function foldsByAccountId(table: ModelTable, accountIds: string[], k: number): Int32Array {
	const order = Int32Array.from({ length: table.rowCount }, (_, i) => i).sort(
		(a, b) => compareIds(accountIds[table.account[a]], accountIds[table.account[b]]) || a - b
	);
	const folds = new Int32Array(table.rowCount);
	order.forEach((row, rank) => (folds[row] = rank % k));
	return folds;
}

export interface CrossValidationOptions {
	folds?: number;
	/** Fold of each table row; default row index modulo the number of folds. */
	foldOfRow?: Int32Array;
	model?: LogisticOptions;
}

export interface CrossValidation {
	folds: { fold: number; trainRows: number; testRows: number; evaluation: ScoreEvaluation }[];
	/** Mean of the folds' ROC AUCs. */
	meanRocAuc: number;
	/** All out-of-fold scores evaluated together. */
	pooled: ScoreEvaluation;
}

/** k-fold cross-validation for data without dates. */
export function crossValidate(
	table: ModelTable,
	options: CrossValidationOptions = {}
): CrossValidation {
	const k = options.folds ?? 5;
	const foldOf = options.foldOfRow ?? Int32Array.from({ length: table.rowCount }, (_, i) => i % k);
	const rows = labelledRows(table);
	const pooledScores = new Float64Array(rows.length);
	const pooledLabels = new Uint8Array(rows.length);
	let filled = 0;
	const folds: CrossValidation['folds'] = [];
	for (let fold = 0; fold < k; fold++) {
		const train = rows.filter((r) => foldOf[r] !== fold);
		const test = rows.filter((r) => foldOf[r] === fold);
		if (test.length === 0 || train.length === 0) continue;
		const model = fitLogistic(table, train, options.model);
		const scores = predictRisk(model, table, test);
		const labels = labelsOf(table, test);
		pooledScores.set(scores, filled);
		pooledLabels.set(labels, filled);
		filled += test.length;
		folds.push({
			fold,
			trainRows: train.length,
			testRows: test.length,
			evaluation: evaluateScores(scores, labels)
		});
	}
	const aucs = folds.map((f) => f.evaluation.roc.auc).filter((a) => !Number.isNaN(a));
	return {
		folds,
		meanRocAuc: aucs.length > 0 ? aucs.reduce((s, a) => s + a, 0) / aucs.length : NaN,
		pooled: evaluateScores(pooledScores.subarray(0, filled), pooledLabels.subarray(0, filled))
	};
}

export interface DatedChurnModel {
	horizonDays: number;
	summary: TrainingSetSummary;
	holdout: TimeHoldout;
	/** Refitted on every labelled row, for today's risks and drivers. */
	model: LogisticModel;
	drivers: RiskDriver[];
	asOfDay: DayNumber;
	risks: AccountRisk[];
}

/**
 * The whole dated pipeline: monthly training set, time holdout, a final fit on all labelled
 * rows, drivers, and the risk of every account active on the data's last day.
 */
export function datedChurnModel(
	dataset: Dataset,
	index: FeatureIndex,
	options: { horizonDays: number; testSnapshots?: number; model?: LogisticOptions }
): DatedChurnModel {
	const { table, summary } = trainingSet(dataset, index, { horizonDays: options.horizonDays });
	const holdout = timeHoldout(table, options);
	const model = fitLogistic(table, null, options.model);
	const asOfDay = index.dataEndDay;
	const scoring = scoringTable(accountFeaturesAt(dataset, index, asOfDay));
	return {
		horizonDays: options.horizonDays,
		summary,
		holdout,
		model,
		drivers: riskDrivers(model),
		asOfDay,
		risks: accountRisks(model, scoring, index.accountIds)
	};
}

export interface SnapshotChurnModel {
	rows: number;
	positives: number;
	dropped: { name: string; reason: DroppedColumnReason }[];
	crossValidation: CrossValidation;
	model: LogisticModel;
	drivers: RiskDriver[];
	/** Accounts not churned, riskiest first. */
	risks: AccountRisk[];
}

/** The snapshot pipeline: accounts as rows, k-fold CV by account id order, a final fit. */
export function snapshotChurnModel(
	dataset: Dataset,
	options: SnapshotTableOptions & { folds?: number; model?: LogisticOptions } = {}
): SnapshotChurnModel {
	const { table, dropped } = snapshotTable(dataset, options);
	const ids = dataset.accounts.map((a) => a.id);
	const folds = options.folds ?? 5;
	const crossValidation = crossValidate(table, {
		folds,
		foldOfRow: foldsByAccountId(table, ids, folds),
		model: options.model
	});
	const model = fitLogistic(table, null, options.model);
	const stillActive = Int32Array.from({ length: table.rowCount }, (_, i) => i).filter(
		(r) => table.label[r] === 0
	);
	const risks = accountRisks(model, subsetTable(table, stillActive), ids);
	let positives = 0;
	for (let i = 0; i < table.rowCount; i++) positives += table.label[i];
	return {
		rows: table.rowCount,
		positives,
		dropped,
		crossValidation,
		model,
		drivers: riskDrivers(model),
		risks
	};
}

/** The given rows of a table as a table of their own. */
export function subsetTable(table: ModelTable, rows: Int32Array): ModelTable {
	return {
		rowCount: rows.length,
		label: Uint8Array.from(rows, (r) => table.label[r]),
		labelKnown: table.labelKnown
			? Uint8Array.from(rows, (r) => (table.labelKnown as Uint8Array)[r])
			: undefined,
		account: Int32Array.from(rows, (r) => table.account[r]),
		day: Int32Array.from(rows, (r) => table.day[r]),
		numeric: table.numeric.map((c) => ({
			name: c.name,
			values: Float64Array.from(rows, (r) => c.values[r])
		})),
		categorical: table.categorical.map((c) => ({
			name: c.name,
			codes: Int32Array.from(rows, (r) => c.codes[r]),
			levels: c.levels
		}))
	};
}
