// Reading a File (or any Blob) in ~1 MB slices, the chunk size the pipeline was measured with.
// Slicing keeps memory flat for files of any size; Blob.stream() would hand out 64 KB pieces.

import type { ByteSource } from './pipeline';

export const CHUNK_BYTES = 1 << 20;
/** Slices read ahead of the one being parsed. */
const READ_AHEAD = 4;

export function blobSource(blob: Blob, chunkBytes = CHUNK_BYTES): ByteSource {
	return {
		size: blob.size,
		async *chunks() {
			// Reads ahead: the next slices are read while this one is parsed. A read is I/O in
			// the browser; with both cores busy parsing, one slice ahead still waited 0.1-0.3 s
			// per 30 MB for the browser's I/O thread to get its turn.
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
	};
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
