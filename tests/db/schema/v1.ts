// Frozen copy of the schema declaration shipped as version 1 (2026-11-23). Never edit: it is
// what existing workspaces were created with, and migration tests write rows through it.
export const SCHEMA_V1_VERSION = 1;
export const SCHEMA_V1 = {
	batches: '++id, sha256, committedAt',
	blocks: '++id, batchId',
	mappings: 'signature',
	settings: 'key',
	rules: 'id',
	alertStates: '[ruleId+accountId]',
	cases: '++id, accountId',
	goals: 'id',
	meta: 'key'
} as const;
