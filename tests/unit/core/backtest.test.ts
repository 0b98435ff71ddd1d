import { describe, expect, it } from 'vitest';
import { healthBacktest, modelBacktest, signalBacktest } from '../../../src/lib/core/backtest';
import { featureIndexOf } from '../../../src/lib/core/features';
import { NULL_INT } from '../../../src/lib/core/types';
import { syntheticDataset } from './churn-fixtures';

describe('signalBacktest', () => {
	// Window days 100..400, horizon 90, lead at least 30. Segments: 0 = SMB (accounts 0, 1),
	// 1 = Enterprise (account 2).
	// 0 churns on 200, flagged on 150 and 160 → first flag 50 days before: caught, lead 50;
	//   one alert (150), followed by churn within 90 days.
	// 1 churns on 300, flagged on 290 only → 10 days before: not caught; its alert is followed.
	// 2 never churns: flagged 200, 207 (one alert, a false alarm: 290 ≤ 400), off on 214, flagged
	//   on 350 (a second alert, pending: 350 + 90 > 400).
	const evaluations = {
		account: Int32Array.from([0, 0, 0, 1, 1, 2, 2, 2, 2]),
		day: Int32Array.from([140, 150, 160, 280, 290, 200, 207, 214, 350]),
		flagged: Uint8Array.from([0, 1, 1, 0, 1, 1, 1, 0, 1])
	};
	const churnDay = Int32Array.from([200, 300, NULL_INT]);
	const segment = Int32Array.from([0, 0, 1]);
	const result = signalBacktest(evaluations, churnDay, segment, ['SMB', 'Enterprise'], {
		windowStart: 100,
		windowEnd: 400,
		horizonDays: 90,
		minLeadDays: 30
	});

	it('counts caught churns, lead time and false alarms by hand', () => {
		expect(result.overall).toEqual({
			churns: 2,
			caught: 1,
			recall: 0.5,
			medianLeadDays: 50,
			alerts: 4,
			pendingAlerts: 1,
			alertsFollowedByChurn: 2,
			precision: 2 / 3
		});
	});

	it('splits the same counts by segment', () => {
		expect(result.bySegment.map((s) => [s.segment, s.counts.churns, s.counts.alerts])).toEqual([
			['SMB', 2, 2],
			['Enterprise', 0, 2]
		]);
		expect(result.bySegment[0].counts.precision).toBe(1);
		expect(result.bySegment[1].counts.precision).toBe(0); // one resolved alert, no churn
	});
});

describe('health and model backtests on synthetic history', () => {
	const dataset = syntheticDataset({ accounts: 3000, days: 760, seed: 11 });
	const index = featureIndexOf(dataset);

	it('replays the red band over the last year', () => {
		const result = healthBacktest(dataset, index);
		expect(result.windowEnd).toBe(index.dataEndDay);
		expect(result.windowStart).toBe(index.dataEndDay - 364);
		expect(result.overall.churns).toBeGreaterThan(100);
		// Churners' usage fades for 75 days: most are red at least 30 days before they leave.
		expect(result.overall.recall).toBeGreaterThan(0.5);
		expect(result.overall.medianLeadDays).toBeGreaterThanOrEqual(30);
		expect(result.overall.precision).toBeGreaterThan(0);
		expect(result.bySegment.reduce((s, x) => s + x.counts.churns, 0)).toBe(result.overall.churns);
	});

	it('replays the model trained only on labels known before the window', () => {
		const result = modelBacktest(dataset, index);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.trainRows).toBeGreaterThan(1000);
		expect(result.threshold).toBeGreaterThan(0);
		expect(result.overall.recall).toBeGreaterThan(0.5);
		expect(result.overall.precision).toBeGreaterThan(0.1);
		expect(result.overall.alerts).toBeGreaterThan(result.overall.alertsFollowedByChurn);
	});

	it('says so when there is no history before the window to train on', () => {
		const short = syntheticDataset({ accounts: 200, days: 200, seed: 3 });
		expect(modelBacktest(short, featureIndexOf(short))).toMatchObject({
			ok: false,
			code: 'not-enough-history'
		});
	});
});
