// Health score 0..100 from weighted components. Each component maps one point-in-time feature
// linearly from its "bad" value (0) to its "good" value (1), clamped; the score is the weighted
// mean × 100 over the enabled components whose feature is known, so a missing source (no NPS
// answer yet) neither helps nor hurts. Every score carries its components and what moved it.
import {
	NUMERIC_FEATURES,
	isAccountActiveAt,
	writeAccountFeatures,
	type FeatureIndex,
	type NumericFeature
} from './features';
import type { Dataset, DayNumber } from './types';

export const HEALTH_COMPONENT_IDS = [
	'usage',
	'trend',
	'breadth',
	'support',
	'ticketAge',
	'nps',
	'payments',
	'onboarding',
	'tenure'
] as const;
export type HealthComponentId = (typeof HEALTH_COMPONENT_IDS)[number];

export interface HealthComponentSetting {
	enabled: boolean;
	weight: number;
	feature: NumericFeature;
	/** Feature value worth 0 points (may be above `good`: more tickets is worse). */
	bad: number;
	/** Feature value worth full points. */
	good: number;
}

export interface BandThresholds {
	/** Scores below this are red. */
	redBelow: number;
	/** Scores below this (and not red) are yellow; the rest green. */
	yellowBelow: number;
}

export interface HealthSettings {
	components: Record<HealthComponentId, HealthComponentSetting>;
	bands: BandThresholds;
	/** Thresholds for a segment (by account segment name), replacing `bands` there. */
	bandsBySegment: Record<string, BandThresholds>;
}

export const DEFAULT_HEALTH_SETTINGS: HealthSettings = {
	components: {
		usage: { enabled: true, weight: 25, feature: 'activeDays28', bad: 0, good: 20 },
		trend: { enabled: true, weight: 20, feature: 'usageTrend', bad: 0.5, good: 1 },
		breadth: { enabled: true, weight: 10, feature: 'breadth28', bad: 1, good: 5 },
		support: { enabled: true, weight: 10, feature: 'openTickets', bad: 3, good: 0 },
		ticketAge: { enabled: true, weight: 5, feature: 'oldestOpenTicketDays', bad: 30, good: 0 },
		nps: { enabled: true, weight: 10, feature: 'latestNps', bad: 4, good: 9 },
		payments: { enabled: true, weight: 15, feature: 'failedPayments60', bad: 2, good: 0 },
		onboarding: { enabled: true, weight: 5, feature: 'onboardingMilestones', bad: 0, good: 3 },
		// New accounts churn most: a year of tenure earns the full points.
		tenure: { enabled: true, weight: 5, feature: 'tenureDays', bad: 30, good: 365 }
	},
	bands: { redBelow: 40, yellowBelow: 70 },
	bandsBySegment: {}
};

export type HealthBand = 'green' | 'yellow' | 'red';

export interface HealthComponent {
	id: HealthComponentId;
	feature: NumericFeature;
	/** The feature's value; null when unknown (the component is then left out). */
	value: number | null;
	/** Share of the feature's range reached, 0..1; null when left out. */
	fraction: number | null;
	/** Points this component adds to the score (the points of all components sum to it). */
	points: number;
	/** The configured weight. */
	weight: number;
}

export interface HealthMove {
	id: HealthComponentId;
	/** Points now minus points a week before. */
	deltaPoints: number;
}

export interface HealthScore {
	accountIndex: number;
	accountId: string;
	segment: string | null;
	/** Null when no enabled component is known. */
	score: number | null;
	band: HealthBand | null;
	components: HealthComponent[];
	/** Score 7 days before (null when unknown or not active then). */
	previousScore: number | null;
	/** Components whose points changed since a week before, the largest change first. */
	moves: HealthMove[];
}

const FEATURE_COLUMN = new Map<NumericFeature, number>(NUMERIC_FEATURES.map((f, i) => [f, i]));

/** Fraction of the way from `bad` to `good`, clamped to 0..1. */
export function componentFraction(value: number, bad: number, good: number): number {
	if (good === bad) return value === good ? 1 : 0;
	const t = (value - bad) / (good - bad);
	return t < 0 ? 0 : t > 1 ? 1 : t;
}

export function bandOf(score: number, thresholds: BandThresholds): HealthBand {
	return score < thresholds.redBelow ? 'red' : score < thresholds.yellowBelow ? 'yellow' : 'green';
}

export function bandThresholdsFor(
	settings: HealthSettings,
	segment: string | null
): BandThresholds {
	return (segment !== null && settings.bandsBySegment[segment]) || settings.bands;
}

