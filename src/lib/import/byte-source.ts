// Reading a File (or any Blob) in ~1 MB chunks, the chunk size the pipeline was measured with,
// into one buffer used again for every chunk: memory stays flat for files of any size.

import type { ByteSource } from './pipeline';

export const CHUNK_BYTES = 1 << 20;
/** Slices read ahead of the one being parsed (when the blob cannot be streamed). */
const READ_AHEAD = 4;

/**
 * The blob's bytes in chunks of `chunkBytes` (the last may be shorter). A chunk is valid until
 * the next one is asked for: its buffer is then filled again.
 */
export function blobSource(blob: Blob, chunkBytes = CHUNK_BYTES): ByteSource {
	return {
		size: blob.size,
		chunks: () => (byobReader(blob) ? streamed(blob, chunkBytes) : sliced(blob, chunkBytes))
	};
}

/** Whether the blob streams into a buffer of ours (Chromium, Node); a stub of a test may not. */
function byobReader(blob: Blob): boolean {
	return typeof blob.stream === 'function' && typeof ReadableStreamBYOBReader === 'function';
}

/**
 * Read through one reused buffer. Against a new buffer per 1 MB slice (the browser opens the file
 * for each), Chromium reading the 1M-row file (60 MB) spent 0.2-0.3 s of CPU instead of 1.0-1.4 s,
 * with 1,100 page faults instead of 31,000 (docs/BENCH.md).
 */
async function* streamed(blob: Blob, chunkBytes: number): AsyncGenerator<Uint8Array> {
	const reader = blob.stream().getReader({ mode: 'byob' });
	let buffer = new ArrayBuffer(Math.max(1, Math.min(chunkBytes, blob.size)));
	// No read is asked for once the blob's bytes are all in: in Chromium 150 a read pending when
	// a blob's stream closes sometimes never settled (2 imports in 6 of the 1M-row file hung).
	let left = blob.size;
	try {
		while (left > 0) {
			let filled = 0;
			while (filled < buffer.byteLength && filled < left) {
				// The read takes the buffer and gives it back, with the bytes, as `value.buffer`.
				const read = await reader.read(new Uint8Array(buffer, filled));
				if (read.value) buffer = read.value.buffer as ArrayBuffer;
				if (read.done) throw new Error(`the file ended ${left - filled} bytes early`);
				filled += read.value.byteLength;
			}
			left -= filled;
			yield new Uint8Array(buffer, 0, filled);
		}
	} finally {
		// Done, or stopped early (a cancel, a failed import): the browser stops reading the file.
		reader.cancel().catch(() => undefined);
	}
}

async function* sliced(blob: Blob, chunkBytes: number): AsyncGenerator<Uint8Array> {
	// Reads ahead: the next slices are read while this one is parsed. With both cores busy
	// parsing, one slice ahead still waited 0.1-0.3 s per 30 MB for the browser's I/O thread.
	const read = (offset: number) => {
		const bytes = blob.slice(offset, Math.min(blob.size, offset + chunkBytes)).arrayBuffer();
		// A consumer that stops early leaves reads in flight: nothing waits on them.
		bytes.catch(() => undefined);
		return bytes;
	};
	const ahead: Promise<ArrayBuffer>[] = [];
	let next = 0;
	for (;;) {
		while (ahead.length < READ_AHEAD && next < blob.size) {
			ahead.push(read(next));
			next += chunkBytes;
		}
		const bytes = ahead.shift();
		if (!bytes) return;
		yield new Uint8Array(await bytes);
	}
}

/** Hex SHA-256 of a blob. Native WebCrypto needs the bytes in one buffer: fine up to a limit. */
export async function sha256OfBlob(blob: Blob): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
	return hex(new Uint8Array(digest));
}

function hex(bytes: Uint8Array): string {
	let out = '';
	for (const b of bytes) out += b.toString(16).padStart(2, '0');
	return out;
}
