// Import batches: commit, undo, start-up roll-back and the reads the worker builds its dataset
// from. The invariants these functions keep are written down in README.md.
import type { ColumnBlock } from '../core/types';
import type { BatchRow, BlockRow, ChurnDb, MappingRow } from './ChurnDb';
import { classifyDbError, type DbFailure } from './errors';
import { META_KEY } from './names';

/** What the importer knows about a batch before writing it. */
export type BatchMeta = Omit<
	BatchRow,
	'id' | 'createdAt' | 'committedAt' | 'undoneAt' | 'blockCount'
>;

export type CommitOutcome =
	| { ok: true; batchId: number; dataVersion: number }
	/** The same file (same SHA-256) is committed and not undone: nothing was written. */
	| { ok: false; code: 'duplicate'; batchId: number }
	| DbFailure;

export type UndoOutcome =
	| { ok: true; batchId: number; dataVersion: number }
	/** No committed batch with that id (never existed, or rolled back unfinished). */
	| { ok: false; code: 'not-found'; batchId: number }
	| { ok: false; code: 'already-undone'; batchId: number }
	| DbFailure;

export interface CommittedBatch {
	batchId: number;
	blocks: ColumnBlock[];
}

function isLive(batch: BatchRow): boolean {
	return batch.committedAt !== null && batch.undoneAt === null;
}

/** Increments meta.dataVersion; call inside a rw transaction that includes `meta`. */
async function bumpDataVersion(db: ChurnDb): Promise<number> {
	const row = await db.meta.get(META_KEY.dataVersion);
	const next = (row?.value ?? 0) + 1;
	await db.meta.put({ key: META_KEY.dataVersion, value: next });
	return next;
}

/**
 * Writes a batch row, all its blocks, its commit marker and the next dataVersion in one
 * readwrite transaction: after a crash, a quota error or any failure, either all of it is there
 * or none of it. The SHA-256 comes in `meta`, computed before (no non-IndexedDB await may run
 * inside the transaction, F9). Failures come back as data; nothing is caught inside the
 * transaction, so a BulkError aborts it instead of committing the rows that did succeed (F10).
 */
export async function commitBatch(
	db: ChurnDb,
	meta: BatchMeta,
	blocks: readonly ColumnBlock[],
	now: number = Date.now()
): Promise<CommitOutcome> {
	return commitStaged(db, null, meta, blocks, now);
}

export type StageOutcome = { ok: true; batchId: number } | DbFailure;

/**
 * Writes a batch row without its commit marker and all its blocks, in one transaction, before
 * the person confirms: readers do not see it (invariant 2), `commitStaged` marks it, and
 * `discardStaged` or the start-up roll-back deletes it. The file's hash is set when it is
 * marked (it may still be running now).
 */
export async function stageBatch(
	db: ChurnDb,
	meta: Omit<BatchMeta, 'sha256'>,
	blocks: readonly ColumnBlock[],
	now: number = Date.now()
): Promise<StageOutcome> {
	try {
		return await db.transaction('rw', db.batches, db.blocks, async () => {
			const batchId = await addUnmarked(db, { ...meta, sha256: '' }, blocks, now);
			return { ok: true as const, batchId };
		});
	} catch (e) {
		return classifyDbError(e);
	}
}

/**
 * Commits a staged batch: one small transaction that checks for a duplicate, sets the hash, the
 * commit marker and the next dataVersion. Batch ids must stay in commit order (invariant 6), so
 * when a later batch committed since this one was staged, or the staged rows are gone (another
 * tab's start-up rolled them back), the staged rows are dropped and `blocks` written anew, as
 * `commitBatch` does, in the same transaction.
 */
