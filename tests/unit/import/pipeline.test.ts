import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnValue } from '../../../src/lib/core/columns';
import { dayFromYmd } from '../../../src/lib/core/dates';
import type { EntityName } from '../../../src/lib/core/types';
import { blobSource } from '../../../src/lib/import/byte-source';
import { autoMapColumns } from '../../../src/lib/import/columns';
import {
	runImport,
	type ImportOptions,
	type ImportOutcome,
	type ImportSuccess
} from '../../../src/lib/import/pipeline';
import { previewCsv } from '../../../src/lib/import/preview';
import {
	bytesSource,
	encodeShiftJis,
	encodeUtf16,
	PNG_HEAD,
	splitSource,
	utf8,
	XLSX_HEAD
} from '../../fixtures/generate';

const FIXTURES = resolve(__dirname, '../../fixtures/bad-inputs');
const fixture = (name: string) => new Uint8Array(readFileSync(resolve(FIXTURES, name)));

/** Imports bytes with the preview's automatic mapping (or the first column as the id). */
async function importBytes(
	bytes: Uint8Array,
	entity: EntityName,
	options: Partial<ImportOptions> & { firstColumnId?: boolean; chunkSize?: number } = {}
): Promise<ImportOutcome> {
	const preview = previewCsv(bytes, { isWholeFile: true });
	const headers = preview.ok ? preview.headers : [];
	const mapping = options.firstColumnId
		? headers.map((_, i) => (i === 0 ? 'id' : null))
		: autoMapColumns(entity, headers);
	return runImport(bytesSource(bytes, options.chunkSize), {
		entity,
		mapping,
		currency: 'USD',
		...options
	});
}

function ok(outcome: ImportOutcome): ImportSuccess {
	if (!outcome.ok)
		throw new Error(`expected success, got ${outcome.code} ${JSON.stringify(outcome.params)}`);
	return outcome;
}

/** Every stored row as an object of column → value, blocks in order. */
function storedRows(outcome: ImportOutcome): Record<string, string | number | null>[] {
	const out: Record<string, string | number | null>[] = [];
	for (const block of ok(outcome).blocks) {
		for (let i = 0; i < block.rowCount; i++) {
			const row: Record<string, string | number | null> = {};
			for (const [key, column] of Object.entries(block.columns)) row[key] = columnValue(column, i);
			out.push(row);
		}
	}
	return out;
}

/** Rows of a shape fixture imported with the first column as id: [id, ...attributes]. */
async function shapeRows(name: string): Promise<(string | null)[][]> {
	const outcome = await importBytes(fixture(name), 'accounts', { firstColumnId: true });
	return storedRows(outcome).map((r) => Object.values(r) as (string | null)[]);
}

