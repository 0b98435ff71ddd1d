import { IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildDataset } from '../../src/lib/core/dataset';
import {
	commitBatch,
	commitStaged,
	discardStaged,
	getDataVersion,
	getMapping,
	getSetting,
	listBatches,
	putMapping,
	putSetting,
	readCommittedBlocks,
	readCommittedSnapshot,
	rollbackUnfinished,
	stageBatch,
	undoBatch
} from '../../src/lib/db/batches';
import { accountsBlock, activityBlock, batchMeta, freshDb } from './block-fixtures';

afterEach(() => {
	vi.restoreAllMocks();
});

/** Every write to the blocks store throws QuotaExceededError, until vi.restoreAllMocks(). */
function fillTheDisk(): void {
	const add = IDBObjectStore.prototype.add;
	vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (
		this: IDBObjectStore,
		...args: Parameters<IDBObjectStore['add']>
	) {
		if (this.name === 'blocks') throw new DOMException('full', 'QuotaExceededError');
		return add.apply(this, args);
	});
}

const first = accountsBlock([
	['a1', 'Acme', 1000],
	['a2', 'Beta', 2000]
]);
// Replaces a2 and adds a3.
const second = accountsBlock([
	['a2', 'Beta Renamed', 2500],
	['a3', 'Gamma', null]
]);

describe('commitBatch', () => {
	it('writes the batch and its blocks and reads the typed arrays back intact', async () => {
		const { db } = freshDb();
		const act = activityBlock([
			['a1', 19000, '*', 3],
			['a2', 19001, 'login', 1]
		]);
		const outcome = await commitBatch(db, batchMeta('sha-1', [first, act]), [first, act], 1000);
		expect(outcome).toEqual({ ok: true, batchId: 1, dataVersion: 1 });

		const read = await readCommittedBlocks(db);
		expect(read).toHaveLength(1);
		const [a, b] = read[0].blocks;
		expect(a).toEqual(first);
		expect(b.columns.day.kind).toBe('i32');
		if (b.columns.day.kind !== 'i32' || b.columns.count.kind !== 'f64') throw new Error('kind');
		expect(b.columns.day.values).toBeInstanceOf(Int32Array);
		expect([...b.columns.day.values]).toEqual([19000, 19001]);
		expect(b.columns.count.values).toBeInstanceOf(Float64Array);
		expect(Number.isNaN(b.columns.users.kind === 'f64' ? b.columns.users.values[0] : 0)).toBe(true);

		const [batch] = await listBatches(db);
		expect(batch).toMatchObject({
			id: 1,
			sha256: 'sha-1',
			createdAt: 1000,
			committedAt: 1000,
			undoneAt: null,
			blockCount: 2
		});
		expect(await getDataVersion(db)).toBe(1);
	});

	it.each(['at once', 'staged'])(
		'treats a re-import of a committed file (same sha256), written %s, as a no-op',
		async (way) => {
			const { db } = freshDb();
			await commitBatch(db, batchMeta('sha-1', [first]), [first]);
			const meta = batchMeta('sha-1', [first]);
			let again;
			if (way === 'staged') {
				const staged = await stageBatch(db, meta, [first]);
				if (!staged.ok) throw new Error(staged.code);
				again = await commitStaged(db, staged.batchId, meta, [first]);
			} else again = await commitBatch(db, meta, [first]);
			expect(again).toEqual({ ok: false, code: 'duplicate', batchId: 1 });
			// The staged rows are gone with the refusal: nothing was added.
			expect(await db.batches.count()).toBe(1);
			expect(await db.blocks.count()).toBe(1);
			expect(await getDataVersion(db)).toBe(1);
		}
	);

	it('accepts the same file again after its batch was undone, as a new batch', async () => {
		const { db } = freshDb();
		await commitBatch(db, batchMeta('sha-1', [first]), [first]);
		await undoBatch(db, 1);
		const again = await commitBatch(db, batchMeta('sha-1', [first]), [first]);
		// dataVersion: commit 1, undo 2, commit 3.
		expect(again).toEqual({ ok: true, batchId: 2, dataVersion: 3 });
		expect((await readCommittedBlocks(db)).map((b) => b.batchId)).toEqual([2]);
	});

	it('reads batches in commit order with their dataVersion in one snapshot', async () => {
		const { db } = freshDb();
		await commitBatch(db, batchMeta('sha-1', [first]), [first]);
		await commitBatch(db, batchMeta('sha-2', [second]), [second]);
		const snapshot = await readCommittedSnapshot(db);
		expect(snapshot.dataVersion).toBe(2);
		expect(snapshot.batches.map((b) => b.batchId)).toEqual([1, 2]);
	});
});

