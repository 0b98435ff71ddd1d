import { describe, expect, it } from 'vitest';
import { firstBadByte } from '../../../src/lib/import/decode';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('firstBadByte', () => {
	it('finds the byte a UTF-8 decoder stops at, after the first line start', () => {
		const bytes = utf8('ab顧客\nid,名前\n1,髙﨑商店\n2,x\n');
		const bad = bytes.indexOf(0x32); // the "2" of the last row
		bytes[bad] = 0xff;
		expect(firstBadByte(bytes, 'utf-8')).toBe(bad);
	});

	it('finds a lead byte Shift_JIS never allows', () => {
		const bytes = new Uint8Array([0x61, 0x0a, 0x82, 0xa0, 0x62, 0xfd, 0x63, 0x0a]);
		expect(firstBadByte(bytes, 'shift_jis')).toBe(5);
	});

	it('finds a lone surrogate in UTF-16 from the first byte', () => {
		// "a\nb" then a lone low surrogate (0xDC00), little-endian.
		const bytes = new Uint8Array([0x61, 0, 0x0a, 0, 0x62, 0, 0x00, 0xdc, 0x63, 0]);
		expect(firstBadByte(bytes, 'utf-16le')).toBe(7);
	});

	it('says 0 when the bad byte is before the first line start or there is none', () => {
		const early = utf8('a\u00ffb\nc,d\n');
		early[1] = 0xff;
		expect(firstBadByte(early, 'utf-8')).toBe(0);
		// A character cut at the end is not an error: the next bytes may finish it.
		expect(firstBadByte(utf8('x\n顧客').subarray(0, 4), 'utf-8')).toBe(0);
	});
});
