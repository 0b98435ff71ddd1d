// The one API object the worker exposes over Comlink. Methods take one plain request object (a
// long job takes its progress callback as a second argument) and return plain data; expected
// failures come back as `{ ok: false, code }`, never as thrown errors, and never as UI text.
import { toCsv } from '../core/csv-export';
import { dayRangeOf } from '../core/customer-base';
import { dayFromEpochMs } from '../core/dates';
import { generateSample, sampleCsvFiles } from '../core/sample-data';
import type { ColumnBlock, Dataset, DayNumber, EntityName } from '../core/types';
import { ENTITY_NAMES } from '../core/types';
import {
	commitStaged,
	discardStaged,
	getMapping,
	getSetting,
	listBatches,
	putMapping,
	putSetting,
	rollbackUnfinished,
	stageBatch,
	undoBatch,
	type BatchMeta,
	type StageOutcome
} from '../db/batches';
import type { ChurnDb } from '../db/ChurnDb';
import { classifyDbError } from '../db/errors';
import { headerSignature } from '../import/columns';
import {
	runImport,
	type ImportOptions,
	type ImportOutcome,
	type ImportProgress,
	type RejectedRow
} from '../import/pipeline';
import {
	ambiguousColumns,
	headDateOrders,
	resolvedDateOrders,
	scanRanges,
	sliceRecords
} from '../import/date-scan';
import { previewCsv, type PreviewOk as PreviewResultOk } from '../import/preview';
import type { Delim, Enc } from '../import/sniff';
import { blobSource, sha256OfBlob } from '../import/byte-source';
import { SPLIT_MIN_BYTES, runImportSplit, type FileHasher, type PartRunner } from '../import/split';
import { partInWorker } from './part-runner';
import { DatasetCache } from './dataset-cache';
import type { WorkerContext } from './context';
import { analyticsApi } from './analytics-api';
import { retentionApi } from './retention-api';
import { riskApi } from './risk-api';
import { playbookApi } from './playbook-api';

/** Files up to this size are hashed natively in one buffer; larger ones chunk by chunk. */
const NATIVE_HASH_LIMIT = 512 * 1024 * 1024;
/** Bytes read for a preview: enough for 20 rows of very wide files and for sniffing. */
const PREVIEW_BYTES = 256 * 1024;
/**
 * Rejected rows sent to the page for display; all of them are in the CSV download. 50, not 200:
 * the review renders while the import's workers still hold both cores, and 200 rows made its
 * first frame a 70-100 ms main-thread task in 4 of 4 Online Retail imports (docs/BENCH.md).
 */
export const REJECTS_SHOWN = 50;

export interface ApiDeps {
	openDb: () => ChurnDb;
	now?: () => number;
	/** Told after every commit and undo, so other tabs refresh (BroadcastChannel in the worker). */
	onDataChanged?: (dataVersion: number) => void;
	/**
	 * Reads the second part of a large activity file at once (import/split.ts). Default: a second
	 * worker where workers exist; in Node (tests), none, and files are read in one go.
	 */
	runPart?: PartRunner | null;
}

export interface ImportRequest {
	jobId: string;
	file: Blob;
	fileName: string;
	entity: EntityName;
	mapping: (string | null)[];
	/** Omitted unless the person chose one: the pipeline sniffs and may fall back. */
	encoding?: Enc;
	delimiter?: Delim;
	dateOrders: ImportOptions['dateOrders'];
	/** Remember this mapping for files with the same headers. */
	headers: string[];
}

export interface ImportReview {
	ok: true;
	jobId: string;
	fileName: string;
	entity: EntityName;
	rowsRead: number;
	rowsAccepted: number;
	rowsRejected: number;
	storedRows: number;
	rejects: RejectedRow[];
	warnings: { code: string; count: number; sampleRows?: number[] }[];
	/** The same file is already imported (and not undone): confirming changes nothing. */
	duplicateOf: number | null;
	/** Parts read at once (2: a large activity file on two cores; see import/split.ts). */
	parts: number;
}

export type ImportFailure = {
	ok: false;
	jobId: string;
	code: string;
	params?: Record<string, string | number>;
};

