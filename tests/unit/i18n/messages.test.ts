import { describe, expect, it } from 'vitest';
import { en, ja, format, initialLocale } from '../../../src/lib/i18n/messages';
import * as base from '../../../src/lib/i18n/messages/base';
import * as analytics from '../../../src/lib/i18n/messages/analytics';
import * as retention from '../../../src/lib/i18n/messages/retention';
import * as risk from '../../../src/lib/i18n/messages/risk';
import * as playbook from '../../../src/lib/i18n/messages/playbook';

describe('messages', () => {
	it('defines each key in one area file only', () => {
		const areas = [base.en, analytics.en, retention.en, risk.en, playbook.en];
		const total = areas.reduce<number>((n, a) => n + Object.keys(a).length, 0);
		expect(Object.keys(en).length).toBe(total);
	});

	it('has the same keys in English and Japanese', () => {
		expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
	});

	it('uses the same placeholders in both languages', () => {
		const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		for (const key of Object.keys(en) as (keyof typeof en)[]) {
			expect(names(ja[key]), key).toEqual(names(en[key]));
		}
	});

	it('leaves no Japanese message empty or copied from English when it has letters', () => {
		const same = (Object.keys(en) as (keyof typeof en)[]).filter(
			(k) =>
				ja[k] === en[k] &&
				/[a-z]{4,}/.test(en[k].replace(/\{\w+\}/g, '')) &&
				!['app.name', 'lang.en', 'field.mrrMinor'].includes(k)
		);
		expect(same).toEqual([]);
	});
});

describe('format', () => {
	it('fills placeholders and keeps unknown ones visible', () => {
		expect(format('{a} of {b}', { a: 1 })).toBe('1 of {b}');
	});

	it('does not read inherited properties as parameters', () => {
		expect(format('{toString}', {})).toBe('{toString}');
	});
});

describe('initialLocale', () => {
	it('prefers the remembered choice', () => {
		expect(initialLocale('ja', ['en-US'])).toBe('ja');
	});

	it('falls back to the first supported browser language, then English', () => {
		expect(initialLocale(null, ['fr-FR', 'ja-JP', 'en'])).toBe('ja');
		expect(initialLocale('xx', ['fr'])).toBe('en');
	});
});