export async function commitStaged(
	db: ChurnDb,
	/** Null: nothing was staged, the blocks are written here (commitBatch). */
	stagedId: number | null,
	meta: BatchMeta,
	blocks: readonly ColumnBlock[],
	now: number = Date.now()
): Promise<CommitOutcome> {
	try {
		return await db.transaction('rw', db.batches, db.blocks, db.meta, async () => {
			const duplicate = await liveDuplicate(db, meta.sha256);
			const inPlace = stagedId !== null && !duplicate && (await markableInPlace(db, stagedId));
			if (stagedId !== null && !inPlace) await deleteUnmarked(db, stagedId);
			if (duplicate) return duplicate;
			const batchId = inPlace ? stagedId : await addUnmarked(db, meta, blocks, now);
			return markCommitted(db, batchId, meta.sha256, now);
		});
	} catch (e) {
		return classifyDbError(e);
	}
}

/** Whether a staged batch's rows are there, unmarked, and no later id has committed since. */
async function markableInPlace(db: ChurnDb, stagedId: number): Promise<boolean> {
	const staged = await db.batches.get(stagedId);
	if (staged === undefined || staged.committedAt !== null) return false;
	const later = await db.batches
		.where('id')
		.above(stagedId)
		.filter((b) => b.committedAt !== null)
		.first();
	return later === undefined;
}

/** Deletes a staged batch and its blocks; a committed batch is left alone. */
export async function discardStaged(db: ChurnDb, stagedId: number): Promise<void> {
	await db.transaction('rw', db.batches, db.blocks, () => deleteUnmarked(db, stagedId));
}

async function liveDuplicate(db: ChurnDb, sha256: string) {
	const sameFile = await db.batches.where('sha256').equals(sha256).toArray();
	const live = sameFile.find(isLive);
	return live ? { ok: false as const, code: 'duplicate' as const, batchId: live.id } : null;
}

/** The row first without its marker, then the blocks: the protocol staging relies on. */
async function addUnmarked(
	db: ChurnDb,
	meta: BatchMeta,
	blocks: readonly ColumnBlock[],
	now: number
): Promise<number> {
	const batchId = await db.batches.add({
		...meta,
		createdAt: now,
		committedAt: null,
		undoneAt: null,
		blockCount: blocks.length
	});
	await db.blocks.bulkAdd(
		blocks.map((block, seq) => ({ batchId, entity: block.entity, seq, block }))
	);
	return batchId;
}

async function markCommitted(db: ChurnDb, batchId: number, sha256: string, now: number) {
	await db.batches.update(batchId, { sha256, committedAt: now });
	const dataVersion = await bumpDataVersion(db);
	return { ok: true as const, batchId, dataVersion };
}

async function deleteUnmarked(db: ChurnDb, batchId: number): Promise<void> {
	const batch = await db.batches.get(batchId);
	if (!batch || batch.committedAt !== null) return;
	await db.blocks.where('batchId').equals(batchId).delete();
	await db.batches.delete(batchId);
}

/**
 * Deletes a batch's blocks, marks it undone and bumps dataVersion in one transaction.
 *
 * Exact by construction: the dataset is the ordered merge of the live batches, so rows this
 * batch replaced come back from the earlier batches that still hold them, and undoing an older
 * batch removes only its own contribution (rows a later batch replaced stay replaced).
 */
export async function undoBatch(
	db: ChurnDb,
	batchId: number,
	now: number = Date.now()
): Promise<UndoOutcome> {
	try {
		return await db.transaction('rw', db.batches, db.blocks, db.meta, async () => {
			const batch = await db.batches.get(batchId);
			if (!batch || batch.committedAt === null)
				return { ok: false as const, code: 'not-found' as const, batchId };
			if (batch.undoneAt !== null)
				return { ok: false as const, code: 'already-undone' as const, batchId };
			await db.blocks.where('batchId').equals(batchId).delete();
			await db.batches.update(batchId, { undoneAt: now });
			const dataVersion = await bumpDataVersion(db);
			return { ok: true as const, batchId, dataVersion };
		});
	} catch (e) {
		return classifyDbError(e);
	}
}