interface PendingImport {
	request: ImportRequest;
	/** Settles after the review when nothing of the same size was imported before. */
	sha256: Promise<string>;
	blocks: ColumnBlock[];
	/** The blocks written unmarked while the review is shown (null: written at the confirm). */
	staged: Promise<StageOutcome> | null;
	rejects: RejectedRow[];
	/** The batch row but its hash. */
	meta: Omit<BatchMeta, 'sha256'>;
}

/** A file the preview refuses (empty, binary, ...) or a database that refused to answer. */
export interface PreviewFailed {
	ok: false;
	code: string;
	params: Record<string, string | number>;
	remembered: false;
}

export interface OverviewModel {
	dataVersion: number;
	counts: Record<EntityName, number>;
	minDay: DayNumber | null;
	maxDay: DayNumber | null;
	accountsByPlan: { plan: string | null; count: number }[];
	attributeCount: number;
	activityAccounts: number;
}

/**
 * Runs `work` in a later task, after the reply this task is about to send: IndexedDB clones the
 * values it is given at once, on this thread (0.2 s for 1M rollup rows), and the review must not
 * wait for that.
 */
function afterReply<T>(work: () => Promise<T>): Promise<T> {
	return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(work);
}

export function createApi(deps: ApiDeps) {
	const now = deps.now ?? (() => Date.now());
	const runPart =
		deps.runPart === undefined
			? typeof Worker === 'undefined'
				? null
				: partInWorker
			: deps.runPart;
	const db = deps.openDb();
	// Start-up: finish what a killed tab left behind before anything reads (F5).
	const ready = rollbackUnfinished(db).then(
		() => ({ ok: true as const }),
		(e: unknown) => classifyDbError(e)
	);
	const cache = new DatasetCache(db);
	const context: WorkerContext = { db, cache, ready, now, signals: { risk: null } };
	const controllers = new Map<string, AbortController>();
	const pending = new Map<string, PendingImport>();

	async function settings(): Promise<{ currency: string; timezoneOffsetMinutes: number }> {
		const currency = await getSetting(db, 'currency');
		return {
			currency: typeof currency === 'string' ? currency : 'USD',
			// Days are cut in the browser's zone unless the person sets another offset.
			timezoneOffsetMinutes: -new Date(now()).getTimezoneOffset()
		};
	}

	async function readAndValidate(
		request: ImportRequest,
		onProgress: ((p: ImportProgress) => void) | undefined,
		/** Write the blocks while the person reviews, so the confirm only marks them. */
		stage: boolean
	): Promise<ImportReview | ImportFailure> {
		const controller = new AbortController();
		controllers.set(request.jobId, controller);
		try {
			// The second worker of a split read loads while the workspace is read.
			if (request.entity === 'activity' && request.file.size >= SPLIT_MIN_BYTES) runPart?.warm?.();
			const { currency, timezoneOffsetMinutes } = await settings();
			const { dataset } = await cache.get();
			const known =
				request.entity !== 'accounts' && dataset.accounts.length > 0
					? new Set(dataset.accounts.map((a) => a.id))
					: undefined;
			// Hashed natively in one buffer up to a limit, when and where the read says (see
			// OnHashable); beyond it (activity only) the pipeline hashes the bytes as they stream.
			const { file } = request;
			const nativeHash = file.size <= NATIVE_HASH_LIMIT;
			let hashing: Promise<string> | null = null;
			const hashWith = (hash: FileHasher) => {
				if (!nativeHash || hashing) return;
				hashing = hash(file);
				hashing.catch(() => undefined); // awaited at the commit; a cancel never awaits it
			};
			const options: ImportOptions = {
				entity: request.entity,
				mapping: request.mapping,
				encoding: request.encoding,
				delimiter: request.delimiter,
				dateOrders: request.dateOrders,
				currency,
				timezoneOffsetMinutes,
				todayDay: dayFromEpochMs(now(), timezoneOffsetMinutes),
				knownAccountIds: known,
				headers: request.headers,
				sha256: !nativeHash
			};
			const { signal } = controller;
			let outcome: ImportOutcome;
			if (runPart) {
				outcome = await runImportSplit(file, options, runPart, onProgress, signal, hashWith);
			} else {
				hashWith(sha256OfBlob);
				outcome = await runImport(blobSource(file), options, onProgress, signal);
			}
			if (!outcome.ok) {
				return { ok: false, jobId: request.jobId, code: outcome.code, params: outcome.params };
			}
			// The read starts the native hash (see OnHashable); a file over the limit was hashed
			// as it streamed.
			const fileSha = nativeHash
				? (hashing ?? sha256OfBlob(file))
				: Promise.resolve(outcome.sha256 ?? '');
			fileSha.catch(() => undefined);
			// Only a file of the same size can be the same file: the review waits for the hash
			// only then, and the commit checks again by hash in any case.
			const sameSize = (await listBatches(db)).filter(
				(b) => b.sizeBytes === file.size && b.undoneAt === null
			);
			const sha = sameSize.length > 0 ? await fileSha : null;
			const existing = sameSize.find((b) => b.sha256 === sha);
			const meta = {
				fileName: request.fileName,
				entity: request.entity,
				sizeBytes: file.size,
				encoding: outcome.encoding,
				mappingSignature: headerSignature(request.headers),
				rowsRead: outcome.rowsRead,
				rowsAccepted: outcome.rowsAccepted,
				rowsRejected: outcome.rowsRejected,
				minDay: outcome.minDay,
				maxDay: outcome.maxDay
			};
			pending.set(request.jobId, {
				request,
				sha256: fileSha,
				blocks: outcome.blocks,
				// A file already imported is not written: the review says so, and a confirm
				// would only find the duplicate.
				staged:
					stage && !existing ? afterReply(() => stageBatch(db, meta, outcome.blocks, now())) : null,
				rejects: outcome.rejects,
				meta
			});
			return {
				ok: true,
				jobId: request.jobId,
				fileName: request.fileName,
				entity: request.entity,
				rowsRead: outcome.rowsRead,
				rowsAccepted: outcome.rowsAccepted,
				rowsRejected: outcome.rowsRejected,
				storedRows: outcome.blocks.reduce((n, b) => n + b.rowCount, 0),
				rejects: outcome.rejects.slice(0, REJECTS_SHOWN),
				warnings: outcome.warnings,
				duplicateOf: existing?.id ?? null,
				parts: outcome.parts ?? 1
			};
		} finally {
			controllers.delete(request.jobId);
		}
	}

	/**
	 * Date order of every column (not only those the suggestion mapped: the person may map
	 * another one, or a remembered mapping may differ). A column whose head reads both ways is
	 * settled from evenly spaced slices of the rest of the file when there is more of it.
	 */
	async function scannedDateOrders(file: Blob, head: PreviewResultOk) {
		const orders = headDateOrders(head.rows, head.headers.length, head.dateOrders);
		if (ambiguousColumns(orders).length === 0) return orders;
		const ranges = scanRanges(file.size, PREVIEW_BYTES, head.encoding);
		if (ranges.length === 0) return orders;
		const sampled: string[][] = [];
		for (const range of ranges) {
			const bytes = await file.slice(range.start, range.end).arrayBuffer();
			const text = new TextDecoder(head.encoding).decode(bytes);
			sampled.push(...sliceRecords(text, head.delimiter, head.headers.length));
		}
		return resolvedDateOrders(orders, head.rows, sampled);
	}

	/** Deletes a job's staged rows once written (else the start-up roll-back would). */
	async function dropStaged(staged: StageOutcome | null | undefined) {
		if (staged?.ok) await discardStaged(db, staged.batchId).catch(() => undefined);
	}

	async function dropPending(jobId: string) {
		const job = pending.get(jobId);
		pending.delete(jobId);
		await dropStaged(await job?.staged);
	}

	async function commitPending(jobId: string) {
		const job = pending.get(jobId);
		if (!job) return { ok: false as const, code: 'not-found' as const };
		pending.delete(jobId);
		const { request } = job;
		const staged = await job.staged;
		let sha256: string;
		try {
			sha256 = await job.sha256;
		} catch (e) {
			// The file could not be read again (moved, changed): nothing is committed.
			await dropStaged(staged);
			return classifyDbError(e);
		}
		const meta = { ...job.meta, sha256 };
		// Staging that failed (storage full, another tab's upgrade) is tried again as one write,
		// which reports the failure if it persists.
		const stagedId = staged?.ok ? staged.batchId : null;
		const outcome = await commitStaged(db, stagedId, meta, job.blocks, now());
		if (outcome.ok) {
			await putMapping(db, {
				signature: job.meta.mappingSignature,
				entity: request.entity,
				mapping: request.mapping,
				savedAt: now()
			});
			deps.onDataChanged?.(outcome.dataVersion);
		}
		return outcome;
	}

	return {
		// Each area's methods live in its own module; names must not collide (a test checks).
		...analyticsApi(context),
		...retentionApi(context),
		...riskApi(context),
		...playbookApi(context),

		/** Resolves when start-up finished; reports a database that could not open. */
		async ready() {
			return ready;
		},

		async preview(request: {
			file: Blob;
			encoding?: Enc;
			delimiter?: Delim;
		}): Promise<(PreviewResultOk & { remembered: boolean }) | PreviewFailed> {
			await ready;
			const head = new Uint8Array(await request.file.slice(0, PREVIEW_BYTES).arrayBuffer());
			const result = previewCsv(head, {
				isWholeFile: request.file.size <= PREVIEW_BYTES,
				encoding: request.encoding,
				delimiter: request.delimiter
			});
			if (!result.ok) return { ...result, remembered: false };
			// A file this large may be read in two parts: the second part's worker loads while the
			// person checks the mapping. Loaded at the click, it once started 0.67 s after the
			// first part (one traced import in three), with both cores busy.
			if (request.file.size >= SPLIT_MIN_BYTES) runPart?.warm?.();
			const dateOrders = await scannedDateOrders(request.file, result);
			let saved: Awaited<ReturnType<typeof getMapping>>;
			try {
				saved = await getMapping(db, headerSignature(result.headers));
			} catch (e) {
				// Closed by a newer tab, or storage gone: say so rather than reject the call.
				const failure = classifyDbError(e);
				return {
					ok: false,
					code: failure.code,
					params: { detail: failure.detail },
					remembered: false
				};
			}
			if (saved && Array.isArray(saved.mapping) && saved.mapping.length === result.headers.length) {
				return {
					...result,
					dateOrders,
					suggestedEntity: saved.entity,
					mapping: saved.mapping as (string | null)[],
					remembered: true
				};
			}
			return { ...result, dateOrders, remembered: false };
		},

		/** Reads, validates and rolls up a file; holds the result until confirm or discard. */
		async readFile(
			request: ImportRequest,
			onProgress?: (p: ImportProgress) => void
		): Promise<ImportReview | ImportFailure> {
			await ready;
			try {
				return await readAndValidate(request, onProgress, true);
			} catch (e) {
				// Reading the workspace (known account ids) failed: closed by a newer tab, or gone.
				const failure = classifyDbError(e);
				return {
					ok: false,
					jobId: request.jobId,
					code: failure.code,
					params: { detail: failure.detail }
				};
			}
		},

		/** Stops a running read within a chunk (about 1 MB). */
		async cancel(request: { jobId: string }) {
			controllers.get(request.jobId)?.abort();
			await dropPending(request.jobId);
		},

		async confirmImport(request: { jobId: string }) {
			await ready;
			return commitPending(request.jobId);
		},

		async discardImport(request: { jobId: string }) {
			await dropPending(request.jobId);
		},

		/** Every rejected row of a read, as CSV safe to open in a spreadsheet. */
		async rejectsCsv(request: { jobId: string }): Promise<string | null> {
			const job = pending.get(request.jobId);
			if (!job) return null;
			return toCsv(
				['row', 'column', 'value', 'reason'],
				job.rejects.map((r) => [r.row, r.column, r.value, r.reason])
			);
		},

		async batches() {
			await ready;
			return listBatches(db);
		},

		async undo(request: { batchId: number }) {
			await ready;
			const outcome = await undoBatch(db, request.batchId, now());
			if (outcome.ok) deps.onDataChanged?.(outcome.dataVersion);
			return outcome;
		},

		/** Generates the sample workspace and imports it file by file through the real pipeline. */
		async loadSample(
			request: { endDay: DayNumber; seed?: number },
			onProgress?: (p: { file: string; done: number; total: number }) => void
		) {
			await ready;
			const files = sampleCsvFiles(
				generateSample({ seed: request.seed ?? 1, endDay: request.endDay })
			);
			let rows = 0;
			for (const [i, f] of files.entries()) {
				onProgress?.({ file: f.fileName, done: i, total: files.length });
				const blob = new Blob([f.text], { type: 'text/csv' });
				const preview = previewCsv(new Uint8Array(await blob.arrayBuffer()), { isWholeFile: true });
				if (!preview.ok) return { ok: false as const, code: preview.code, file: f.fileName };
				const jobId = `sample-${i}-${now()}`;
				const read = await readAndValidate(
					{
						jobId,
						file: blob,
						fileName: f.fileName,
						entity: f.entity,
						mapping: preview.mapping,
						encoding: preview.encoding,
						delimiter: preview.delimiter,
						dateOrders: preview.dateOrders,
						headers: preview.headers
					},
					undefined,
					// Committed at once: staging would only add a transaction.
					false
				);
				if (!read.ok) return { ok: false as const, code: read.code, file: f.fileName };
				const committed = await commitPending(jobId);
				if (!committed.ok && committed.code !== 'duplicate') {
					return { ok: false as const, code: committed.code, file: f.fileName };
				}
				rows += read.rowsAccepted;
			}
			onProgress?.({ file: '', done: files.length, total: files.length });
			return { ok: true as const, files: files.length, rows };
		},

		async overview(): Promise<OverviewModel> {
			await ready;
			const { dataset, dataVersion } = await cache.get();
			return overviewOf(dataset, dataVersion);
		},

		async getSettings() {
			await ready;
			return settings();
		},

		async setCurrency(request: { currency: string }) {
			await ready;
			await putSetting(db, 'currency', request.currency);
		}
	};
}

