// Pure builders of the alert inbox view: filtering, the CSV of open alerts and the follow-up
// reminders handed to the .ics builder. Text comes in already translated.
import type { AlertStatus } from '../../core/alerts';
import type { CsvCell } from '../../core/csv-export';
import type { FollowUp } from '../../core/ics';
import type { DayNumber } from '../../core/types';

/** The fields of an inbox row these builders read (the worker's InboxRow has them all). */
export interface InboxRowLike {
	key: string;
	ruleId: string;
	accountId: string;
	accountName: string | null;
	segment: string | null;
	band: string | null;
	status: AlertStatus;
	snoozedUntil: DayNumber | null;
	owner: string | null;
	notes: string;
	raisedDay: DayNumber;
	holds: boolean;
}

export type StatusFilter = AlertStatus | 'active' | 'all';

export interface InboxFilters {
	ruleId: string | null;
	/** The effective owner (the alert's, else its rule's). */
	owner: string | null;
	segment: string | null;
	/** A band, 'none' for accounts without a score, or null for any. */
	band: string | null;
	status: StatusFilter;
}

export const NO_FILTERS: InboxFilters = {
	ruleId: null,
	owner: null,
	segment: null,
	band: null,
	status: 'active'
};

export function statusMatches(status: AlertStatus, filter: StatusFilter): boolean {
	return filter === 'all' || (filter === 'active' ? status !== 'done' : status === filter);
}

/** Rows passing every filter, in the inbox's order. */
export function filteredInboxRows<R extends InboxRowLike>(
	rows: readonly R[],
	filters: InboxFilters,
	ownerOf: (row: R) => string
): R[] {
	return rows.filter(
		(r) =>
			(filters.ruleId === null || r.ruleId === filters.ruleId) &&
			(filters.owner === null || ownerOf(r) === filters.owner) &&
			(filters.segment === null || r.segment === filters.segment) &&
			(filters.band === null || (r.band ?? 'none') === filters.band) &&
			statusMatches(r.status, filters.status)
	);
}

/** Alerts still to act on: not done and still holding. */
export function openAlerts<R extends InboxRowLike>(rows: readonly R[]): R[] {
	return rows.filter((r) => r.status !== 'done' && r.holds);
}

export interface RowTexts {
	rule: string;
	owner: string;
	status: string;
	action: string;
	why: string;
}

/** The CSV of alerts: one row each, with translated headers and texts (toCsv escapes). */
export function alertsCsvTable<R extends InboxRowLike>(
	rows: readonly R[],
	headers: string[],
	textsOf: (row: R) => RowTexts,
	day: (d: DayNumber | null) => string
): { headers: string[]; rows: CsvCell[][] } {
	return {
		headers,
		rows: rows.map((r) => {
			const x = textsOf(r);
			return [
				r.accountId,
				r.accountName,
				r.segment,
				x.rule,
				day(r.raisedDay),
				x.status,
				day(r.snoozedUntil),
				x.owner,
				x.action,
				x.why,
				r.notes
			];
		})
	};
}

/**
 * One reminder per alert: on its snooze end when snoozed (and later than `defaultDay`), else on
 * `defaultDay`. The key keeps re-imported calendars from duplicating events.
 */
export function followUpItems<R extends InboxRowLike>(
	rows: readonly R[],
	defaultDay: DayNumber,
	textOf: (row: R) => { summary: string; description: string }
): FollowUp[] {
	return rows.map((r) => {
		const day =
			r.status === 'snoozed' && r.snoozedUntil !== null && r.snoozedUntil > defaultDay
				? r.snoozedUntil
				: defaultDay;
		return { key: r.key, day, ...textOf(r) };
	});
}