export interface RollbackReport {
	/** Ids of batches found without a commit marker; their rows and blocks are deleted. */
	batchIds: number[];
	/** Blocks deleted: those of unfinished batches, and any whose batch row is gone or undone. */
	blocksDeleted: number;
}

/**
 * Start-up clean-up after a killed tab (F5): deletes batches that never got their commit
 * marker, with their blocks, and blocks that belong to no live batch. Readers already ignore
 * both, so the dataset and dataVersion do not change.
 */
export async function rollbackUnfinished(db: ChurnDb): Promise<RollbackReport> {
	return db.transaction('rw', db.batches, db.blocks, async () => {
		const batches = await db.batches.toArray();
		const unfinished = batches.filter((b) => b.committedAt === null).map((b) => b.id);
		const live = new Set(batches.filter(isLive).map((b) => b.id));
		const blockBatchIds = (await db.blocks.orderBy('batchId').uniqueKeys()) as number[];
		const orphaned = blockBatchIds.filter((id) => !live.has(id));
		const blocksDeleted = orphaned.length
			? await db.blocks.where('batchId').anyOf(orphaned).delete()
			: 0;
		if (unfinished.length) await db.batches.bulkDelete(unfinished);
		return { batchIds: unfinished, blocksDeleted };
	});
}

/** Committed batches, undone ones included (as history), oldest first. */
export async function listBatches(db: ChurnDb): Promise<BatchRow[]> {
	const batches = await db.batches.orderBy('id').toArray();
	return batches.filter((b) => b.committedAt !== null);
}

async function committedBlocksInScope(db: ChurnDb): Promise<CommittedBatch[]> {
	// Ids are allocated inside the commit transaction, so id order is commit order.
	const live = (await db.batches.orderBy('id').toArray()).filter(isLive);
	if (live.length === 0) return [];
	const rows: BlockRow[] = await db.blocks
		.where('batchId')
		.anyOf(live.map((b) => b.id))
		.toArray();
	const byBatch = new Map<number, BlockRow[]>(live.map((b) => [b.id, []]));
	for (const row of rows) byBatch.get(row.batchId)?.push(row);
	return live.map((b) => ({
		batchId: b.id,
		blocks: byBatch
			.get(b.id)!
			.sort((x, y) => x.seq - y.seq)
			.map((row) => row.block)
	}));
}

/** The blocks of every committed, not undone batch, in commit order (blocks in seq order). */
export async function readCommittedBlocks(db: ChurnDb): Promise<CommittedBatch[]> {
	return db.transaction('r', db.batches, db.blocks, () => committedBlocksInScope(db));
}

/** The committed blocks and the dataVersion they correspond to, read in one snapshot. */
export async function readCommittedSnapshot(
	db: ChurnDb
): Promise<{ dataVersion: number; batches: CommittedBatch[] }> {
	return db.transaction('r', db.batches, db.blocks, db.meta, async () => {
		const batches = await committedBlocksInScope(db);
		const row = await db.meta.get(META_KEY.dataVersion);
		return { dataVersion: row?.value ?? 0, batches };
	});
}

/** 0 for a workspace that never committed anything. */
export async function getDataVersion(db: ChurnDb): Promise<number> {
	return (await db.meta.get(META_KEY.dataVersion))?.value ?? 0;
}

/** The stored value, or undefined; the caller validates its shape. */
export async function getSetting(db: ChurnDb, key: string): Promise<unknown> {
	return (await db.settings.get(key))?.value;
}

export async function putSetting(db: ChurnDb, key: string, value: unknown): Promise<void> {
	await db.settings.put({ key, value });
}

export async function getMapping(db: ChurnDb, signature: string): Promise<MappingRow | undefined> {
	return db.mappings.get(signature);
}

export async function putMapping(db: ChurnDb, row: MappingRow): Promise<void> {
	await db.mappings.put(row);
}
