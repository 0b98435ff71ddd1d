// The UI language as rune state, and Intl formatting in that language. One instance for the app:
// ssr is off, so a module-level singleton is safe.
import { format, initialLocale, MESSAGES, type Locale, type MessageKey } from './messages';
import { isoFromDay } from '../core/dates';
import { dateTimeFormat, numberFormat } from './intl-cache';

const STORAGE_KEY = 'churn-desk:lang';

export class I18n {
	locale = $state<Locale>('en');

	constructor(locale?: Locale) {
		if (locale) this.locale = locale;
		else if (typeof window !== 'undefined') {
			const fromQuery = new URL(window.location.href).searchParams.get('lang');
			this.locale = initialLocale(
				fromQuery ?? safeStorageGet(STORAGE_KEY),
				navigator.languages ?? [navigator.language]
			);
		}
		this.applyToDocument();
	}

	setLocale(locale: Locale): void {
		this.locale = locale;
		safeStorageSet(STORAGE_KEY, locale);
		this.applyToDocument();
	}

	t = (key: MessageKey, params?: Record<string, string | number>): string =>
		format(MESSAGES[this.locale][key], params);

	/** A message key from the worker's codes, falling back to a generic one. */
	has(key: string): key is MessageKey {
		return Object.hasOwn(MESSAGES.en, key);
	}

	/** A worker code under a prefix (`error`, `reason`, `warning`), with a generic fallback. */
	code = (
		prefix: 'error' | 'reason' | 'warning',
		code: string,
		params: Record<string, string | number> = {}
	): string => {
		const key = `${prefix}.${code}`;
		if (this.has(key)) return this.t(key, params);
		const fallback = {
			error: 'error.unknown',
			reason: 'reason.other',
			warning: 'warning.other'
		} as const;
		return this.t(fallback[prefix], { detail: code, code, ...params });
	};

	number = (value: number, digits = 0): string =>
		numberFormat(this.locale, {
			maximumFractionDigits: digits,
			minimumFractionDigits: digits
		}).format(value);

	bytes = (bytes: number): string => {
		const units = ['B', 'KB', 'MB', 'GB'];
		let v = bytes;
		let i = 0;
		while (v >= 1024 && i < units.length - 1) {
			v /= 1024;
			i++;
		}
		return `${this.number(v, i === 0 ? 0 : 1)} ${units[i]}`;
	};

	day = (day: number | null): string => (day === null ? '—' : isoFromDay(day));

	dateTime = (ms: number): string =>
		dateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);

	private applyToDocument(): void {
		if (typeof document !== 'undefined') document.documentElement.lang = this.locale;
	}
}

function safeStorageGet(key: string): string | null {
	try {
		return localStorage.getItem(key);
	} catch {
		return null;
	}
}

function safeStorageSet(key: string, value: string): void {
	try {
		localStorage.setItem(key, value);
	} catch {
		// Storage may be disabled; the choice then lasts for this page only.
	}
}

export const i18n = new I18n();
