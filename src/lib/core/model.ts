// The churn-risk model: L2-regularised logistic regression fitted by Newton's method (IRLS) with
// step halving, deterministic. Numbers are standardised with the training rows' mean and SD,
// categories one-hot encoded against their most frequent level, rare levels pooled into
// "(other)". The design matrix is one Float32Array, so 500,000 rows never become objects.

/** Rows × columns of model inputs; built by features.ts (dated or snapshot data). */
export interface ModelTable {
	rowCount: number;
	/** 1 when the row's outcome is churn. */
	label: Uint8Array;
	/** 0 when the label is not known yet (window past the data's end); absent = all known. */
	labelKnown?: Uint8Array;
	/** Account index of the row (into dataset.accounts). */
	account: Int32Array;
	/** Snapshot day of the row; NULL_INT for snapshot data. */
	day: Int32Array;
	numeric: { name: string; values: Float64Array }[];
	/** Codes into levels; -1 is a missing value. */
	categorical: { name: string; codes: Int32Array; levels: string[] }[];
}

export interface LogisticOptions {
	/** L2 penalty λ on the standardised coefficients (not the intercept). Default 1. */
	l2?: number;
	/** 'balanced' weighs each class by n / (2 × its count). Default 'none'. */
	classWeight?: 'none' | 'balanced';
	/** Levels kept per category, the rest pooled into '(other)'. Default 12. */
	maxLevels?: number;
	/** Levels seen on fewer training rows than this are pooled too. Default 10. */
	minLevelCount?: number;
	maxIterations?: number;
	/** Stop when no coefficient moves more than this. Default 1e-8. */
	tolerance?: number;
}

export const OTHER_LEVEL = '(other)';
/** Rows the Hessian is estimated from in each Newton step (all rows below this). */
const HESSIAN_ROWS = 40_000;
export const MISSING_LEVEL = '(missing)';

export type ModelColumn =
	| { kind: 'number'; feature: string; mean: number; sd: number }
	/** 1 when the feature is missing on the row (the number itself is then imputed at its mean). */
	| { kind: 'missing'; feature: string }
	| { kind: 'level'; feature: string; level: string };

export interface LogisticModel {
	columns: ModelColumn[];
	intercept: number;
	/** One per column, on the standardised scale. */
	coefficients: number[];
	/** The level each category is compared with (its most frequent training level). */
	references: { feature: string; level: string }[];
	l2: number;
	classWeight: 'none' | 'balanced';
	trainRows: number;
	trainPositives: number;
	iterations: number;
	converged: boolean;
}

interface ResolvedOptions {
	l2: number;
	classWeight: 'none' | 'balanced';
	maxLevels: number;
	minLevelCount: number;
	maxIterations: number;
	tolerance: number;
}

function resolved(options: LogisticOptions): ResolvedOptions {
	return {
		l2: options.l2 ?? 1,
		classWeight: options.classWeight ?? 'none',
		maxLevels: options.maxLevels ?? 12,
		minLevelCount: options.minLevelCount ?? 10,
		maxIterations: options.maxIterations ?? 50,
		tolerance: options.tolerance ?? 1e-8
	};
}

/** Rows whose label is known, in order. */
export function labelledRows(table: ModelTable): Int32Array {
	if (!table.labelKnown) return Int32Array.from({ length: table.rowCount }, (_, i) => i);
	const rows: number[] = [];
	for (let i = 0; i < table.rowCount; i++) if (table.labelKnown[i] === 1) rows.push(i);
	return Int32Array.from(rows);
}

function levelName(levels: string[], code: number): string {
	return code >= 0 ? levels[code] : MISSING_LEVEL;
}

