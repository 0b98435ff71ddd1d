import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { escapedCellText, toCsv, type CsvCell } from '../../../src/lib/core/csv-export';

describe('toCsv', () => {
	it('quotes every cell, doubles quotes, writes numbers as numbers and ends lines with CRLF', () => {
		expect(
			toCsv(
				['a', 'b'],
				[
					['x"y', 12.5],
					[null, true]
				]
			)
		).toBe('"a","b"\r\n"x""y","12.5"\r\n"","true"\r\n');
	});
	it('neutralises formula triggers, including multi-line cells, but not negative numbers', () => {
		const csv = toCsv(
			['c'],
			[['=HYPERLINK("x")'], ['+1'], ['-1'], ['@SUM(A1)'], ['\tx'], ['\r\n=1'], [-1]]
		);
		expect(csv).toBe(
			'"c"\r\n"\'=HYPERLINK(""x"")"\r\n"\'+1"\r\n"\'-1"\r\n"\'@SUM(A1)"\r\n"\'\tx"\r\n' +
				'"\'\r\n=1"\r\n"-1"\r\n'
		);
	});
	it('parses back with PapaParse to the escaped cells (property)', () => {
		const cell = fc.oneof(
			fc.string({
				unit: fc.constantFrom('a', '"', ',', '\n', '\r', '=', '-', '@', '+', '\t', ' ', 'é', '漢')
			}),
			fc.string(),
			fc.integer(),
			fc.constant(null)
		);
		fc.assert(
			fc.property(
				fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
				(rows) => {
					const width = rows[0].length;
					const table: CsvCell[][] = rows.map((r) =>
						Array.from({ length: width }, (_, i) => r[i] ?? null)
					);
					const headers = table[0].map((_, i) => `h${i}`);
					const parsed = Papa.parse<string[]>(toCsv(headers, table), {
						header: false,
						skipEmptyLines: false
					});
					const expected = table.map((r) =>
						r.map((c) =>
							c === null ? '' : typeof c === 'number' ? String(c) : escapedCellText(String(c))
						)
					);
					// The final CRLF leaves one empty record behind.
					expect(parsed.data.slice(1, -1)).toEqual(expected);
				}
			)
		);
	});
});
