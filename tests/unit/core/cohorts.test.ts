import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohortRetention, type CohortOptions } from '../../../src/lib/core/cohorts';
import { accountsBehind } from '../../../src/lib/core/accounts-behind';
import { monthIndexFromYm } from '../../../src/lib/core/dates';
import { activityTable, dataset, day, sub } from './dataset-builder';

const JAN = monthIndexFromYm(2024, 1);
const FEB = monthIndexFromYm(2024, 2);

// Jan cohort: A (Jan 10, open, 100), B (Jan 5..Feb 10, 50), C (Jan 20..Jan 25, 10),
//             E (Jan 3..Jan 20, 70; back Mar 5, 70). Feb cohort: D (Feb 1, open, 30).
// Paid on some day of:      Jan      Feb      Mar
//   A                        x        x        x
//   B                        x        x
//   C                        x
//   E                        x                 x
//   D                                 x        x
const fixture = dataset({
	subscriptions: [
		sub('A', 100, '2024-01-10'),
		sub('B', 50, '2024-01-05', '2024-02-10'),
		sub('C', 10, '2024-01-20', '2024-01-25'),
		sub('E', 70, '2024-01-03', '2024-01-20'),
		sub('E', 70, '2024-03-05'),
		sub('D', 30, '2024-02-01')
	]
});
const opts: CohortOptions = {
	grain: 'month',
	basis: 'subscription',
	measure: 'logo',
	convention: 'exact',
	asOfDay: day('2024-03-31')
};

describe('cohortRetention', () => {
	it('counts accounts paying in period k, exactly', () => {
		// Jan (4): k0 4/4, k1 A,B 2/4, k2 A,E 2/4. Feb (1): k0 1/1, k1 1/1.
		const [table] = cohortRetention(fixture, opts).groups;
		expect(table.rows.map((r) => [r.label, r.size, r.cells.map((c) => c.numerator)])).toEqual([
			['2024-01', 4, [4, 2, 2]],
			['2024-02', 1, [1, 1]]
		]);
		expect(table.rows[0].small).toBe(true);
	});

	it('weights the average row by cohort size', () => {
		// k1: (2 + 1) / (4 + 1) = 0.6 (an unweighted mean would be (0.5 + 1) / 2 = 0.75).
		// k2: only Jan: 2/4.
		const [table] = cohortRetention(fixture, opts).groups;
		expect(table.average.map((a) => [a.k, a.share, a.cohorts])).toEqual([
			[0, 1, 2],
			[1, 0.6, 2],
			[2, 0.5, 1]
		]);
	});

	it('counts k-or-later retention from the last period paid', () => {
		// Jan: k1 A, B, E (E is back in Mar) = 3/4; k2 A, E = 2/4.
		const [table] = cohortRetention(fixture, { ...opts, convention: 'k-or-later' }).groups;
		expect(table.rows[0].cells.map((c) => c.numerator)).toEqual([4, 3, 2]);
	});

	it('marks periods not over at the data end instead of showing a drop', () => {
		// asOf Mar 15: March is partial; the average leaves it out, so k1 has the Jan cohort only
		// (2/4) and k2 (March for Jan) has none.
		const r = cohortRetention(fixture, { ...opts, asOfDay: day('2024-03-15') });
		const jan = r.groups[0].rows[0];
		expect(jan.cells.map((c) => c.incomplete)).toEqual([false, false, true]);
		expect(r.groups[0].average.map((a) => [a.k, a.share, a.cohorts])).toEqual([
			[0, 1, 2],
			[1, 0.5, 1]
		]);
	});

	it('divides cohort MRR at each period end by its MRR at the end of the first period', () => {
		// Jan cohort at Jan 31: A 100 + B 50 (C, E ended) = 150. Feb 29: A 100. Mar 31: A 100 + E 70.
		const [table] = cohortRetention(fixture, { ...opts, measure: 'revenue' }).groups;
		expect(table.rows[0].cells.map((c) => [c.numerator, c.denominator])).toEqual([
			[150, 150],
			[100, 150],
			[170, 150]
		]);
	});

	it('builds cohorts from activity alone (a transaction log)', () => {
		// x: Jan 5, Mar 2 -> Jan cohort; y: Jan 20, Feb 3 -> Jan cohort; z: Feb 10 -> Feb cohort.
		// Jan: k0 2, k1 y 1, k2 x 1; Feb: k0 1, k1 0. A zero-count row does not count.
		const act = activityTable([
			{ accountId: 'x', day: day('2024-01-05') },
			{ accountId: 'x', day: day('2024-03-02') },
			{ accountId: 'y', day: day('2024-01-20') },
			{ accountId: 'y', day: day('2024-02-03') },
			{ accountId: 'z', day: day('2024-02-10') },
			{ accountId: 'z', day: day('2024-03-09'), count: 0 }
		]);
		const r = cohortRetention(dataset({ activity: act }), {
			...opts,
			basis: { metric: '*' }
		});
		expect(r.accountsInScope).toBe(3);
		expect(r.groups[0].rows.map((row) => row.cells.map((c) => c.numerator))).toEqual([
			[2, 1, 1],
			[1, 0]
		]);
	});

	it('lists the accounts behind a cell', () => {
		const page = accountsBehind(fixture, {
			kind: 'cohort-cell',
			options: opts,
			cohort: JAN,
			k: 1,
			retained: true
		});
		expect(page.accountIds).toEqual(['A', 'B']);
		expect(FEB - JAN).toBe(1);
	});

	it('keeps shares in 0..1 and cohort sizes summing to the accounts in scope', () => {
		const subArb = fc.record({
			account: fc.integer({ min: 0, max: 12 }),
			start: fc.integer({ min: 0, max: 200 }),
			length: fc.option(fc.integer({ min: 0, max: 150 }), { nil: null }),
			mrr: fc.integer({ min: 0, max: 3 })
		});
		fc.assert(
			fc.property(
				fc.array(subArb, { maxLength: 30 }),
				fc.constantFrom<'exact' | 'k-or-later'>('exact', 'k-or-later'),
				fc.constantFrom<'week' | 'month' | 'quarter'>('week', 'month', 'quarter'),
				(rows, convention, grain) => {
					const t0 = day('2023-01-01');
					const d = dataset({
						subscriptions: rows.map((r) => ({
							...sub(`a${r.account}`, r.mrr * 10, '2023-01-01'),
							startDay: t0 + r.start,
							endDay: r.length === null ? null : t0 + r.start + r.length
						}))
					});
					const r = cohortRetention(d, {
						grain,
						basis: 'subscription',
						measure: 'logo',
						convention,
						asOfDay: t0 + 250
					});
					const paying = new Set(rows.filter((x) => x.mrr > 0).map((x) => x.account));
					const sizes = r.groups.flatMap((g) => g.rows).reduce((s, row) => s + row.size, 0);
					const shares = r.groups.flatMap((g) =>
						g.rows.flatMap((row) => row.cells.map((c) => c.share ?? 0))
					);
					expect(sizes).toBe(paying.size);
					expect(r.accountsInScope).toBe(paying.size);
					expect(shares.every((s) => s >= 0 && s <= 1)).toBe(true);
				}
			)
		);
	});
});
