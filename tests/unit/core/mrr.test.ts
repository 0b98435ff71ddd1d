import { describe, expect, it } from 'vitest';
import { monthIndexFromYm, monthIndexOfDay } from '../../../src/lib/core/dates';
import { arpaOfBase, mrrSeries, quickRatio } from '../../../src/lib/core/mrr';
import { customerBase } from '../../../src/lib/core/customer-base';
import { civilMonthOfDay, monthOfDay } from '../../../src/lib/core/periods';
import { revenueRetention } from '../../../src/lib/core/retention';
import { dataset, day, sub } from './dataset-builder';

// Month-end rule: a subscription counts in a month when active on its last day.
// A: 100 from 2024-01-10                     Dec 0    Jan 100  Feb 100   (new in Jan)
// B: 50 2023-12-05..2024-01-31 (last day)    Dec 50   Jan 50   Feb 0     (churn in Feb)
// C: 80 2023-12-01..2024-02-01 (ends on 1st) Dec 80   Jan 80   Feb 0     (churn in Feb)
// D: 30 from Dec 1 + 20 from Jan 15          Dec 30   Jan 50   Feb 50    (two subs: expansion 20)
// E: 100 Dec 1..Jan 14, 200 from Jan 15      Dec 100  Jan 200  Feb 200   (mid-month upgrade: +100)
// F: 40 Dec 1..Dec 31, 40 from Feb 10        Dec 40   Jan 0    Feb 40    (churn Jan, reactivation Feb)
// Totals: Dec 300, Jan 480, Feb 390.
const movementsFixture = dataset({
	subscriptions: [
		sub('A', 100, '2024-01-10'),
		sub('B', 50, '2023-12-05', '2024-01-31'),
		sub('C', 80, '2023-12-01', '2024-02-01'),
		sub('D', 30, '2023-12-01'),
		sub('D', 20, '2024-01-15'),
		sub('E', 100, '2023-12-01', '2024-01-14'),
		sub('E', 200, '2024-01-15'),
		sub('F', 40, '2023-12-01', '2023-12-31'),
		sub('F', 40, '2024-02-10')
	]
});
const settings = { asOfDay: day('2024-02-29') };
const DEC = monthIndexFromYm(2023, 12);
const JAN = monthIndexFromYm(2024, 1);
const FEB = monthIndexFromYm(2024, 2);

describe('monthOfDay', () => {
	it('agrees with the Date-based month index over many years', () => {
		for (let d = -800; d < 40_000; d += 7) expect(monthOfDay(d)).toBe(monthIndexOfDay(d));
	});

	it('reads the same months from its table as it computes, on every day and past its ends', () => {
		const wrong: number[] = [];
		for (let d = -400; d < 48_000; d++) if (monthOfDay(d) !== civilMonthOfDay(d)) wrong.push(d);
		expect(wrong).toEqual([]);
		for (const d of [-1e6, 1e6, 0.5, -0.5, 19000.25])
			expect(monthOfDay(d)).toBe(civilMonthOfDay(d));
		expect(Number.isNaN(monthOfDay(NaN))).toBe(true);
	});
});

describe('mrrSeries', () => {
	const months = mrrSeries(movementsFixture, { settings });

	it('sums each account by the month-end rule', () => {
		expect(months.map((m) => [m.month, m.mrrMinor, m.payingAccounts])).toEqual([
			[DEC, 300, 5],
			[JAN, 480, 5],
			[FEB, 390, 4]
		]);
	});

	it('counts a mid-month upgrade and a second subscription as expansion', () => {
		// Jan: new A 100; expansion D 20 + E 100; churn F 40; net 100 + 120 - 40 = 180 = 480 - 300.
		const jan = months[1];
		expect(jan.movements.new).toEqual({ amountMinor: 100, accounts: 1 });
		expect(jan.movements.expansion).toEqual({ amountMinor: 120, accounts: 2 });
		expect(jan.movements.churn).toEqual({ amountMinor: 40, accounts: 1 });
		expect(jan.netNewMinor).toBe(180);
	});

	it('puts a churn ending on the 1st or the last day of a month in the next month, and a return in reactivation', () => {
		// Feb: churn B 50 + C 80 = 130; reactivation F 40; net 40 - 130 = -90 = 390 - 480.
		const feb = months[2];
		expect(feb.movements.churn).toEqual({ amountMinor: 130, accounts: 2 });
		expect(feb.movements.reactivation).toEqual({ amountMinor: 40, accounts: 1 });
		expect(feb.movements.new.accounts).toBe(0);
		expect(feb.netNewMinor).toBe(-90);
		expect(feb.incomplete).toBe(false);
	});

	it('gives the quick ratio and ARPA with their terms', () => {
		// Feb: (0 + 0 + 40) / (0 + 130); ARPA = 390 / 4.
		expect(quickRatio(months[2].movements)).toEqual({
			value: 40 / 130,
			numerator: 40,
			denominator: 130
		});
		expect(arpaOfBase(customerBase(movementsFixture, settings), FEB).value).toBe(97.5);
	});
});

describe('revenueRetention', () => {
	it('gives NRR and GRR over one month', () => {
		// Paying in Jan: A100 B50 C80 D50 E200 = 480; in Feb 100+0+0+50+200 = 350 for both.
		const r = revenueRetention(movementsFixture, { endMonth: FEB, windowMonths: 1, settings });
		expect(r.accountsAtStart).toBe(5);
		expect(r.accountsRetained).toBe(3);
		expect(r.nrr.value).toBeCloseTo(350 / 480, 12);
		expect(r.grr.value).toBeCloseTo(350 / 480, 12);
	});

	it('caps each account at its start MRR for GRR and leaves new accounts out', () => {
		// Paying in Dec: B50 C80 D30 E100 F40 = 300 (A is new, left out).
		// Feb: 0 + 0 + 50 + 200 + 40 = 290 -> NRR 290/300; GRR min: 0+0+30+100+40 = 170/300.
		const r = revenueRetention(movementsFixture, { endMonth: FEB, windowMonths: 2, settings });
		expect(r.nrr).toEqual({ value: 290 / 300, numerator: 290, denominator: 300 });
		expect(r.grr).toEqual({ value: 170 / 300, numerator: 170, denominator: 300 });
	});
});
