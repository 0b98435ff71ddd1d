import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
	averagePrecision,
	calibrationByDecile,
	crossValidate,
	datedChurnModel,
	foldsByAccountId,
	rocAuc,
	snapshotChurnModel,
	topDecileLift
} from '../../../src/lib/core/evaluation';
import { featureIndexOf, snapshotTable } from '../../../src/lib/core/features';
import type { Dataset } from '../../../src/lib/core/types';
import { account, datasetOf, syntheticDataset } from './churn-fixtures';

describe('rocAuc', () => {
	it('equals the hand count of pairs with ties counted half', () => {
		// Positives 0.4, 0.8, 0.9; negatives 0.1, 0.4, 0.8.
		// 0.4 beats 0.1, ties 0.4: 1.5; 0.8 beats 0.1 and 0.4, ties 0.8: 2.5; 0.9 beats all: 3.
		// AUC = 7 / 9.
		const r = rocAuc([0.1, 0.4, 0.4, 0.8, 0.8, 0.9], [0, 0, 1, 0, 1, 1]);
		expect(r).toEqual({ auc: 7 / 9, positives: 3, negatives: 3 });
	});

	it('is undefined with one class only', () => {
		expect(rocAuc([0.2, 0.3], [1, 1]).auc).toBeNaN();
	});
});

describe('averagePrecision', () => {
	it('sums precision at each threshold times the recall gained', () => {
		// 0.9 (pos): P 1, R .5; 0.8 (neg); 0.7 (pos): P 2/3, R 1 → .5 × 1 + .5 × 2/3.
		expect(averagePrecision([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 0]).averagePrecision).toBeCloseTo(
			0.5 + 1 / 3,
			12
		);
	});

	it('treats tied scores as one threshold', () => {
		// 0.9 (neg); 0.5 × 2 (one pos): P 1/3 at recall 1 → AP = 1/3 (not 1/2 or 1).
		expect(averagePrecision([0.9, 0.5, 0.5], [0, 1, 0])).toEqual({
			averagePrecision: 1 / 3,
			positives: 1,
			count: 3
		});
	});
});

describe('topDecileLift and calibrationByDecile', () => {
	// 20 rows, scores 0.05..1.00; positives are rows 19, 18 (top two) and 0.
	const scores = Array.from({ length: 20 }, (_, i) => (i + 1) / 20);
	const labels = scores.map((_, i) => (i >= 18 || i === 0 ? 1 : 0));

	it('compares the top 10% churn rate with the overall rate', () => {
		// Top 2 rows are both positive: 1.0 ÷ (3/20) = 6.67.
		expect(topDecileLift(scores, labels)).toEqual({
			lift: 1 / (3 / 20),
			topCount: 2,
			topPositives: 2,
			count: 20,
			positives: 3
		});
	});

	it('reports predicted mean and observed rate per decile with counts', () => {
		const bins = calibrationByDecile(scores, labels);
		expect(bins.length).toBe(10);
		expect(bins[0]).toMatchObject({ count: 2, positives: 1, observedRate: 0.5, minScore: 0.05 });
		expect(bins[0].meanPredicted).toBeCloseTo(0.075, 12); // (0.05 + 0.10) / 2
		expect(bins[9]).toMatchObject({ count: 2, positives: 2, observedRate: 1 });
	});
});

describe('foldsByAccountId', () => {
	it('ranks numeric ids as numbers and deals rows round-robin', () => {
		const dataset = datasetOf({
			accounts: ['10', '9', '100', '2'].map((id) => account(id, { churned: false }))
		});
		const { table } = snapshotTable(dataset);
		// Order 2, 9, 10, 100 → folds 0, 1, 0, 1; rows are 10, 9, 100, 2.
		expect([...foldsByAccountId(table, ['10', '9', '100', '2'], 2)]).toEqual([0, 1, 1, 0]);
	});
});