describe('csv-spectrum and RFC 4180 shapes (accept, exact rows)', () => {
	it.each([
		['comma_in_quotes.csv', [['John', 'Doe', '120 any st.', 'Anytown, WW', '08123']]],
		[
			'empty.csv',
			[
				['1', null, null],
				['2', '3', '4']
			]
		],
		[
			'empty_crlf.csv',
			[
				['1', null, null],
				['2', '3', '4']
			]
		],
		[
			'escaped_quotes.csv',
			[
				['1', 'ha "ha" ha'],
				['3', '4']
			]
		],
		['json.csv', [['1', '{"type": "Point", "coordinates": [102.0, 0.5]}']]],
		['location_coordinates.csv', [['5555555555', 'Denver, CO', '39.7392', '-104.9903']]],
		[
			'newlines.csv',
			[
				['1', '2', '3'],
				['Once upon \na time', '5', '6'],
				['7', '8', '9']
			]
		],
		// Line ends are normalised to \n, inside quoted cells too.
		[
			'newlines_crlf.csv',
			[
				['1', '2', '3'],
				['Once upon \na time', '5', '6'],
				['7', '8', '9']
			]
		],
		[
			'quotes_and_newlines.csv',
			[
				['1', 'ha \n"ha" \nha'],
				['3', '4']
			]
		],
		['simple.csv', [['1', '2', '3']]],
		['simple_crlf.csv', [['1', '2', '3']]],
		[
			'utf8.csv',
			[
				['1', '2', '3'],
				['4', '5', 'ʤ']
			]
		],
		[
			'newlines_cr.csv',
			[
				['1', '2'],
				['3', '4']
			]
		],
		[
			'mixed_line_ends.csv',
			[
				['1', '2'],
				['3', '4'],
				['5', '6']
			]
		],
		[
			'no_final_newline.csv',
			[
				['1', '2'],
				['3', '4']
			]
		],
		['spaces_kept.csv', [['1', ' x ']]],
		['utf8_bom.csv', [['1', 'a']]],
		['proto_headers.csv', [['1', 'a', 'b', 'c', 'd']]],
		['html_text.csv', [['1'], ['2'], ['3']]]
	])('%s', async (name, rows) => {
		const got = await shapeRows(name as string);
		expect(got.map((r) => r.slice(0, (rows as unknown[][])[0].length))).toEqual(rows);
	});

	it('keeps __proto__, constructor, toString and hasOwnProperty headers as attributes', async () => {
		const outcome = ok(
			await importBytes(fixture('proto_headers.csv'), 'accounts', { firstColumnId: true })
		);
		expect(Object.keys(outcome.blocks[0].columns)).toEqual([
			'id',
			'attr:__proto__',
			'attr:constructor',
			'attr:toString',
			'attr:hasOwnProperty'
		]);
		expect(outcome.headers[0]).toBe('id'); // the BOM-less header is untouched
	});
	it('strips the UTF-8 BOM from the first header', async () => {
		expect(ok(await importBytes(fixture('utf8_bom.csv'), 'accounts')).headers).toEqual([
			'id',
			'name'
		]);
	});
	it('names duplicate and empty headers apart', async () => {
		const outcome = ok(
			await importBytes(fixture('duplicate_headers.csv'), 'accounts', { firstColumnId: true })
		);
		expect(Object.keys(outcome.blocks[0].columns)).toEqual([
			'id',
			'attr:note',
			'attr:note (2)',
			'attr:#4'
		]);
	});
});

describe('refused files', () => {
	it.each([
		['zero_bytes.csv', 'empty'],
		['blank_lines_only.csv', 'empty'],
		['header_only.csv', 'header-only'],
		['unclosed_quote.csv', 'unclosed-quote']
	])('%s → %s', async (name, code) => {
		const outcome = await importBytes(fixture(name), 'accounts', { mapping: ['id', null] });
		expect(outcome).toMatchObject({ ok: false, code });
	});
	it('names the line where an unclosed quote opens', async () => {
		const outcome = await importBytes(fixture('unclosed_quote.csv'), 'accounts', {
			mapping: ['id', null]
		});
		expect(outcome).toMatchObject({ ok: false, code: 'unclosed-quote', params: { row: 3 } });
	});
	it('refuses PNG and XLSX files as binary', async () => {
		const png = new Uint8Array([...PNG_HEAD, ...utf8('id\n1\n')]);
		expect(await importBytes(png, 'accounts', { mapping: ['id'] })).toMatchObject({
			ok: false,
			code: 'binary',
			params: { kind: 'png' }
		});
		expect(await importBytes(XLSX_HEAD, 'accounts', { mapping: ['id'] })).toMatchObject({
			ok: false,
			code: 'binary',
			params: { kind: 'zip' }
		});
	});
	it('refuses a file whose required column is not mapped', async () => {
		const outcome = await importBytes(fixture('simple.csv'), 'accounts', {
			mapping: [null, null, null]
		});
		expect(outcome).toMatchObject({
			ok: false,
			code: 'unmapped-required',
			params: { fields: 'id' }
		});
	});
	it('refuses when every row is rejected, and says why', async () => {
		const outcome = await importBytes(utf8('id,signup_date\n1,nope\n'), 'accounts');
		expect(outcome).toMatchObject({
			ok: false,
			code: 'no-valid-rows',
			rejects: [{ row: 2, reason: 'bad-date' }]
		});
	});
	it('refuses a non-activity file above the size limit before reading it', async () => {
		let read = false;
		const outcome = await runImport(
			{
				size: 600 * 1024 * 1024,
				chunks: async function* () {
					read = true;
					yield utf8('id\n1\n');
				}
			},
			{ entity: 'accounts', mapping: ['id'], currency: 'USD' }
		);
		expect(outcome).toMatchObject({ ok: false, code: 'too-large' });
		expect(read).toBe(false);
	});
	it('refuses when the header row is not the one the mapping was made for', async () => {
		const outcome = await importBytes(fixture('simple.csv'), 'accounts', {
			mapping: ['id'],
			headers: ['x', 'b', 'c']
		});
		expect(outcome).toMatchObject({ ok: false, code: 'headers-changed' });
	});
});

