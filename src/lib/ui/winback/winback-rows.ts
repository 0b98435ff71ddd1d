// Pure builders of the win-back page: segment labels and the exported list.
import type { CsvCell } from '../../core/csv-export';
import type { WinBackRow, WinBackSegment } from '../../core/winback';
import { UNKNOWN_REASON } from '../../core/winback';
import { fromMinor } from '../../core/money';
import { codeText, moneyText, type Translator } from '../playbook/rule-labels';

/** A value band's label from its bounds: "up to", "above … up to", "above". */
export function valueBandText(tr: Translator, s: WinBackSegment, currency: string | null): string {
	const lower = s.lowerMinor ?? null;
	const upper = s.upperMinor ?? null;
	if (lower === null && upper === null) return tr.t('pb.winback.valueAll');
	if (lower === null) return tr.t('pb.winback.valueLow', { upper: moneyText(tr, upper, currency) });
	if (upper === null)
		return tr.t('pb.winback.valueHigh', { lower: moneyText(tr, lower, currency) });
	return tr.t('pb.winback.valueMid', {
		lower: moneyText(tr, lower, currency),
		upper: moneyText(tr, upper, currency)
	});
}

export function reasonText(tr: Translator, reason: string): string {
	return reason === UNKNOWN_REASON ? tr.t('pb.winback.reasonUnknown') : reason;
}

export function daysBandText(tr: Translator, band: string): string {
	return codeText(tr, 'pb.winback.days.', band);
}

/** The list as CSV cells: ids and numbers stay raw so a spreadsheet can sort them. */
export function winBackCsvRows(tr: Translator, rows: readonly WinBackRow[]): CsvCell[][] {
	return rows.map((r) => [
		r.accountId,
		r.name,
		r.segment,
		r.owner,
		r.plan,
		tr.day(r.churnDay),
		r.daysSinceChurn,
		reasonText(tr, r.reason),
		r.churnType,
		r.currency ? fromMinor(r.lastMrrMinor, r.currency) : r.lastMrrMinor / 100,
		r.currency
	]);
}