/** Columns learned from the training rows only. */
function encodingOf(
	table: ModelTable,
	rows: Int32Array,
	options: ResolvedOptions
): { columns: ModelColumn[]; references: { feature: string; level: string }[] } {
	const columns: ModelColumn[] = [];
	const references: { feature: string; level: string }[] = [];
	for (const { name, values } of table.numeric) {
		let count = 0;
		let sum = 0;
		for (const r of rows) {
			const v = values[r];
			if (!Number.isNaN(v)) {
				count++;
				sum += v;
			}
		}
		if (count === 0) continue;
		const mean = sum / count;
		let squares = 0;
		for (const r of rows) {
			const v = values[r];
			if (!Number.isNaN(v)) squares += (v - mean) * (v - mean);
		}
		// Population SD (as scikit-learn's StandardScaler); a constant column carries no signal.
		const sd = Math.sqrt(squares / count);
		if (sd > 0) columns.push({ kind: 'number', feature: name, mean, sd });
		if (count < rows.length) columns.push({ kind: 'missing', feature: name });
	}
	for (const { name, codes, levels } of table.categorical) {
		const counts = new Map<string, number>();
		for (const r of rows) {
			const level = levelName(levels, codes[r]);
			counts.set(level, (counts.get(level) ?? 0) + 1);
		}
		const ranked = [...counts.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
		const kept = ranked
			.filter(([, c]) => c >= options.minLevelCount)
			.slice(0, Math.max(1, options.maxLevels - 1))
			.map(([level]) => level);
		const pooled = ranked.length > kept.length;
		if (kept.length + (pooled ? 1 : 0) < 2) continue;
		const reference = kept[0] ?? OTHER_LEVEL;
		references.push({ feature: name, level: reference });
		for (const level of kept.slice(1)) columns.push({ kind: 'level', feature: name, level });
		if (pooled && kept.length > 0)
			columns.push({ kind: 'level', feature: name, level: OTHER_LEVEL });
	}
	return { columns, references };
}

/**
 * How each model column reads a table: numeric source, or for a category the column hit by each
 * table level code (index code + 1, so -1 "missing" is slot 0); -1 means the reference level.
 */
interface ColumnPlan {
	numericSource: (Float64Array | null)[];
	categoryPlans: { codes: Int32Array; columnOfCode: Int32Array }[];
}

function columnPlanOf(
	model: Pick<LogisticModel, 'columns' | 'references'>,
	table: ModelTable
): ColumnPlan {
	const columns = model.columns;
	const numericSource = columns.map((c) =>
		c.kind === 'level' ? null : (table.numeric.find((t) => t.name === c.feature)?.values ?? null)
	);
	const categoryPlans = model.references.flatMap(({ feature, level: reference }) => {
		const source = table.categorical.find((t) => t.name === feature);
		if (!source) return [];
		const columnOf = new Map<string, number>();
		columns.forEach((c, j) => {
			if (c.kind === 'level' && c.feature === feature) columnOf.set(c.level, j);
		});
		const other = columnOf.get(OTHER_LEVEL) ?? -1;
		const columnOfCode = new Int32Array(source.levels.length + 1);
		for (let code = -1; code < source.levels.length; code++) {
			const level = levelName(source.levels, code);
			// A kept level has its column, the reference none; any other level was pooled (or, if
			// nothing was pooled in training, is unseen and read as the reference).
			columnOfCode[code + 1] = level === reference ? -1 : (columnOf.get(level) ?? other);
		}
		return [{ codes: source.codes, columnOfCode }];
	});
	return { numericSource, categoryPlans };
}

/** Row-major design matrix (rows × columns) of the table's rows under the model's columns. */
function designMatrix(columns: ModelColumn[], plan: ColumnPlan, rows: Int32Array): Float32Array {
	const p = columns.length;
	const x = new Float32Array(rows.length * p);
	columns.forEach((c, j) => {
		const source = plan.numericSource[j];
		if (c.kind === 'number' && source) {
			for (let i = 0; i < rows.length; i++) {
				const v = source[rows[i]];
				x[i * p + j] = Number.isNaN(v) ? 0 : (v - c.mean) / c.sd;
			}
		} else if (c.kind === 'missing' && source) {
			for (let i = 0; i < rows.length; i++) x[i * p + j] = Number.isNaN(source[rows[i]]) ? 1 : 0;
		}
	});
	for (const { codes, columnOfCode } of plan.categoryPlans) {
		for (let i = 0; i < rows.length; i++) {
			const j = columnOfCode[codes[rows[i]] + 1];
			if (j >= 0) x[i * p + j] = 1;
		}
	}
	return x;
}

/** Solves A x = b for a symmetric positive definite A (n × n, row-major) by Cholesky. */
function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
	const l = new Float64Array(n * n);
	for (let i = 0; i < n; i++) {
		for (let j = 0; j <= i; j++) {
			let sum = a[i * n + j];
			for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
			if (i === j) {
				if (!(sum > 0)) return null;
				l[i * n + i] = Math.sqrt(sum);
			} else l[i * n + j] = sum / l[j * n + j];
		}
	}
	const y = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let sum = b[i];
		for (let k = 0; k < i; k++) sum -= l[i * n + k] * y[k];
		y[i] = sum / l[i * n + i];
	}
	const x = new Float64Array(n);
	for (let i = n - 1; i >= 0; i--) {
		let sum = y[i];
		for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
		x[i] = sum / l[i * n + i];
	}
	return x;
}

