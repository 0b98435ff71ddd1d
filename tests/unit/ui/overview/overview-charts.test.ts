import { describe, expect, it } from 'vitest';
import { kpis } from '../../../../src/lib/core/kpis';
import { dayFromIso, monthIndexFromYm } from '../../../../src/lib/core/dates';
import {
	activeCustomersData,
	chartRows,
	churnTrendData,
	movementsData,
	npsGroupsData
} from '../../../../src/lib/ui/overview/overview-charts';
import { AS_OF, threeAccounts } from './fixture';

const JAN = monthIndexFromYm(2026, 1);
const FEB = monthIndexFromYm(2026, 2);
const k = kpis(threeAccounts(), { period: FEB, settings: { asOfDay: AS_OF }, seriesMonths: 12 });

describe('overview charts', () => {
	it('draws months up to the period end: January and February', () => {
		expect(churnTrendData(k).labels).toEqual(['2026-01', '2026-02']);
	});

	it('shows churn rates in percent, with a gap where a rate is undefined', () => {
		const data = churnTrendData(k);
		// January has no customers before it: no rate, a gap, not 0.
		expect(data.series[0].values).toEqual([null, 50]);
		expect(data.series[1].values[1]).toBeCloseTo((200 / 300) * 100, 10);
		expect(data.refAt(0, 1)).toEqual({ kind: 'logo-churn', startMonth: FEB, part: 'churned' });
		expect(data.refAt(2, 1)).toEqual({ kind: 'mrr-movement', startMonth: FEB, movement: 'churn' });
		expect(data.refAt(0, 5)).toBeNull();
	});

	it('stacks gains above zero and losses below, in major units', () => {
		const data = movementsData(k, (minor) => minor / 100);
		const byKey = Object.fromEntries(data.series.map((s) => [s.key, s.values]));
		// January: A and B new (1 + 2). February: C new 0.5, B churned 2.
		expect(byKey['ov.chart.movement.new']).toEqual([3, 0.5]);
		expect(byKey['ov.chart.movement.churn']).toEqual([-0, -2]);
		expect(data.refAt(4, 1)).toEqual({ kind: 'mrr-movement', startMonth: FEB, movement: 'churn' });
		expect(data.refAt(0, 0)).toEqual({ kind: 'mrr-movement', startMonth: JAN, movement: 'new' });
	});

	it('counts NPS answers per group and lists each group’s accounts on click', () => {
		const data = npsGroupsData(k, (key) => key);
		expect(data.series[0].values).toEqual([1, 1, 2]);
		expect(data.refAt(0, 2)).toEqual({
			kind: 'nps',
			fromDay: dayFromIso('2026-02-01'),
			toDay: dayFromIso('2026-02-28'),
			group: 'promoter'
		});
	});

	it('follows active customers per month and tabulates any chart', () => {
		const data = activeCustomersData(k);
		// Jan 31: A, B. Feb 28: A, C.
		expect(data.series[0].values).toEqual([2, 2]);
		expect(chartRows(data)).toEqual([
			['2026-01', 2],
			['2026-02', 2]
		]);
	});
});
