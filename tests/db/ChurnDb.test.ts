import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { ChurnDb, type VersionEvent } from '../../src/lib/db/ChurnDb';
import { commitBatch, getDataVersion, putSetting } from '../../src/lib/db/batches';
import { accountsBlock, batchMeta } from './block-fixtures';
import snapshot from './schema/snapshot.json';
import { SCHEMA_V1, SCHEMA_V1_VERSION } from './schema/v1';

function schemaOf(db: Dexie) {
	const tables: Record<string, { primKey: string; indexes: string[] }> = {};
	for (const table of [...db.tables].sort((a, b) => a.name.localeCompare(b.name))) {
		tables[table.name] = {
			primKey: table.schema.primKey.src,
			indexes: table.schema.indexes.map((i) => i.src).sort()
		};
	}
	return { verno: db.verno, tables };
}

describe('schema', () => {
	it('matches the committed snapshot', async () => {
		const db = new ChurnDb({ name: 'schema', indexedDB: new IDBFactory(), IDBKeyRange });
		await db.open();
		expect(
			schemaOf(db),
			'The schema changed: bump the version, add a migration test, freeze the old declaration ' +
				'in tests/db/schema/ and update snapshot.json'
		).toEqual(snapshot);
		db.close();
	});

	it('opens a workspace written through the frozen v1 declaration and reads every row', async () => {
		const factory = new IDBFactory();
		const old = new Dexie('upgrade', { indexedDB: factory, IDBKeyRange });
		old.version(SCHEMA_V1_VERSION).stores(SCHEMA_V1);
		const block = accountsBlock([['a1', 'Acme', 1000]]);
		const batch = { ...batchMeta('s1', [block]), createdAt: 1, committedAt: 1, undoneAt: null };
		await old.table('batches').add({ ...batch, blockCount: 1 });
		await old.table('blocks').add({ batchId: 1, entity: 'accounts', seq: 0, block });
		await old
			.table('mappings')
			.put({ signature: 'h', entity: 'accounts', mapping: {}, savedAt: 1 });
		await old.table('settings').put({ key: 'locale', value: 'ja' });
		await old.table('rules').put({ id: 'r1', data: { when: 'x' }, updatedAt: 1 });
		const alert = { ruleId: 'r1', accountId: 'a1', data: 'open', updatedAt: 1 };
		await old.table('alertStates').put(alert);
		await old.table('cases').add({ accountId: 'a1', data: 'call', createdAt: 1, updatedAt: 1 });
		await old.table('goals').put({ id: 'g1', data: 0.05, updatedAt: 1 });
		await old.table('meta').put({ key: 'dataVersion', value: 1 });
		old.close();

		const db = new ChurnDb({ name: 'upgrade', indexedDB: factory, IDBKeyRange });
		expect((await db.blocks.get(1))?.block).toEqual(block);
		expect((await db.batches.get(1))?.sha256).toBe('s1');
		expect(await db.batches.where('committedAt').equals(1).count()).toBe(1);
		expect(await db.mappings.get('h')).toMatchObject({ entity: 'accounts' });
		expect(await db.settings.get('locale')).toEqual({ key: 'locale', value: 'ja' });
		expect(await db.rules.get('r1')).toMatchObject({ data: { when: 'x' } });
		expect(await db.alertStates.get(['r1', 'a1'])).toMatchObject({ data: 'open' });
		expect(await db.cases.where('accountId').equals('a1').count()).toBe(1);
		expect(await db.goals.get('g1')).toMatchObject({ data: 0.05 });
		expect(await getDataVersion(db)).toBe(1);
		db.close();
	});
});

describe('another tab opens a newer schema', () => {
	it('closes for good, refuses writes and tells the app', async () => {
		const factory = new IDBFactory();
		const onVersionChange = vi.fn();
		const db = new ChurnDb({ name: 'tabs', indexedDB: factory, IDBKeyRange, onVersionChange });
		await putSetting(db, 'k', 1);

		const newer = new Dexie('tabs', { indexedDB: factory, IDBKeyRange });
		newer.version(1).stores(SCHEMA_V1);
		newer.version(2).stores({ extra: 'id' });
		await newer.open();
		expect(newer.verno).toBe(2);

		expect(onVersionChange).toHaveBeenCalledTimes(1);
		expect(onVersionChange.mock.calls[0][0]).toEqual({ oldVersion: 1, newVersion: 2 });
		expect(db.isOpen()).toBe(false);
		const block = accountsBlock([['a1', 'Acme', 1]]);
		const outcome = await commitBatch(db, batchMeta('s', [block]), [block]);
		expect(outcome).toMatchObject({ ok: false });
		expect(['closed', 'version-change']).toContain(outcome.ok ? 'ok' : outcome.code);
		// Nothing reached the database through the old connection.
		expect(await newer.table('batches').count()).toBe(0);
		newer.close();
	});

	it('reports blocked while an old connection holds the database open', async () => {
		const factory = new IDBFactory();
		// A raw connection at an older version that ignores versionchange, like a stuck tab.
		const raw = await new Promise<IDBDatabase>((resolve, reject) => {
			const request = factory.open('blocked', 1);
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		let reportBlocked: (event: VersionEvent) => void = () => {};
		const blocked = new Promise<VersionEvent>((resolve) => (reportBlocked = resolve));
		const db = new ChurnDb({
			name: 'blocked',
			indexedDB: factory,
			IDBKeyRange,
			onBlocked: (event) => reportBlocked(event)
		});
		const opening = db.open();
		// IndexedDB's raw version 1 is Dexie's 0.1; ours is 1.
		expect(await blocked).toEqual({ oldVersion: 0.1, newVersion: 1 });
		raw.close();
		await opening;
		expect(db.isOpen()).toBe(true);
		db.close();
	});
});
