import { describe, expect, it } from 'vitest';
import { blobSource } from '../../../src/lib/import/byte-source';

async function collect(source: ReturnType<typeof blobSource>): Promise<number[]> {
	const out: number[] = [];
	for await (const chunk of source.chunks()) out.push(...chunk);
	return out;
}

/** A Blob whose slices count their reads and fail from byte `failFrom` on. */
function countingBlob(bytes: Uint8Array, failFrom = Infinity) {
	const reads: number[] = [];
	const blob = {
		size: bytes.length,
		slice(start: number, end: number) {
			return {
				async arrayBuffer() {
					reads.push(start);
					if (start >= failFrom) throw new Error(`unreadable at ${start}`);
					return bytes.slice(start, end).buffer;
				}
			};
		}
	};
	return { blob: blob as unknown as Blob, reads };
}

describe('blobSource', () => {
	const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

	it('yields every byte once, in order, whatever the chunk size', async () => {
		for (const chunk of [1, 7, 100, 999, 1000, 4096]) {
			expect(await collect(blobSource(new Blob([bytes]), chunk))).toEqual([...bytes]);
		}
		expect(await collect(blobSource(new Blob([]), 10))).toEqual([]);
	});

	it('reads four slices ahead of the one handed out, and no further', async () => {
		const { blob, reads } = countingBlob(bytes);
		const chunks = blobSource(blob, 100).chunks()[Symbol.asyncIterator]();
		await chunks.next();
		expect(reads).toEqual([0, 100, 200, 300]);
		await chunks.next();
		expect(reads).toEqual([0, 100, 200, 300, 400]);
		await chunks.return?.();
	});

	it('reports a failed read when its chunk is reached, and an early stop leaves nothing unhandled', async () => {
		const failing = countingBlob(bytes, 300);
		await expect(collect(blobSource(failing.blob, 100))).rejects.toThrow('unreadable at 300');
		const stopped = countingBlob(bytes, 100);
		for await (const chunk of blobSource(stopped.blob, 100).chunks()) {
			expect(chunk.length).toBe(100);
			break; // the reads from byte 100 on are in flight and fail: they must not surface
		}
		await new Promise((r) => setTimeout(r, 10));
		expect(stopped.reads).toEqual([0, 100, 200, 300]);
	});

	describe('streamed into one buffer', () => {
		/** A Blob streaming `bytes` in pieces of `piece`; past them a pending read stalls unless `close`. */
		function streamingBlob(bytes: Uint8Array, piece: number, close = true, size = bytes.length) {
			const seen = { cancelled: false, pulls: 0 };
			let at = 0;
			const blob = {
				size,
				stream: () =>
					new ReadableStream({
						type: 'bytes',
						pull(controller) {
							seen.pulls++;
							if (at >= bytes.length) {
								controller.close();
								// A read pending at the close settles only on respond(0); Chromium 150's
								// blob streams sometimes left it pending.
								if (close) controller.byobRequest?.respond(0);
								return;
							}
							controller.enqueue(bytes.slice(at, at + piece));
							at += piece;
						},
						cancel() {
							seen.cancelled = true;
						}
					})
			};
			return { blob: blob as unknown as Blob, seen };
		}

		it('fills whole chunks from small pieces, reusing one buffer', async () => {
			const { blob } = streamingBlob(bytes, 64);
			const chunks = blobSource(blob, 300).chunks()[Symbol.asyncIterator]();
			const first = (await chunks.next()).value as Uint8Array;
			expect([...first]).toEqual([...bytes.subarray(0, 300)]);
			const buffer = first.buffer;
			const second = (await chunks.next()).value as Uint8Array;
			expect([...second]).toEqual([...bytes.subarray(300, 600)]);
			// The first chunk's buffer went to the read of the second: a chunk lasts one turn.
			expect(first.byteLength).toBe(0);
			expect(second.buffer).not.toBe(buffer);
			const rest: number[] = [];
			for (let r = await chunks.next(); !r.done; r = await chunks.next()) rest.push(...r.value);
			expect(rest).toEqual([...bytes.subarray(600)]);
		});

		it('asks for no read past the blob’s size, and releases the stream when done', async () => {
			const { blob, seen } = streamingBlob(bytes, 128, false);
			expect(await collect(blobSource(blob, 300))).toEqual([...bytes]);
			expect(seen.cancelled).toBe(true);
		});

		it('releases the stream when the reader stops early', async () => {
			const { blob, seen } = streamingBlob(bytes, 100);
			for await (const chunk of blobSource(blob, 100).chunks()) {
				expect(chunk.length).toBe(100);
				break;
			}
			expect(seen.cancelled).toBe(true);
		});

		it('says so when the stream ends before the blob’s size', async () => {
			const { blob } = streamingBlob(bytes, 100, true, bytes.length + 10);
			await expect(collect(blobSource(blob, 300))).rejects.toThrow('the file ended 10 bytes early');
		});
	});
});
