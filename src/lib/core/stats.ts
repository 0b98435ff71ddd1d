// Small numerical routines the analytics need: the chi-square distribution (for the log-rank
// test) through the regularized incomplete gamma function, and a ratio with its counts.

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/** A rate with the counts it came from; `value` is null when the denominator is 0. */
export interface Ratio {
	value: number | null;
	numerator: number;
	denominator: number;
}

export function ratio(numerator: number, denominator: number): Ratio {
	return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator };
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 significant digits). */
export function logGamma(x: number): number {
	const c = [
		0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
		-176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
		1.5056327351493116e-7
	];
	if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
	const y = x - 1;
	let a = c[0];
	const t = y + 7.5;
	for (let i = 1; i < 9; i++) a += c[i] / (y + i);
	return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a): the series below a + 1, the
 * Lentz continued fraction for Q = 1 - P above (each converges fast on its side).
 */
export function regularizedGammaP(a: number, x: number): number {
	if (!(a > 0) || !(x >= 0)) return Number.NaN;
	if (x === 0) return 0;
	const lead = a * Math.log(x) - x - logGamma(a);
	if (x < a + 1) {
		let term = 1 / a;
		let sum = term;
		for (let n = 1; n < 1000; n++) {
			term *= x / (a + n);
			sum += term;
			if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
		}
		return Math.min(1, sum * Math.exp(lead));
	}
	const tiny = 1e-300;
	let b = x + 1 - a;
	let c = 1 / tiny;
	let d = 1 / b;
	let h = d;
	for (let i = 1; i < 1000; i++) {
		const an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (Math.abs(d) < tiny) d = tiny;
		c = b + an / c;
		if (Math.abs(c) < tiny) c = tiny;
		d = 1 / d;
		const delta = d * c;
		h *= delta;
		if (Math.abs(delta - 1) < 1e-16) break;
	}
	return Math.max(0, 1 - Math.exp(lead) * h);
}

/** P(X ≤ x) for X ~ chi-square with `df` degrees of freedom. */
export function chiSquareCdf(x: number, df: number): number {
	if (x <= 0) return 0;
	return regularizedGammaP(df / 2, x / 2);
}

/** Upper tail P(X > x): the p-value of a chi-square statistic. */
export function chiSquarePValue(x: number, df: number): number {
	return 1 - chiSquareCdf(x, df);
}

/** Median of a numeric array (copied, not mutated); null when empty. */
export function median(values: ArrayLike<number>): number | null {
	const n = values.length;
	if (n === 0) return null;
	const sorted = Float64Array.from(values).sort();
	return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/**
 * Solves A x = b for a small symmetric positive definite A (Gaussian elimination with partial
 * pivoting); null when A is singular.
 */
export function solveLinear(a: number[][], b: number[]): number[] | null {
	const n = b.length;
	const m = a.map((row, i) => [...row, b[i]]);
	for (let col = 0; col < n; col++) {
		let pivot = col;
		for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
		if (Math.abs(m[pivot][col]) < 1e-12) return null;
		[m[col], m[pivot]] = [m[pivot], m[col]];
		for (let r = 0; r < n; r++) {
			if (r === col) continue;
			const f = m[r][col] / m[col][col];
			for (let k = col; k <= n; k++) m[r][k] -= f * m[col][k];
		}
	}
	return m.map((row, i) => row[n] / row[i]);
}
