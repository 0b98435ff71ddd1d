import { describe, expect, it } from 'vitest';
import { netPromoterScore, npsSeries } from '../../../src/lib/core/nps';
import { accountsBehind } from '../../../src/lib/core/accounts-behind';
import { dataset, day, npsRow } from './dataset-builder';

// Scores 10, 9, 8, 7, 6, 0 and (Feb) 9: Jan has 2 promoters, 2 passives, 2 detractors.
const d = dataset({
	nps: [
		npsRow('a', '2024-01-02', 10),
		npsRow('b', '2024-01-03', 9),
		npsRow('c', '2024-01-04', 8),
		npsRow('d', '2024-01-05', 7),
		npsRow('e', '2024-01-06', 6),
		npsRow('f', '2024-01-07', 0),
		npsRow('f', '2024-02-07', 9)
	]
});

describe('netPromoterScore', () => {
	it('gives the counts of each group and % promoters - % detractors', () => {
		// All 7: promoters 3 (10, 9, 9), passives 2, detractors 2 -> (3 - 2) / 7 * 100.
		const r = netPromoterScore(d);
		expect([r.promoters, r.passives, r.detractors, r.responses, r.accounts]).toEqual([
			3, 2, 2, 7, 6
		]);
		expect(r.nps).toBeCloseTo(100 / 7, 12);
		expect(r.byScore).toEqual([1, 0, 0, 0, 0, 0, 1, 1, 1, 2, 1]);
	});

	it('can count only the latest answer per account', () => {
		// f's latest is 9: promoters 3, passives 2, detractors 1 (e) -> (3 - 1) / 6 * 100.
		const r = netPromoterScore(d, { per: 'latest-per-account' });
		expect(r.nps).toBeCloseTo(200 / 6, 12);
	});

	it('recomputes for a day range and per month', () => {
		const jan = netPromoterScore(d, { fromDay: day('2024-01-01'), toDay: day('2024-01-31') });
		expect(jan.nps).toBe(0);
		expect(npsSeries(d).map((m) => [m.label, m.nps])).toEqual([
			['2024-01', 0],
			['2024-02', 100]
		]);
	});

	it('lists the detractors behind the figure', () => {
		const page = accountsBehind(d, { kind: 'nps', group: 'detractor' });
		expect(page.accountIds).toEqual(['e', 'f']);
	});
});
