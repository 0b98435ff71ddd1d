// Customer lifetime value from ARPA and recent logo churn, with the reasons it can be undefined.
import { logoChurnOfBase } from './churn';
import { customerBase, type CustomerBase, type MetricSettings } from './customer-base';
import { arpaOfBase } from './mrr';
import type { Ratio } from './stats';
import type { Dataset, MonthIndex } from './types';

/** Why a value is missing; the UI translates the code. */
export type LtvMissing =
	'no-paying-accounts' | 'no-churn-history' | 'zero-churn' | 'no-margin' | 'no-cac';

export interface LifetimeValue {
	month: MonthIndex;
	arpa: Ratio;
	/** Mean of the monthly logo churn rates of the (up to) six months before `month`. */
	averageChurnRate: number | null;
	/** Months whose rate went into the average (those with customers at their start). */
	churnMonthsUsed: number;
	/** ARPA ÷ average churn, minor units; null with `missing` when undefined. */
	ltvMinor: number | null;
	missing: LtvMissing | null;
	/** LTV × gross margin (labelled as margin-adjusted). */
	marginAdjustedLtvMinor: number | null;
	marginMissing: LtvMissing | null;
	/** Margin-adjusted LTV ÷ CAC when a margin is set, else LTV ÷ CAC. */
	ltvToCac: number | null;
	ltvToCacMissing: LtvMissing | null;
	/** True when ltvToCac used the margin-adjusted LTV. */
	ltvToCacUsesMargin: boolean;
}

/** LTV's churn rate is the mean of this many months' logo churn, before the month. */
export const LTV_CHURN_MONTHS = 6;

export function lifetimeValueOfBase(
	base: CustomerBase,
	month: MonthIndex,
	settings: MetricSettings = {}
): LifetimeValue {
	const arpa = arpaOfBase(base, month);
	let sum = 0;
	let used = 0;
	for (let m = month - LTV_CHURN_MONTHS; m < month; m++) {
		if (m - 1 < base.firstMonth) continue;
		const rate = logoChurnOfBase(base, m, m, settings.convention).rate.value;
		if (rate === null) continue;
		sum += rate;
		used++;
	}
	const averageChurnRate = used > 0 ? sum / used : null;
	let ltvMinor: number | null = null;
	let missing: LtvMissing | null = null;
	if (arpa.value === null) missing = 'no-paying-accounts';
	else if (averageChurnRate === null) missing = 'no-churn-history';
	else if (averageChurnRate === 0) missing = 'zero-churn';
	else ltvMinor = arpa.value / averageChurnRate;

	const margin = settings.grossMargin ?? null;
	const marginAdjusted = ltvMinor !== null && margin !== null ? ltvMinor * margin : null;
	const marginMissing = ltvMinor === null ? missing : margin === null ? 'no-margin' : null;
	const cac = settings.cacMinor ?? null;
	const basis = marginAdjusted ?? ltvMinor;
	let ltvToCac: number | null = null;
	let ltvToCacMissing: LtvMissing | null = null;
	if (basis === null) ltvToCacMissing = missing;
	else if (cac === null || !(cac > 0)) ltvToCacMissing = 'no-cac';
	else ltvToCac = basis / cac;
	return {
		month,
		arpa,
		averageChurnRate,
		churnMonthsUsed: used,
		ltvMinor,
		missing,
		marginAdjustedLtvMinor: marginAdjusted,
		marginMissing,
		ltvToCac,
		ltvToCacMissing,
		ltvToCacUsesMargin: marginAdjusted !== null
	};
}

export function lifetimeValue(
	dataset: Dataset,
	options: { month: MonthIndex; settings?: MetricSettings }
): LifetimeValue {
	return lifetimeValueOfBase(
		customerBase(dataset, options.settings),
		options.month,
		options.settings
	);
}
