// The overview's KPI cards as pure data: each card's value now and in the previous period, the
// formula (a message key), the counts that went into it, and the accounts behind it. The
// components only format and lay these out.
import type { FigureRef } from '../../core/accounts-behind';
import { firstDayOfMonth, lastDayOfMonth } from '../../core/dates';
import type { Kpis } from '../../core/kpis';
import type { MessageKey } from '../../i18n/messages';

export type ValueFormat = 'count' | 'money' | 'percent' | 'ratio' | 'score' | 'months';

export interface CountLine {
	key: MessageKey;
	value: number | null;
	format: ValueFormat;
	/** The accounts this count is made of, when it is a count of accounts. */
	ref: FigureRef | null;
}

export const KPI_IDS = [
	'activeCustomers',
	'mrr',
	'logoChurn',
	'grossMrrChurn',
	'netMrrChurn',
	'nrr',
	'grr',
	'quickRatio',
	'arpa',
	'ltv',
	'ltvCac',
	'nps'
] as const;
export type KpiId = (typeof KPI_IDS)[number];

export interface KpiCardModel {
	id: KpiId;
	titleKey: MessageKey;
	value: number | null;
	previous: number | null;
	format: ValueFormat;
	/** Which way is good news, to colour the change. */
	goodWhen: 'up' | 'down';
	formulaKey: MessageKey;
	formulaParams: Record<string, string | number>;
	counts: CountLine[];
	/** Why the value is missing (a message key), when it is. */
	missingKey: MessageKey | null;
	/** The accounts behind the headline figure. */
	ref: FigureRef | null;
	/** The definition in force, named on the card (e.g. the churn convention). */
	definitionKey: MessageKey | null;
}

export interface Change {
	/** value - previous (percentage points for rates). */
	delta: number | null;
	direction: 'up' | 'down' | 'flat' | null;
	good: boolean | null;
}

export function changeOf(card: Pick<KpiCardModel, 'value' | 'previous' | 'goodWhen'>): Change {
	if (card.value === null || card.previous === null) {
		return { delta: null, direction: null, good: null };
	}
	const delta = card.value - card.previous;
	// Float noise (0.1 + 0.2) is not a change.
	if (Math.abs(delta) < 1e-12) return { delta: 0, direction: 'flat', good: null };
	const direction = delta > 0 ? 'up' : 'down';
	return { delta, direction, good: direction === card.goodWhen };
}

/** The NRR/GRR window that matches the period: 12 months for a year or more, 3 for a quarter. */
export function retentionWindowOf(period: Kpis['period']): '1' | '3' | '12' {
	const length = period.endMonth - period.startMonth + 1;
	return length >= 12 ? '12' : length >= 3 ? '3' : '1';
}

const CONVENTION_KEYS = {
	standard: 'definition.convention.standard',
	baremetrics: 'definition.convention.baremetrics',
	profitwell: 'definition.convention.profitwell'
} as const satisfies Record<Kpis['definitions']['convention'], MessageKey>;

const LTV_MISSING_KEYS = {
	'no-paying-accounts': 'missing.no-paying-accounts',
	'no-churn-history': 'missing.no-churn-history',
	'zero-churn': 'missing.zero-churn',
	'no-margin': 'missing.no-margin',
	'no-cac': 'missing.no-cac'
} as const satisfies Record<string, MessageKey>;

function missingKeyOf(code: keyof typeof LTV_MISSING_KEYS | null): MessageKey | null {
	return code === null ? null : LTV_MISSING_KEYS[code];
}