export type WorkerApi = ReturnType<typeof createApi>;

/** Counts per entity, the data's date range and accounts by plan. */
export function overviewOf(dataset: Dataset, dataVersion: number): OverviewModel {
	// Kept per dataset: the figures' as-of day (latestDayOf) reads the same range next.
	const { minDay, maxDay } = dayRangeOf(dataset);

	const byPlan = new Map<string | null, number>();
	for (const a of dataset.accounts) byPlan.set(a.plan, (byPlan.get(a.plan) ?? 0) + 1);
	const counts = Object.fromEntries(ENTITY_NAMES.map((e) => [e, 0])) as Record<EntityName, number>;
	counts.accounts = dataset.accounts.length;
	counts.subscriptions = dataset.subscriptions.length;
	counts.payments = dataset.payments.length;
	counts.activity = dataset.activity.length;
	counts.tickets = dataset.tickets.length;
	counts.nps = dataset.nps.length;
	return {
		dataVersion,
		counts,
		minDay,
		maxDay,
		accountsByPlan: [...byPlan.entries()]
			.map(([plan, count]) => ({ plan, count }))
			.sort((a, b) => b.count - a.count || String(a.plan).localeCompare(String(b.plan))),
		attributeCount: dataset.attributeNames.length,
		activityAccounts: dataset.activity.accountIds.length
	};
}

// Types the page needs, re-exported so the UI depends on the worker's API only.
export type { Delim, Enc } from '../import/sniff';
export type { ImportProgress, RejectedRow } from '../import/pipeline';
export type PreviewOutcome = Awaited<ReturnType<WorkerApi['preview']>>;
export type PreviewOk = Extract<PreviewOutcome, { ok: true }>;
export type BatchSummary = Awaited<ReturnType<WorkerApi['batches']>>[number];
