// Raw IndexedDB from a page of the app's origin that runs no app code: what a newer version of
// the app in another tab would do, and a way to look at the stored rows without Dexie.
import type { Page } from 'playwright-core';

export interface StoredBatches {
	version: number;
	batches: {
		id: number;
		fileName: string;
		sha256: string;
		committedAt: number | null;
		undoneAt: number | null;
	}[];
	blocks: number;
}

/** Batches and the block count as stored, opening the database at its current version. */
export function storedBatches(page: Page, name = 'churn-desk'): Promise<StoredBatches> {
	return page.evaluate(
		(dbName) =>
			new Promise<StoredBatches>((resolve, reject) => {
				const open = indexedDB.open(dbName);
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(['batches', 'blocks'], 'readonly');
					const batches = tx.objectStore('batches').getAll();
					const blocks = tx.objectStore('blocks').count();
					tx.oncomplete = () => {
						db.close();
						resolve({
							version: db.version,
							batches: (batches.result as StoredBatches['batches']).map((b) => ({
								id: b.id,
								fileName: b.fileName,
								sha256: b.sha256,
								committedAt: b.committedAt,
								undoneAt: b.undoneAt
							})),
							blocks: blocks.result
						});
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		name
	);
}

/**
 * Opens the database at `version` and keeps the connection open on the page (as a newer app
 * version in another tab would). Resolves once the open succeeded.
 */
export function openNewerVersion(
	page: Page,
	version: number,
	name = 'churn-desk'
): Promise<number> {
	return page.evaluate(
		([dbName, v]) =>
			new Promise<number>((resolve, reject) => {
				const open = indexedDB.open(dbName, v);
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					(globalThis as unknown as { heldDb: IDBDatabase }).heldDb = open.result;
					resolve(open.result.version);
				};
			}),
		[name, version] as const
	);
}
