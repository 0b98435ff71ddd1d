// A file read in two parts at once gives exactly the outcome of reading it in one go: rows,
// counts, rejects and warnings with their line numbers, at any cut, including a cut inside a
// quoted field (then it reads the file again in one go).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnValue } from '../../../src/lib/core/columns';
import { CHUNK_BYTES, blobSource } from '../../../src/lib/import/byte-source';
import {
	runImport,
	type ImportOptions,
	type ImportOutcome
} from '../../../src/lib/import/pipeline';
import {
	SPLIT_MIN_BYTES,
	importInTwoParts,
	lineStartAfter,
	lineStartFrom,
	runImportSplit,
	splittable,
	type PartRunner
} from '../../../src/lib/import/split';

const HEADERS = ['account_id', 'timestamp', 'event', 'user_id', 'count'];
const OPTIONS: ImportOptions = {
	entity: 'activity',
	mapping: ['accountId', 'day', 'metric', 'userId', 'count'],
	encoding: 'utf-8',
	delimiter: ',',
	dateOrders: { 1: 'ymd' },
	headers: HEADERS,
	currency: 'USD',
	knownAccountIds: new Set(['A', 'B', 'C']),
	blockRows: 7
};

/** The second part read in this thread, as the app's worker would read it in another. */
const inProcess: PartRunner = (bytes, options, onProgress, signal) =>
	runImport(blobSource(bytes), options, onProgress, signal);

/** Everything an outcome says, with the stored rows spelled out (blocks differ in packing only
 * when the rows differ). */
function described(outcome: ImportOutcome) {
	if (!outcome.ok) return outcome;
	const { blocks, parts: _parts, ...rest } = outcome;
	const rows = blocks.flatMap((b) =>
		Array.from({ length: b.rowCount }, (_, i) =>
			['accountId', 'day', 'metric', 'count', 'users'].map((k) => columnValue(b.columns[k], i))
		)
	);
	return { ...rest, rows, blockSizes: blocks.map((b) => b.rowCount) };
}

const lineArb = fc.oneof(
	{
		weight: 12,
		arbitrary: fc
			.tuple(
				fc.constantFrom('A', 'B', 'C', 'X', 'acct_1'),
				fc.constantFrom('2025-01-01', '2025-01-02T10:00:00Z', '2025-02-30', 'soon', ''),
				fc.constantFrom('login', 'export', '"multi\nline"', '"quoted, comma"', ''),
				fc.constantFrom('u1', 'u2', 'u3', ''),
				fc.constantFrom('1', '2', '-1', '0', '', 'x')
			)
			.map((fields) => fields.join(','))
	},
	{ weight: 1, arbitrary: fc.constant('') },
	{ weight: 1, arbitrary: fc.constant('A,2025-01-01,login') }
);

