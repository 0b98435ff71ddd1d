import { describe, expect, it } from 'vitest';
import {
	OTHER_LEVEL,
	fitLogistic,
	predictRisk,
	riskDrivers,
	riskFactors,
	unstandardisedCoefficients,
	type ModelTable
} from '../../../src/lib/core/model';
import { seededNormal, seededRandom } from './churn-fixtures';

/** n rows from logit = -1 + 1·x1 - 0.5·x2 + 0.25·x3 (+ 0.8 when plan is B), seeded. */
function knownLogitTable(n: number, seed: number): ModelTable {
	const random = seededRandom(seed);
	const normal = seededNormal(random);
	const x1 = new Float64Array(n);
	const x2 = new Float64Array(n);
	const x3 = new Float64Array(n);
	const plan = new Int32Array(n);
	const label = new Uint8Array(n);
	for (let i = 0; i < n; i++) {
		x1[i] = normal();
		x2[i] = 2 * normal() + 3; // sd 2, mean 3: the raw coefficient is still -0.5
		x3[i] = normal();
		// Levels A 60%, B 30%, C 9%, D 1% (D is rare: pooled into "(other)").
		const u = random();
		plan[i] = u < 0.6 ? 0 : u < 0.9 ? 1 : u < 0.99 ? 2 : 3;
		const eta = -1 + x1[i] - 0.5 * x2[i] + 0.25 * x3[i] + (plan[i] === 1 ? 0.8 : 0);
		label[i] = random() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
	}
	return {
		rowCount: n,
		label,
		account: Int32Array.from({ length: n }, (_, i) => i),
		day: new Int32Array(n),
		numeric: [
			{ name: 'x1', values: x1 },
			{ name: 'x2', values: x2 },
			{ name: 'x3', values: x3 }
		],
		categorical: [{ name: 'plan', codes: plan, levels: ['A', 'B', 'C', 'D'] }]
	};
}

describe('fitLogistic', () => {
	const table = knownLogitTable(20_000, 42);

	it('recovers the weights of a known logit', () => {
		// Standard errors are about 0.02–0.04 at n = 20,000; allow 0.1.
		const model = fitLogistic(table, null, { l2: 1e-6, minLevelCount: 500 });
		expect(model.converged).toBe(true);
		const raw = unstandardisedCoefficients(model);
		const byName = Object.fromEntries(raw.coefficients.map((c) => [c.feature, c.coefficient]));
		expect(byName.x1).toBeCloseTo(1, 1);
		expect(byName.x2).toBeCloseTo(-0.5, 1);
		expect(byName.x3).toBeCloseTo(0.25, 1);
		// The intercept belongs to the reference plan A (the most frequent); C and the pooled
		// "(other)" (D) have their own columns, both near 0 as they share A's logit.
		expect(raw.intercept).toBeCloseTo(-1, 1);
		const b = riskDrivers(model).find((d) => d.feature === 'plan' && d.level === 'B');
		expect(b).toMatchObject({ kind: 'level', direction: 'raises', reference: 'A' });
		expect(Math.log(b?.oddsRatio ?? 0)).toBeCloseTo(0.8, 1);
	});

	it('pools levels under the count into "(other)" and compares with the most frequent', () => {
		const model = fitLogistic(table, null, { minLevelCount: 500 });
		const levels = model.columns.flatMap((c) => (c.kind === 'level' ? [c.level] : []));
		// A (reference), B kept; C (~1,800 rows) kept; D (~200 rows) pooled.
		expect(levels).toEqual(['B', 'C', OTHER_LEVEL]);
		expect(model.references).toEqual([{ feature: 'plan', level: 'A' }]);
		const capped = fitLogistic(table, null, { maxLevels: 2 });
		expect(capped.columns.flatMap((c) => (c.kind === 'level' ? [c.level] : []))).toEqual([
			OTHER_LEVEL
		]);
	});

	it('standardises with the training rows only', () => {
		const rows = Int32Array.from({ length: 100 }, (_, i) => i);
		const model = fitLogistic(table, rows);
		const x1 = model.columns.find((c) => c.kind === 'number' && c.feature === 'x1');
		const mean = rows.reduce((s, r) => s + table.numeric[0].values[r], 0) / rows.length;
		expect(x1).toMatchObject({ kind: 'number', mean });
		expect(model.trainRows).toBe(100);
	});

	it('is deterministic and the class weighting lifts the predicted rates', () => {
		const a = fitLogistic(table);
		const b = fitLogistic(table);
		expect(a.coefficients).toEqual(b.coefficients);
		const weighted = fitLogistic(table, null, { classWeight: 'balanced' });
		// The intercept is not penalised, so at the optimum Σ wᵢ·pᵢ = Σ wᵢ·yᵢ: unweighted
		// predictions average the base rate, balanced ones (w = n / 2·class count) average 0.5.
		const n = table.rowCount;
		const positives = table.label.reduce((s, v) => s + v, 0);
		const plain = predictRisk(a, table).reduce((s, p) => s + p, 0) / n;
		expect(plain).toBeCloseTo(positives / n, 6);
		const w = (r: number) =>
			table.label[r] === 1 ? n / (2 * positives) : n / (2 * (n - positives));
		const balanced = predictRisk(weighted, table).reduce((s, p, r) => s + w(r) * p, 0) / n;
		expect(balanced).toBeCloseTo(0.5, 6);
		expect(weighted.intercept).toBeGreaterThan(a.intercept);
	});

	it('imputes missing numbers at the mean and adds a missing-value column', () => {
		const values = Float64Array.from([1, 2, NaN, 4, NaN, 6, 7, NaN]);
		const t: ModelTable = {
			rowCount: 8,
			label: Uint8Array.from([0, 0, 1, 0, 1, 0, 1, 1]),
			account: Int32Array.from({ length: 8 }, (_, i) => i),
			day: new Int32Array(8),
			numeric: [{ name: 'v', values }],
			categorical: []
		};
		const model = fitLogistic(t);
		expect(model.columns).toEqual([
			// mean of 1, 2, 4, 6, 7 = 4; population sd = sqrt((9+4+0+4+9)/5)
			{ kind: 'number', feature: 'v', mean: 4, sd: Math.sqrt(26 / 5) },
			{ kind: 'missing', feature: 'v' }
		]);
		// All three missing rows churn: the missing column raises risk.
		expect(riskDrivers(model).find((d) => d.kind === 'missing')?.direction).toBe('raises');
		const [factors] = riskFactors(model, t, Int32Array.from([2]));
		expect(factors[0]).toMatchObject({ feature: 'v', level: '(missing)', value: null });
	});

	it("lists a row's top raising factors as coefficient × standardised value", () => {
		const model = fitLogistic(table);
		const row = [...table.label.keys()].find(
			(r) => table.numeric[0].values[r] > 1 && table.categorical[0].codes[r] === 1
		) as number;
		const [factors] = riskFactors(model, table, Int32Array.from([row]));
		const x1 = model.columns.findIndex((c) => c.kind === 'number' && c.feature === 'x1');
		const column = model.columns[x1];
		const expected =
			column.kind === 'number'
				? (model.coefficients[x1] * (table.numeric[0].values[row] - column.mean)) / column.sd
				: NaN;
		expect(factors.find((f) => f.feature === 'x1')?.contribution).toBeCloseTo(expected, 12);
		expect(factors.some((f) => f.feature === 'plan' && f.level === 'B')).toBe(true);
		expect(factors.length).toBeLessThanOrEqual(3);
		for (let k = 1; k < factors.length; k++) {
			expect(factors[k - 1].contribution).toBeGreaterThanOrEqual(factors[k].contribution);
		}
	});
});
