import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthIndexFromYm } from '../../../src/lib/core/dates';
import {
	churnBreakdownSeries,
	logoChurn,
	logoChurnOfBase,
	logoChurnsOfBase,
	revenueChurn,
	snapshotChurn
} from '../../../src/lib/core/churn';
import { lifetimeValue } from '../../../src/lib/core/ltv';
import { customerBase, type ChurnConvention } from '../../../src/lib/core/customer-base';
import { revenueRetentionOfBase, revenueRetentionsOfBase } from '../../../src/lib/core/retention';
import { accountsBehind } from '../../../src/lib/core/accounts-behind';
import { account, dataset, day, sub } from './dataset-builder';
import { lastDayOfMonth, firstDayOfMonth, isoFromDay } from '../../../src/lib/core/dates';

const JAN = monthIndexFromYm(2024, 1);
const FEB = monthIndexFromYm(2024, 2);
const MAR = monthIndexFromYm(2024, 3);

// G joins Mar 5, service to Mar 20: join-and-churn inside March.
// H joins Jan 10, service to Mar 10: joined in Jan, churned in Mar.
// I customer since Nov 2023, stays. J since Nov 2023, service to Mar 15 (churn in Mar).
// K since Nov 2023, service to Apr 30 (the data's end), cancellation requested Mar 15.
const attrs = (cancel: string) =>
	Object.assign(Object.create(null) as Record<string, string | null>, { 'Canceled At': cancel });
const joinFixture = dataset({
	accounts: [
		account('G'),
		account('H', { churnType: 'voluntary', churnReason: 'too expensive' }),
		account('I'),
		account('J', { churnType: 'involuntary', churnReason: 'payment_failed' }),
		account('K', { attributes: attrs('2024-03-15') })
	],
	subscriptions: [
		sub('G', 10, '2024-03-05', '2024-03-20'),
		sub('H', 10, '2024-01-10', '2024-03-10'),
		sub('I', 10, '2023-11-01'),
		sub('J', 10, '2023-11-01', '2024-03-15'),
		sub('K', 10, '2023-11-01', '2024-04-30')
	]
});
const asOfDay = day('2024-04-30');

describe('logoChurn conventions', () => {
	// March: customers on Feb 29 = H, I, J, K (4). Churned from them: H, J (2). G joined and left.
	it('standard leaves join-and-churn out: 2 / 4', () => {
		const r = logoChurn(joinFixture, { startMonth: MAR, settings: { asOfDay } });
		expect(r.rate).toEqual({ value: 0.5, numerator: 2, denominator: 4 });
		expect(r.joinedAndChurned).toBe(1);
	});

	it('Baremetrics counts join-and-churn: 3 / 4', () => {
		const r = logoChurn(joinFixture, {
			startMonth: MAR,
			settings: { asOfDay, convention: 'baremetrics' }
		});
		expect(r.rate).toEqual({ value: 0.75, numerator: 3, denominator: 4 });
	});

	it('ProfitWell never counts a join and churn in the same month: 2 / 4', () => {
		const r = logoChurn(joinFixture, {
			startMonth: MAR,
			settings: { asOfDay, convention: 'profitwell' }
		});
		expect(r.rate.numerator).toBe(2);
	});

	// Q1 (Jan-Mar): customers on Dec 31 = I, J, K (3); churned from them: J (1).
	// Joined and churned inside Q1: H (Jan -> Mar, different months), G (Mar -> Mar).
	it('differs by convention over a quarter: standard 1/3, Baremetrics 3/3, ProfitWell 2/3', () => {
		const rate = (convention: 'standard' | 'baremetrics' | 'profitwell') =>
			logoChurn(joinFixture, { startMonth: JAN, endMonth: MAR, settings: { asOfDay, convention } })
				.rate.numerator;
		expect([rate('standard'), rate('baremetrics'), rate('profitwell')]).toEqual([1, 3, 2]);
	});

	it('recognises churn at the cancellation day when asked', () => {
		// K's service runs to Apr 30 (= asOfDay, still a customer); cancelled Mar 15 -> churn in Mar.
		const r = logoChurn(joinFixture, {
			startMonth: MAR,
			settings: { asOfDay, recognition: 'cancellation', cancellationDayAttribute: 'Canceled At' }
		});
		expect(r.rate).toEqual({ value: 0.75, numerator: 3, denominator: 4 });
	});

	it('lists the exact accounts behind the churned figure', () => {
		const page = accountsBehind(
			joinFixture,
			{ kind: 'logo-churn', startMonth: MAR, part: 'churned' },
			{ settings: { asOfDay } }
		);
		expect(page).toEqual({ total: 2, offset: 0, accountIds: ['H', 'J'] });
	});

	it('excludes a customer that churned and came back within the period', () => {
		// L: paid Nov..Jan 10, back Jan 20: a customer on Dec 31 and on Jan 31 -> not churned.
		const d = dataset({
			subscriptions: [sub('L', 5, '2023-11-01', '2024-01-10'), sub('L', 5, '2024-01-20')]
		});
		const r = logoChurn(d, { startMonth: JAN, settings: { asOfDay } });
		expect(r.rate).toEqual({ value: 0, numerator: 0, denominator: 1 });
		expect(r.churnedAndReactivated).toBe(1);
	});
});

