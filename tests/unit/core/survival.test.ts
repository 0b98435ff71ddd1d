import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	kaplanMeier,
	logRank,
	survivalBySegment,
	survivalData
} from '../../../src/lib/core/survival';
import { account, dataset, day, sub } from './dataset-builder';

describe('kaplanMeier', () => {
	it('counts tied events together and keeps tied censorings at risk', () => {
		// durations 1 1 2 2 2 3, events 1 0 1 1 0 1
		// t=1: n=6 d=1 c=1 -> S = 5/6
		// t=2: n=4 d=2 c=1 -> S = 5/6 * 2/4 = 5/12 (<= 0.5: the median is 2)
		// t=3: n=1 d=1     -> S = 0
		const km = kaplanMeier([1, 1, 2, 2, 2, 3], [1, 0, 1, 1, 0, 1]);
		expect(km.times).toEqual([1, 2, 3]);
		expect(km.atRisk).toEqual([6, 4, 1]);
		expect(km.events).toEqual([1, 2, 1]);
		expect(km.censored).toEqual([1, 1, 0]);
		expect(km.survival[0]).toBeCloseTo(5 / 6, 12);
		expect(km.survival[1]).toBeCloseTo(5 / 12, 12);
		expect(km.survival[2]).toBe(0);
		expect(km.median).toBe(2);
		expect(km.lower[2]).toBeNull();
	});

	it('gives Greenwood exponential bands as lifelines on a 5-point example', () => {
		// durations 2 3 3 5 6, events 1 1 0 1 0
		// t=2: n=5 d=1 S=0.8  Σ d/(n(n-d)) = 1/20 = 0.05
		// t=3: n=4 d=1 S=0.6  Σ = 0.05 + 1/12 = 0.133333 (Greenwood Var S = 0.36 * 0.1333 = 0.048)
		// t=5: n=2 d=1 S=0.3  Σ = 0.633333
		// band: V = Σ / (ln S)^2, c = ln(-ln S), S_lo = exp(-exp(c + 1.96 √V)), S_hi = exp(-exp(c - 1.96 √V))
		// t=2: V = 0.05 / 0.0497929 = 1.00416 -> [0.20381, 0.96918]
		const km = kaplanMeier([2, 3, 3, 5, 6], [1, 1, 0, 1, 0], { atTimes: [0, 3, 4, 7] });
		expect(km.survival).toEqual([
			0.8, 0.6000000000000001, 0.30000000000000004, 0.30000000000000004
		]);
		expect(km.lower[0]).toBeCloseTo(0.2038092633, 9);
		expect(km.upper[0]).toBeCloseTo(0.9691797889, 9);
		expect(km.lower[1]).toBeCloseTo(0.125730183, 9);
		expect(km.upper[1]).toBeCloseTo(0.8817564074, 9);
		expect(km.lower[2]).toBeCloseTo(0.0123015294, 9);
		expect(km.upper[2]).toBeCloseTo(0.7192180208, 9);
		expect(km.median).toBe(5);
		expect(km.atRiskAt).toEqual([
			{ time: 0, atRisk: 5 },
			{ time: 3, atRisk: 4 },
			{ time: 4, atRisk: 2 },
			{ time: 7, atRisk: 0 }
		]);
	});

	it('reports a median not reached as null', () => {
		expect(kaplanMeier([1, 2, 3, 4], [1, 0, 0, 0]).median).toBeNull();
	});

	it('never rises and stays within 0..1', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.boolean()), {
					minLength: 1,
					maxLength: 60
				}),
				(rows) => {
					expect(survivalLawsHold(rows)).toBe(true);
				}
			)
		);
	});
});

function survivalLawsHold(rows: [number, boolean][]): boolean {
	const km = kaplanMeier(
		rows.map((r) => r[0]),
		rows.map((r) => r[1])
	);
	let prev = 1;
	for (let i = 0; i < km.survival.length; i++) {
		const s = km.survival[i];
		if (s > prev + 1e-12 || s < 0 || s > 1) return false;
		const lo = km.lower[i];
		const hi = km.upper[i];
		if (lo !== null && hi !== null && !(lo <= s + 1e-12 && s <= hi + 1e-12)) return false;
		prev = s;
	}
	return km.n === rows.length;
}

describe('logRank', () => {
	it('matches a hand computation on two tiny groups', () => {
		// A: 1 2 3 (all events); B: 2 4+ 5 (4 censored).
		// t=1: nA=3 nB=3 d=1 -> E_A = 0.5,   V = 1*5*3*3/(36*5) = 0.25
		// t=2: nA=2 nB=3 d=2 -> E_A = 0.8,   V = 2*3*2*3/(25*4) = 0.36
		// t=3: nA=1 nB=2 d=1 -> E_A = 1/3,   V = 1*2*1*2/(9*2)  = 0.2222
		// t=5: nA=0 nB=1 d=1 -> E_A = 0,     V = 0
		// O_A = 3, E_A = 1.63333, chi2 = 1.36667^2 / 0.83222 = 2.24433, df 1, p = 0.13411
		const r = logRank([
			{ durations: [1, 2, 3], events: [1, 1, 1] },
			{ durations: [2, 4, 5], events: [1, 0, 1] }
		]);
		expect(r?.chiSquare).toBeCloseTo(2.244325767690254, 10);
		expect(r?.df).toBe(1);
		expect(r?.pValue).toBeCloseTo(0.1341053500268794, 8);
		expect(r?.observed).toEqual([3, 2]);
		expect(r?.expected[0]).toBeCloseTo(1.6333333333, 9);
	});
});

describe('survivalData', () => {
	it('uses tenure and the churned flag for snapshot exports', () => {
		// Tenures 1, 1, 3, 5 with churned yes, no, yes, no; one row without tenure is left out.
		// t=1: n=4 d=1 -> 0.75; t=3: n=2 d=1 -> 0.375 (median 3); t=5 censored.
		const d = dataset({
			accounts: [
				account('a', { tenureMonths: 1, churned: true }),
				account('b', { tenureMonths: 1, churned: false }),
				account('c', { tenureMonths: 3, churned: true }),
				account('d', { tenureMonths: 5, churned: false }),
				account('e', { churned: true })
			]
		});
		const split = survivalBySegment(d);
		expect(split.source).toBe('tenure');
		expect(split.excluded).toBe(1);
		const curve = split.groups[0].curve;
		expect(curve.survival).toEqual([0.75, 0.375, 0.375]);
		expect(curve.median).toBe(3);
	});

	it('measures days from the first paid day to the first churn, censored at the data end', () => {
		// A: Jan 1 .. Jan 10 -> churn on Jan 11: 10 days, event. B: from Jan 5, open: 31 - 5 = 26... as
		// asOfDay Jan 31 - Jan 5 = 26 days, censored. C: free subscription only: left out.
		const d = dataset({
			subscriptions: [
				sub('A', 10, '2024-01-01', '2024-01-10'),
				sub('B', 10, '2024-01-05'),
				sub('C', 0, '2024-01-02')
			]
		});
		const s = survivalData(d, { settings: { asOfDay: day('2024-01-31') } });
		expect(Array.from(s.durations)).toEqual([10, 26]);
		expect(Array.from(s.events)).toEqual([1, 0]);
		expect(s.excluded).toBe(1);
	});
});