describe('accepted with rejects (line numbers and reasons)', () => {
	it('rejects short rows and long rows with text beyond the header, keeps trailing empty fields', async () => {
		// Lines: 1 header, 2 "1,a,x", 3 "2,b" (2 fields), 4 "3,c,y,z" (4 fields), 5 "4,d,w," (blank 4th).
		const outcome = ok(
			await importBytes(fixture('ragged.csv'), 'accounts', { firstColumnId: true })
		);
		expect(outcome.rejects).toEqual([
			{ row: 3, column: '', value: '2', reason: 'ragged-row' },
			{ row: 4, column: '', value: '4', reason: 'ragged-row' }
		]);
		expect(storedRows(outcome).map((r) => r.id)).toEqual(['1', '4']);
	});
	it('rejects the second row with an id already seen (after trimming)', async () => {
		const outcome = ok(await importBytes(fixture('duplicate_ids.csv'), 'accounts'));
		expect(outcome.rejects.map((r) => [r.row, r.reason])).toEqual([
			[3, 'duplicate-id'],
			[4, 'duplicate-id']
		]);
		expect(outcome.rowsAccepted).toBe(2);
	});
	it('rejects negative MRR, including accounting brackets', async () => {
		const outcome = ok(await importBytes(fixture('negative_mrr.csv'), 'accounts'));
		expect(outcome.rejects.map((r) => [r.row, r.value, r.reason])).toEqual([
			[3, '-5', 'negative-mrr'],
			[4, '(3.00)', 'negative-mrr']
		]);
		expect(storedRows(outcome).map((r) => [r.id, r.mrrMinor, r.currency])).toEqual([
			['A', 1000, 'USD'],
			['D', 0, 'USD']
		]);
	});
	it('rejects payments dated after today', async () => {
		const outcome = ok(
			await importBytes(fixture('future_dates.csv'), 'payments', {
				todayDay: dayFromYmd(2025, 6, 1)
			})
		);
		expect(outcome.rejects).toEqual([
			{ row: 3, column: 'date', value: '2030-01-01', reason: 'future-date' }
		]);
		expect(outcome).toMatchObject({
			minDay: dayFromYmd(2025, 1, 5),
			maxDay: dayFromYmd(2025, 2, 1),
			accountIds: 2
		});
	});
	it('rejects unreadable dates, numbers, booleans and missing ids', async () => {
		const outcome = ok(await importBytes(fixture('bad_values.csv'), 'accounts'));
		expect(outcome.rejects.map((r) => [r.row, r.column, r.reason])).toEqual([
			[3, 'signup_date', 'bad-date'],
			[4, 'mrr', 'bad-number'],
			[5, 'churned', 'bad-boolean'],
			[6, 'customer_id', 'missing-required']
		]);
		expect(storedRows(outcome)).toEqual([
			{ id: 'A', signupDay: dayFromYmd(2025, 1, 5), mrrMinor: 1000, churned: 1, currency: 'USD' }
		]);
	});
	it('rejects NPS scores outside 0..10 or between integers', async () => {
		const outcome = ok(await importBytes(fixture('nps_scores.csv'), 'nps'));
		expect(outcome.rejects.map((r) => [r.row, r.value, r.reason])).toEqual([
			[3, '11', 'score-out-of-range'],
			[4, '7.5', 'score-out-of-range']
		]);
		expect(storedRows(outcome).map((r) => [r.accountId, r.score, r.comment])).toEqual([
			['A', 9, '良い'],
			['D', 0, '悪い']
		]);
	});
	it('warns about rows pointing to unknown accounts without rejecting them', async () => {
		const outcome = ok(
			await importBytes(fixture('future_dates.csv'), 'payments', {
				knownAccountIds: new Set(['A'])
			})
		);
		expect(outcome.rowsAccepted).toBe(3);
		expect(outcome.warnings).toEqual([{ code: 'unknown-account', count: 1, sampleRows: [4] }]);
	});
	it('reads Salesforce footers as ragged rows and blank lines as a warning', async () => {
		const outcome = ok(await importBytes(fixture('salesforce_footer.csv'), 'accounts'));
		expect(storedRows(outcome).map((r) => [r.id, r.name])).toEqual([['001', 'Acme']]);
		expect(outcome.rejects.map((r) => [r.row, r.reason])).toEqual([
			[4, 'ragged-row'],
			[5, 'ragged-row']
		]);
		expect(outcome.warnings).toEqual([{ code: 'blank-lines', count: 1, sampleRows: [3] }]);
	});
});