describe('revenueChurn', () => {
	it('gives gross and both net rates', () => {
		// A 100 -> churn in Feb; B 100 -> 60 (contraction 40); C 100 -> 130 (expansion 30);
		// D back in Feb with 50 (paid in Dec). Start MRR (Jan) = 300.
		// gross = (100 + 40) / 300; net with reactivation = (140 - 30 - 50) / 300 = 60 / 300;
		// without = (140 - 30) / 300 = 110 / 300.
		const d = dataset({
			subscriptions: [
				sub('A', 100, '2024-01-01', '2024-01-31'),
				sub('B', 100, '2024-01-01', '2024-01-31'),
				sub('B', 60, '2024-02-01'),
				sub('C', 100, '2024-01-01', '2024-01-31'),
				sub('C', 130, '2024-02-01'),
				sub('D', 50, '2023-12-01', '2023-12-31'),
				sub('D', 50, '2024-02-01')
			]
		});
		const r = revenueChurn(d, { startMonth: FEB, settings: { asOfDay: day('2024-02-29') } });
		expect(r.gross.value).toBeCloseTo(140 / 300, 12);
		expect(r.netWithReactivation.value).toBeCloseTo(60 / 300, 12);
		expect(r.netWithoutReactivation.value).toBeCloseTo(110 / 300, 12);
		expect(r.net).toEqual(r.netWithReactivation);
	});
});

describe('churnBreakdownSeries', () => {
	it('splits the month churn by type and reason', () => {
		const [mar] = churnBreakdownSeries(joinFixture, {
			fromMonth: MAR,
			toMonth: MAR,
			settings: { asOfDay }
		});
		expect(mar.churned).toBe(2);
		expect(mar.byType.voluntary.accounts).toBe(1);
		expect(mar.byType.involuntary.accounts).toBe(1);
		expect(mar.byReason.map((r) => r.reason).sort()).toEqual(['payment_failed', 'too expensive']);
	});
});

describe('lifetimeValue', () => {
	// Each month Jan..Jun 2024 one of 10 customers (100 each) leaves and a new one joins, so each
	// month's logo churn is 1/10. July: ARPA = 1000 / 10 = 100 -> LTV = 100 / 0.1 = 1000.
	const subs = [];
	for (let i = 0; i < 4; i++) subs.push(sub(`S${i}`, 100, '2023-12-01'));
	for (let i = 0; i < 6; i++) {
		subs.push(sub(`C${i}`, 100, '2023-12-01', isoFromDay(lastDayOfMonth(JAN - 1 + i))));
		subs.push(sub(`N${i}`, 100, isoFromDay(firstDayOfMonth(JAN + i))));
	}
	const d = dataset({ subscriptions: subs });
	const JUL = monthIndexFromYm(2024, 7);

	it('divides ARPA by the average churn of the six months before', () => {
		const r = lifetimeValue(d, {
			month: JUL,
			settings: { asOfDay: day('2024-07-31'), grossMargin: 0.8, cacMinor: 400 }
		});
		expect(r.averageChurnRate).toBeCloseTo(0.1, 12);
		expect(r.churnMonthsUsed).toBe(6);
		expect(r.ltvMinor).toBeCloseTo(1000, 9);
		// Margin-adjusted 1000 * 0.8 = 800; LTV:CAC = 800 / 400 = 2.
		expect(r.marginAdjustedLtvMinor).toBeCloseTo(800, 9);
		expect(r.ltvToCac).toBeCloseTo(2, 12);
	});

	it('returns null with a reason when churn is zero', () => {
		const calm = dataset({ subscriptions: [sub('Z', 100, '2023-01-01')] });
		const r = lifetimeValue(calm, { month: JUL, settings: { asOfDay: day('2024-07-31') } });
		expect(r.ltvMinor).toBeNull();
		expect(r.missing).toBe('zero-churn');
		expect(r.ltvToCacMissing).toBe('zero-churn');
	});
});

