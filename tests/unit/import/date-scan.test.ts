import { describe, expect, it } from 'vitest';
import {
	ambiguousColumns,
	headDateOrders,
	resolvedDateOrders,
	scanRanges,
	sliceRecords
} from '../../../src/lib/import/date-scan';

describe('scanRanges', () => {
	it('spaces the slices evenly over the bytes after the head', () => {
		// rest = 1000 - 200 = 800 bytes, 4 slices → step 200: starts 200, 400, 600, 800;
		// each 50 bytes long.
		expect(scanRanges(1000, 200, 'utf-8', 4, 50)).toEqual([
			{ start: 200, end: 250 },
			{ start: 400, end: 450 },
			{ start: 600, end: 650 },
			{ start: 800, end: 850 }
		]);
	});

	it('returns nothing when the head is the whole file', () => {
		expect(scanRanges(100, 256, 'utf-8')).toEqual([]);
		expect(scanRanges(256, 256, 'utf-8')).toEqual([]);
	});

	it('never overlaps or runs past the end when the rest is smaller than the slices', () => {
		// rest = 30, 4 slices → step 7.5: starts 10, 17, 25, 32; each at most ceil(7.5) = 8 long,
		// clipped to the previous end and to the file size 40.
		const ranges = scanRanges(40, 10, 'utf-8', 4, 64);
		expect(ranges).toEqual([
			{ start: 10, end: 18 },
			{ start: 18, end: 25 },
			{ start: 25, end: 33 },
			{ start: 33, end: 40 }
		]);
	});

	it('starts UTF-16 slices on an even byte', () => {
		// rest = 99 - 10 = 89, 2 slices → step 44.5: starts 10 and floor(54.5) = 54 (even already)
		// and for 3 slices: 10, floor(39.67) = 39 → 38, floor(69.33) = 69 → 68.
		const starts = scanRanges(99, 10, 'utf-16le', 3, 8).map((r) => r.start);
		expect(starts).toEqual([10, 38, 68]);
	});
});

describe('sliceRecords', () => {
	it('drops the cut line at each end and keeps the whole records between', () => {
		const text = '1/2010,x\n13/01/2011,a\n14/01/2011,b\n15/0';
		expect(sliceRecords(text, ',', 2)).toEqual([
			['13/01/2011', 'a'],
			['14/01/2011', 'b']
		]);
	});

	it('reads CRLF and tab-delimited slices', () => {
		const text = 'ut\r\n13-01-2011\tb\r\n\r\n2\t3\r\nx';
		expect(sliceRecords(text, '\t', 2)).toEqual([
			['13-01-2011', 'b'],
			['2', '3']
		]);
	});

	it('leaves out records whose field count is not the header’s', () => {
		// The second line starts inside a quoted field: 3 fields instead of 2.
		const text = 'cut\na,b,c\nd,e\nend';
		expect(sliceRecords(text, ',', 2)).toEqual([['d', 'e']]);
	});

	it('returns nothing for a slice inside one line', () => {
		expect(sliceRecords('no line end here', ',', 2)).toEqual([]);
		expect(sliceRecords('only one\nline end', ',', 2)).toEqual([]);
	});
});

describe('headDateOrders and ambiguousColumns', () => {
	it('detects every column from the head, preferring what the preview knew', () => {
		const head = [
			['01/12/2010 08:26', 'x', '2025-01-02'],
			['02/12/2010 09:00', 'y', '2025-01-03']
		];
		// Column 0: both day and month ≤ 12 → ambiguous; 1: text → none; 2: year first → ymd,
		// but the preview said 'ymd' for it from more rows anyway.
		const orders = headDateOrders(head, 3, { 2: 'ymd' });
		expect(orders).toEqual({ 0: 'ambiguous', 1: 'none', 2: 'ymd' });
		expect(ambiguousColumns(orders)).toEqual([0]);
	});
});

describe('resolvedDateOrders', () => {
	const head = [
		['01/12/2010', 'a'],
		['02/12/2010', 'b']
	];

	it('settles a column as day-first when a sampled date has a day above 12', () => {
		// 13/01/2011 only reads as 13 January: day first.
		const sampled = [['13/01/2011', 'c']];
		expect(resolvedDateOrders({ 0: 'ambiguous', 1: 'none' }, head, sampled)).toEqual({
			0: 'dmy',
			1: 'none'
		});
	});

	it('settles a column as month-first when a sampled date has a second part above 12', () => {
		const sampled = [['01/13/2011', 'c']];
		expect(resolvedDateOrders({ 0: 'ambiguous' }, head, sampled)).toEqual({ 0: 'mdy' });
	});

	it('keeps the column ambiguous when the samples do not tell, or contradict each other', () => {
		expect(resolvedDateOrders({ 0: 'ambiguous' }, head, [['03/04/2011', 'c']])).toEqual({
			0: 'ambiguous'
		});
		const both = [
			['13/01/2011', 'c'],
			['01/13/2011', 'd']
		];
		expect(resolvedDateOrders({ 0: 'ambiguous' }, head, both)).toEqual({ 0: 'ambiguous' });
	});

	it('leaves columns that were not ambiguous as they were', () => {
		// Column 1 says 'mdy' and a sampled value would say day first: it is not re-read.
		const orders = resolvedDateOrders({ 0: 'dmy', 1: 'mdy' }, head, [['13/01/2011', '13/01/2011']]);
		expect(orders).toEqual({ 0: 'dmy', 1: 'mdy' });
	});
});