describe('headers after title and comment lines', () => {
	it('skips a Stripe title line and reads (UTC) times as UTC', async () => {
		const outcome = ok(
			await importBytes(fixture('title_line.csv'), 'accounts', { timezoneOffsetMinutes: 540 })
		);
		expect(storedRows(outcome)).toEqual([
			{ id: 'cus_1', name: 'Acme', signupDay: dayFromYmd(2025, 1, 5) }
		]);
		expect(outcome.rejects).toEqual([]);
	});
	it('skips GA4 # lines before the header', async () => {
		const outcome = ok(await importBytes(fixture('ga4_comments.csv'), 'activity'));
		expect(storedRows(outcome)).toEqual([
			{ accountId: 'A', day: dayFromYmd(2026, 5, 1), metric: '*', count: 3, users: null },
			{ accountId: 'A', day: dayFromYmd(2026, 5, 1), metric: 'login', count: 3, users: null }
		]);
	});
});

describe('hostile text survives as text', () => {
	it('keeps formula triggers and multi-line formulas verbatim', async () => {
		const outcome = ok(await importBytes(fixture('formula_triggers.csv'), 'accounts'));
		expect(storedRows(outcome).map((r) => r.name)).toEqual([
			'=HYPERLINK("x","y")',
			'@SUM(A1)',
			'=1\n+2',
			'+1',
			'-1'
		]);
	});
	it('keeps HTML and javascript: URLs as plain text', async () => {
		const outcome = ok(await importBytes(fixture('html_text.csv'), 'accounts'));
		expect(storedRows(outcome).map((r) => r.name)).toEqual([
			'<img src=x onerror=alert(1)>',
			'<script>alert(1)</script>',
			'javascript:alert(1)'
		]);
	});
	it('drops zero-width characters from ids and keeps bidi controls in text', async () => {
		const outcome = ok(await importBytes(fixture('bidi_zero_width.csv'), 'accounts'));
		expect(storedRows(outcome)).toEqual([{ id: 'ACME', name: 'Evil\u202eCorp' }]);
	});
	it('keeps NaN-looking text such as the surname Nan as text', async () => {
		const outcome = ok(await importBytes(utf8('CustomerId,Surname\n1,Nan\n2,NaN\n'), 'accounts'));
		expect(storedRows(outcome).map((r) => r['attr:Surname'])).toEqual(['Nan', 'NaN']);
	});
	it('keeps leading zeros and Excel-mangled ids as text', async () => {
		const outcome = ok(await importBytes(fixture('leading_zeros.csv'), 'accounts'));
		expect(storedRows(outcome).map((r) => r.id)).toEqual(['00123', '1.23457E+11']);
	});
});

