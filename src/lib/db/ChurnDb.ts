// The workspace database: every shipped schema version, in ascending order. A shipped version is
// never edited; a change is a new version with a dated comment, a frozen copy of the old
// declaration in tests/db/schema/, a migration test and an updated schema snapshot.
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { ColumnBlock, DayNumber, EntityName } from '../core/types';
import { DB_NAME, TABLE } from './names';

/** One import: a file's rows, written as columnar blocks in one transaction. */
export interface BatchRow {
	id: number;
	fileName: string;
	entity: EntityName;
	/** Hex SHA-256 of the file's bytes, computed before the write transaction (F9). */
	sha256: string;
	sizeBytes: number;
	/** Epoch ms when the batch row was first written. */
	createdAt: number;
	/** The commit marker (epoch ms). Null: unfinished, invisible, rolled back at start-up. */
	committedAt: number | null;
	/** Epoch ms of the undo; the batch's blocks are gone, its row stays as history. */
	undoneAt: number | null;
	rowsRead: number;
	rowsAccepted: number;
	rowsRejected: number;
	minDay: DayNumber | null;
	maxDay: DayNumber | null;
	blockCount: number;
	/** WHATWG encoding label the file was decoded with. */
	encoding: string;
	mappingSignature: string;
}

export interface BlockRow {
	id: number;
	batchId: number;
	entity: EntityName;
	/** Position of the block inside its batch: rows merge in (batch, seq, row) order. */
	seq: number;
	/** Stored as is: IndexedDB's structured clone keeps typed arrays. */
	block: ColumnBlock;
}

/** The person's column mapping for one header set, reused when the same headers come back. */
export interface MappingRow {
	/** Signature of the header set (the importer decides how it is made). */
	signature: string;
	entity: EntityName;
	/** The importer's mapping object; validated by the importer when read back. */
	mapping: unknown;
	savedAt: number;
}

export interface SettingRow {
	key: string;
	value: unknown;
}

// What the person edits. The payload shape belongs to its core module (rules.ts, ...), which
// validates it when read back; the envelope keeps keys and indexes stable across payload changes.
export interface RuleRow {
	id: string;
	data: unknown;
	updatedAt: number;
}

export interface AlertStateRow {
	ruleId: string;
	accountId: string;
	data: unknown;
	updatedAt: number;
}

export interface CaseRow {
	id: number;
	accountId: string;
	data: unknown;
	createdAt: number;
	updatedAt: number;
}

export interface GoalRow {
	id: string;
	data: unknown;
	updatedAt: number;
}

export interface MetaRow {
	key: string;
	value: number;
}

/** Schema versions as declared with `db.version(n)`; newVersion null when the DB is deleted. */
export interface VersionEvent {
	oldVersion: number;
	newVersion: number | null;
}

// Dexie opens IndexedDB at ten times the declared version.
function declaredVersions(event: IDBVersionChangeEvent): VersionEvent {
	return {
		oldVersion: event.oldVersion / 10,
		newVersion: event.newVersion === null ? null : event.newVersion / 10
	};
}

/** Structural subsets of IDBFactory / IDBKeyRange, so tests can pass fake or failing ones. */
export interface ChurnDbOptions {
	/** Database name; tests pass a unique one. */
	name?: string;
	indexedDB?: { open: IDBFactory['open'] } & Partial<IDBFactory>;
	IDBKeyRange?: {
		bound: typeof IDBKeyRange.bound;
		lowerBound: typeof IDBKeyRange.lowerBound;
		upperBound: typeof IDBKeyRange.upperBound;
	};
	/** Another tab opened a newer schema (or deletes the DB): this connection is closed for good. */
	onVersionChange?: (event: VersionEvent) => void;
	/** Our upgrade waits for other tabs that still hold the old version open. */
	onBlocked?: (event: VersionEvent) => void;
}

export class ChurnDb extends Dexie {
	declare batches: EntityTable<BatchRow, 'id'>;
	declare blocks: EntityTable<BlockRow, 'id'>;
	declare mappings: EntityTable<MappingRow, 'signature'>;
	declare settings: EntityTable<SettingRow, 'key'>;
	declare rules: EntityTable<RuleRow, 'id'>;
	declare alertStates: Table<AlertStateRow, [string, string]>;
	declare cases: EntityTable<CaseRow, 'id'>;
	declare goals: EntityTable<GoalRow, 'id'>;
	declare meta: EntityTable<MetaRow, 'key'>;

	constructor(options: ChurnDbOptions = {}) {
		super(options.name ?? DB_NAME, {
			...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
			...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
			// A commit must be on disk when it reports success (F6): Chrome's default durability
			// may acknowledge before the OS flush. Each import is one transaction, so the cost
			// is one flush per batch; small edits (settings, cases) pay it too, which is fine.
			chromeTransactionDurability: 'strict'
		});

		// 2026-11-23 — v1, first shipped schema. Imported data as immutable columnar blocks per
		// batch (commit marker `committedAt`, undo marker `undoneAt`); the person's edits as rows;
		// `meta.dataVersion` bumped with every commit and undo. `committedAt` is indexed for
		// committed-batch queries (IndexedDB leaves null out of indexes: scan for unfinished).
		this.version(1).stores({
			[TABLE.batches]: '++id, sha256, committedAt',
			[TABLE.blocks]: '++id, batchId',
			[TABLE.mappings]: 'signature',
			[TABLE.settings]: 'key',
			[TABLE.rules]: 'id',
			[TABLE.alertStates]: '[ruleId+accountId]',
			[TABLE.cases]: '++id, accountId',
			[TABLE.goals]: 'id',
			[TABLE.meta]: 'key'
		});

		// Dexie's default closes and then silently reopens in the old shape, writing stale rows
		// over the newer tab's data (F8). Close for good and let the app ask for a reload.
		// Returning false stops Dexie's default subscriber (it would reopen automatically).
		this.on('versionchange', (event) => {
			this.close({ disableAutoOpen: true });
			options.onVersionChange?.(declaredVersions(event));
			return false;
		});
		this.on('blocked', (event) => {
			options.onBlocked?.(declaredVersions(event));
			return false;
		});
	}
}
