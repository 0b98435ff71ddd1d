// A first look at a file from its head: encoding, delimiter, header, 20 rows, the entity it most
// likely holds and a column mapping to start from. The UI shows it and lets the person override.
import { ENTITY_FIELDS, type EntityName } from '../core/types';
import { detectDateOrder, type DateOrder } from './coerce';
import { autoMapColumns, suggestEntity, type EntityScore } from './columns';
import { headerRecordIndex, isBlankRecord, recordParser } from './parse';
import {
	bomLengthOf,
	looksBinary,
	sniffDelimiter,
	sniffEncoding,
	type BinaryKind,
	type Delim,
	type Enc
} from './sniff';

export const PREVIEW_ROWS = 20;

export interface PreviewOptions {
	/** The bytes are the whole file (else the last record may be cut and is dropped). */
	isWholeFile: boolean;
	encoding?: Enc;
	delimiter?: Delim;
}

export interface PreviewOk {
	ok: true;
	encoding: Enc;
	encodingCandidates: Enc[];
	/** False when the head cannot tell encodings apart (pure ASCII): let the import decide. */
	encodingSure: boolean;
	delimiter: Delim;
	headers: string[];
	/** Up to 20 data rows (blank lines left out). */
	rows: string[][];
	suggestedEntity: EntityName | null;
	entityScores: EntityScore[];
	/** For the suggested entity (accounts when none): per column, a field key or null. */
	mapping: (string | null)[];
	/** For columns mapped to a day field: how their dates read. */
	dateOrders: Record<number, DateOrder>;
	/** Lines before the header that were skipped (title or `#` comment lines). */
	skippedLines: number;
}

export interface PreviewFailure {
	ok: false;
	code: 'empty' | 'binary' | 'header-only' | 'no-columns' | 'decode-error';
	params: Record<string, string | number>;
}

export type PreviewOutcome = PreviewOk | PreviewFailure;

export function previewCsv(head: Uint8Array, options: PreviewOptions): PreviewOutcome {
	if (head.length === 0) return { ok: false, code: 'empty', params: {} };
	const binary: BinaryKind | null = looksBinary(head);
	if (binary) return { ok: false, code: 'binary', params: { kind: binary } };
	const guess = sniffEncoding(head, options.isWholeFile);
	const encoding = options.encoding ?? guess.encoding;
	let text: string;
	try {
		// Not fatal for a chosen encoding: the preview shows U+FFFD where the choice is wrong.
		text = new TextDecoder(encoding, { fatal: options.encoding === undefined }).decode(
			head.subarray(bomLengthOf(head, encoding)),
			{ stream: !options.isWholeFile }
		);
	} catch {
		return { ok: false, code: 'decode-error', params: { encoding } };
	}
	text = text.replace(/\r\n?/g, '\n');
	if (text.trim() === '') return { ok: false, code: 'empty', params: {} };
	const delimiter = options.delimiter ?? sniffDelimiter(text);
	const parser = recordParser(delimiter, 0);
	const records = options.isWholeFile
		? [...parser.push(text).records, ...parser.end().records]
		: parser.push(text).records;
	const at = headerRecordIndex(records);
	if (at < 0) return { ok: false, code: 'empty', params: {} };
	const headers = records[at].map((h) => h.trim());
	if (headers.every((h) => h === '')) return { ok: false, code: 'no-columns', params: {} };
	const rows = records
		.slice(at + 1)
		.filter((r) => !isBlankRecord(r))
		.slice(0, PREVIEW_ROWS);
	if (rows.length === 0)
		return { ok: false, code: 'header-only', params: { columns: headers.length } };
	const { entity, scores } = suggestEntity(headers);
	const mappedEntity = entity ?? 'accounts';
	const mapping = autoMapColumns(mappedEntity, headers);
	const dateOrders: Record<number, DateOrder> = {};
	const allRows = records.slice(at + 1);
	mapping.forEach((field, i) => {
		const spec = ENTITY_FIELDS[mappedEntity].find((f) => f.key === field);
		if (spec?.type === 'day') dateOrders[i] = detectDateOrder(allRows.map((r) => r[i] ?? ''));
	});
	return {
		ok: true,
		encoding,
		encodingCandidates: guess.candidates,
		encodingSure: options.encoding !== undefined || !guess.asciiOnly,
		delimiter,
		headers,
		rows,
		suggestedEntity: entity,
		entityScores: scores,
		mapping,
		dateOrders,
		skippedLines: at
	};
}
