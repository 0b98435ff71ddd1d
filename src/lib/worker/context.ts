// What every area of the worker API shares: the database, the one dataset cache, start-up, clock.
import type { ChurnDb } from '../db/ChurnDb';
import type { DbFailure } from '../db/errors';
import type { DatasetCache } from './dataset-cache';

export interface WorkerContext {
	db: ChurnDb;
	/** The merged dataset of the committed batches; rebuilt when dataVersion changes. */
	cache: DatasetCache;
	/** Await before touching the database: start-up roll-back of unfinished imports. */
	ready: Promise<{ ok: true } | DbFailure>;
	now: () => number;
}
