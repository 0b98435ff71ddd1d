// What the worker API tests share: an API object over its own fake-indexeddb database (closed
// after each file), and a CSV imported the way the wizard does it (preview, read, confirm).
import 'fake-indexeddb/auto';
import { ChurnDb } from '../../src/lib/db/ChurnDb';
import { createApi, type ApiDeps } from '../../src/lib/worker/api';

/** 2026-11-01 12:00 UTC: the tests' "now" unless a file sets its own clock. */
export const TEST_NOW = Date.UTC(2026, 10, 1, 12);

const opened: ChurnDb[] = [];
let count = 0;

/** A worker API on a database of its own (or a named one, to reopen it in a second API). */
export function testApi(
	prefix: string,
	options: { name?: string } & Partial<Pick<ApiDeps, 'now' | 'onDataChanged' | 'runPart'>> = {}
) {
	const name = options.name ?? `${prefix}-${count++}`;
	const api = createApi({
		openDb: () => {
			const db = new ChurnDb({ name });
			opened.push(db);
			return db;
		},
		now: options.now ?? (() => TEST_NOW),
		onDataChanged: options.onDataChanged,
		...(options.runPart !== undefined ? { runPart: options.runPart } : {})
	});
	return { api, name };
}

/** Closes every database the file opened (call from afterEach or afterAll). */
export function closeTestDbs(): void {
	for (const db of opened.splice(0)) db.close();
}

/** Imports a CSV as a person would: the suggested entity and mapping, then confirm. */
export async function importCsv(
	api: ReturnType<typeof createApi>,
	text: string,
	fileName: string
): Promise<void> {
	const file = new File([text], fileName, { type: 'text/csv' });
	const preview = await api.preview({ file });
	if (!preview.ok) throw new Error(`preview failed: ${preview.code}`);
	const review = await api.readFile({
		jobId: fileName,
		file,
		fileName,
		entity: preview.suggestedEntity!,
		mapping: preview.mapping,
		encoding: preview.encoding,
		delimiter: preview.delimiter,
		dateOrders: preview.dateOrders,
		headers: preview.headers
	});
	if (!review.ok) throw new Error(`read failed: ${review.code}`);
	const commit = await api.confirmImport({ jobId: fileName });
	if (!commit.ok) throw new Error(`commit failed: ${commit.code}`);
}