describe('encodings', () => {
	it('reads a Japanese Excel (CP932) file: NEC characters, half-width kana, \\ and ￥ yen amounts', async () => {
		const outcome = ok(await importBytes(fixture('shift_jis.csv'), 'accounts'));
		expect(outcome.encoding).toBe('shift_jis');
		expect(storedRows(outcome)).toEqual([
			{ id: '001', name: '髙﨑商店', mrrMinor: 1234, currency: 'JPY' },
			{ id: '002', name: 'ﾊﾝｶｸ①', mrrMinor: 500, currency: 'JPY' }
		]);
	});
	it('reads a Windows-1252 tab-separated file', async () => {
		const outcome = ok(await importBytes(fixture('cp1252.csv'), 'accounts'));
		expect(outcome).toMatchObject({ encoding: 'windows-1252', delimiter: '\t' });
		expect(storedRows(outcome)).toEqual([{ id: '1', name: 'André', 'attr:city': 'Café £5' }]);
	});
	it.each([false, true])('reads UTF-16 with a BOM (big-endian: %s)', async (bigEndian) => {
		const outcome = ok(
			await importBytes(encodeUtf16('id,name\r\n1,髙﨑\r\n', bigEndian), 'accounts')
		);
		expect(storedRows(outcome)).toEqual([{ id: '1', name: '髙﨑' }]);
	});
	it('falls back to Shift_JIS when the Japanese starts after an ASCII-only first 64 KB', async () => {
		const filler = Array.from(
			{ length: 3000 },
			(_, i) => `a${i},ascii only row number ${i}\n`
		).join('');
		const bytes = encodeShiftJis(`id,name\n${filler}last,髙﨑ﾊﾝｶｸ\n`);
		expect(bytes.length).toBeGreaterThan(65536);
		const outcome = ok(await importBytes(bytes, 'accounts', { chunkSize: 4096 }));
		expect(outcome.encoding).toBe('shift_jis');
		expect(storedRows(outcome).at(-1)).toEqual({ id: 'last', name: '髙﨑ﾊﾝｶｸ' });
	});
	it('refuses bytes invalid in an encoding the person chose', async () => {
		const outcome = await importBytes(fixture('cp1252.csv'), 'accounts', { encoding: 'utf-8' });
		expect(outcome).toMatchObject({
			ok: false,
			code: 'decode-error',
			params: { encoding: 'utf-8' }
		});
	});
	it('reads decimal commas in a semicolon file', async () => {
		const outcome = ok(await importBytes(fixture('semicolon_decimal_comma.csv'), 'accounts'));
		expect(storedRows(outcome).map((r) => r.mrrMinor)).toEqual([123456, 50]);
	});
});

/** The same text with the characters Shift_JIS cannot hold replaced (its wave dash is ～). */
const sjisText = (t: string) => t.replace('〜顧客😀é', '～顧客').replace('Zoë', 'Zoe');

