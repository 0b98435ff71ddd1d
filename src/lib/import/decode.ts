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
