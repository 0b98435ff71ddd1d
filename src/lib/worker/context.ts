// What every area of the worker API shares: the database, the one dataset cache, start-up, clock.
import type { ChurnDb } from '../db/ChurnDb';
import type { DbFailure } from '../db/errors';
import type { RiskFactor } from '../core/model';
import type { DatasetCache } from './dataset-cache';

/**
 * Per-account signals one area computes and another uses: the risk area publishes the churn
 * risk of its latest model trained on the whole (unfiltered) workspace, and playbook rules on
 * risk use it while it belongs to the current dataVersion.
 */
export interface SharedSignals {
	risk: {
		dataVersion: number;
		stamp: number;
		byAccount: Map<string, number>;
		/** Up to three factors raising each account's risk most. */
		factors: Map<string, RiskFactor[]>;
	} | null;
}

export interface WorkerContext {
	db: ChurnDb;
	/** The merged dataset of the committed batches; rebuilt when dataVersion changes. */
	cache: DatasetCache;
	/** Await before touching the database: start-up roll-back of unfinished imports. */
	ready: Promise<{ ok: true } | DbFailure>;
	now: () => number;
	signals: SharedSignals;
}