describe('chunk-boundary sweep', () => {
	// Every multi-byte character lands across a chunk boundary at every byte offset: the file is
	// cut at every byte position in turn (UTF-8 characters are 2-4 bytes, Shift_JIS 1-2).
	const names = ['髙﨑商店', 'ﾊﾝｶｸ①②③', '〜顧客😀é', 'Zoë "quoted,\nline"'];
	const text =
		'id,name\r\n' + names.map((n, i) => `${i},"${n.replace(/"/g, '""')}"`).join('\r\n') + '\r\n';
	const expected = names.map((n, i) => ({ id: String(i), 'attr:name': n }));
	it.each([
		['utf-8', utf8(text)],
		['shift_jis', encodeShiftJis(sjisText(text))]
	] as const)('breaks no row in %s at any cut', async (encoding, bytes) => {
		const want =
			encoding === 'utf-8'
				? expected
				: expected.map((r) => ({ ...r, 'attr:name': sjisText(r['attr:name']) }));
		let broken = 0;
		for (let cut = 1; cut < bytes.length; cut++) {
			const outcome = await runImport(splitSource(bytes, [cut]), {
				entity: 'accounts',
				mapping: ['id', null],
				currency: 'USD',
				encoding,
				parseChunkChars: 3
			});
			if (JSON.stringify(storedRows(outcome)) !== JSON.stringify(want)) broken++;
		}
		expect(broken).toBe(0);
	});
	it.each([1, 2, 3, 5, 7])(
		'breaks no row with %i-byte chunks and a tiny parse window',
		async (size) => {
			const outcome = await runImport(bytesSource(utf8(text), size), {
				entity: 'accounts',
				mapping: ['id', null],
				currency: 'USD',
				parseChunkChars: 2
			});
			expect(storedRows(outcome)).toEqual(expected);
		}
	);
	it.each([1, 7, 64])(
		'breaks no row when each %i-byte chunk’s buffer is filled again for the next',
		async (size) => {
			// blobSource streams into one buffer: the head must keep copies of what it holds.
			const outcome = await runImport(
				blobSource(new Blob([utf8(text) as Uint8Array<ArrayBuffer>]), size),
				{
					entity: 'accounts',
					mapping: ['id', null],
					currency: 'USD'
				}
			);
			expect(storedRows(outcome)).toEqual(expected);
		}
	);
	it('falls back to Shift_JIS from a blob streamed into one reused buffer', async () => {
		const filler = Array.from({ length: 3000 }, (_, i) => `a${i},ascii row ${i}\n`).join('');
		const bytes = encodeShiftJis(`id,name\n${filler}last,髙﨑ﾊﾝｶｸ\n`);
		const source = blobSource(new Blob([bytes as Uint8Array<ArrayBuffer>]), 4096);
		const outcome = ok(
			await runImport(source, { entity: 'accounts', mapping: ['id', null], currency: 'USD' })
		);
		expect(outcome.encoding).toBe('shift_jis');
		expect(outcome.rowsAccepted).toBe(3001);
		expect(storedRows(outcome).at(-1)).toEqual({ id: 'last', 'attr:name': '髙﨑ﾊﾝｶｸ' });
	});
});

