// Random sequences of import, re-import (same sha256), undo, and imports staged during a review
// then confirmed or discarded in any order (with another tab's start-up roll-back between),
// checked against a model that knows nothing of IndexedDB: the dataset is the merge of the live
// batches in commit order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../src/lib/core/dataset';
import type { ColumnBlock } from '../../src/lib/core/types';
import {
	commitBatch,
	commitStaged,
	discardStaged,
	getDataVersion,
	readCommittedBlocks,
	rollbackUnfinished,
	stageBatch,
	undoBatch
} from '../../src/lib/db/batches';
import { accountsBlock, activityBlock, batchMeta, freshDb } from './block-fixtures';

interface FileSpec {
	accounts: [string, string | null, number | null][];
	activity: [string, number, string, number][];
}

const fileArb: fc.Arbitrary<FileSpec> = fc.record({
	accounts: fc.uniqueArray(
		fc.tuple(
			fc.constantFrom('a0', 'a1', 'a2', 'a3', 'a4'),
			fc.option(fc.constantFrom('Acme', 'Beta', '株式会社'), { nil: null }),
			fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null })
		),
		{ selector: (r) => r[0], maxLength: 5 }
	),
	// One row per (account, day, metric) within a file, as the importer's rollup makes.
	activity: fc.uniqueArray(
		fc.tuple(
			fc.constantFrom('a0', 'a1', 'a2'),
			fc.integer({ min: 19000, max: 19003 }),
			fc.constantFrom('*', 'login'),
			fc.integer({ min: 0, max: 9 })
		),
		{ selector: (r) => `${r[0]}|${r[1]}|${r[2]}`, maxLength: 8 }
	)
});

type Op =
	| { kind: 'import' | 'stage'; file: number }
	| { kind: 'undo' | 'confirm' | 'discard'; pick: number }
	| { kind: 'restart' };
const opArb: fc.Arbitrary<Op> = fc.oneof(
	fc.record({
		kind: fc.constantFrom('import' as const, 'stage' as const),
		file: fc.nat({ max: 3 })
	}),
	fc.record({
		kind: fc.constantFrom('undo' as const, 'confirm' as const, 'discard' as const),
		pick: fc.nat({ max: 7 })
	}),
	fc.record({ kind: fc.constant('restart' as const) })
);

function blocksOf(file: FileSpec): ColumnBlock[] {
	const blocks: ColumnBlock[] = [];
	if (file.accounts.length) blocks.push(accountsBlock(file.accounts));
	if (file.activity.length) blocks.push(activityBlock(file.activity));
	return blocks;
}

/** The model's merge: plain Maps keyed by natural key, later batches overwriting values. */
function modelMerge(files: FileSpec[]) {
	const accounts = new Map<string, [string, string | null, number | null]>();
	const activity = new Map<string, [string, number, string, number]>();
	for (const file of files) {
		for (const row of file.accounts) accounts.set(row[0], row);
		for (const row of file.activity) activity.set(`${row[0]}|${row[1]}|${row[2]}`, row);
	}
	return { accounts: [...accounts.values()], activity: [...activity.values()] };
}

function decoded(ds: ReturnType<typeof buildDataset>) {
	const a = ds.activity;
	return {
		accounts: ds.accounts.map((r) => [r.id, r.name, r.mrrMinor]),
		activity: Array.from({ length: a.length }, (_, i) => [
			a.accountIds[a.account[i]],
			a.day[i],
			a.metrics[a.metric[i]],
			a.count[i]
		])
	};
}

describe('import / re-import / undo sequences', () => {
	it('always leave the dataset equal to the merge of the live batches in order', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fileArb, { minLength: 4, maxLength: 4 }),
				fc.array(opArb, { maxLength: 12 }),
				async (files, ops) => {
					const { db } = freshDb();
					// Model: live batches in commit order, the ids IndexedDB will allocate, versions,
					// staged batches (lost: rolled back by a start-up) and the highest committed id.
					let live: { batchId: number; file: number }[] = [];
					let staged: { batchId: number; file: number; lost: boolean }[] = [];
					let nextId = 1;
					let version = 0;
					let maxCommitted = 0;
					for (const op of ops) {
						if (op.kind === 'stage') {
							const blocks = blocksOf(files[op.file]);
							const outcome = await stageBatch(db, batchMeta('', blocks), blocks);
							expect(outcome).toEqual({ ok: true, batchId: nextId });
							staged.push({ batchId: nextId++, file: op.file, lost: false });
						} else if (op.kind === 'confirm' && staged.length > 0) {
							const target = staged[op.pick % staged.length];
							staged = staged.filter((b) => b !== target);
							const blocks = blocksOf(files[target.file]);
							const meta = batchMeta(`sha-${target.file}`, blocks);
							const outcome = await commitStaged(db, target.batchId, meta, blocks);
							const same = live.find((b) => b.file === target.file);
							if (same) {
								expect(outcome).toEqual({ ok: false, code: 'duplicate', batchId: same.batchId });
							} else {
								// Marked in place unless a later batch committed or its rows are gone.
								const inPlace = !target.lost && target.batchId > maxCommitted;
								const batchId = inPlace ? target.batchId : nextId++;
								version++;
								expect(outcome).toEqual({ ok: true, batchId, dataVersion: version });
								live.push({ batchId, file: target.file });
								maxCommitted = Math.max(maxCommitted, batchId);
							}
						} else if (op.kind === 'discard' && staged.length > 0) {
							const target = staged[op.pick % staged.length];
							staged = staged.filter((b) => b !== target);
							await discardStaged(db, target.batchId);
						} else if (op.kind === 'restart') {
							await rollbackUnfinished(db);
							for (const b of staged) b.lost = true;
						} else if (op.kind === 'import') {
							const blocks = blocksOf(files[op.file]);
							const sha = `sha-${op.file}`;
							const outcome = await commitBatch(db, batchMeta(sha, blocks), blocks);
							const same = live.find((b) => b.file === op.file);
							if (same) {
								expect(outcome).toEqual({ ok: false, code: 'duplicate', batchId: same.batchId });
							} else {
								version++;
								expect(outcome).toEqual({ ok: true, batchId: nextId, dataVersion: version });
								maxCommitted = nextId;
								live.push({ batchId: nextId++, file: op.file });
							}
						} else if (op.kind === 'undo' && live.length > 0) {
							const target = live[op.pick % live.length];
							const outcome = await undoBatch(db, target.batchId);
							version++;
							expect(outcome).toEqual({ ok: true, batchId: target.batchId, dataVersion: version });
							live = live.filter((b) => b !== target);
						}
					}
					const actual = decoded(buildDataset(await readCommittedBlocks(db)));
					expect(actual).toEqual(modelMerge(live.map((b) => files[b.file])));
					expect(await getDataVersion(db)).toBe(version);
					// Nothing left behind: unmarked rows are the staged batches still pending, and
					// every block belongs to a live or pending batch.
					const unmarked = (await db.batches.toArray()).filter((b) => b.committedAt === null);
					const pendingIds = staged.filter((b) => !b.lost).map((b) => b.batchId);
					expect(unmarked.map((b) => b.id).sort((x, y) => x - y)).toEqual(pendingIds);
					const owners = new Set([...live.map((b) => b.batchId), ...pendingIds]);
					const blockOwners = (await db.blocks.toArray()).map((b) => b.batchId);
					expect(blockOwners.filter((id) => !owners.has(id))).toEqual([]);
					db.close();
				}
			),
			{ numRuns: 200 }
		);
	});
});
