import { describe, expect, it } from 'vitest';
import {
	chiSquareCdf,
	chiSquarePValue,
	logGamma,
	regularizedGammaP
} from '../../../src/lib/core/stats';

describe('chi-square distribution', () => {
	it('gives 0.95 at the textbook critical values', () => {
		expect(chiSquareCdf(3.841458820694124, 1)).toBeCloseTo(0.95, 10);
		expect(chiSquareCdf(5.991464547107979, 2)).toBeCloseTo(0.95, 10);
		expect(chiSquareCdf(11.070497693516351, 5)).toBeCloseTo(0.95, 10);
	});

	it('matches the closed form for two degrees of freedom far in the tail', () => {
		// df = 2: P(X > x) = exp(-x / 2).
		expect(chiSquarePValue(40, 2)).toBeCloseTo(Math.exp(-20), 14);
		expect(chiSquarePValue(0.5, 2)).toBeCloseTo(Math.exp(-0.25), 12);
	});

	it('computes ln Γ and P(a, x) at known points', () => {
		expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
		expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
		// P(1, x) = 1 - e^-x.
		expect(regularizedGammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 13);
	});
});