describe('reading an activity file in two parts', () => {
	it('equals reading it in one go, at every line start taken as the cut', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(lineArb, { minLength: 1, maxLength: 40 }), async (lines) => {
				const text = `${HEADERS.join(',')}\n${lines.join('\n')}\n`;
				const file = new Blob([text]);
				const whole = described(await runImport(blobSource(file), OPTIONS));
				const bytes = new Uint8Array(await file.arrayBuffer());
				for (let cut = 1; cut < bytes.length; cut++) {
					if (bytes[cut - 1] !== 0x0a) continue;
					const split = await importInTwoParts(file, cut, OPTIONS, inProcess);
					expect(described(split)).toEqual(whole);
				}
			}),
			{ numRuns: 60 }
		);
	});

	it('finds the cut in the bytes already read from the middle, or reads on past them', async () => {
		// Lines of 1, 70,000 and 2 bytes of text, and a file that ends without a line feed.
		const text = `a\n${'x'.repeat(70_000)}\nbb\nc`;
		const file = new Blob([text]);
		const bytes = new TextEncoder().encode(text);
		for (const from of [0, 1, 2, 100, 70_002, 70_003, 70_005, text.length - 1]) {
			const expected = await lineStartAfter(file, from);
			for (const window of [1, 16, 65_536, text.length]) {
				expect(await lineStartFrom(file, from, bytes.subarray(from, from + window))).toBe(expected);
			}
		}
		expect(await lineStartAfter(file, 100)).toBe(70_003);
		expect(await lineStartAfter(file, text.length - 1)).toBeNull();
	});

	it('says it read two parts when the cut is clean, one when it fell inside quotes', async () => {
		const clean = new Blob([
			'account_id,timestamp,event,user_id,count\nA,2025-01-01,a,u1,1\nB,2025-01-02,b,u2,1\n'
		]);
		const cut = (await lineStartAfter(clean, 45))!;
		expect(
			(await importInTwoParts(clean, cut, OPTIONS, inProcess)) as { parts?: number }
		).toMatchObject({ ok: true, parts: 2 });
		const quoted = new Blob([
			'account_id,timestamp,event,user_id,count\nA,2025-01-01,"x\ny",u1,1\nB,2025-01-02,b,u2,1\n'
		]);
		// The line start inside the quoted event name.
		const inside = (await lineStartAfter(quoted, 43))!;
		const outcome = await importInTwoParts(quoted, inside, OPTIONS, inProcess);
		expect(outcome.ok && outcome.parts).toBeUndefined();
		expect(outcome.ok && outcome.rowsAccepted).toBe(2);
	});

	it('adds both parts’ progress into one figure of the whole file', async () => {
		const text = `${HEADERS.join(',')}\n${'A,2025-01-01,login,u1,1\n'.repeat(1000)}`;
		const file = new Blob([text]);
		const seen: number[] = [];
		await importInTwoParts(file, (await lineStartAfter(file, 12_000))!, OPTIONS, inProcess, (p) => {
			expect(p.totalBytes).toBe(file.size);
			seen.push(p.bytesRead);
		});
		expect(Math.max(...seen)).toBe(file.size);
	});

	describe('the hash of the whole file', () => {
		// Four chunks, cut near the end: the second part is a few lines, the first four reads.
		const line = 'A,2025-01-01,login,u1,1\n';
		const lines = Math.ceil((4 * CHUNK_BYTES) / line.length);
		const text = `${HEADERS.join(',')}\n${line.repeat(lines)}`;
		const file = new Blob([text]);
		const runnerHash = async () => 'from the runner';
		const withHash = (run: PartRunner): PartRunner => Object.assign(run, { hash: runnerHash });

		it('is asked of the runner once its part is read, while the first part is still read', async () => {
			const events: string[] = [];
			const hashers: unknown[] = [];
			const outcome = await importInTwoParts(
				file,
				(await lineStartAfter(file, file.size - 100))!,
				OPTIONS,
				withHash((...args) => inProcess(...args)),
				(p) => {
					if (p.bytesRead === file.size && !events.includes('whole file read'))
						events.push('whole file read');
				},
				undefined,
				OPTIONS,
				(hash) => void (events.push('hash asked'), hashers.push(hash))
			);
			expect(outcome.ok && outcome.parts).toBe(2);
			expect(events).toEqual(['hash asked', 'whole file read']);
			expect(hashers).toEqual([runnerHash]);
		});

		it('is not asked of the runner when its part failed: the one-go reading asks', async () => {
			const hashers: unknown[] = [];
			const outcome = await importInTwoParts(
				file,
				(await lineStartAfter(file, file.size - 100))!,
				OPTIONS,
				withHash(async () => ({ ok: false, code: 'decode-error', params: {} })),
				undefined,
				undefined,
				OPTIONS,
				(hash) => void hashers.push(hash)
			);
			expect(outcome.ok && outcome.rowsAccepted).toBe(lines);
			expect(outcome.ok && outcome.parts).toBeUndefined();
			expect(hashers).toHaveLength(1);
			expect(hashers[0]).not.toBe(runnerHash);
		});
	});

	it('passes the parts’ progress on at most every 100 ms, and the whole file’s at the end', async () => {
		const text = `${HEADERS.join(',')}\n${'A,2025-01-01,login,u1,1\n'.repeat(1000)}`;
		const file = new Blob([text]);
		// A second part that reports 50 times at once before it reads.
		const chatty: PartRunner = (bytes, options, onProgress, signal) => {
			for (let i = 0; i < 50; i++)
				onProgress({ bytesRead: i, totalBytes: bytes.size, rowsRead: i });
			return inProcess(bytes, options, onProgress, signal);
		};
		const seen: { at: number; bytesRead: number }[] = [];
		await importInTwoParts(file, (await lineStartAfter(file, 12_000))!, OPTIONS, chatty, (p) =>
			seen.push({ at: Date.now(), bytesRead: p.bytesRead })
		);
		expect(seen.length).toBeLessThan(5);
		expect(seen[seen.length - 1].bytesRead).toBe(file.size);
		// Until the whole file is read, 100 ms or more between two reports.
		const partial = seen.filter((p) => p.bytesRead < file.size);
		for (let k = 1; k < partial.length; k++)
			expect(partial[k].at - partial[k - 1].at).toBeGreaterThanOrEqual(100);
	});

	it('splits only large activity files whose encoding, delimiter, header and date orders are known', () => {
		const big = SPLIT_MIN_BYTES;
		expect(splittable(OPTIONS, big)).toBe(true);
		expect(splittable(OPTIONS, big - 1)).toBe(false);
		expect(splittable({ ...OPTIONS, entity: 'subscriptions' }, big)).toBe(false);
		expect(splittable({ ...OPTIONS, encoding: 'utf-16le' }, big)).toBe(false);
		expect(splittable({ ...OPTIONS, encoding: undefined }, big)).toBe(false);
		expect(splittable({ ...OPTIONS, delimiter: undefined }, big)).toBe(false);
		expect(splittable({ ...OPTIONS, headers: undefined }, big)).toBe(false);
		expect(splittable({ ...OPTIONS, dateOrders: {} }, big)).toBe(false);
		expect(splittable({ ...OPTIONS, sha256: true }, big)).toBe(false);
	});

	it('sniffs the encoding and delimiter as the one-go reading does, then reads a large file in two parts', async () => {
		const lines: string[] = ['\ufeffaccount_id;timestamp;event;user_id;count'];
		for (let i = 0; lines.length * 40 < SPLIT_MIN_BYTES * 1.2; i++)
			lines.push(
				`acct_${i % 997};2025-0${1 + (i % 9)}-1${i % 10}T10:00:00Z;ev_${i % 13};u${i % 31};${1 + (i % 3)}`
			);
		const file = new Blob([lines.join('\n') + '\n']);
		expect(file.size).toBeGreaterThan(SPLIT_MIN_BYTES);
		const options = {
			...OPTIONS,
			encoding: undefined,
			delimiter: undefined,
			knownAccountIds: undefined
		};
		const split = await runImportSplit(file, options, inProcess);
		expect(split.ok && split.parts).toBe(2);
		expect(split.ok && split.delimiter).toBe(';');
		expect(described(split)).toEqual(described(await runImport(blobSource(file), options)));
	});

	it('reads the file in one go, with the one-go guesses, when a part meets bytes its encoding does not allow', async () => {
		const lines: string[] = [HEADERS.join(',')];
		for (let i = 0; lines.length * 30 < SPLIT_MIN_BYTES * 1.1; i++)
			lines.push(`acct_${i % 97},2025-01-0${1 + (i % 9)},login,u${i % 7},1`);
		// A CP1252 "é" near the end, past the middle chunk the split looks at.
		const ascii = new TextEncoder().encode(lines.join('\n') + '\n');
		const tail = Uint8Array.from([
			...new TextEncoder().encode('acct_x,2025-01-01,caf'),
			0xe9,
			0x0a
		]);
		const file = new Blob([ascii, tail]);
		const options = { ...OPTIONS, encoding: undefined, knownAccountIds: undefined };
		const outcome = await runImportSplit(file, options, inProcess);
		expect(outcome.ok && outcome.encoding).toBe('windows-1252');
		expect(outcome.ok && outcome.parts).toBeUndefined();
		expect(described(outcome)).toEqual(described(await runImport(blobSource(file), options)));
	});

	it('reads the head for sniffing only when the encoding or delimiter is not given', async () => {
		/** The file's slices that start at byte 0, by their end. */
		const headSlices = async (options: ImportOptions) => {
			const ends: number[] = [];
			const lines = [HEADERS.join(',')];
			for (let i = 0; lines.length * 30 < SPLIT_MIN_BYTES * 1.1; i++)
				lines.push(`acct_${i % 97},2025-01-0${1 + (i % 9)},login,u${i % 7},1`);
			const file = new (class extends Blob {
				override slice(start?: number, end?: number, type?: string): Blob {
					if (start === 0) ends.push(end ?? this.size);
					return super.slice(start, end, type);
				}
			})([lines.join('\n') + '\n']);
			const outcome = await runImportSplit(file, options, inProcess);
			expect(outcome.ok && outcome.parts).toBe(2);
			return ends;
		};
		const given = await headSlices({ ...OPTIONS, knownAccountIds: undefined });
		// Only the first part's own read starts at 0.
		expect(given).toHaveLength(1);
		expect(given[0]).not.toBe(CHUNK_BYTES);
		const sniffed = await headSlices({
			...OPTIONS,
			delimiter: undefined,
			knownAccountIds: undefined
		});
		expect(sniffed).toContain(CHUNK_BYTES);
		expect(sniffed).toHaveLength(2);
	});

	it('reads a small file in one go', async () => {
		const file = new Blob([`${HEADERS.join(',')}\nA,2025-01-01,login,u1,1\n`]);
		let calls = 0;
		const outcome = await runImportSplit(file, OPTIONS, async (...args) => {
			calls++;
			return inProcess(...args);
		});
		expect(outcome.ok).toBe(true);
		expect(calls).toBe(0);
	});
});
