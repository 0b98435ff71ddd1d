// Every visible string, in English and Japanese, one file per area under messages/ so that work
// on one area does not touch another's file. Each area's `ja` is typed against its `en`, so a key
// missing in either language is a type error. Parameters are written {name}.
import * as base from './messages/base';
import * as analytics from './messages/analytics';
import * as retention from './messages/retention';
import * as risk from './messages/risk';
import * as playbook from './messages/playbook';

export const en = { ...base.en, ...analytics.en, ...retention.en, ...risk.en, ...playbook.en };

export type MessageKey = keyof typeof en;

export const ja: Record<MessageKey, string> = {
	...base.ja,
	...analytics.ja,
	...retention.ja,
	...risk.ja,
	...playbook.ja
};

export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];
export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { en, ja };

/** Fills {name} placeholders. Unknown placeholders stay visible, so a gap is noticed. */
export function format(template: string, params: Record<string, string | number> = {}): string {
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		Object.hasOwn(params, name) ? String(params[name]) : whole
	);
}

/** The language to start in: a remembered choice, else the browser's first supported one. */
export function initialLocale(saved: string | null, browserLanguages: readonly string[]): Locale {
	if (saved === 'en' || saved === 'ja') return saved;
	for (const tag of browserLanguages) {
		const base = tag.toLowerCase().split('-')[0];
		if (base === 'ja' || base === 'en') return base;
	}
	return 'en';
}
