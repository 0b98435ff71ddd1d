import { describe, expect, it } from 'vitest';
import { dayFromYmd } from '../../../src/lib/core/dates';
import { escapeIcsText, foldIcsLine, followUpCalendar } from '../../../src/lib/core/ics';

const octets = (s: string) => new TextEncoder().encode(s).length;
const unfold = (s: string) => s.replace(/\r\n /g, '');
const NOW = Date.UTC(2023, 10, 14, 22, 13, 20);

describe('escapeIcsText', () => {
	it('escapes backslash, semicolon, comma and line breaks', () => {
		expect(escapeIcsText('a,b;c\\d\ne\r\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
	});
});

describe('foldIcsLine', () => {
	it('folds a 200-character Japanese line on character boundaries within 75 octets', () => {
		const summary = 'SUMMARY:' + '解約リスクの高い顧客に連絡する'.repeat(20).slice(0, 200);
		const folded = foldIcsLine(summary);
		const lines = folded.split('\r\n');
		// "SUMMARY:" is 8 octets and each character 3: 22 characters fit the first line (74
		// octets), 24 each continuation (1 + 72), so 200 characters take 1 + ceil(178 / 24) = 9.
		expect(lines).toHaveLength(9);
		expect(octets(lines[0])).toBe(74);
		expect(lines.slice(1).every((l) => l.startsWith(' ') && octets(l) <= 75)).toBe(true);
		const decoder = new TextDecoder('utf-8', { fatal: true });
		for (const l of lines) expect(decoder.decode(new TextEncoder().encode(l))).toBe(l);
		expect(unfold(folded)).toBe(summary);
	});

	it('never splits a four-octet character', () => {
		const line = 'X:' + '😀'.repeat(40);
		const lines = foldIcsLine(line).split('\r\n');
		expect(lines.every((l) => octets(l) <= 75 && !/[\ud800-\udbff]$/.test(l))).toBe(true);
		expect(unfold(lines.join('\r\n'))).toBe(line);
	});

	it('leaves a 75-octet line alone and folds at 76', () => {
		expect(foldIcsLine('A'.repeat(75))).toBe('A'.repeat(75));
		expect(foldIcsLine('A'.repeat(76))).toBe('A'.repeat(75) + '\r\n A');
	});
});

describe('followUpCalendar', () => {
	const items = [
		{
			key: 'default-inactive-14|acme',
			day: dayFromYmd(2024, 1, 15),
			summary: 'Call Acme, today',
			description: 'Inactive 14 days;\nlast active 2024-01-01'
		}
	];

	it('writes one all-day VEVENT per follow-up with CRLF line ends', () => {
		const ics = followUpCalendar(items, { now: NOW });
		expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
		expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		expect(ics.split('\r\n')).toEqual([
			'BEGIN:VCALENDAR',
			'VERSION:2.0',
			'PRODID:-//Churn Desk//Follow-ups//EN',
			'CALSCALE:GREGORIAN',
			'BEGIN:VEVENT',
			'UID:default-inactive-14|acme@churn-desk',
			'DTSTAMP:20231114T221320Z',
			'DTSTART;VALUE=DATE:20240115',
			'DTEND;VALUE=DATE:20240116',
			'SUMMARY:Call Acme\\, today',
			'DESCRIPTION:Inactive 14 days\\;\\nlast active 2024-01-01',
			'END:VEVENT',
			'END:VCALENDAR',
			''
		]);
	});

	it('writes VTODO components when asked', () => {
		const ics = followUpCalendar(items, { now: NOW, component: 'todo' });
		expect(ics).toContain('BEGIN:VTODO\r\n');
		expect(ics).toContain('STATUS:NEEDS-ACTION\r\n');
		expect(ics).not.toContain('DTEND');
	});
});