describe('large reads', () => {
	// A 1 MB read is decoded in 256 KB pieces and their text parsed in 32 KB pieces: characters
	// and records cut at those boundaries (not only at the reads') must come out whole.
	const names = ['髙﨑商店', '株式会社さくら', 'ﾊﾝｶｸ', '顧客管理'];
	const rows = Array.from({ length: 30_000 }, (_, i) => `${i},${names[i % names.length]}${i}`);
	const text = `id,name\n${rows.join('\n')}\n`;
	const expected = rows.map((r) => {
		const [id, name] = r.split(',');
		return { id, 'attr:name': name };
	});
	it.each([
		['utf-8', utf8(text)],
		['shift_jis', encodeShiftJis(text)]
	] as const)('reads %s whole from one large read', async (encoding, bytes) => {
		expect(bytes.length).toBeGreaterThan(2 * 256 * 1024);
		for (const chunkSize of [1 << 20, 50_000, 32 * 1024 + 1]) {
			const outcome = await runImport(bytesSource(bytes, chunkSize), {
				entity: 'accounts',
				mapping: ['id', null],
				currency: 'USD',
				encoding
			});
			expect(storedRows(outcome)).toEqual(expected);
		}
	});
	it('keeps a surrogate pair and a quoted line end cut between two parsed pieces', async () => {
		// The text of one decoded piece is parsed 32 KB at a time (PARSE_CHARS): put an emoji's
		// two halves on either side of the first cut, and a quoted line end across the second.
		const piece = 32 * 1024;
		let text = 'id,name\n';
		let n = 0;
		// Filler rows up to `upTo` characters, then the start of the next row: `<id>,`.
		const rowAt = (upTo: number) => {
			while (text.length < upTo - 40) text += `${n},filler${n++}\n`;
			const filler = `${n++},`;
			const next = `${n++},`;
			text += filler.padEnd(upTo - text.length - next.length - 1, 'x') + '\n' + next;
		};
		rowAt(piece - 1);
		text += '😀end\n'; // the high surrogate is the piece's last character
		rowAt(2 * piece - 3);
		text += '"a\nb"\n'; // the quote opens before the cut, the line end is after it
		text += `${n++},last\n`;
		expect(text.charCodeAt(piece - 1)).toBe(0xd83d);
		expect(text.slice(2 * piece - 3, 2 * piece + 1)).toBe('"a\nb');
		const outcome = await runImport(bytesSource(utf8(text), 1 << 20), {
			entity: 'accounts',
			mapping: ['id', null],
			currency: 'USD',
			encoding: 'utf-8'
		});
		const names = storedRows(outcome).map((r) => r['attr:name']);
		expect(names).toContain('😀end');
		expect(names).toContain('a\nb');
		expect(names[names.length - 1]).toBe('last');
		expect(names).toHaveLength(n);
	});

	it.each([100_000, 300_000])(
		'says at which byte a large read stopped decoding (%i)',
		async (bad) => {
			const bytes = utf8(text);
			expect(bytes.length).toBeGreaterThan(bad);
			bytes[bad] = 0xff; // never valid in UTF-8
			const outcome = await runImport(bytesSource(bytes, 1 << 20), {
				entity: 'accounts',
				mapping: ['id', null],
				currency: 'USD',
				encoding: 'utf-8'
			});
			if (outcome.ok) throw new Error('expected a decode error');
			expect(outcome.code).toBe('decode-error');
			expect(outcome.params.byteOffset).toBe(bad);
		}
	);
});

describe('activity rollup room', () => {
	it('makes room for the rows the first chunk predicts, so the tables do not grow by doubling', async () => {
		const lines = Array.from(
			{ length: 20_000 },
			(_, i) => `acct_${i % 700},2025-01-${String(1 + (i % 28)).padStart(2, '0')},login,u${i % 9}`
		);
		const bytes = utf8(['account_id,date,event,user_id', ...lines].join('\n') + '\n');
		const outcome = ok(
			await runImport(bytesSource(bytes, 64 * 1024), {
				entity: 'activity',
				mapping: ['accountId', 'day', 'metric', 'userId'],
				currency: 'USD',
				exportRollup: true
			})
		);
		const rollup = outcome.rollup;
		if (!rollup) throw new Error('expected an exported rollup');
		// Doubling from 1,024 rows would end at 32,768; the estimate from the first 64 KB is the
		// file's rows and a tenth more.
		const room = rollup.rows.account.length;
		expect(room).toBeGreaterThanOrEqual(20_000);
		expect(room).toBeLessThan(1.2 * 20_000);
		expect(rollup.users.account.length).toBe(room);
		expect(outcome.rowsAccepted).toBe(20_000);
	});
});

describe('line numbers', () => {
	it('gives a reject the line it starts on, after records with quoted line ends, whatever the parse window', async () => {
		const text =
			'id,name,mrr\n' +
			'a1,"Acme\nInc",10\n' + // lines 2-3
			'a2,Beta,x\n' + // line 4: bad number
			'a3,"Multi\n\nLine",5\n' + // lines 5-7
			'a4,Delta,-1\n' + // line 8: negative MRR
			'a5,"Echo ""q""",y\n'; // line 9: bad number
		for (const window of [1, 2, 5, 13, 40, 1 << 20]) {
			for (const chunk of [3, 7, 1000]) {
				const outcome = await runImport(bytesSource(utf8(text), chunk), {
					entity: 'accounts',
					mapping: ['id', null, 'mrrMinor'],
					currency: 'USD',
					parseChunkChars: window
				});
				if (!outcome.ok) throw new Error(outcome.code);
				expect(outcome.rejects.map((r) => [r.row, r.reason])).toEqual([
					[4, 'bad-number'],
					[8, 'negative-mrr'],
					[9, 'bad-number']
				]);
				expect(outcome.nextLine).toBe(10);
			}
		}
	});
});

