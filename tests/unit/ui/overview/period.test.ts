import { describe, expect, it } from 'vitest';
import { monthIndexFromYm } from '../../../../src/lib/core/dates';
import {
	choiceOfKind,
	monthOptions,
	periodSpan,
	previousSpan,
	quarterLabel,
	quarterOptions,
	quarterStartOf,
	spanLabel
} from '../../../../src/lib/ui/overview/period';

const m = monthIndexFromYm;

describe('overview period', () => {
	it('covers one month, three months of a quarter, or a range put in order', () => {
		expect(periodSpan({ kind: 'month', month: m(2026, 10) })).toEqual({
			startMonth: m(2026, 10),
			endMonth: m(2026, 10)
		});
		expect(periodSpan({ kind: 'quarter', startMonth: m(2026, 7) })).toEqual({
			startMonth: m(2026, 7),
			endMonth: m(2026, 9)
		});
		expect(periodSpan({ kind: 'range', startMonth: m(2026, 6), endMonth: m(2026, 1) })).toEqual({
			startMonth: m(2026, 1),
			endMonth: m(2026, 6)
		});
	});

	it('compares with the same length just before', () => {
		// Jan–Jun 2026 (6 months) → Jul–Dec 2025.
		expect(previousSpan({ startMonth: m(2026, 1), endMonth: m(2026, 6) })).toEqual({
			startMonth: m(2025, 7),
			endMonth: m(2025, 12)
		});
	});

	it('finds calendar quarters from any month, before 1970 too', () => {
		expect(quarterStartOf(m(2026, 11))).toBe(m(2026, 10));
		expect(quarterStartOf(m(1969, 12))).toBe(m(1969, 10));
		expect(quarterLabel(m(2026, 10))).toBe('2026-Q4');
		expect(quarterLabel(m(1969, 1))).toBe('1969-Q1');
	});

	it('switches to the latest complete quarter when October is the latest complete month', () => {
		// Q4 2026 is not over in October, so Q3 (Jul–Sep) is picked.
		const month = { kind: 'month' as const, month: m(2026, 10) };
		expect(choiceOfKind('quarter', month, m(2026, 10))).toEqual({
			kind: 'quarter',
			startMonth: m(2026, 7)
		});
		expect(choiceOfKind('quarter', { kind: 'month', month: m(2026, 9) }, m(2026, 10))).toEqual({
			kind: 'quarter',
			startMonth: m(2026, 7)
		});
		expect(choiceOfKind('month', { kind: 'quarter', startMonth: m(2026, 4) }, m(2026, 10))).toEqual(
			{
				kind: 'month',
				month: m(2026, 6)
			}
		);
	});

	it('lists months and quarters newest first', () => {
		expect(monthOptions(m(2026, 8), m(2026, 10)).map((o) => o.label)).toEqual([
			'2026-10',
			'2026-09',
			'2026-08'
		]);
		expect(quarterOptions(m(2026, 2), m(2026, 7)).map((o) => o.label)).toEqual([
			'2026-Q3',
			'2026-Q2',
			'2026-Q1'
		]);
	});

	it('labels a month, a quarter and a range', () => {
		expect(spanLabel({ startMonth: m(2026, 10), endMonth: m(2026, 10) })).toBe('2026-10');
		expect(spanLabel({ startMonth: m(2026, 7), endMonth: m(2026, 9) })).toBe('2026-Q3');
		expect(spanLabel({ startMonth: m(2026, 8), endMonth: m(2026, 10) })).toBe('2026-08 – 2026-10');
	});
});
