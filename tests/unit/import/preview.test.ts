import { describe, expect, it } from 'vitest';
import { previewCsv } from '../../../src/lib/import/preview';
import { encodeShiftJis, PNG_HEAD, utf8 } from '../../fixtures/generate';

describe('previewCsv', () => {
	it('gives encoding, delimiter, headers, 20 rows, the entity and a mapping', () => {
		const lines = [
			'payment_id;customer_id;date;amount',
			...Array.from({ length: 30 }, (_, i) => `p${i};c${i};2025-01-0${(i % 9) + 1};"1,5"`)
		];
		const preview = previewCsv(utf8(lines.join('\n')), { isWholeFile: true });
		expect(preview).toMatchObject({
			ok: true,
			encoding: 'utf-8',
			delimiter: ';',
			headers: ['payment_id', 'customer_id', 'date', 'amount'],
			suggestedEntity: 'payments',
			mapping: ['id', 'accountId', 'day', 'amountMinor'],
			dateOrders: { 2: 'ymd' }
		});
		expect(preview.ok && preview.rows).toHaveLength(20);
	});
	it('flags an ambiguous day/month column so the person can choose', () => {
		const preview = previewCsv(utf8('account_id,date\nA,01/02/2025\nB,03/04/2025\n'), {
			isWholeFile: true
		});
		expect(preview).toMatchObject({
			ok: true,
			suggestedEntity: 'activity',
			dateOrders: { 1: 'ambiguous' }
		});
	});
	it('drops the record cut at the end of a partial head', () => {
		const preview = previewCsv(utf8('id,name\n1,alpha\n2,bet'), { isWholeFile: false });
		expect(preview.ok && preview.rows).toEqual([['1', 'alpha']]);
	});
	it('decodes Shift_JIS, and shows the override encoding when asked', () => {
		const bytes = encodeShiftJis('顧客ID,会社名\n001,髙﨑商店\n');
		const auto = previewCsv(bytes, { isWholeFile: true });
		expect(auto).toMatchObject({
			ok: true,
			encoding: 'shift_jis',
			headers: ['顧客ID', '会社名'],
			rows: [['001', '髙﨑商店']]
		});
		const forced = previewCsv(bytes, { isWholeFile: true, encoding: 'windows-1252' });
		expect(forced.ok && forced.encoding).toBe('windows-1252');
		expect(forced.ok && forced.rows[0][1]).not.toBe('髙﨑商店');
	});
	it('refuses empty, binary and header-only heads with codes', () => {
		expect(previewCsv(new Uint8Array(0), { isWholeFile: true })).toMatchObject({
			ok: false,
			code: 'empty'
		});
		expect(previewCsv(PNG_HEAD, { isWholeFile: true })).toMatchObject({
			ok: false,
			code: 'binary'
		});
		expect(previewCsv(utf8('id,name\n\n'), { isWholeFile: true })).toMatchObject({
			ok: false,
			code: 'header-only'
		});
		expect(previewCsv(utf8('\n \n'), { isWholeFile: true })).toMatchObject({
			ok: false,
			code: 'empty'
		});
	});
});
