// Small hand-checkable blocks and batch metadata shared by the db tests.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { f64Builder, i32Builder, makeBlock, strBuilder } from '../../src/lib/core/columns';
import type { ColumnBlock } from '../../src/lib/core/types';
import { ChurnDb, type ChurnDbOptions } from '../../src/lib/db/ChurnDb';
import type { BatchMeta } from '../../src/lib/db/batches';

/** A fresh, empty in-memory IndexedDB per call: tests never see each other's data. */
export function freshDb(options: Omit<ChurnDbOptions, 'indexedDB' | 'IDBKeyRange'> = {}): {
	db: ChurnDb;
	factory: IDBFactory;
} {
	const factory = new IDBFactory();
	const db = new ChurnDb({ name: 'test', indexedDB: factory, IDBKeyRange, ...options });
	return { db, factory };
}

export function accountsBlock(rows: [id: string, name: string | null, mrr: number | null][]) {
	const id = strBuilder();
	const name = strBuilder();
	const mrr = f64Builder();
	for (const [i, n, m] of rows) {
		id.push(i);
		name.push(n);
		mrr.push(m);
	}
	return makeBlock('accounts', { id: id.finish(), name: name.finish(), mrrMinor: mrr.finish() });
}

export function activityBlock(
	rows: [accountId: string, day: number, metric: string, count: number][]
) {
	const accountId = strBuilder();
	const day = i32Builder();
	const metric = strBuilder();
	const count = f64Builder();
	const users = f64Builder();
	for (const [a, d, m, c] of rows) {
		accountId.push(a);
		day.push(d);
		metric.push(m);
		count.push(c);
		users.push(null);
	}
	return makeBlock('activity', {
		accountId: accountId.finish(),
		day: day.finish(),
		metric: metric.finish(),
		count: count.finish(),
		users: users.finish()
	});
}

export function batchMeta(sha256: string, blocks: ColumnBlock[]): BatchMeta {
	const rows = blocks.reduce((n, b) => n + b.rowCount, 0);
	return {
		fileName: `${sha256}.csv`,
		entity: blocks[0]?.entity ?? 'accounts',
		sha256,
		sizeBytes: 100,
		rowsRead: rows,
		rowsAccepted: rows,
		rowsRejected: 0,
		minDay: null,
		maxDay: null,
		encoding: 'utf-8',
		mappingSignature: 'sig'
	};
}
