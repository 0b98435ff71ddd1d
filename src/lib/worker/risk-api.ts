// Worker methods for health scores, the churn-risk model and backtests. Each takes one plain request
// object and returns display-sized plain data; the bulk data stays in the worker.
import type { WorkerContext } from './context';

export function riskApi(context: WorkerContext) {
	void context;
	return {};
}
