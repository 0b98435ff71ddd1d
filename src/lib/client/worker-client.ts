// The only file that creates the Worker. Pages and state classes call `worker()` and get the
// typed Comlink proxy of the worker's API; the type comes from the worker's code, not a copy.
import { proxy, wrap, type Remote } from 'comlink';
import type { ExposedApi, WorkerEvent } from '../worker/index';

let remote: Remote<ExposedApi> | null = null;

export function worker(): Remote<ExposedApi> {
	if (!remote) {
		const w = new Worker(new URL('../worker/index.ts', import.meta.url), { type: 'module' });
		remote = wrap<ExposedApi>(w);
	}
	return remote;
}

/** Wraps a callback so it can cross to the worker (progress, events). */
export { proxy };

/** Subscribes to this tab's database events (closed by a newer version, upgrade blocked). */
export function watchWorker(callback: (event: WorkerEvent) => void): void {
	void worker().watch(proxy(callback));
}

/** Listens to data changes from any tab (imports, undo); returns a stop function. */
export function onDataChanged(callback: (dataVersion: number) => void): () => void {
	if (typeof BroadcastChannel === 'undefined') return () => undefined;
	const channel = new BroadcastChannel('churn-desk');
	channel.onmessage = (event: MessageEvent<{ type: string; dataVersion?: number }>) => {
		if (event.data?.type === 'data-changed' && typeof event.data.dataVersion === 'number') {
			callback(event.data.dataVersion);
		}
	};
	return () => channel.close();
}
