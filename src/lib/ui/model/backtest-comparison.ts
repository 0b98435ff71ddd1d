// The sentence that compares the model's backtest with the red band's: both replay the same
// window, horizon and minimum lead, so their caught churns are counted over the same churns.
import type { BacktestCounts } from '../../core/backtest';

export interface BacktestComparison {
	churns: number;
	modelCaught: number;
	healthCaught: number;
	/** Which signal warned of more churns at least the minimum lead ahead. */
	verdict: 'model' | 'health' | 'tie';
}

export function backtestComparison(
	model: BacktestCounts,
	health: BacktestCounts
): BacktestComparison {
	const verdict =
		model.caught > health.caught ? 'model' : model.caught < health.caught ? 'health' : 'tie';
	return {
		churns: model.churns,
		modelCaught: model.caught,
		healthCaught: health.caught,
		verdict
	};
}
