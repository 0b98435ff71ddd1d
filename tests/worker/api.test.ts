// The worker's API object in Node, with fake-indexeddb: the same code the Web Worker runs.
// First: Dexie reads the IndexedDB globals when it loads.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REJECTS_SHOWN, type createApi } from '../../src/lib/worker/api';
import { closeTestDbs, testApi } from './api-fixture';
import { dayFromIso } from '../../src/lib/core/dates';
import { createHash } from 'node:crypto';
import { ChurnDb } from '../../src/lib/db/ChurnDb';
import { blobSource } from '../../src/lib/import/byte-source';
import { runImport } from '../../src/lib/import/pipeline';
import { SPLIT_MIN_BYTES, type PartRunner } from '../../src/lib/import/split';

afterEach(closeTestDbs);

/** An API that records the dataVersion of every data change it announces. */
function apiWithChanges() {
	const changes: number[] = [];
	const { api } = testApi('worker-api-test', { onDataChanged: (v) => changes.push(v) });
	return { api, changes };
}

const accountsCsv = [
	'customer_id,company_name,plan,signup_date,mrr,country',
	'A1,Acme,Growth,2025-01-05,100,JP',
	'A2,株式会社さくら,Starter,2025/02/01,50,JP',
	'A3,=HYPERLINK("x"),Starter,not a date,20,US'
].join('\n');

type Api = ReturnType<typeof createApi>;
type Preview = Extract<Awaited<ReturnType<Api['preview']>>, { ok: true }>;

/** An activity CSV a little over SPLIT_MIN_BYTES: read in two parts when a runner is given. */
const splitCsv = (() => {
	const lines = ['account_id,timestamp,event'];
	for (let i = 0; lines.length * 40 < SPLIT_MIN_BYTES * 1.2; i++)
		lines.push(`acct_${i % 997},2025-0${1 + (i % 9)}-1${i % 10}T10:00:00Z,login_${i % 7}`);
	const text = lines.join('\n') + '\n';
	return { text, rows: lines.length - 1, sha: createHash('sha256').update(text).digest('hex') };
})();

/** The file hashes of the batches stored in the named test database. */
async function storedHashes(name: string): Promise<string[]> {
	const db = new ChurnDb({ name });
	try {
		return (await db.batches.toArray()).map((b) => b.sha256);
	} finally {
		db.close();
	}
}

/** The read request the wizard sends after a preview, with the preview's choices. */
function readRequest(
	file: File,
	jobId: string,
	preview: Preview,
	entity = preview.suggestedEntity!
) {
	return {
		jobId,
		file,
		fileName: file.name,
		entity,
		mapping: preview.mapping,
		encoding: preview.encoding,
		delimiter: preview.delimiter,
		dateOrders: preview.dateOrders,
		headers: preview.headers
	};
}

async function readAndConfirm(api: Api, text: string, fileName: string) {
	const file = new File([text], fileName, { type: 'text/csv' });
	const preview = await api.preview({ file });
	if (!preview.ok) throw new Error(`preview failed: ${preview.code}`);
	const review = await api.readFile(readRequest(file, fileName, preview));
	return { preview, review };
}

