// The worker's dataset cache never answers with a dataset older than the version stored when the
// call began, even when it joins a rebuild that read its snapshot before a commit landed.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ChurnDb } from '../../src/lib/db/ChurnDb';
import { META_KEY } from '../../src/lib/db/names';
import { getDataVersion } from '../../src/lib/db/batches';
import { DatasetCache } from '../../src/lib/worker/dataset-cache';

const opened: ChurnDb[] = [];
afterEach(() => {
	for (const db of opened.splice(0)) db.close();
});

async function dbAtVersion(name: string, version: number): Promise<ChurnDb> {
	const db = new ChurnDb({ name });
	opened.push(db);
	await db.meta.put({ key: META_KEY.dataVersion, value: version });
	return db;
}

describe('DatasetCache', () => {
	it('rebuilds when the rebuild it joined read an older version', async () => {
		const db = await dbAtVersion('dataset-cache-race', 1);
		let open!: () => void;
		const gate = new Promise<void>((resolve) => (open = resolve));
		const reads: number[] = [];
		const cache = new DatasetCache(db, async (d) => {
			const dataVersion = await getDataVersion(d);
			reads.push(dataVersion);
			if (reads.length === 1) await gate;
			return { dataVersion, batches: [] };
		});

		const first = cache.get();
		while (reads.length === 0) await new Promise((r) => setTimeout(r, 1));
		// A commit lands while the first rebuild holds its (older) snapshot.
		await db.meta.put({ key: META_KEY.dataVersion, value: 2 });
		const second = cache.get();
		await new Promise((r) => setTimeout(r, 5));
		open();

		expect((await first).dataVersion).toBe(1);
		expect((await second).dataVersion).toBe(2);
		expect(reads).toEqual([1, 2]);
	});

	it('shares one rebuild between concurrent callers and reuses it while the version holds', async () => {
		const db = await dbAtVersion('dataset-cache-share', 3);
		let count = 0;
		const cache = new DatasetCache(db, async (d) => {
			count++;
			return { dataVersion: await getDataVersion(d), batches: [] };
		});
		const [a, b] = await Promise.all([cache.get(), cache.get()]);
		expect(a.dataset).toBe(b.dataset);
		expect((await cache.get()).dataset).toBe(a.dataset);
		expect(count).toBe(1);
		await db.meta.put({ key: META_KEY.dataVersion, value: 4 });
		expect((await cache.get()).dataVersion).toBe(4);
		expect(count).toBe(2);
	});
});
