import { describe, expect, it } from 'vitest';
import { looksBinary, sniffDelimiter, sniffEncoding } from '../../../src/lib/import/sniff';
import {
	encodeLatin1,
	encodeShiftJis,
	encodeUtf16,
	PNG_HEAD,
	utf8,
	XLSX_HEAD
} from '../../fixtures/generate';

describe('sniffEncoding', () => {
	it('reads BOMs first: UTF-8, UTF-16 LE and BE', () => {
		expect(sniffEncoding(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toMatchObject({
			encoding: 'utf-8',
			bomLength: 3
		});
		expect(sniffEncoding(encodeUtf16('id,名前', false))).toMatchObject({
			encoding: 'utf-16le',
			bomLength: 2
		});
		expect(sniffEncoding(encodeUtf16('id,名前', true))).toMatchObject({
			encoding: 'utf-16be',
			bomLength: 2
		});
	});
	it('takes valid UTF-8 without BOM as UTF-8 and keeps the other candidates for an override', () => {
		const guess = sniffEncoding(utf8('顧客ID,会社名\n001,髙﨑商店\n'), true);
		expect(guess.encoding).toBe('utf-8');
		expect(guess.candidates[guess.candidates.length - 1]).toBe('windows-1252');
	});
	it('recognises Shift_JIS with NEC/IBM extension characters and half-width katakana', () => {
		// CP932 stores the wave dash as 0x8160, which decodes to FULLWIDTH TILDE (U+FF5E), and the
		// yen sign as 0x5C, which decodes to a backslash.
		const bytes = encodeShiftJis('顧客ID,会社名,メモ\n001,髙﨑商店,①ﾊﾝｶｸ～\\1,234\n');
		const guess = sniffEncoding(bytes, true);
		expect(guess.encoding).toBe('shift_jis');
		expect(new TextDecoder('shift_jis').decode(bytes)).toContain('髙﨑商店,①ﾊﾝｶｸ～\\1,234');
	});
	it('does not call UTF-8 invalid when the sample ends in the middle of a character', () => {
		const bytes = utf8('name\n漢字');
		for (let cut = bytes.length - 2; cut < bytes.length; cut++) {
			expect(sniffEncoding(bytes.subarray(0, cut), false).encoding).toBe('utf-8');
		}
		// The same cut sample taken as a whole file is not valid UTF-8.
		expect(sniffEncoding(bytes.subarray(0, bytes.length - 1), true).encoding).not.toBe('utf-8');
	});
	it('does not call Shift_JIS invalid when the sample ends after a lead byte', () => {
		const bytes = encodeShiftJis('名前\n顧客');
		expect(sniffEncoding(bytes.subarray(0, bytes.length - 1), false).encoding).toBe('shift_jis');
	});
	it('takes Latin-1 é (invalid UTF-8) as Windows-1252, even where it is valid Shift_JIS', () => {
		// "Désirée": é (0xE9) + 's' is a valid Shift_JIS kanji; isolated high bytes say Latin.
		expect(sniffEncoding(encodeLatin1('name,city\nAndré,Café\n'), true).encoding).toBe(
			'windows-1252'
		);
		const guess = sniffEncoding(encodeLatin1('name\nDésirée\n'), true);
		expect(guess.candidates).toEqual(['windows-1252', 'shift_jis']);
	});
	it('flags an ASCII-only head as undecided: every candidate reads it', () => {
		const guess = sniffEncoding(utf8('id,name\n1,a\n'), false);
		expect(guess).toMatchObject({
			encoding: 'utf-8',
			asciiOnly: true,
			candidates: ['utf-8', 'shift_jis', 'windows-1252']
		});
	});
	it('is ASCII-only exactly when no byte is above 0x7F, a character cut at the end included', () => {
		const cases: [Uint8Array, boolean][] = [
			[utf8('a,b\n1,2\n'), true],
			[Uint8Array.from([0x61, 0x7f, 0x0a]), true],
			[utf8('name\nCafé\n'), false],
			[utf8('顧客ID\n'), false],
			[utf8('a\n😀\n'), false],
			[encodeLatin1('name\nAndré\n'), false],
			[utf8('a\né').subarray(0, 3), false] // ends inside é: held back in stream mode
		];
		for (const [bytes, ascii] of cases) {
			expect(sniffEncoding(bytes, false).asciiOnly).toBe(ascii);
			expect(sniffEncoding(bytes, false).asciiOnly).toBe(bytes.every((b) => b < 0x80));
		}
	});
});

describe('looksBinary', () => {
	it('names PNG, ZIP/XLSX and NUL-bearing files, and passes text and UTF-16', () => {
		expect(looksBinary(PNG_HEAD)).toBe('png');
		expect(looksBinary(XLSX_HEAD)).toBe('zip');
		expect(looksBinary(Uint8Array.from([0x61, 0x00, 0x62]))).toBe('nul');
		expect(looksBinary(utf8('a,b\n1,2\n'))).toBeNull();
		expect(looksBinary(encodeUtf16('a,b\n', false))).toBeNull();
	});
});

describe('sniffDelimiter', () => {
	it('picks the separator with a consistent field count outside quotes', () => {
		expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',');
		expect(sniffDelimiter('a;b;c\n"1,5";2;3\n4;"5,0";6\n')).toBe(';');
		expect(sniffDelimiter('a\tb\n1,5\t2\n3,5\t4\n')).toBe('\t');
		expect(sniffDelimiter('"x, y";b\n"1, 2";3\n')).toBe(';');
	});
	it('defaults to comma for a single column', () => {
		expect(sniffDelimiter('name\nalpha\nbeta\n')).toBe(',');
	});
});
