// Worker methods for churn and retention analytics (overview KPIs, churn split, cohorts, survival, engagement). Each takes one plain request
// object and returns display-sized plain data; the bulk data stays in the worker.
import type { WorkerContext } from './context';

export function analyticsApi(context: WorkerContext) {
	void context;
	return {};
}
