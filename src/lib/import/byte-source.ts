// Reading a File (or any Blob) in ~1 MB slices, the chunk size the pipeline was measured with.
// Slicing keeps memory flat for files of any size; Blob.stream() would hand out 64 KB pieces.

import type { ByteSource } from './pipeline';

export const CHUNK_BYTES = 1 << 20;

export function blobSource(blob: Blob, chunkBytes = CHUNK_BYTES): ByteSource {
	return {
		size: blob.size,
		async *chunks() {
			// One read ahead: the next slice is read while this one is parsed (the read is I/O
			// in the browser, a wait of 0.2-0.4 s per 30 MB when it is not overlapped).
			const read = (offset: number) =>
				blob.slice(offset, Math.min(blob.size, offset + chunkBytes)).arrayBuffer();
			let next = blob.size > 0 ? read(0) : null;
			for (let offset = 0; next;) {
				const bytes = await next;
				offset += chunkBytes;
				next = offset < blob.size ? read(offset) : null;
				// A consumer that stops early leaves a read in flight: nothing waits on it.
				next?.catch(() => undefined);
				yield new Uint8Array(bytes);
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
