// Persisted names: the database, its tables and its meta keys.
// Do not change any of these without a new schema version and a migration (see README.md):
// existing workspaces on people's machines hold data under exactly these names.

export const DB_NAME = 'churn-desk';

export const TABLE = {
	batches: 'batches',
	blocks: 'blocks',
	mappings: 'mappings',
	settings: 'settings',
	rules: 'rules',
	alertStates: 'alertStates',
	cases: 'cases',
	goals: 'goals',
	meta: 'meta'
} as const;

/** Keys of rows in the `meta` table. */
export const META_KEY = {
	/** Bumped in the same transaction as every commit and undo; readers cache by it. */
	dataVersion: 'dataVersion'
} as const;