/** log(1 + e^eta) without overflow. */
function softplus(eta: number): number {
	return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

/**
 * Fits the model on `rows` of the table (default: every row with a known label). Objective:
 * Σ wᵢ·logloss + λ/2·‖β‖², β without the intercept.
 */
export function fitLogistic(
	table: ModelTable,
	rows: Int32Array | null = null,
	options: LogisticOptions = {}
): LogisticModel {
	const opts = resolved(options);
	const train = rows ?? labelledRows(table);
	const { columns, references } = encodingOf(table, train, opts);
	const n = train.length;
	const p = columns.length;
	const q = p + 1; // coefficient 0 is the intercept
	const x = designMatrix(columns, columnPlanOf({ columns, references }, table), train);
	const y = Float64Array.from(train, (r) => table.label[r]);
	let positives = 0;
	for (let i = 0; i < n; i++) positives += y[i];
	const w = new Float64Array(n).fill(1);
	if (opts.classWeight === 'balanced' && positives > 0 && positives < n) {
		const wPos = n / (2 * positives);
		const wNeg = n / (2 * (n - positives));
		for (let i = 0; i < n; i++) w[i] = y[i] === 1 ? wPos : wNeg;
	}
	const beta = new Float64Array(q);
	let wSum = 0;
	let wPositive = 0;
	for (let i = 0; i < n; i++) {
		wSum += w[i];
		wPositive += w[i] * y[i];
	}
	if (wPositive > 0 && wPositive < wSum) beta[0] = Math.log(wPositive / (wSum - wPositive));

	const eta = new Float64Array(n);
	const linear = (b: Float64Array, out: Float64Array): void => {
		for (let i = 0; i < n; i++) {
			let s = b[0];
			const base = i * p;
			for (let j = 0; j < p; j++) s += x[base + j] * b[j + 1];
			out[i] = s;
		}
	};
	const objective = (b: Float64Array, e: Float64Array): number => {
		let loss = 0;
		for (let i = 0; i < n; i++) loss += w[i] * (softplus(e[i]) - y[i] * e[i]);
		let penalty = 0;
		for (let j = 1; j < q; j++) penalty += b[j] * b[j];
		return loss + 0.5 * opts.l2 * penalty;
	};
	linear(beta, eta);
	let current = objective(beta, eta);
	const gradient = new Float64Array(q);
	const hessian = new Float64Array(q * q);
	const nonZero = new Int32Array(q);
	const stride = Math.max(1, Math.floor(n / HESSIAN_ROWS));
	const nonZeroValue = new Float64Array(q).fill(1);
	const trial = new Float64Array(q);
	const trialEta = new Float64Array(n);
	let iterations = 0;
	let converged = false;
	while (iterations < opts.maxIterations && !converged) {
		iterations++;
		gradient.fill(0);
		hessian.fill(0);
		// Exact gradient over every row.
		for (let i = 0; i < n; i++) {
			const r = w[i] * (y[i] - 1 / (1 + Math.exp(-eta[i])));
			gradient[0] += r;
			const base = i * p;
			for (let j = 0; j < p; j++) gradient[j + 1] += r * x[base + j];
		}
		// Hessian from every `stride`-th row, scaled up: it only steers the step, the line search
		// and the exact gradient decide where the fit ends, so the optimum is unchanged while an
		// iteration on 500,000 rows costs a fraction of a full Hessian.
		for (let i = 0; i < n; i += stride) {
			const mu = 1 / (1 + Math.exp(-eta[i]));
			const s = w[i] * mu * (1 - mu) * stride;
			// Only the row's non-zero entries (one-hot columns are mostly 0); entry 0 = intercept.
			let nz = 1;
			const base = i * p;
			for (let j = 0; j < p; j++) {
				const v = x[base + j];
				if (v !== 0) {
					nonZero[nz] = j + 1;
					nonZeroValue[nz++] = v;
				}
			}
			for (let a = 0; a < nz; a++) {
				const sxa = s * nonZeroValue[a];
				const rowOffset = nonZero[a] * q;
				for (let b = 0; b <= a; b++) hessian[rowOffset + nonZero[b]] += sxa * nonZeroValue[b];
			}
		}
		for (let j = 1; j < q; j++) {
			gradient[j] -= opts.l2 * beta[j];
			hessian[j * q + j] += opts.l2;
		}
		// Filled the lower triangle (nonZero ascending); mirror it.
		for (let a = 0; a < q; a++) for (let b = 0; b < a; b++) hessian[b * q + a] = hessian[a * q + b];
		let step = choleskySolve(hessian, gradient, q);
		if (!step) {
			// Singular without a penalty (a column never varies in these rows): a small ridge.
			let trace = 0;
			for (let j = 0; j < q; j++) trace += hessian[j * q + j];
			for (let j = 0; j < q; j++) hessian[j * q + j] += 1e-9 * trace + 1e-12;
			step = choleskySolve(hessian, gradient, q);
			if (!step) break;
		}
		let t = 1;
		let next = Infinity;
		for (let halvings = 0; halvings < 30; halvings++) {
			for (let j = 0; j < q; j++) trial[j] = beta[j] + t * step[j];
			linear(trial, trialEta);
			next = objective(trial, trialEta);
			if (next <= current + 1e-12 * Math.abs(current)) break;
			t /= 2;
		}
		if (!(next <= current + 1e-12 * Math.abs(current))) {
			converged = true; // no step improves: at the optimum up to rounding
			break;
		}
		let largest = 0;
		for (let j = 0; j < q; j++) largest = Math.max(largest, Math.abs(t * step[j]));
		beta.set(trial);
		eta.set(trialEta);
		const previous = current;
		current = next;
		// Converged when the coefficients stop moving or the objective stops falling.
		if (largest < opts.tolerance || previous - next <= 1e-12 * Math.abs(next)) converged = true;
	}
	return {
		columns,
		intercept: beta[0],
		coefficients: Array.from(beta.subarray(1)),
		references,
		l2: opts.l2,
		classWeight: opts.classWeight,
		trainRows: n,
		trainPositives: positives,
		iterations,
		converged
	};
}

/** Linear predictor (log-odds) of each of the table's rows (default: all), column by column. */
export function riskLogOdds(
	model: LogisticModel,
	table: ModelTable,
	rows?: Int32Array
): Float64Array {
	const pick = rows ?? Int32Array.from({ length: table.rowCount }, (_, i) => i);
	const out = new Float64Array(pick.length).fill(model.intercept);
	const plan = columnPlanOf(model, table);
	model.columns.forEach((c, j) => {
		const beta = model.coefficients[j];
		const source = plan.numericSource[j];
		if (!source) return;
		if (c.kind === 'number') {
			for (let i = 0; i < pick.length; i++) {
				const v = source[pick[i]];
				if (!Number.isNaN(v)) out[i] += (beta * (v - c.mean)) / c.sd;
			}
		} else if (c.kind === 'missing') {
			for (let i = 0; i < pick.length; i++) if (Number.isNaN(source[pick[i]])) out[i] += beta;
		}
	});
	for (const { codes, columnOfCode } of plan.categoryPlans) {
		for (let i = 0; i < pick.length; i++) {
			const j = columnOfCode[codes[pick[i]] + 1];
			if (j >= 0) out[i] += model.coefficients[j];
		}
	}
	return out;
}

/** Predicted churn probability of each of the table's rows (default: all). */
export function predictRisk(
	model: LogisticModel,
	table: ModelTable,
	rows?: Int32Array
): Float64Array {
	const eta = riskLogOdds(model, table, rows);
	for (let i = 0; i < eta.length; i++) eta[i] = 1 / (1 + Math.exp(-eta[i]));
	return eta;
}

export interface RiskDriver {
	feature: string;
	/** The level for a category, '(missing)' for a missing-value column, null for a number. */
	level: string | null;
	/** per-sd: odds ratio per standard deviation; level: vs the reference level; missing: vs known. */
	kind: 'per-sd' | 'level' | 'missing';
	direction: 'raises' | 'lowers';
	coefficient: number;
	oddsRatio: number;
	/** The reference level of a category. */
	reference: string | null;
}

/** Each column's effect on risk, the strongest first. */
export function riskDrivers(model: LogisticModel): RiskDriver[] {
	return model.columns
		.map((c, j): RiskDriver => {
			const coefficient = model.coefficients[j];
			return {
				feature: c.feature,
				level: c.kind === 'level' ? c.level : c.kind === 'missing' ? MISSING_LEVEL : null,
				kind: c.kind === 'number' ? 'per-sd' : c.kind,
				direction: coefficient >= 0 ? 'raises' : 'lowers',
				coefficient,
				oddsRatio: Math.exp(coefficient),
				reference:
					c.kind === 'level'
						? (model.references.find((r) => r.feature === c.feature)?.level ?? null)
						: null
			};
		})
		.sort(
			(a, b) =>
				Math.abs(b.coefficient) - Math.abs(a.coefficient) || (a.feature < b.feature ? -1 : 1)
		);
}

export interface RiskFactor {
	feature: string;
	level: string | null;
	/** Coefficient × standardised value (or × 1 for a level): log-odds added to the risk. */
	contribution: number;
	/** The raw value for a number (null when missing). */
	value: number | null;
}

/**
 * Contributions of every column for each row (row-major rows × columns), and the top `top`
 * positive ones per row: what raises this account's risk above a typical account's.
 */
export function riskFactors(
	model: LogisticModel,
	table: ModelTable,
	rows: Int32Array,
	top = 3
): RiskFactor[][] {
	const plan = columnPlanOf(model, table);
	return Array.from(rows, (r) => {
		const factors: RiskFactor[] = [];
		model.columns.forEach((c, j) => {
			const beta = model.coefficients[j];
			const source = plan.numericSource[j];
			if (c.kind === 'number' && source && !Number.isNaN(source[r])) {
				factors.push({
					feature: c.feature,
					level: null,
					contribution: (beta * (source[r] - c.mean)) / c.sd,
					value: source[r]
				});
			} else if (c.kind === 'missing' && source && Number.isNaN(source[r])) {
				factors.push({ feature: c.feature, level: MISSING_LEVEL, contribution: beta, value: null });
			}
		});
		for (const { codes, columnOfCode } of plan.categoryPlans) {
			const j = columnOfCode[codes[r] + 1];
			if (j >= 0) {
				const c = model.columns[j];
				factors.push({
					feature: c.feature,
					level: c.kind === 'level' ? c.level : null,
					contribution: model.coefficients[j],
					value: null
				});
			}
		}
		return factors
			.filter((f) => f.contribution > 0)
			.sort((a, b) => b.contribution - a.contribution)
			.slice(0, top);
	});
}

/**
 * Coefficients of the numeric columns on the features' own scale (β / sd, intercept adjusted by
 * the means): comparable with the weights of a known generating model.
 */
export function unstandardisedCoefficients(model: LogisticModel): {
	intercept: number;
	coefficients: { feature: string; coefficient: number }[];
} {
	let intercept = model.intercept;
	const coefficients: { feature: string; coefficient: number }[] = [];
	model.columns.forEach((c, j) => {
		if (c.kind !== 'number') return;
		const coefficient = model.coefficients[j] / c.sd;
		intercept -= coefficient * c.mean;
		coefficients.push({ feature: c.feature, coefficient });
	});
	return { intercept, coefficients };
}

export interface AccountRisk {
	accountIndex: number;
	accountId: string;
	risk: number;
	/** Up to three columns raising the risk most (contribution > 0), largest first. */
	factors: RiskFactor[];
}

/**
 * Risk of every account in a scoring table (see `scoringTable` for the active accounts on a
 * day), riskiest first, with its top raising factors.
 */
export function accountRisks(
	model: LogisticModel,
	table: ModelTable,
	accountIds: string[],
	top = 3
): AccountRisk[] {
	const rows = Int32Array.from({ length: table.rowCount }, (_, i) => i);
	const risk = predictRisk(model, table, rows);
	const factors = riskFactors(model, table, rows, top);
	return Array.from(rows, (r) => ({
		accountIndex: table.account[r],
		accountId: accountIds[table.account[r]],
		risk: risk[r],
		factors: factors[r]
	})).sort((a, b) => b.risk - a.risk || a.accountIndex - b.accountIndex);
}
