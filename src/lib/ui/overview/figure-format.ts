// How a figure of each kind is written: percentages with one decimal, money in the workspace
// currency, ratios with two decimals. Pure (Intl only), so cards, tables and tests agree.
import { fromMinor } from '../../core/money';
import { numberFormat } from '../../i18n/intl-cache';
import type { ValueFormat } from './kpi-cards';

export interface FigureFormatter {
	locale: string;
	currency: string;
}

function numberText(f: FigureFormatter, value: number, digits: number): string {
	return numberFormat(f.locale, {
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	}).format(value);
}

export function moneyText(f: FigureFormatter, minor: number, digits?: number): string {
	const major = fromMinor(minor, f.currency);
	try {
		return numberFormat(f.locale, {
			style: 'currency',
			currency: f.currency,
			...(digits === undefined
				? {}
				: { minimumFractionDigits: digits, maximumFractionDigits: digits })
		}).format(major);
	} catch {
		// An unknown currency code: the bare amount.
		return numberText(f, major, 2);
	}
}

/** A figure as shown; '—' when it is undefined. `digits` overrides a percentage's decimals. */
export function figureText(
	f: FigureFormatter,
	format: ValueFormat,
	value: number | null,
	digits?: number
): string {
	if (value === null || !Number.isFinite(value)) return '—';
	switch (format) {
		case 'count':
			return numberText(f, value, 0);
		case 'months':
			return numberText(f, value, 0);
		case 'percent':
			return `${numberText(f, value * 100, digits ?? 1)}%`;
		case 'ratio':
			return numberText(f, value, 2);
		case 'score':
			return numberText(f, value, 1);
		case 'money':
			return moneyText(f, value);
	}
}

/**
 * A change as shown, without its sign (the words say up or down): percentage points for rates,
 * the amount for money and counts.
 */
export function deltaText(f: FigureFormatter, format: ValueFormat, delta: number): string {
	const size = Math.abs(delta);
	switch (format) {
		case 'percent':
			return numberText(f, size * 100, 1);
		case 'money':
			return moneyText(f, size);
		default:
			return figureText(f, format, size);
	}
}
