// The worker entry: expose the API first thing, before any await, so no call from the page can
// arrive before the listener exists. Methods wait on the API's own `ready` promise.
import { expose } from 'comlink';
import { ChurnDb } from '../db/ChurnDb';
import { createApi } from './api';

export type WorkerEvent = { type: 'db-closed' } | { type: 'db-blocked' };

// Other tabs learn of new data through the channel; this tab's page learns that its own
// connection closed through `watch` (a channel message would reach the newer tab too).
const channel = new BroadcastChannel('churn-desk');
const watchers = new Set<(event: WorkerEvent) => void>();
const tell = (event: WorkerEvent) => watchers.forEach((w) => w(event));

const api = createApi({
	openDb: () =>
		new ChurnDb({
			onVersionChange: () => tell({ type: 'db-closed' }),
			onBlocked: () => tell({ type: 'db-blocked' })
		}),
	onDataChanged: (dataVersion) => channel.postMessage({ type: 'data-changed', dataVersion })
});

const exposed = {
	...api,
	/** The page passes a Comlink.proxy callback for this tab's connection events. */
	async watch(callback: (event: WorkerEvent) => void) {
		watchers.add(callback);
	}
};
expose(exposed);

export type ExposedApi = typeof exposed;
