import { describe, expect, it } from 'vitest';
import {
	NUMERIC_FEATURES,
	featureIndexOf,
	type NumericFeature
} from '../../../src/lib/core/features';
import {
	DEFAULT_HEALTH_SETTINGS,
	bandOf,
	componentFraction,
	healthHistory,
	healthOfFeatures,
	healthScoresAt,
	type HealthSettings
} from '../../../src/lib/core/health';
import { account, datasetOf, type ActivityTuple } from './churn-fixtures';

function featureRow(values: Partial<Record<NumericFeature, number>>): Float64Array {
	return Float64Array.from(NUMERIC_FEATURES, (f) => values[f] ?? NaN);
}

describe('healthOfFeatures', () => {
	it('weighs the known components and leaves the unknown out', () => {
		// Fractions: usage 10/20 = .5 (w25), trend (.75-.5)/.5 = .5 (w20), breadth (3-1)/4 = .5
		// (w10), tickets 1 (w10), ticket age 1 (w5), NPS unknown, payments (2-1)/2 = .5 (w15),
		// onboarding 1 (w5). Known weight 90; weighted sum 12.5+10+5+10+5+7.5+5 = 55;
		// score = 100 × 55 / 90 = 61.11.
		const { score, components } = healthOfFeatures(
			featureRow({
				activeDays28: 10,
				usageTrend: 0.75,
				breadth28: 3,
				openTickets: 0,
				oldestOpenTicketDays: 0,
				failedPayments60: 1,
				onboardingMilestones: 3
			})
		);
		expect(score).toBeCloseTo((100 * 55) / 90, 10);
		const usage = components.find((c) => c.id === 'usage');
		expect(usage).toEqual({
			id: 'usage',
			feature: 'activeDays28',
			value: 10,
			fraction: 0.5,
			points: (100 * 12.5) / 90,
			weight: 25
		});
		const nps = components.find((c) => c.id === 'nps');
		expect(nps).toMatchObject({ value: null, fraction: null, points: 0 });
		expect(components.reduce((s, c) => s + c.points, 0)).toBeCloseTo(score as number, 10);
		expect(bandOf(score as number, DEFAULT_HEALTH_SETTINGS.bands)).toBe('yellow');
	});

	it('follows the settings: a component turned off, a new weight and range', () => {
		const settings: HealthSettings = structuredClone(DEFAULT_HEALTH_SETTINGS);
		for (const c of Object.values(settings.components)) c.enabled = false;
		settings.components.usage = {
			...settings.components.usage,
			enabled: true,
			weight: 3,
			good: 10
		};
		settings.components.payments = { ...settings.components.payments, enabled: true, weight: 1 };
		// usage 5/10 = .5 × 3, payments 2 failures = 0 × 1: 100 × 1.5 / 4 = 37.5.
		const { score } = healthOfFeatures(
			featureRow({ activeDays28: 5, failedPayments60: 2 }),
			settings
		);
		expect(score).toBe(37.5);
		expect(healthOfFeatures(featureRow({}), settings).score).toBeNull();
	});
});

describe('healthScoresAt', () => {
	// Two accounts, only usage and payments enabled (weights 1 and 1, usage good at 4 days).
	// X: active on days 90..93 (4 of the last 28 as of day 100) and no failed payment:
	//    usage 1, payments 1 → 100. A week before (day 93) the same 4 days → 100.
	// Y: active on day 80 only, a failed payment on day 95: usage 1/4 = .25, payments 2-1 → .5:
	//    100 × (.25 + .5)/2 = 37.5. A week earlier: usage .25, payments 1 → 62.5.
	const settings: HealthSettings = structuredClone(DEFAULT_HEALTH_SETTINGS);
	for (const c of Object.values(settings.components)) c.enabled = false;
	settings.components.usage = { ...settings.components.usage, enabled: true, weight: 1, good: 4 };
	settings.components.payments = { ...settings.components.payments, enabled: true, weight: 1 };
	const activity: ActivityTuple[] = [
		['X', 90, '*', 1],
		['X', 91, '*', 1],
		['X', 92, '*', 1],
		['X', 93, '*', 1],
		['Y', 80, '*', 1]
	];
	const dataset = datasetOf({
		accounts: [
			account('X', { signupDay: 0, segment: 'SMB' }),
			account('Y', { signupDay: 0, segment: 'Enterprise' }),
			account('Z', { signupDay: 200 }) // not started yet: not scored
		],
		activity,
		payments: [
			{ accountId: 'X', day: 60, status: 'paid' },
			{ accountId: 'Y', day: 95, status: 'failed' }
		]
	});
	const index = featureIndexOf(dataset);

	it('scores, bands and explains each active account by hand', () => {
		const result = healthScoresAt(dataset, index, 100, settings);
		expect(result.scores.map((s) => s.accountId)).toEqual(['X', 'Y']);
		const [x, y] = result.scores;
		expect(x).toMatchObject({ score: 100, band: 'green', previousScore: 100, moves: [] });
		expect(y).toMatchObject({ score: 37.5, band: 'red', previousScore: 62.5 });
		// Payments lost 25 points (50 → 25) since day 93; usage did not move.
		expect(y.moves).toEqual([{ id: 'payments', deltaPoints: -25 }]);
		expect(result.bandCounts).toEqual({ green: 1, yellow: 0, red: 1, none: 0 });
	});

	it('applies per-segment band thresholds', () => {
		const perSegment = {
			...settings,
			bandsBySegment: { Enterprise: { redBelow: 30, yellowBelow: 50 } }
		};
		const y = healthScoresAt(dataset, index, 100, perSegment).scores[1];
		expect(y.band).toBe('yellow'); // 37.5 is red by default, yellow for Enterprise
	});

	it('gives a weekly history for a sparkline', () => {
		const history = healthHistory(index, 1, 100, 3, settings);
		expect(history.days).toEqual([86, 93, 100]);
		// Day 86: usage .25 (day 80), no payment yet → 62.5; day 93: 62.5; day 100: 37.5.
		expect(history.scores).toEqual([62.5, 62.5, 37.5]);
		expect(history.bands).toEqual(['yellow', 'yellow', 'red']);
	});
});

describe('tenure component', () => {
	it('scores tenure linearly from 30 days (0 points) to a year (full points)', () => {
		const setting = DEFAULT_HEALTH_SETTINGS.components.tenure;
		expect(setting.feature).toBe('tenureDays');
		// 197.5 days is half way from 30 to 365.
		expect(componentFraction(197.5, setting.bad, setting.good)).toBeCloseTo(0.5, 12);
		expect(componentFraction(10, setting.bad, setting.good)).toBe(0);
		expect(componentFraction(800, setting.bad, setting.good)).toBe(1);
	});
});
