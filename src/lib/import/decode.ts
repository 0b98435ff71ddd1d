// Bytes → text with ONE streaming TextDecoder, so a character split across two chunks is joined
// instead of becoming U+FFFD (PapaParse's own file streaming breaks those: reliability.md #1).
// Line ends are normalised to `\n` here: PapaParse fixes one newline per parser from the first
// chunk, which breaks files that mix `\r\n`, `\n` and lone `\r` (old Mac Excel).
import type { Enc } from './sniff';

export interface TextChunker {
	/** Text of the next bytes; may hold back an incomplete character or a trailing `\r`. */
	push(bytes: Uint8Array): string;
	/** The held-back rest at the end of the file. */
	end(): string;
}

/** Thrown (a bug-free, expected condition) when the bytes are invalid in the encoding. */
export class DecodeError extends Error {
	constructor(readonly encoding: Enc) {
		super(`bytes are not valid ${encoding}`);
	}
}

/** A streaming decoder; the BOM of UTF-8/UTF-16 is stripped, invalid bytes throw DecodeError. */
export function textChunker(encoding: Enc): TextChunker {
	const decoder = new TextDecoder(encoding, { fatal: true });
	let heldCr = false;
	const normalized = (text: string, last: boolean): string => {
		if (heldCr) text = '\r' + text;
		heldCr = !last && text.endsWith('\r');
		if (heldCr) text = text.slice(0, -1);
		return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
	};
	return {
		push(bytes) {
			let text: string;
			try {
				text = decoder.decode(bytes, { stream: true });
			} catch {
				throw new DecodeError(encoding);
			}
			return normalized(text, false);
		},
		end() {
			let text: string;
			try {
				text = decoder.decode();
			} catch {
				throw new DecodeError(encoding);
			}
			return normalized(text, true);
		}
	};
}

/**
 * Offset in `bytes` (where a streaming decoder failed) of the first byte a fresh decoder cannot
 * decode, searched from the first line start, where a decoder is in step (UTF-16: from the start);
 * 0 when the bytes from there decode. Only for the error report: about 18 decodes of `bytes`.
 */
export function firstBadByte(bytes: Uint8Array, encoding: Enc): number {
	const from = encoding.startsWith('utf-16') ? 0 : bytes.indexOf(0x0a) + 1;
	const fails = (end: number) => {
		try {
			new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(from, end), {
				stream: true
			});
			return false;
		} catch {
			return true;
		}
	};
	if (!fails(bytes.length)) return 0;
	// The shortest failing prefix ends just after the bad byte: fails(lo) is false, fails(hi) true.
	let lo = from;
	let hi = bytes.length;
	while (lo + 1 < hi) {
		const mid = (lo + hi) >>> 1;
		if (fails(mid)) hi = mid;
		else lo = mid;
	}
	return hi - 1;
}
