import { describe, expect, it } from 'vitest';
import { kpis } from '../../../../src/lib/core/kpis';
import { monthIndexFromYm } from '../../../../src/lib/core/dates';
import {
	changeOf,
	kpiCards,
	KPI_IDS,
	retentionWindowOf
} from '../../../../src/lib/ui/overview/kpi-cards';
import { AS_OF, threeAccounts } from './fixture';

const FEB = monthIndexFromYm(2026, 2);

function cardsFor(convention: 'standard' | 'baremetrics' = 'standard') {
	const k = kpis(threeAccounts(), {
		period: FEB,
		settings: { asOfDay: AS_OF, convention, grossMargin: null, cacMinor: null }
	});
	const cards = kpiCards(k, { grossMargin: null, cacMinor: 5000 });
	return Object.fromEntries(cards.map((c) => [c.id, c]));
}

describe('kpi cards', () => {
	it('gives every card, in order', () => {
		const k = kpis(threeAccounts(), { period: FEB, settings: { asOfDay: AS_OF } });
		expect(kpiCards(k).map((c) => c.id)).toEqual([...KPI_IDS]);
	});

	it('shows logo churn with the counts that make it: 1 churned of 2 at start', () => {
		const c = cardsFor().logoChurn;
		expect(c.value).toBe(0.5);
		const counts = Object.fromEntries(c.counts.map((l) => [l.key, l.value]));
		expect(counts['count.customersAtStart']).toBe(2);
		expect(counts['count.churnedFromStart']).toBe(1);
		expect(counts['count.rateNumerator']! / counts['count.rateDenominator']!).toBe(c.value);
		expect(c.ref).toEqual({ kind: 'logo-churn', startMonth: FEB, endMonth: FEB, part: 'churned' });
		expect(c.definitionKey).toBe('definition.convention.standard');
		expect(c.formulaKey).toBe('kpi.logoChurn.formula.standard');
	});

	it('names the convention in force on the card', () => {
		const c = cardsFor('baremetrics').logoChurn;
		expect(c.definitionKey).toBe('definition.convention.baremetrics');
		expect(c.formulaKey).toBe('kpi.logoChurn.formula.baremetrics');
	});

	it('computes MRR churn from 200 lost of 300 at start', () => {
		const cards = cardsFor();
		expect(cards.grossMrrChurn.value).toBeCloseTo(200 / 300, 12);
		expect(cards.netMrrChurn.value).toBeCloseTo(200 / 300, 12);
		expect(cards.mrr.value).toBe(150);
		expect(cards.mrr.previous).toBe(300);
		// Quick ratio: new 50 ÷ churn 200.
		expect(cards.quickRatio.value).toBe(0.25);
		// ARPA: 150 ÷ 2 paying accounts (A, C).
		expect(cards.arpa.value).toBe(75);
	});

	it('keeps NRR and GRR to the accounts paying at the start: A and B, 300 → 100', () => {
		const cards = cardsFor();
		expect(cards.nrr.value).toBeCloseTo(100 / 300, 12);
		expect(cards.grr.value).toBeCloseTo(100 / 300, 12);
		expect(cards.nrr.formulaParams).toEqual({ months: 1 });
	});

	it('counts NPS groups in the period: 2 promoters, 1 passive, 1 detractor → 25', () => {
		const c = cardsFor().nps;
		// (2 - 1) ÷ 4 answers = 25.
		expect(c.value).toBe(25);
		const counts = Object.fromEntries(c.counts.map((l) => [l.key, l.value]));
		expect(counts).toMatchObject({
			'count.promoters': 2,
			'count.passives': 1,
			'count.detractors': 1,
			'count.responses': 4
		});
	});

	it('explains a missing LTV instead of showing infinity', () => {
		// No month before February had customers at its start: no churn history.
		const c = cardsFor().ltv;
		expect(c.value).toBeNull();
		expect(c.missingKey).toBe('missing.no-churn-history');
		const cac = cardsFor().ltvCac.counts.find((l) => l.key === 'count.cac');
		expect(cac?.value).toBe(5000);
	});
});

describe('changeOf', () => {
	it('says whether a change is good news for the figure', () => {
		expect(changeOf({ value: 0.1, previous: 0.05, goodWhen: 'down' })).toEqual({
			delta: 0.05,
			direction: 'up',
			good: false
		});
		expect(changeOf({ value: 120, previous: 100, goodWhen: 'up' })).toMatchObject({
			delta: 20,
			good: true
		});
		expect(changeOf({ value: 0.3, previous: 0.1 + 0.2, goodWhen: 'up' }).direction).toBe('flat');
		expect(changeOf({ value: null, previous: 1, goodWhen: 'up' }).delta).toBeNull();
	});

	it('matches the retention window to the period length', () => {
		expect(retentionWindowOf({ startMonth: 10, endMonth: 10 })).toBe('1');
		expect(retentionWindowOf({ startMonth: 10, endMonth: 12 })).toBe('3');
		expect(retentionWindowOf({ startMonth: 1, endMonth: 12 })).toBe('12');
	});
});
