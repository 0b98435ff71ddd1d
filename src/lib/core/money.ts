// Money in minor units (integers) with an ISO 4217 currency code. Amounts arrive from exports in
// major units (`49.00` USD, `1234` JPY) and are stored in minor units so sums stay exact.

/** Currencies with no minor unit (Stripe's zero-decimal list), so 1 JPY is stored as 1. */
const ZERO_DECIMAL = new Set([
	'BIF',
	'CLP',
	'DJF',
	'GNF',
	'ISK',
	'JPY',
	'KMF',
	'KRW',
	'MGA',
	'PYG',
	'RWF',
	'UGX',
	'VND',
	'VUV',
	'XAF',
	'XOF',
	'XPF'
]);
/** Currencies with three decimals (ISO 4217). */
const THREE_DECIMAL = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/** Digits after the decimal point of a currency; 2 for unknown codes. */
export function currencyDecimals(currency: string): number {
	const code = currency.toUpperCase();
	if (ZERO_DECIMAL.has(code)) return 0;
	if (THREE_DECIMAL.has(code)) return 3;
	return 2;
}

/** Minor units of an amount in major units, rounded half away from zero; -0 becomes 0. */
export function toMinor(amountMajor: number, currency: string): number {
	const scaled = amountMajor * 10 ** currencyDecimals(currency);
	const rounded = Math.sign(scaled) * Math.round(Math.abs(scaled));
	return rounded === 0 ? 0 : rounded;
}

/** Major units of an amount in minor units. */
export function fromMinor(amountMinor: number, currency: string): number {
	return amountMinor / 10 ** currencyDecimals(currency);
}

/** An ISO 4217-looking code (`usd` → `USD`), or null when the text is not three letters. */
export function normalizeCurrencyCode(text: string): string | null {
	const code = text.trim().toUpperCase();
	return /^[A-Z]{3}$/.test(code) ? code : null;
}
