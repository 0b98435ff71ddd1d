import { describe, expect, it } from 'vitest';
import type { BacktestCounts } from '../../../../src/lib/core/backtest';
import { backtestComparison } from '../../../../src/lib/ui/model/backtest-comparison';

function counts(caught: number, churns = 10): BacktestCounts {
	return {
		churns,
		caught,
		recall: caught / churns,
		medianLeadDays: null,
		alerts: 0,
		pendingAlerts: 0,
		alertsFollowedByChurn: 0,
		precision: NaN
	};
}

describe('backtestComparison', () => {
	it('names the signal that caught more churns early, or a tie', () => {
		expect(backtestComparison(counts(6), counts(2))).toEqual({
			churns: 10,
			modelCaught: 6,
			healthCaught: 2,
			verdict: 'model'
		});
		expect(backtestComparison(counts(1), counts(2)).verdict).toBe('health');
		expect(backtestComparison(counts(3), counts(3)).verdict).toBe('tie');
	});
});