describe('snapshotChurn', () => {
	it('gives churned over accounts by segment from the churned flag', () => {
		// FR: 1 of 2 churned; DE: 2 of 2; one row without a flag.
		const geo = (g: string) =>
			Object.assign(Object.create(null) as Record<string, string | null>, { Geography: g });
		const d = dataset({
			accounts: [
				account('1', { churned: true, attributes: geo('FR') }),
				account('2', { churned: false, attributes: geo('FR') }),
				account('3', { churned: true, attributes: geo('DE') }),
				account('4', { churned: true, attributes: geo('DE') }),
				account('5', { attributes: geo('DE') })
			]
		});
		const r = snapshotChurn(d, { segmentBy: 'Geography' });
		expect(r.overall).toEqual({ value: 0.75, numerator: 3, denominator: 4 });
		expect(r.withoutFlag).toBe(1);
		expect(r.groups.map((g) => [g.segment, g.rate.numerator, g.rate.denominator])).toEqual([
			['DE', 2, 2],
			['FR', 1, 2]
		]);
	});
});

describe('logoChurn law', () => {
	it('equals customers at start not customers at the end, over customers at start', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						account: fc.integer({ min: 0, max: 10 }),
						start: fc.integer({ min: 0, max: 150 }),
						length: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null })
					}),
					{ maxLength: 25 }
				),
				fc.integer({ min: 1, max: 4 }),
				(rows, offset) => {
					const t0 = day('2023-01-01');
					const subs = rows.map((r) => ({
						...sub(`a${r.account}`, 10, '2023-01-01'),
						startDay: t0 + r.start,
						endDay: r.length === null ? null : t0 + r.start + r.length
					}));
					const asOf = day('2023-12-31');
					const month = monthIndexFromYm(2023, 1) + offset;
					const covers = (id: string, d: number) =>
						subs.some(
							(s) => s.accountId === id && s.startDay <= d && (s.endDay === null || s.endDay >= d)
						);
					const ids = [...new Set(subs.map((s) => s.accountId))];
					const atStart = ids.filter((id) => covers(id, firstDayOfMonth(month) - 1));
					const churned = atStart.filter((id) => !covers(id, lastDayOfMonth(month)));
					const r = logoChurn(dataset({ subscriptions: subs }), {
						startMonth: month,
						settings: { asOfDay: asOf }
					});
					expect([r.rate.numerator, r.rate.denominator]).toEqual([churned.length, atStart.length]);
				}
			)
		);
	});
});

describe('several periods in one pass', () => {
	it('give each period what it gives alone, under every convention', () => {
		const conventions: ChurnConvention[] = ['standard', 'baremetrics', 'profitwell'];
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						account: fc.integer({ min: 0, max: 8 }),
						mrr: fc.constantFrom(0, 10, 25),
						start: fc.integer({ min: 0, max: 330 }),
						length: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null })
					}),
					{ maxLength: 25 }
				),
				fc.array(
					fc.record({
						start: fc.integer({ min: -2, max: 12 }),
						length: fc.integer({ min: 0, max: 3 })
					}),
					{ minLength: 1, maxLength: 8 }
				),
				fc.array(fc.integer({ min: 1, max: 13 }), { minLength: 1, maxLength: 4 }),
				(rows, spans, windowMonths) => {
					const t0 = day('2023-01-01');
					const subs = rows.map((r) => ({
						...sub(`a${r.account}`, r.mrr, '2023-01-01'),
						startDay: t0 + r.start,
						endDay: r.length === null ? null : t0 + r.start + r.length
					}));
					const ds = dataset({ subscriptions: subs });
					const settings = { asOfDay: day('2023-12-20') };
					const jan = monthIndexFromYm(2023, 1);
					const periods = spans.map((p) => ({
						startMonth: jan + p.start,
						endMonth: jan + p.start + p.length
					}));
					// Alone: each figure on a base of its own (a copy of the dataset has no cache).
					const alone = () => customerBase({ ...ds }, settings);
					const base = customerBase(ds, settings);
					for (const convention of conventions) {
						const together = logoChurnsOfBase(base, periods, convention);
						periods.forEach((p, i) => {
							expect(together[i]).toEqual(
								logoChurnOfBase(alone(), p.startMonth, p.endMonth, convention)
							);
						});
					}
					const windows = periods.flatMap((p) =>
						windowMonths.map((w) => ({ endMonth: p.endMonth, windowMonths: w }))
					);
					const retention = revenueRetentionsOfBase(base, windows);
					windows.forEach((w, i) => {
						expect(retention[i]).toEqual(
							revenueRetentionOfBase(alone(), w.endMonth, w.windowMonths)
						);
					});
				}
			)
		);
	});
});
