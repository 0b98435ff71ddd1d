// Reading a File (or any Blob) in ~1 MB slices, the chunk size the pipeline was measured with.
// Slicing keeps memory flat for files of any size; Blob.stream() would hand out 64 KB pieces.

import type { ByteSource } from './pipeline';

export const CHUNK_BYTES = 1 << 20;

export function blobSource(blob: Blob, chunkBytes = CHUNK_BYTES): ByteSource {
	return {
		size: blob.size,
		async *chunks() {
			for (let offset = 0; offset < blob.size; offset += chunkBytes) {
				const slice = blob.slice(offset, Math.min(blob.size, offset + chunkBytes));
				yield new Uint8Array(await slice.arrayBuffer());
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
