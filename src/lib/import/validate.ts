// One source record → the typed values of an entity's fields, or the reason it is rejected.
// Columns are addressed by index (never by header name) and coerced by the field's type.
import { normalizeCurrencyCode, toMinor } from '../core/money';
import { ENTITY_FIELDS, type EntityName, type FieldSpec } from '../core/types';
import {
	parseAmount,
	parseBoolean,
	parseDay,
	parseId,
	parseNumber,
	parseText,
	type DayOptions
} from './coerce';

export type RejectReason =
	| 'missing-required'
	| 'bad-date'
	| 'bad-number'
	| 'bad-boolean'
	| 'negative-mrr'
	| 'duplicate-id'
	| 'score-out-of-range'
	| 'future-date'
	| 'ragged-row';

export interface RejectedRow {
	/** 1-based line of the file where the record starts (header = 1 when it is the first line). */
	row: number;
	/** Header of the offending column; '' for ragged rows. */
	column: string;
	/** The cell text; for ragged rows, the number of fields found. */
	value: string;
	reason: RejectReason;
}

export interface FieldColumn {
	spec: FieldSpec;
	/** Source column index. */
	index: number;
	header: string;
	dayOptions: DayOptions;
}

export interface RowReaderOptions {
	entity: EntityName;
	headers: readonly string[];
	/** Per source column: a field key of the entity, or null. */
	mapping: readonly (string | null)[];
	/** Per source column: 'ymd' | 'dmy' | 'mdy'. */
	dateOrders: Readonly<Record<number, 'ymd' | 'dmy' | 'mdy'>>;
	/** Workspace currency for money without a currency column or symbol. */
	currency: string;
	timezoneOffsetMinutes: number;
	decimalComma: boolean;
	todayDay: number | null;
}

/** Day fields that cannot lie after today (a planned churn date or subscription end may). */
const NO_FUTURE: Record<EntityName, readonly string[]> = {
	accounts: ['signupDay'],
	subscriptions: [],
	payments: ['day'],
	activity: ['day'],
	tickets: ['openedDay', 'resolvedDay'],
	nps: ['day']
};

export interface RowReader {
	/** Mapped field columns, in ENTITY_FIELDS order. */
	fields: FieldColumn[];
	/** Whether a money field is mapped (then each row also gets a currency). */
	hasMoney: boolean;
	/**
	 * Reads `record` into `out` (values in `fields` order, then the row currency when hasMoney);
	 * returns null when accepted, else the first problem found.
	 */
	read(record: readonly string[], row: number, out: (string | number | null)[]): RejectedRow | null;
}

/** Fields whose text is an identifier: zero-width characters removed, never parsed as numbers. */
const ID_FIELDS = new Set(['id', 'accountId', 'userId']);

// How read() coerces a field's cell.
const ID = 0;
const TEXT = 1;
const CURRENCY = 2;
const DAY = 3;
const MONEY = 4;
const NUMBER = 5;
const BOOLEAN = 6;

function kindOf(spec: FieldSpec): number {
	switch (spec.type) {
		case 'string':
			return ID_FIELDS.has(spec.key) ? ID : spec.key === 'currency' ? CURRENCY : TEXT;
		case 'day':
			return DAY;
		case 'money':
			return MONEY;
		case 'number':
			return NUMBER;
		case 'boolean':
			return BOOLEAN;
	}
}