describe('datedChurnModel on synthetic history', () => {
	it('trains on older months and ranks the held-out latest months well', () => {
		// 20,000 accounts × 25 months: the size the worker must handle in seconds.
		const dataset = syntheticDataset({ accounts: 20_000, days: 760, seed: 7 });
		const index = featureIndexOf(dataset);
		const result = datedChurnModel(dataset, index, { horizonDays: 90 });
		expect(result.summary.snapshots.length).toBe(25);
		expect(result.summary.rows).toBeGreaterThan(200_000);
		expect(result.holdout.testRows).toBeGreaterThan(30_000);
		expect(result.holdout.model.converged).toBe(true);
		expect(result.holdout.evaluation.roc.auc).toBeGreaterThan(0.8);
		expect(result.holdout.evaluation.lift.lift).toBeGreaterThan(3);
		const driver = (f: string) => result.drivers.find((d) => d.feature === f && d.level === null);
		// The generator makes churners fail payments and open tickets.
		expect(driver('failedPayments60')?.direction).toBe('raises');
		expect(driver('openTickets')?.direction).toBe('raises');
		// Every account active at the end is scored, riskiest first, with raising factors only.
		expect(result.risks.length).toBe(
			dataset.accounts.filter((a) => a.churnDay === null || a.churnDay > result.asOfDay).length
		);
		expect(result.risks[0].risk).toBeGreaterThanOrEqual(result.risks[1].risk);
		expect(result.risks[0].factors.length).toBeGreaterThan(0);
		expect(result.risks.every((r) => r.factors.every((f) => f.contribution > 0))).toBe(true);
	});
});

// --- Real data -------------------------------------------------------------------------------
const dataDir = process.env.CHURN_DESK_DATA ?? resolve(process.cwd(), '../shared/data');
const hasData = existsSync(join(dataDir, 'Churn_Modelling.csv'));
if (!hasData) console.info(`Real-data model tests skipped: no ${dataDir}`);

/** A snapshot dataset from a CSV: id and churn flag columns named, the rest as attributes. */
function csvDataset(
	file: string,
	idColumn: string,
	churned: (value: string) => boolean,
	churnColumn: string
): Dataset {
	const text = readFileSync(join(dataDir, file), 'utf8');
	const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true });
	const [header, ...rows] = parsed.data;
	const idAt = header.indexOf(idColumn);
	const churnAt = header.indexOf(churnColumn);
	const attributeNames = header.filter((_, i) => i !== idAt && i !== churnAt);
	const accounts = rows.map((r) => {
		const attributes = Object.create(null) as Record<string, string | null>;
		header.forEach((h, i) => {
			if (i !== idAt && i !== churnAt) attributes[h] = r[i];
		});
		return account(r[idAt], { churned: churned(r[churnAt]), attributes });
	});
	return datasetOf({ accounts, attributeNames });
}

describe.skipIf(!hasData)('real data', () => {
	it('matches the bank churn reference AUCs with a plain L2 logistic regression', () => {
		const dataset = csvDataset('Churn_Modelling.csv', 'CustomerId', (v) => v === '1', 'Exited');
		const { table, dropped } = snapshotTable(dataset, { exclude: ['RowNumber', 'Surname'] });
		expect(dropped.map((d) => d.name)).toEqual(['RowNumber', 'Surname']);
		expect(table.categorical.map((c) => c.name)).toEqual(['Geography', 'Gender']);
		expect(table.numeric.length).toBe(8);
		const folds = foldsByAccountId(
			table,
			dataset.accounts.map((a) => a.id),
			5
		);
		const cv = crossValidate(table, { folds: 5, foldOfRow: folds });
		// Fold 0 holds every 5th row by CustomerId order (the 1st, 6th, ...): reference 0.790.
		expect(cv.folds[0].testRows).toBe(2000);
		expect(Math.abs(cv.folds[0].evaluation.roc.auc - 0.79)).toBeLessThan(0.02);
		expect(Math.abs(cv.meanRocAuc - 0.765)).toBeLessThan(0.02);
		expect(cv.pooled.positives).toBe(2037);
	});

	it('trains and evaluates the Telco snapshot with k-fold cross-validation', () => {
		const dataset = csvDataset(
			'WA_Fn-UseC_-Telco-Customer-Churn.csv',
			'customerID',
			(v) => v === 'Yes',
			'Churn'
		);
		const result = snapshotChurnModel(dataset);
		expect(result.rows).toBe(7043);
		expect(result.positives).toBe(1869);
		expect(result.crossValidation.folds.length).toBe(5);
		expect(result.crossValidation.meanRocAuc).toBeGreaterThan(0.8);
		expect(result.crossValidation.meanRocAuc).toBeLessThan(0.9);
		// Month-to-month contracts are the classic churn driver in this file.
		const contract = result.drivers.find((d) => d.feature === 'Contract' && d.level === 'Two year');
		expect(contract?.direction).toBe('lowers');
		expect(result.risks.length).toBe(7043 - 1869);
	});
});
