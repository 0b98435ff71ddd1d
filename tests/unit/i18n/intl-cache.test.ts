import { describe, expect, it } from 'vitest';
import { dateTimeFormat, numberFormat } from '../../../src/lib/i18n/intl-cache';
import { I18n } from '../../../src/lib/i18n/i18n.svelte';
import { figureText } from '../../../src/lib/ui/overview/figure-format';

describe('cached Intl formatters', () => {
	it('gives one formatter per locale and options', () => {
		const a = numberFormat('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
		expect(numberFormat('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 })).toBe(a);
		expect(numberFormat('ja', { maximumFractionDigits: 1, minimumFractionDigits: 1 })).not.toBe(a);
		expect(numberFormat('en', { maximumFractionDigits: 2, minimumFractionDigits: 2 })).not.toBe(a);
		const d = dateTimeFormat('en', { dateStyle: 'medium' });
		expect(dateTimeFormat('en', { dateStyle: 'medium' })).toBe(d);
		expect(dateTimeFormat('en', { dateStyle: 'short' })).not.toBe(d);
	});

	it('keeps nothing for options Intl rejects: an unknown currency throws each time', () => {
		expect(() => numberFormat('en', { style: 'currency', currency: 'NOPE!' })).toThrow(RangeError);
		expect(() => numberFormat('en', { style: 'currency', currency: 'NOPE!' })).toThrow(RangeError);
		// The fallback of a figure in an unknown currency still works.
		expect(figureText({ locale: 'en', currency: 'NOPE!' }, 'money', 123456)).toBe('1,234.56');
	});

	it('formats in the locale chosen after a formatter of the other was made', () => {
		const i18n = new I18n('en');
		expect(i18n.number(1234.5, 1)).toBe('1,234.5');
		expect(i18n.bytes(1536)).toBe('1.5 KB');
		i18n.locale = 'ja';
		expect(i18n.number(1234.5, 1)).toBe('1,234.5');
		expect(i18n.dateTime(Date.UTC(2025, 0, 5, 12))).toMatch(/^2025\/01\/05/);
		i18n.locale = 'en';
		expect(i18n.dateTime(Date.UTC(2025, 0, 5, 12))).toMatch(/^Jan 5, 2025/);
		expect(i18n.number(2, 2)).toBe('2.00');
	});
});
