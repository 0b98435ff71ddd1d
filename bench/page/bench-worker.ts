// The core bench's worker: the project's src/lib modules bundled as they are, a real IndexedDB
// (one database per workspace, in the bench's throw-away browser profile), timings with performance.now().
import { ChurnDb } from '../../src/lib/db/ChurnDb';
import { DB_NAME } from '../../src/lib/db/names';
import { runCoreBench } from '../core-bench';
import { workerApiTimings } from '../worker-api-bench';

const post = (message: unknown) => (self as unknown as Worker).postMessage(message);

self.onmessage = async (event: MessageEvent<Record<string, number>>) => {
	const options = event.data;
	try {
		const result = await runCoreBench({
			// The page runs in a throw-away profile (bench/run.mjs deletes it): nothing to clean up.
			openDb: (name) => new ChurnDb({ name }),
			// The app's own database (same origin, same profile): bench/run.mjs then opens the app's
			// overview on this workspace and times its first paint after a reload.
			mainDbName: DB_NAME,
			accounts: options.accounts,
			activityRollups: options.activityRollups,
			modelAccounts: options.modelAccounts,
			repeats: options.repeats,
			endDay: options.endDay,
			log: (line) => post({ type: 'log', line }),
			extra: (workspace, dbName) =>
				workerApiTimings(workspace, dbName, options.repeats ?? 3, options.endDay)
		});
		post({ type: 'done', result });
	} catch (e) {
		post({ type: 'error', message: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
	}
};
