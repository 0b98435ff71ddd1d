import { describe, expect, it } from 'vitest';
import type { WinBackRow, WinBackSegment } from '../../../../src/lib/core/winback';
import { dayFromIso } from '../../../../src/lib/core/dates';
import {
	daysBandText,
	reasonText,
	valueBandText,
	winBackCsvRows
} from '../../../../src/lib/ui/winback/winback-rows';
import { en } from '../playbook/translator';

const seg = (lower: number | null, upper: number | null): WinBackSegment => ({
	key: 'value-0',
	accounts: 0,
	lastMrrMinor: 0,
	history: { churned: 0, reactivated: 0, rate: null },
	lowerMinor: lower,
	upperMinor: upper
});

describe('win-back labels', () => {
	it('names value bands from their bounds', () => {
		expect(valueBandText(en, seg(null, 5000), 'USD')).toBe('Up to $50.00');
		expect(valueBandText(en, seg(5000, 20000), 'USD')).toBe('Above $50.00, up to $200.00');
		expect(valueBandText(en, seg(20000, null), 'USD')).toBe('Above $200.00');
		expect(valueBandText(en, seg(null, null), 'USD')).toBe('All values');
	});

	it('names reasons and day bands', () => {
		expect(reasonText(en, 'unknown')).toBe('No reason given');
		expect(reasonText(en, 'too expensive')).toBe('too expensive');
		expect(daysBandText(en, '90+')).toBe('More than 90 days');
	});

	it('exports rows with raw ids and numbers, MRR in major units of its currency', () => {
		const row: WinBackRow = {
			accountId: 'A1',
			name: 'Acme',
			segment: 'SMB',
			owner: 'Aiko',
			plan: 'Pro',
			churnDay: dayFromIso('2026-10-01') as number,
			daysSinceChurn: 30,
			daysBand: '0-30',
			reason: 'unknown',
			churnType: 'voluntary',
			lastMrrMinor: 1200,
			currency: 'JPY',
			valueBand: 0
		};
		expect(winBackCsvRows(en, [row])).toEqual([
			[
				'A1',
				'Acme',
				'SMB',
				'Aiko',
				'Pro',
				'2026-10-01',
				30,
				'No reason given',
				'voluntary',
				1200,
				'JPY'
			]
		]);
	});
});