describe('size and shape', () => {
	it('imports 10,000 columns as attributes', async () => {
		const headers = ['id', ...Array.from({ length: 9999 }, (_, i) => `c${i}`)];
		const row = (id: string) =>
			[id, ...Array.from({ length: 9999 }, (_, i) => String(i))].join(',');
		const outcome = ok(
			await importBytes(utf8(`${headers.join(',')}\n${row('a')}\n${row('b')}\n`), 'accounts', {
				firstColumnId: true
			})
		);
		expect(Object.keys(outcome.blocks[0].columns)).toHaveLength(10000);
		expect(outcome.rowsAccepted).toBe(2);
		expect(columnValue(outcome.blocks[0].columns['attr:c9998'], 1)).toBe('9998');
	});
	it('imports a 5 MB single cell spread over many chunks', async () => {
		const cell = 'lorem, "ipsum"\n'.repeat(350_000); // 15 chars × 350,000 = 5,250,000 characters
		const csv = `id,notes\n1,"${cell.replace(/"/g, '""')}"\n2,short\n`;
		const outcome = ok(
			await importBytes(utf8(csv), 'accounts', { firstColumnId: true, chunkSize: 65536 })
		);
		expect(storedRows(outcome).map((r) => [r.id, (r['attr:notes'] as string).length])).toEqual([
			['1', 5_250_000],
			['2', 5]
		]);
		// Line numbers count the cell's newlines: the record after it starts on line 2 + 350,000.
		const bad = await importBytes(utf8(csv + '2,dup\n'), 'accounts', { firstColumnId: true });
		expect(ok(bad).rejects).toEqual([
			{ row: 350_004, column: 'id', value: '2', reason: 'duplicate-id' }
		]);
	});
	it('splits the rows into blocks of the asked size', async () => {
		const csv = 'id\n' + Array.from({ length: 25 }, (_, i) => `a${i}`).join('\n');
		const outcome = ok(await importBytes(utf8(csv), 'accounts', { blockRows: 10 }));
		expect(outcome.blocks.map((b) => b.rowCount)).toEqual([10, 10, 5]);
	});
	it('keeps counting rejects beyond the details kept', async () => {
		const csv =
			'id,signup_date\n' +
			Array.from({ length: 10 }, (_, i) => `a${i},bad`).join('\n') +
			'\nok,2025-01-01\n';
		const outcome = ok(await importBytes(utf8(csv), 'accounts', { maxRejectDetails: 3 }));
		expect(outcome).toMatchObject({ rowsRejected: 10, rejectsTruncated: true, rowsAccepted: 1 });
		expect(outcome.rejects).toHaveLength(3);
	});
});

describe('progress and cancel', () => {
	it('reports bytes and rows, and stops when cancelled', async () => {
		const csv = utf8('id\n' + Array.from({ length: 20000 }, (_, i) => `a${i}`).join('\n') + '\n');
		const progress: number[] = [];
		const done = ok(
			await runImport(
				bytesSource(csv, 1000),
				{ entity: 'accounts', mapping: ['id'], currency: 'USD' },
				(p) => progress.push(p.bytesRead)
			)
		);
		expect(progress.at(-1)).toBe(csv.length);
		expect(done.rowsRead).toBe(20000);
		const controller = new AbortController();
		let chunks = 0;
		const source = {
			size: csv.length,
			async *chunks() {
				for (let at = 0; at < csv.length; at += 1000) {
					if (++chunks === 5) controller.abort();
					yield csv.subarray(at, at + 1000);
				}
			}
		};
		const outcome = await runImport(
			source,
			{ entity: 'accounts', mapping: ['id'], currency: 'USD' },
			undefined,
			controller.signal
		);
		expect(outcome).toMatchObject({ ok: false, code: 'cancelled' });
		expect(chunks).toBeLessThan(8);
	});
});
