// Model drivers and risk factors in plain words. The worker returns feature names, levels,
// directions and sizes (codes); these builders turn them into sentences in the UI language.
import type { MessageKey } from '../../i18n/messages';
import type { RiskDriver, RiskFactor } from '../../core/model';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;
export type FormatNumber = (value: number, digits?: number) => string;

/** Features the app computes itself have a name in both languages; attributes keep their header. */
const NAMED_FEATURES = new Set([
	'activeDays28',
	'usageTrend',
	'breadth28',
	'users28',
	'daysSinceActivity',
	'openTickets',
	'oldestOpenTicketDays',
	'latestNps',
	'failedPayments60',
	'onboardingMilestones',
	'tenureDays',
	'mrrMinor',
	'tenureMonths',
	'plan',
	'segment'
]);

export function featureName(feature: string, t: Translate): string {
	return NAMED_FEATURES.has(feature) ? t(`risk.feature.${feature}` as MessageKey) : feature;
}

/** '(missing)' and '(other)' are the model's own levels; every other level is data. */
export function levelName(level: string, t: Translate): string {
	if (level === '(missing)') return t('risk.level.missing');
	if (level === '(other)') return t('risk.level.other');
	return level;
}

/** One driver as a sentence: what, which way, how much (odds ratio). */
export function driverSentence(driver: RiskDriver, t: Translate, number: FormatNumber): string {
	const params = {
		feature: featureName(driver.feature, t),
		level: driver.level === null ? '' : levelName(driver.level, t),
		reference: driver.reference === null ? '' : levelName(driver.reference, t),
		odds: number(driver.oddsRatio, 2)
	};
	const way = driver.direction === 'raises' ? 'raises' : 'lowers';
	const key =
		driver.kind === 'per-sd'
			? (`risk.driver.perSd.${way}` as const)
			: driver.kind === 'missing'
				? (`risk.driver.missing.${way}` as const)
				: (`risk.driver.level.${way}` as const);
	return sentenceCase(t(key, params));
}

/** Feature names are written lower case to sit inside sentences; a sentence starts upper case. */
function sentenceCase(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A factor raising one account's risk: the feature and the account's value or level. */
export function factorText(factor: RiskFactor, t: Translate, number: FormatNumber): string {
	const feature = featureName(factor.feature, t);
	if (factor.level !== null) {
		return t('risk.factor.level', { feature, level: levelName(factor.level, t) });
	}
	if (factor.value === null) return t('risk.factor.unknown', { feature });
	const digits = Number.isInteger(factor.value) ? 0 : 2;
	return t('risk.factor.value', { feature, value: number(factor.value, digits) });
}
