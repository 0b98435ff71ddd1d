// Worker methods for retention views: cohorts, survival curves, engagement. Each takes one plain
// request object and returns display-sized plain data; the bulk data stays in the worker.
import type { WorkerContext } from './context';

export function retentionApi(context: WorkerContext) {
	void context;
	return {};
}