describe('worker api', () => {
	it('previews a file, reads it with rejects, and commits only on confirm', async () => {
		const { api, changes } = apiWithChanges();
		const { preview, review } = await readAndConfirm(api, accountsCsv, 'accounts.csv');
		expect(preview.suggestedEntity).toBe('accounts');
		expect(preview.headers).toEqual([
			'customer_id',
			'company_name',
			'plan',
			'signup_date',
			'mrr',
			'country'
		]);
		if (!review.ok) throw new Error(review.code);
		expect(review.rowsAccepted).toBe(2);
		expect(review.rowsRejected).toBe(1);
		expect(review.rejects[0]).toMatchObject({ row: 4, column: 'signup_date', reason: 'bad-date' });

		// Nothing is stored before the person confirms.
		expect((await api.overview()).counts.accounts).toBe(0);
		const commit = await api.confirmImport({ jobId: 'accounts.csv' });
		expect(commit.ok).toBe(true);
		expect(changes.length).toBe(1);
		const overview = await api.overview();
		expect(overview.counts.accounts).toBe(2);
		expect(overview.accountsByPlan).toEqual([
			{ plan: 'Growth', count: 1 },
			{ plan: 'Starter', count: 1 }
		]);
		expect(overview.minDay).toBe(dayFromIso('2025-01-05'));
		expect(overview.attributeCount).toBe(1); // country
	});

	it('writes the blocks while the review is shown: the confirm marks them, a discard drops them', async () => {
		const { api, name } = testApi('worker-api-staged');
		const db = new ChurnDb({ name });
		const unmarked = async () =>
			(await db.batches.toArray()).filter((b) => b.committedAt === null).map((b) => b.id);
		const { review } = await readAndConfirm(api, accountsCsv, 'staged.csv');
		if (!review.ok) throw new Error(review.code);
		await vi.waitFor(async () => expect(await unmarked()).toHaveLength(1));
		const [stagedId] = await unmarked();
		expect(await db.blocks.where('batchId').equals(stagedId).count()).toBeGreaterThan(0);
		// Written but not there: readers see committed batches only.
		expect((await api.overview()).counts.accounts).toBe(0);
		expect(await api.batches()).toEqual([]);

		const commit = await api.confirmImport({ jobId: 'staged.csv' });
		expect(commit).toMatchObject({ ok: true, batchId: stagedId });
		expect(await db.batches.count()).toBe(1);
		expect((await api.overview()).counts.accounts).toBe(2);

		const other = 'customer_id,company_name\nB1,Beta\n';
		const second = await readAndConfirm(api, other, 'dropped.csv');
		if (!second.review.ok) throw new Error(second.review.code);
		await vi.waitFor(async () => expect(await unmarked()).toHaveLength(1));
		const blocksBefore = await db.blocks.count();
		await api.discardImport({ jobId: 'dropped.csv' });
		expect(await unmarked()).toEqual([]);
		expect(await db.blocks.count()).toBeLessThan(blocksBefore);
		expect(await db.blocks.where('batchId').notEqual(stagedId).count()).toBe(0);
		expect((await api.overview()).counts.accounts).toBe(2);
		db.close();
	});

	it('escapes formula cells in the rejected-rows CSV', async () => {
		const { api } = apiWithChanges();
		const csv = 'customer_id,signup_date\nA1,=1+1\nA2,2025-01-01\n';
		const { review } = await readAndConfirm(api, csv, 'x.csv');
		if (!review.ok) throw new Error(review.code);
		expect(review.rejects).toEqual([
			{ row: 2, column: 'signup_date', value: '=1+1', reason: 'bad-date' }
		]);
		const text = await api.rejectsCsv({ jobId: 'x.csv' });
		expect(text).toContain(`"'=1+1"`);
		expect(text).not.toMatch(/(^|,)"=1\+1"/m);
	});

	it('sends the first rejects for display and keeps every one for the download', async () => {
		const { api } = apiWithChanges();
		const total = REJECTS_SHOWN * 2 + 7;
		const lines = ['customer_id,signup_date'];
		for (let i = 0; i < total; i++) lines.push(`B${i},not a date ${i}`);
		lines.push('OK1,2025-01-01');
		const { review } = await readAndConfirm(api, lines.join('\n'), 'many.csv');
		if (!review.ok) throw new Error(review.code);
		expect(review.rowsRejected).toBe(total);
		expect(review.rowsAccepted).toBe(1);
		expect(review.rejects.map((r) => r.row)).toEqual(
			Array.from({ length: REJECTS_SHOWN }, (_, i) => i + 2)
		);
		const text = (await api.rejectsCsv({ jobId: 'many.csv' })) ?? '';
		const rows = text.trim().split(/\r?\n/);
		expect(rows).toHaveLength(total + 1);
		expect(rows.at(-1)).toContain(`not a date ${total - 1}`);
	});

	it('treats a re-import of the same file as a duplicate that changes nothing', async () => {
		const { api } = apiWithChanges();
		await readAndConfirm(api, accountsCsv, 'a.csv');
		await api.confirmImport({ jobId: 'a.csv' });
		const version = (await api.overview()).dataVersion;
		const { review } = await readAndConfirm(api, accountsCsv, 'a-again.csv');
		if (!review.ok) throw new Error(review.code);
		expect(review.duplicateOf).not.toBeNull();
		const again = await api.confirmImport({ jobId: 'a-again.csv' });
		expect(again).toMatchObject({ ok: false, code: 'duplicate' });
		expect((await api.overview()).dataVersion).toBe(version);
	});

	it('undo restores the rows a later batch replaced', async () => {
		const { api } = apiWithChanges();
		await readAndConfirm(api, accountsCsv, 'v1.csv');
		await api.confirmImport({ jobId: 'v1.csv' });
		const v2 = 'customer_id,company_name,plan\nA1,Acme,Enterprise\n';
		await readAndConfirm(api, v2, 'v2.csv');
		await api.confirmImport({ jobId: 'v2.csv' });
		expect((await api.overview()).accountsByPlan).toContainEqual({ plan: 'Enterprise', count: 1 });
		const batches = await api.batches();
		const last = batches[batches.length - 1];
		expect((await api.undo({ batchId: last.id })).ok).toBe(true);
		const after = await api.overview();
		expect(after.accountsByPlan).toEqual([
			{ plan: 'Growth', count: 1 },
			{ plan: 'Starter', count: 1 }
		]);
		expect((await api.batches()).find((b) => b.id === last.id)?.undoneAt).not.toBeNull();
	});

	it('refuses an empty file with a code, not an exception', async () => {
		const { api } = apiWithChanges();
		const preview = await api.preview({ file: new File([], 'empty.csv') });
		expect(preview).toMatchObject({ ok: false, code: 'empty' });
	});

	it('cancels a read and keeps nothing', async () => {
		const { api } = apiWithChanges();
		const rows = ['account_id,date,event'];
		for (let i = 0; i < 200_000; i++)
			rows.push(`A${i % 500},2025-03-${String((i % 28) + 1).padStart(2, '0')},login`);
		const file = new File([rows.join('\n')], 'big.csv');
		const preview = await api.preview({ file });
		if (!preview.ok) throw new Error(preview.code);
		let progressCalls = 0;
		const reading = api.readFile(readRequest(file, 'big', preview, 'activity'), () => {
			progressCalls++;
			void api.cancel({ jobId: 'big' });
		});
		const outcome = await reading;
		expect(progressCalls).toBeGreaterThan(0);
		expect(outcome).toMatchObject({ ok: false, code: 'cancelled' });
		expect(await api.confirmImport({ jobId: 'big' })).toMatchObject({
			ok: false,
			code: 'not-found'
		});
		expect((await api.overview()).counts.activity).toBe(0);
	});

	it('loads the sample workspace through the import pipeline', async () => {
		const { api } = apiWithChanges();
		const outcome = await api.loadSample({ endDay: dayFromIso('2026-10-31')! });
		expect(outcome.ok).toBe(true);
		const overview = await api.overview();
		expect(overview.counts.accounts).toBeGreaterThanOrEqual(2000);
		expect(overview.counts.subscriptions).toBeGreaterThan(overview.counts.accounts);
		expect(overview.counts.activity).toBeGreaterThan(100_000);
		expect(overview.counts.tickets).toBeGreaterThan(0);
		expect(overview.counts.nps).toBeGreaterThan(0);
		expect((await api.batches()).length).toBe(6);
		expect(overview.maxDay).toBeLessThanOrEqual(dayFromIso('2026-10-31')!);
	});

	it('hashes a file read in two parts as the whole file, and knows its re-import', async () => {
		// An in-process second part: what partInWorker does in its worker.
		let partsRun = 0;
		const runPart: PartRunner = async (bytes, options, onProgress, signal) => {
			partsRun++;
			return runImport(blobSource(bytes), options, onProgress, signal);
		};
		const { api, name } = testApi('worker-api-test', { runPart });
		const { text, rows } = splitCsv;
		const read = async (jobId: string) => {
			const file = new File([text], 'events.csv', { type: 'text/csv' });
			expect(file.size).toBeGreaterThan(SPLIT_MIN_BYTES);
			const preview = await api.preview({ file });
			if (!preview.ok) throw new Error(preview.code);
			return api.readFile(readRequest(file, jobId, preview, 'activity'));
		};
		const first = await read('one');
		if (!first.ok) throw new Error(first.code);
		expect(first.parts).toBe(2);
		expect(partsRun).toBe(1);
		expect(first.rowsAccepted).toBe(rows);
		expect((await api.confirmImport({ jobId: 'one' })).ok).toBe(true);
		const db = new ChurnDb({ name });
		const [batch] = await db.batches.toArray();
		db.close();
		expect(batch.sha256).toBe(createHash('sha256').update(text).digest('hex'));
		const again = await read('two');
		if (!again.ok) throw new Error(again.code);
		expect(again.parts).toBe(2);
		expect(again.duplicateOf).toBe(batch.id);
	});

	it('starts loading the second part runner when a file that may be split is previewed', async () => {
		let warmed = 0;
		const runPart: PartRunner = Object.assign(
			async (...[bytes, options, onProgress, signal]: Parameters<PartRunner>) =>
				runImport(blobSource(bytes), options, onProgress, signal),
			{ warm: () => void warmed++ }
		);
		const { api } = testApi('worker-api-warm', { runPart });
		const small = await api.preview({ file: new File([accountsCsv], 'a.csv') });
		expect(small.ok).toBe(true);
		expect(warmed).toBe(0);
		const big =
			'account_id,timestamp,event\n' +
			'acct_1,2025-01-05T10:00:00Z,login\n'.repeat(Math.ceil(SPLIT_MIN_BYTES / 34));
		const preview = await api.preview({ file: new File([big], 'events.csv') });
		expect(preview.ok).toBe(true);
		expect(warmed).toBe(1);
	});

	describe('the hash of a file read in two parts', () => {
		const { text, sha } = splitCsv;

		/** A runner whose hash is taken by the test, to settle when it says. */
		function held() {
			const events: string[] = [];
			const hashes: { resolve: (h: string) => void; reject: (e: Error) => void }[] = [];
			const runPart: PartRunner = Object.assign(
				async (...[bytes, options, onProgress, signal]: Parameters<PartRunner>) => {
					const outcome = await runImport(blobSource(bytes), options, onProgress, signal);
					events.push('part read');
					return outcome;
				},
				{
					hash: (file: Blob) => {
						events.push(`hash of ${file.size} bytes`);
						return new Promise<string>((resolve, reject) => hashes.push({ resolve, reject }));
					}
				}
			);
			return { runPart, events, hashes };
		}

		async function read(api: ReturnType<typeof testApi>['api'], jobId: string) {
			const file = new File([text], 'events.csv', { type: 'text/csv' });
			const preview = await api.preview({ file });
			if (!preview.ok) throw new Error(preview.code);
			return api.readFile(readRequest(file, jobId, preview, 'activity'));
		}

		it('is taken by the runner once the parts are read; the review does not wait for it', async () => {
			const { runPart, events, hashes } = held();
			const { api, name } = testApi('worker-api-hash-later', { runPart });
			const review = await read(api, 'one');
			if (!review.ok) throw new Error(review.code);
			expect(review.parts).toBe(2);
			expect(review.duplicateOf).toBeNull();
			expect(events).toEqual(['part read', `hash of ${text.length} bytes`]);
			let committed = false;
			const confirm = api.confirmImport({ jobId: 'one' }).then((o) => ((committed = true), o));
			await new Promise((r) => setTimeout(r, 50));
			expect(committed).toBe(false); // the commit waits for the hash
			hashes[0].resolve(sha);
			expect((await confirm).ok).toBe(true);
			expect(await storedHashes(name)).toEqual([sha]);
		});

		it('is waited for by the review when a batch of the same size exists', async () => {
			const { runPart, hashes } = held();
			const { api } = testApi('worker-api-hash-same-size', { runPart });
			const first = read(api, 'one');
			await new Promise((r) => setTimeout(r, 0));
			while (hashes.length < 1) await new Promise((r) => setTimeout(r, 10));
			hashes[0].resolve(sha);
			const one = await first;
			if (!one.ok) throw new Error(one.code);
			const done = await api.confirmImport({ jobId: 'one' });
			if (!done.ok) throw new Error(done.code);
			let reviewed = false;
			const second = read(api, 'two').then((r) => ((reviewed = true), r));
			while (hashes.length < 2) await new Promise((r) => setTimeout(r, 10));
			await new Promise((r) => setTimeout(r, 50));
			expect(reviewed).toBe(false);
			hashes[1].resolve(sha);
			const two = await second;
			if (!two.ok) throw new Error(two.code);
			expect(two.duplicateOf).toBe(done.batchId);
		});

		it('that fails (the file could not be read again) fails the commit, which writes nothing', async () => {
			const { runPart, hashes } = held();
			const { api, name } = testApi('worker-api-hash-fails', { runPart });
			const review = await read(api, 'one');
			if (!review.ok) throw new Error(review.code);
			hashes[0].reject(new DOMException('file changed', 'NotReadableError'));
			const outcome = await api.confirmImport({ jobId: 'one' });
			expect(outcome).toMatchObject({ ok: false, code: 'failed' });
			expect('detail' in outcome && outcome.detail).toContain('NotReadableError');
			const db = new ChurnDb({ name });
			expect(await db.batches.count()).toBe(0);
			expect(await db.blocks.count()).toBe(0);
			db.close();
		});
	});
});
