// Worker methods for playbook rules, the alert inbox, account timeline, win-back and cases. Each takes one plain request
// object and returns display-sized plain data; the bulk data stays in the worker.
import type { WorkerContext } from './context';

export function playbookApi(context: WorkerContext) {
	void context;
	return {};
}
