// CSV writing for exports that people open in Excel. Every cell is quoted (which also keeps an
// empty single-cell row round-trippable) and text that a spreadsheet would run as a formula gets
// a leading `'` (OWASP CSV injection; PapaParse's own escapeFormulae misses multi-line cells).

export type CsvCell = string | number | boolean | null;

/** First characters that make Excel, LibreOffice or Sheets read a cell as a formula. */
const FORMULA_TRIGGER = /^[=+\-@\t\r\n]/;

/** Text of a string cell as written: neutralised when it starts with a formula trigger. */
export function escapedCellText(text: string): string {
	return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

function cellText(cell: CsvCell): string {
	if (cell === null) return '';
	if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
	if (typeof cell === 'boolean') return cell ? 'true' : 'false';
	return escapedCellText(cell);
}

/** A CSV document: every cell quoted, `"` doubled, CRLF line ends, numbers written as numbers. */
export function toCsv(headers: string[], rows: CsvCell[][]): string {
	const lines = [headers, ...rows].map((row) =>
		row.map((cell) => `"${cellText(cell).replace(/"/g, '""')}"`).join(',')
	);
	return lines.join('\r\n') + '\r\n';
}