describe('undoBatch', () => {
	it('restores exactly the dataset before the batch, replaced rows included', async () => {
		const { db } = freshDb();
		await commitBatch(db, batchMeta('sha-1', [first]), [first]);
		const before = buildDataset(await readCommittedBlocks(db));
		const committed = await commitBatch(db, batchMeta('sha-2', [second]), [second]);
		if (!committed.ok) throw new Error(committed.code);
		// After the second batch a2 is "Beta Renamed".
		const during = buildDataset(await readCommittedBlocks(db));
		expect(during.accounts.map((a) => a.name)).toEqual(['Acme', 'Beta Renamed', 'Gamma']);

		const undone = await undoBatch(db, committed.batchId, 5000);
		expect(undone).toEqual({ ok: true, batchId: 2, dataVersion: 3 });
		const after = buildDataset(await readCommittedBlocks(db));
		expect(after).toEqual(before);
		expect(after.accounts.map((a) => a.name)).toEqual(['Acme', 'Beta']);
		expect(await db.blocks.where('batchId').equals(2).count()).toBe(0);
		expect((await db.batches.get(2))?.undoneAt).toBe(5000);
	});

	it('undoing an older batch removes only its own contribution', async () => {
		const { db } = freshDb();
		await commitBatch(db, batchMeta('sha-1', [first]), [first]);
		await commitBatch(db, batchMeta('sha-2', [second]), [second]);
		await undoBatch(db, 1);
		// a1 came only from batch 1; a2 and a3 from batch 2 stay.
		const ds = buildDataset(await readCommittedBlocks(db));
		expect(ds.accounts.map((a) => [a.id, a.name])).toEqual([
			['a2', 'Beta Renamed'],
			['a3', 'Gamma']
		]);
	});

	it('reports a missing or already undone batch without bumping dataVersion', async () => {
		const { db } = freshDb();
		await commitBatch(db, batchMeta('sha-1', [first]), [first]);
		expect(await undoBatch(db, 9)).toEqual({ ok: false, code: 'not-found', batchId: 9 });
		await undoBatch(db, 1);
		expect(await undoBatch(db, 1)).toEqual({ ok: false, code: 'already-undone', batchId: 1 });
		expect(await getDataVersion(db)).toBe(2);
	});
});

describe('rollbackUnfinished', () => {
	it('removes a half-written batch left by a killed tab and keeps committed ones', async () => {
		const { db } = freshDb();
		await commitBatch(db, batchMeta('sha-1', [first]), [first]);
		// What a tab killed mid-write would leave if a batch spanned transactions: a batch row
		// without its commit marker and some of its blocks.
		const id = await db.batches.add({
			...batchMeta('sha-2', [second]),
			createdAt: 1,
			committedAt: null,
			undoneAt: null,
			blockCount: 2
		});
		await db.blocks.add({ batchId: id, entity: 'accounts', seq: 0, block: second });
		// Readers ignore it even before the clean-up.
		expect((await readCommittedBlocks(db)).map((b) => b.batchId)).toEqual([1]);
		expect(await listBatches(db)).toHaveLength(1);

		const report = await rollbackUnfinished(db);
		expect(report).toEqual({ batchIds: [id], blocksDeleted: 1 });
		expect(await db.batches.count()).toBe(1);
		expect(await db.blocks.count()).toBe(1);
		expect(buildDataset(await readCommittedBlocks(db)).accounts).toHaveLength(2);
		expect(await getDataVersion(db)).toBe(1);
	});
});