/** Components and score from a row of features in NUMERIC_FEATURES order. */
export function healthOfFeatures(
	features: ArrayLike<number>,
	settings: HealthSettings = DEFAULT_HEALTH_SETTINGS
): { score: number | null; components: HealthComponent[] } {
	let totalWeight = 0;
	const parts = HEALTH_COMPONENT_IDS.flatMap((id) => {
		const setting = settings.components[id];
		if (!setting.enabled || !(setting.weight > 0)) return [];
		const value = features[FEATURE_COLUMN.get(setting.feature) as number];
		const known = !Number.isNaN(value);
		if (known) totalWeight += setting.weight;
		return [{ id, setting, value, known }];
	});
	const components = parts.map(({ id, setting, value, known }): HealthComponent => {
		const fraction = known ? componentFraction(value, setting.bad, setting.good) : null;
		return {
			id,
			feature: setting.feature,
			value: known ? value : null,
			fraction,
			points:
				fraction !== null && totalWeight > 0 ? (100 * setting.weight * fraction) / totalWeight : 0,
			weight: setting.weight
		};
	});
	const score = totalWeight > 0 ? components.reduce((s, c) => s + c.points, 0) : null;
	return { score, components };
}

/**
 * The account's score on the day from features known then; NaN when it is not active or no
 * component is known. Scratch arrays come from `healthScratch`.
 */
export function healthScoreAt(
	index: FeatureIndex,
	account: number,
	day: DayNumber,
	settings: HealthSettings,
	scratch: HealthScratch
): number {
	if (!isAccountActiveAt(index, account, day)) return NaN;
	writeAccountFeatures(index, account, day, scratch.features, 0, scratch.stamp, ++scratch.stampId);
	return healthOfFeatures(scratch.features, settings).score ?? NaN;
}

export interface HealthScratch {
	features: Float64Array;
	stamp: Int32Array;
	stampId: number;
}

export function healthScratch(index: FeatureIndex): HealthScratch {
	return {
		features: new Float64Array(NUMERIC_FEATURES.length),
		stamp: new Int32Array(index.metricCount),
		stampId: 0
	};
}

function segmentOf(index: FeatureIndex, account: number): string | null {
	const code = index.accountSegment[account];
	return code >= 0 ? index.segmentLevels[code] : null;
}

export interface HealthScores {
	asOfDay: DayNumber;
	previousDay: DayNumber;
	/** Every account active on the day. */
	scores: HealthScore[];
	bandCounts: Record<HealthBand | 'none', number>;
}

/** Health of every active account on the day, with the change since 7 days before. */
export function healthScoresAt(
	dataset: Dataset,
	index: FeatureIndex,
	asOfDay: DayNumber,
	settings: HealthSettings = DEFAULT_HEALTH_SETTINGS
): HealthScores {
	void dataset;
	const scratch = healthScratch(index);
	const previousDay = asOfDay - 7;
	const scores: HealthScore[] = [];
	const bandCounts = { green: 0, yellow: 0, red: 0, none: 0 };
	for (let a = 0; a < index.accountCount; a++) {
		if (!isAccountActiveAt(index, a, asOfDay)) continue;
		writeAccountFeatures(index, a, asOfDay, scratch.features, 0, scratch.stamp, ++scratch.stampId);
		const now = healthOfFeatures(scratch.features, settings);
		let previousScore: number | null = null;
		let moves: HealthMove[] = [];
		if (isAccountActiveAt(index, a, previousDay)) {
			const id = ++scratch.stampId;
			writeAccountFeatures(index, a, previousDay, scratch.features, 0, scratch.stamp, id);
			const before = healthOfFeatures(scratch.features, settings);
			previousScore = before.score;
			moves = now.components
				.map((c) => ({
					id: c.id,
					deltaPoints: c.points - (before.components.find((b) => b.id === c.id)?.points ?? 0)
				}))
				.filter((m) => Math.abs(m.deltaPoints) > 1e-9)
				.sort((x, y) => Math.abs(y.deltaPoints) - Math.abs(x.deltaPoints));
		}
		const segment = segmentOf(index, a);
		const band =
			now.score === null ? null : bandOf(now.score, bandThresholdsFor(settings, segment));
		bandCounts[band ?? 'none']++;
		scores.push({
			accountIndex: a,
			accountId: index.accountIds[a],
			segment,
			score: now.score,
			band,
			components: now.components,
			previousScore,
			moves
		});
	}
	return { asOfDay, previousDay, scores, bandCounts };
}

export interface HealthHistory {
	accountId: string;
	/** Weekly days, oldest first, ending on `endDay`. */
	days: DayNumber[];
	/** Score on each day; null when the account was not active or no component was known. */
	scores: (number | null)[];
	bands: (HealthBand | null)[];
}

/** Weekly health of one account for a sparkline: `weeks` points ending on `endDay`. */
export function healthHistory(
	index: FeatureIndex,
	account: number,
	endDay: DayNumber,
	weeks = 26,
	settings: HealthSettings = DEFAULT_HEALTH_SETTINGS
): HealthHistory {
	const scratch = healthScratch(index);
	const thresholds = bandThresholdsFor(settings, segmentOf(index, account));
	const days: DayNumber[] = [];
	const scores: (number | null)[] = [];
	const bands: (HealthBand | null)[] = [];
	for (let w = weeks - 1; w >= 0; w--) {
		const day = endDay - 7 * w;
		const score = healthScoreAt(index, account, day, settings, scratch);
		days.push(day);
		scores.push(Number.isNaN(score) ? null : score);
		bands.push(Number.isNaN(score) ? null : bandOf(score, thresholds));
	}
	return { accountId: index.accountIds[account], days, scores, bands };
}