/** Every KPI card of a Kpis result, in display order; `inputs` are what the person entered. */
export function kpiCards(
	k: Kpis,
	inputs: { grossMargin: number | null; cacMinor: number | null } = {
		grossMargin: null,
		cacMinor: null
	}
): KpiCardModel[] {
	const { startMonth, endMonth } = k.period;
	const window = retentionWindowOf(k.period);
	const cur = k.totals.current;
	const prev = k.totals.previous;
	const logo = k.logoChurn.current;
	const rev = k.revenueChurn.current;
	const mov = k.movements.current.movements;
	const rr = k.revenueRetention.current[window];
	const ltv = k.ltv.current;
	const nps = k.nps.current;
	const withReactivation = k.definitions.netChurnIncludesReactivation;
	const count = (key: MessageKey, value: number | null, ref: FigureRef | null = null) => ({
		key,
		value,
		format: 'count' as const,
		ref
	});
	const money = (key: MessageKey, value: number | null, ref: FigureRef | null = null) => ({
		key,
		value,
		format: 'money' as const,
		ref
	});
	const movementRef = (movement: 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation') =>
		({ kind: 'mrr-movement', startMonth, endMonth, movement }) as const;
	const logoRef = (part: 'customers-at-start' | 'churned' | 'joined-and-churned') =>
		({ kind: 'logo-churn', startMonth, endMonth, part }) as const;
	const ltvValue = (l: typeof ltv) => l.marginAdjustedLtvMinor ?? l.ltvMinor;
	const logoCounts: CountLine[] = [
		count('count.customersAtStart', logo.customersAtStart, logoRef('customers-at-start')),
		count('count.churnedFromStart', logo.churnedFromStart, logoRef('churned')),
		count('count.joinedAndChurned', logo.joinedAndChurned, logoRef('joined-and-churned')),
		count('count.churnedAndReactivated', logo.churnedAndReactivated),
		count('count.rateNumerator', logo.rate.numerator),
		count('count.rateDenominator', logo.rate.denominator)
	];
	if (logo.convention === 'profitwell') {
		logoCounts.splice(
			3,
			0,
			count('count.joinedAndChurnedAcrossMonths', logo.joinedAndChurnedAcrossMonths)
		);
	}

	return [
		{
			id: 'activeCustomers',
			titleKey: 'kpi.activeCustomers',
			value: cur.activeCustomers,
			previous: prev.activeCustomers,
			format: 'count',
			goodWhen: 'up',
			formulaKey: 'kpi.activeCustomers.formula',
			formulaParams: {},
			counts: [
				count('count.activeCustomers', cur.activeCustomers, {
					kind: 'active-customers',
					month: endMonth
				}),
				count('count.payingAccounts', cur.payingAccounts, {
					kind: 'paying-accounts',
					month: endMonth
				})
			],
			missingKey: null,
			ref: { kind: 'active-customers', month: endMonth },
			definitionKey: null
		},
		{
			id: 'mrr',
			titleKey: 'kpi.mrr',
			value: cur.mrrMinor,
			previous: prev.mrrMinor,
			format: 'money',
			goodWhen: 'up',
			formulaKey: 'kpi.mrr.formula',
			formulaParams: {},
			counts: [
				count('count.payingAccounts', cur.payingAccounts, {
					kind: 'paying-accounts',
					month: endMonth
				}),
				money('count.mrrAtStart', k.movements.current.startMrrMinor),
				money('count.newMrr', mov.new.amountMinor, movementRef('new')),
				money('count.expansionMrr', mov.expansion.amountMinor, movementRef('expansion')),
				money('count.reactivationMrr', mov.reactivation.amountMinor, movementRef('reactivation')),
				money('count.contractionMrr', mov.contraction.amountMinor, movementRef('contraction')),
				money('count.churnMrr', mov.churn.amountMinor, movementRef('churn'))
			],
			missingKey: null,
			ref: { kind: 'paying-accounts', month: endMonth },
			definitionKey: null
		},
		{
			id: 'logoChurn',
			titleKey: 'kpi.logoChurn',
			value: logo.rate.value,
			previous: k.logoChurn.previous.rate.value,
			format: 'percent',
			goodWhen: 'down',
			formulaKey: `kpi.logoChurn.formula.${logo.convention}`,
			formulaParams: {},
			counts: logoCounts,
			missingKey: logo.rate.value === null ? 'missing.no-customers-at-start' : null,
			ref: logoRef('churned'),
			definitionKey: CONVENTION_KEYS[logo.convention]
		},
		{
			id: 'grossMrrChurn',
			titleKey: 'kpi.grossMrrChurn',
			value: rev.gross.value,
			previous: k.revenueChurn.previous.gross.value,
			format: 'percent',
			goodWhen: 'down',
			formulaKey: 'kpi.grossMrrChurn.formula',
			formulaParams: {},
			counts: [
				money('count.mrrAtStart', rev.startMrrMinor),
				money('count.churnMrr', rev.churnMinor, movementRef('churn')),
				money('count.contractionMrr', rev.contractionMinor, movementRef('contraction'))
			],
			missingKey: rev.gross.value === null ? 'missing.no-mrr-at-start' : null,
			ref: movementRef('churn'),
			definitionKey: null
		},
		{
			id: 'netMrrChurn',
			titleKey: 'kpi.netMrrChurn',
			value: rev.net.value,
			previous: k.revenueChurn.previous.net.value,
			format: 'percent',
			goodWhen: 'down',
			formulaKey: withReactivation
				? 'kpi.netMrrChurn.formula.withReactivation'
				: 'kpi.netMrrChurn.formula.withoutReactivation',
			formulaParams: {},
			counts: [
				money('count.mrrAtStart', rev.startMrrMinor),
				money('count.churnMrr', rev.churnMinor, movementRef('churn')),
				money('count.contractionMrr', rev.contractionMinor, movementRef('contraction')),
				money('count.expansionMrr', rev.expansionMinor, movementRef('expansion')),
				...(withReactivation
					? [money('count.reactivationMrr', rev.reactivationMinor, movementRef('reactivation'))]
					: [])
			],
			missingKey: rev.net.value === null ? 'missing.no-mrr-at-start' : null,
			ref: movementRef('churn'),
			definitionKey: withReactivation
				? 'definition.net.withReactivation'
				: 'definition.net.withoutReactivation'
		},
		{
			id: 'nrr',
			titleKey: 'kpi.nrr',
			value: rr.nrr.value,
			previous: k.revenueRetention.previous[window].nrr.value,
			format: 'percent',
			goodWhen: 'up',
			formulaKey: 'kpi.nrr.formula',
			formulaParams: { months: Number(window) },
			counts: [
				count('count.accountsAtStart', rr.accountsAtStart, {
					kind: 'revenue-retention',
					endMonth,
					windowMonths: Number(window),
					part: 'at-start'
				}),
				count('count.accountsRetained', rr.accountsRetained, {
					kind: 'revenue-retention',
					endMonth,
					windowMonths: Number(window),
					part: 'retained'
				}),
				money('count.theirMrrAtStart', rr.startMrrMinor),
				money('count.theirMrrAtEnd', rr.endMrrMinor)
			],
			missingKey: rr.nrr.value === null ? 'missing.no-mrr-at-start' : null,
			ref: { kind: 'revenue-retention', endMonth, windowMonths: Number(window), part: 'at-start' },
			definitionKey: null
		},
		{
			id: 'grr',
			titleKey: 'kpi.grr',
			value: rr.grr.value,
			previous: k.revenueRetention.previous[window].grr.value,
			format: 'percent',
			goodWhen: 'up',
			formulaKey: 'kpi.grr.formula',
			formulaParams: { months: Number(window) },
			counts: [
				count('count.accountsAtStart', rr.accountsAtStart, {
					kind: 'revenue-retention',
					endMonth,
					windowMonths: Number(window),
					part: 'at-start'
				}),
				money('count.theirMrrAtStart', rr.startMrrMinor),
				money('count.cappedMrrAtEnd', rr.cappedEndMrrMinor)
			],
			missingKey: rr.grr.value === null ? 'missing.no-mrr-at-start' : null,
			ref: { kind: 'revenue-retention', endMonth, windowMonths: Number(window), part: 'at-start' },
			definitionKey: null
		},
		{
			id: 'quickRatio',
			titleKey: 'kpi.quickRatio',
			value: k.quickRatio.current.value,
			previous: k.quickRatio.previous.value,
			format: 'ratio',
			goodWhen: 'up',
			formulaKey: 'kpi.quickRatio.formula',
			formulaParams: {},
			counts: [
				money('count.newMrr', mov.new.amountMinor, movementRef('new')),
				money('count.expansionMrr', mov.expansion.amountMinor, movementRef('expansion')),
				money('count.reactivationMrr', mov.reactivation.amountMinor, movementRef('reactivation')),
				money('count.contractionMrr', mov.contraction.amountMinor, movementRef('contraction')),
				money('count.churnMrr', mov.churn.amountMinor, movementRef('churn'))
			],
			missingKey: k.quickRatio.current.value === null ? 'missing.no-losses' : null,
			ref: movementRef('new'),
			definitionKey: null
		},
		{
			id: 'arpa',
			titleKey: 'kpi.arpa',
			value: k.arpa.current.value,
			previous: k.arpa.previous.value,
			format: 'money',
			goodWhen: 'up',
			formulaKey: 'kpi.arpa.formula',
			formulaParams: {},
			counts: [
				money('count.mrr', k.arpa.current.numerator),
				count('count.payingAccounts', k.arpa.current.denominator, {
					kind: 'paying-accounts',
					month: endMonth
				})
			],
			missingKey: k.arpa.current.value === null ? 'missing.no-paying-accounts' : null,
			ref: { kind: 'paying-accounts', month: endMonth },
			definitionKey: null
		},
		{
			id: 'ltv',
			titleKey: ltv.marginAdjustedLtvMinor !== null ? 'kpi.ltv.marginAdjusted' : 'kpi.ltv',
			value: ltvValue(ltv),
			previous: ltvValue(k.ltv.previous),
			format: 'money',
			goodWhen: 'up',
			formulaKey:
				ltv.marginAdjustedLtvMinor !== null ? 'kpi.ltv.formula.margin' : 'kpi.ltv.formula',
			formulaParams: {},
			counts: [
				{ key: 'count.arpa', value: ltv.arpa.value, format: 'money', ref: null },
				{ key: 'count.averageChurn', value: ltv.averageChurnRate, format: 'percent', ref: null },
				{ key: 'count.churnMonthsUsed', value: ltv.churnMonthsUsed, format: 'months', ref: null },
				{ key: 'count.ltvBeforeMargin', value: ltv.ltvMinor, format: 'money', ref: null },
				{ key: 'count.grossMargin', value: inputs.grossMargin, format: 'percent', ref: null }
			],
			missingKey: missingKeyOf(ltv.missing),
			ref: null,
			definitionKey: ltv.marginAdjustedLtvMinor !== null ? null : 'definition.ltv.noMargin'
		},
		{
			id: 'ltvCac',
			titleKey: 'kpi.ltvCac',
			value: ltv.ltvToCac,
			previous: k.ltv.previous.ltvToCac,
			format: 'ratio',
			goodWhen: 'up',
			formulaKey: ltv.ltvToCacUsesMargin ? 'kpi.ltvCac.formula.margin' : 'kpi.ltvCac.formula',
			formulaParams: {},
			counts: [
				{ key: 'count.ltvUsed', value: ltvValue(ltv), format: 'money', ref: null },
				{ key: 'count.cac', value: inputs.cacMinor, format: 'money', ref: null }
			],
			missingKey: missingKeyOf(ltv.ltvToCacMissing),
			ref: null,
			definitionKey: null
		},
		{
			id: 'nps',
			titleKey: 'kpi.nps',
			value: nps.nps,
			previous: k.nps.previous.nps,
			format: 'score',
			goodWhen: 'up',
			formulaKey: 'kpi.nps.formula',
			formulaParams: {},
			counts: [
				count('count.promoters', nps.promoters, npsRef(startMonth, endMonth, 'promoter')),
				count('count.passives', nps.passives, npsRef(startMonth, endMonth, 'passive')),
				count('count.detractors', nps.detractors, npsRef(startMonth, endMonth, 'detractor')),
				count('count.responses', nps.responses),
				count('count.npsAccounts', nps.accounts, npsRef(startMonth, endMonth))
			],
			missingKey: nps.nps === null ? 'missing.no-responses' : null,
			ref: npsRef(startMonth, endMonth),
			definitionKey: null
		}
	];
}

export function npsRef(
	startMonth: number,
	endMonth: number,
	group?: 'promoter' | 'passive' | 'detractor'
): FigureRef {
	return {
		kind: 'nps',
		fromDay: firstDayOfMonth(startMonth),
		toDay: lastDayOfMonth(endMonth),
		...(group ? { group } : {})
	};
}