export function rowReader(options: RowReaderOptions): RowReader {
	const { entity, headers, mapping } = options;
	const specs = ENTITY_FIELDS[entity];
	const fields: FieldColumn[] = [];
	for (const spec of specs) {
		const index = mapping.indexOf(spec.key);
		if (index < 0) continue;
		const header = headers[index] ?? '';
		fields.push({
			spec,
			index,
			header,
			dayOptions: {
				order: options.dateOrders[index] === 'dmy' ? 'dmy' : 'mdy',
				offsetMinutes: options.timezoneOffsetMinutes,
				zonelessIsUtc: /\bUTC\b|\bGMT\b/i.test(header)
			}
		});
	}
	const currencyField = fields.findIndex((f) => f.spec.key === 'currency');
	const hasMoney = fields.some((f) => f.spec.type === 'money');
	const noFuture = new Set(NO_FUTURE[entity]);
	const expected = headers.length;
	const defaultCurrency = normalizeCurrencyCode(options.currency) ?? 'USD';
	const rejected = (row: number, k: number, value: string, reason: RejectReason): RejectedRow => ({
		row,
		column: fields[k].header,
		value,
		reason
	});
	// Per field, looked up once here rather than per row (a million rows go through read).
	const kinds = Uint8Array.from(fields, (f) => kindOf(f.spec));
	const indexes = Int32Array.from(fields, (f) => f.index);
	const required = fields.map((f) => f.spec.required === true);
	const notAfterToday = fields.map((f) => noFuture.has(f.spec.key) && options.todayDay !== null);
	const todayDay = options.todayDay ?? 0;
	const nonNegative = fields.map((f) => f.spec.key === 'mrrMinor');
	const npsScore = fields.map((f) => entity === 'nps' && f.spec.key === 'score');
	const dayOptions = fields.map((f) => f.dayOptions);
	const numberOptions = { decimalComma: options.decimalComma };

	return {
		fields,
		hasMoney,
		read(record, row, out) {
			if (record.length < expected || record.length > expected) {
				const extrasBlank =
					record.length > expected && record.slice(expected).every((f) => f.trim() === '');
				if (!extrasBlank)
					return { row, column: '', value: String(record.length), reason: 'ragged-row' };
			}
			// The row's currency first: money cells are converted to its minor units.
			let rowCurrency = defaultCurrency;
			let currencyFromColumn = false;
			if (currencyField >= 0) {
				const code = normalizeCurrencyCode(record[fields[currencyField].index] ?? '');
				if (code) {
					rowCurrency = code;
					currencyFromColumn = true;
				}
			}
			let impliedCurrency: string | null = null;
			for (let k = 0; k < kinds.length; k++) {
				const raw = record[indexes[k]] ?? '';
				let value: string | number | null;
				switch (kinds[k]) {
					case ID:
						value = parseId(raw);
						break;
					case TEXT:
						value = parseText(raw);
						break;
					case CURRENCY:
						value = parseText(raw);
						if (value !== null) value = normalizeCurrencyCode(value) ?? value;
						break;
					case DAY:
						value = parseDay(raw, dayOptions[k]);
						if (Number.isNaN(value)) return rejected(row, k, raw, 'bad-date');
						if (value !== null && notAfterToday[k] && value > todayDay)
							return rejected(row, k, raw, 'future-date');
						break;
					case MONEY: {
						const amount = parseAmount(raw, numberOptions);
						if (Number.isNaN(amount.value)) return rejected(row, k, raw, 'bad-number');
						if (amount.currency && !currencyFromColumn) impliedCurrency = amount.currency;
						value =
							amount.value === null ? null : toMinor(amount.value, impliedCurrency ?? rowCurrency);
						if (value !== null && value < 0 && nonNegative[k])
							return rejected(row, k, raw, 'negative-mrr');
						break;
					}
					case NUMBER:
						value = parseNumber(raw, numberOptions);
						if (Number.isNaN(value)) return rejected(row, k, raw, 'bad-number');
						if (
							npsScore[k] &&
							value !== null &&
							!(Number.isInteger(value) && value >= 0 && value <= 10)
						)
							return rejected(row, k, raw, 'score-out-of-range');
						break;
					default:
						value = parseBoolean(raw);
						if (Number.isNaN(value)) return rejected(row, k, raw, 'bad-boolean');
						break;
				}
				if (value === null && required[k]) return rejected(row, k, raw, 'missing-required');
				out[k] = value;
			}
			if (hasMoney) {
				const currency = impliedCurrency ?? rowCurrency;
				if (currencyField >= 0) out[currencyField] = currency;
				out[fields.length] = currency;
			}
			return null;
		}
	};
}
