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
});