describe('staged batches (written during the review, marked at the confirm)', () => {
	const stage = async (db: ReturnType<typeof freshDb>['db'], blocks: (typeof first)[]) => {
		const staged = await stageBatch(db, batchMeta('ignored', blocks), blocks, 500);
		if (!staged.ok) throw new Error(`stage failed: ${staged.code}`);
		return staged.batchId;
	};

	it('are invisible until marked, then read as a commit with its hash', async () => {
		const { db } = freshDb();
		const id = await stage(db, [first]);
		expect(await readCommittedBlocks(db)).toEqual([]);
		expect(await listBatches(db)).toEqual([]);
		expect(await getDataVersion(db)).toBe(0);

		const outcome = await commitStaged(db, id, batchMeta('sha-1', [first]), [first], 900);
		expect(outcome).toEqual({ ok: true, batchId: id, dataVersion: 1 });
		const [batch] = await listBatches(db);
		expect(batch).toMatchObject({ id, sha256: 'sha-1', createdAt: 500, committedAt: 900 });
		expect((await readCommittedBlocks(db))[0].blocks).toEqual([first]);
		// Marked in place: the blocks were not written twice.
		expect(await db.blocks.count()).toBe(1);
	});

	it('keep batch ids in commit order when confirmed in another order', async () => {
		const { db } = freshDb();
		const a = await stage(db, [first]);
		const b = await stage(db, [second]);
		expect(await commitStaged(db, b, batchMeta('sha-b', [second]), [second])).toEqual({
			ok: true,
			batchId: b,
			dataVersion: 1
		});
		// `a` was staged before `b` but confirmed after it: written anew, after `b`.
		const outcome = await commitStaged(db, a, batchMeta('sha-a', [first]), [first]);
		expect(outcome).toEqual({ ok: true, batchId: b + 1, dataVersion: 2 });
		expect((await readCommittedBlocks(db)).map((x) => x.batchId)).toEqual([b, b + 1]);
		expect(await db.batches.get(a)).toBeUndefined();
		expect(await db.blocks.where('batchId').equals(a).count()).toBe(0);
		// The later commit wins where both hold a row: a2 is first's "Beta", not "Beta Renamed".
		const names = buildDataset(await readCommittedBlocks(db)).accounts.map((x) => x.name);
		expect(names).toEqual(['Beta', 'Gamma', 'Acme']);
	});

	it('are written anew when another tab rolled them back meanwhile', async () => {
		const { db } = freshDb();
		const id = await stage(db, [first]);
		expect((await rollbackUnfinished(db)).batchIds).toEqual([id]);
		const outcome = await commitStaged(db, id, batchMeta('sha-1', [first]), [first]);
		expect(outcome).toEqual({ ok: true, batchId: id + 1, dataVersion: 1 });
		expect(buildDataset(await readCommittedBlocks(db)).accounts).toHaveLength(2);
		expect(await db.blocks.count()).toBe(1);
	});

	it('are deleted by a discard, which leaves committed batches alone', async () => {
		const { db } = freshDb();
		await commitBatch(db, batchMeta('sha-1', [first]), [first]);
		const id = await stage(db, [second, second]);
		expect(await db.blocks.count()).toBe(3);
		await discardStaged(db, id);
		await discardStaged(db, 1);
		expect(await db.batches.count()).toBe(1);
		expect(await db.blocks.count()).toBe(1);
		expect((await readCommittedBlocks(db)).map((x) => x.batchId)).toEqual([1]);
	});

	it('report a full disk as quota and leave nothing behind', async () => {
		const { db } = freshDb();
		fillTheDisk();
		const staged = await stageBatch(db, batchMeta('x', [first]), [first]);
		vi.restoreAllMocks();
		expect(staged).toMatchObject({ ok: false, code: 'quota' });
		expect(await db.batches.count()).toBe(0);
		expect(await db.blocks.count()).toBe(0);
	});
});

describe('failures come back as data', () => {
	it('reports quota when a block write throws QuotaExceededError; earlier batches stay', async () => {
		const { db } = freshDb();
		await commitBatch(db, batchMeta('sha-1', [first]), [first]);
		fillTheDisk();
		const outcome = await commitBatch(db, batchMeta('sha-2', [second]), [second]);
		expect(outcome).toMatchObject({ ok: false, code: 'quota' });
		vi.restoreAllMocks();

		// The batch row written before the failing block is rolled back with it.
		expect(await db.batches.toArray()).toHaveLength(1);
		expect(await db.blocks.count()).toBe(1);
		expect(await getDataVersion(db)).toBe(1);
		expect(buildDataset(await readCommittedBlocks(db)).accounts.map((a) => a.name)).toEqual([
			'Acme',
			'Beta'
		]);
	});

	it('rolls back the whole batch when one block of a bulkAdd fails (BulkError)', async () => {
		const { db } = freshDb();
		await commitBatch(db, batchMeta('sha-1', [first]), [first]);
		const add = IDBObjectStore.prototype.add;
		// The second block of the new batch collides with block 1's key: a ConstraintError on
		// that request only, which Dexie reports as a BulkError while the others succeed.
		vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (
			this: IDBObjectStore,
			value: unknown,
			key?: IDBValidKey
		) {
			const row = value as { seq?: number };
			if (this.name === 'blocks' && row.seq === 1) return add.call(this, { ...row, id: 1 }, key);
			return add.call(this, value, key);
		});
		const blocks = [second, second, second];
		const outcome = await commitBatch(db, batchMeta('sha-2', blocks), blocks);
		vi.restoreAllMocks();
		expect(outcome).toMatchObject({ ok: false, code: 'failed' });
		if (outcome.ok || outcome.code !== 'failed') throw new Error('expected failed');
		expect(outcome.detail).toContain('BulkError');
		expect(await db.batches.count()).toBe(1);
		// Blocks 0 and 2 were written successfully inside the transaction; they must be gone.
		expect(await db.blocks.count()).toBe(1);
		expect(await getDataVersion(db)).toBe(1);
	});
});

describe('settings and mappings', () => {
	it('stores a setting and a mapping and reads them back', async () => {
		const { db } = freshDb();
		expect(await getSetting(db, 'timeZone')).toBeUndefined();
		await putSetting(db, 'timeZone', 'Asia/Tokyo');
		expect(await getSetting(db, 'timeZone')).toBe('Asia/Tokyo');
		const row = { signature: 'h1', entity: 'accounts' as const, mapping: { 0: 'id' }, savedAt: 1 };
		await putMapping(db, row);
		expect(await getMapping(db, 'h1')).toEqual(row);
		expect(await getMapping(db, 'h2')).toBeUndefined();
	});
});
