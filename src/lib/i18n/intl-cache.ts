// Intl formatters kept per locale and options. Making one costs about 1 ms in Chromium (ICU
// lookups); a progress render or a table formats dozens of values, and on the import page that
// was most of each progress update's main-thread time.

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function cached<F>(cache: Map<string, F>, locale: string, options: object, make: () => F): F {
	const key = `${locale}\u0000${JSON.stringify(options)}`;
	let f = cache.get(key);
	if (f === undefined) {
		// A constructor that throws (an unknown currency code) caches nothing: it throws again.
		f = make();
		cache.set(key, f);
	}
	return f;
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	return cached(numberFormats, locale, options, () => new Intl.NumberFormat(locale, options));
}

export function dateTimeFormat(
	locale: string,
	options: Intl.DateTimeFormatOptions
): Intl.DateTimeFormat {
	return cached(dateTimeFormats, locale, options, () => new Intl.DateTimeFormat(locale, options));
}
