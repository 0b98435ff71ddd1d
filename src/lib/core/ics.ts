// Follow-ups as an iCalendar file (RFC 5545) that any calendar app imports: one all-day
// VEVENT (or VTODO) per alert. Text comes already translated from the UI; this file only
// escapes, folds and frames it.
import type { DayNumber } from './types';
import { isoFromDay } from './dates';

export interface FollowUp {
	/** Stable id (the alert key): re-importing the file updates instead of duplicating. */
	key: string;
	day: DayNumber;
	summary: string;
	description?: string;
}

export interface CalendarOptions {
	/** Epoch ms: DTSTAMP. */
	now: number;
	/** VEVENT (default: shows in the calendar) or VTODO (shows in task lists). */
	component?: 'event' | 'todo';
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma, and line breaks as \n. */
export function escapeIcsText(text: string): string {
	return text
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r\n|\r|\n/g, '\\n');
}

function utf8Length(codePoint: number): number {
	return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * Folds a content line so that no line exceeds 75 octets (the continuation's leading space
 * included), breaking only between characters so that no UTF-8 sequence is split.
 */
export function foldIcsLine(line: string): string {
	const parts: string[] = [];
	let current = '';
	let octets = 0;
	for (const ch of line) {
		const size = utf8Length(ch.codePointAt(0) ?? 0);
		const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
		if (octets + size > limit) {
			parts.push(current);
			current = '';
			octets = 0;
		}
		current += ch;
		octets += size;
	}
	parts.push(current);
	return parts.join(CRLF + ' ');
}

function dateValue(day: DayNumber): string {
	return isoFromDay(day).replace(/-/g, '');
}

function stampValue(ms: number): string {
	return new Date(ms)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

/** The .ics text: CRLF line ends, folded lines, one component per follow-up. */
export function followUpCalendar(items: readonly FollowUp[], options: CalendarOptions): string {
	const component = options.component === 'todo' ? 'VTODO' : 'VEVENT';
	const stamp = stampValue(options.now);
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Churn Desk//Follow-ups//EN',
		'CALSCALE:GREGORIAN'
	];
	for (const item of items) {
		lines.push(`BEGIN:${component}`);
		lines.push(`UID:${escapeIcsText(item.key)}@churn-desk`);
		lines.push(`DTSTAMP:${stamp}`);
		lines.push(`DTSTART;VALUE=DATE:${dateValue(item.day)}`);
		if (component === 'VEVENT') lines.push(`DTEND;VALUE=DATE:${dateValue(item.day + 1)}`);
		else lines.push('STATUS:NEEDS-ACTION');
		lines.push(`SUMMARY:${escapeIcsText(item.summary)}`);
		if (item.description) lines.push(`DESCRIPTION:${escapeIcsText(item.description)}`);
		lines.push(`END:${component}`);
	}
	lines.push('END:VCALENDAR');
	return lines.map(foldIcsLine).join(CRLF) + CRLF;
}
