import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../../src/lib/core/csv-export';
import { followUpCalendar } from '../../../../src/lib/core/ics';
import {
	NO_FILTERS,
	alertsCsvTable,
	filteredInboxRows,
	followUpItems,
	openAlerts,
	type InboxRowLike
} from '../../../../src/lib/ui/alerts/inbox-rows';

function row(over: Partial<InboxRowLike> & { key: string }): InboxRowLike {
	const [ruleId, accountId] = over.key.split('|');
	return {
		ruleId,
		accountId,
		accountName: null,
		segment: null,
		band: null,
		status: 'open',
		snoozedUntil: null,
		owner: null,
		notes: '',
		raisedDay: 100,
		holds: true,
		...over
	};
}

const rows = [
	row({ key: 'r1|A', segment: 'SMB', band: 'red' }),
	row({ key: 'r1|B', segment: 'Enterprise', band: 'green', status: 'acknowledged', owner: 'Aiko' }),
	row({ key: 'r2|A', segment: 'SMB', status: 'snoozed', snoozedUntil: 120 }),
	row({ key: 'r2|C', status: 'done', holds: false })
];
const ownerOf = (r: InboxRowLike) => r.owner ?? (r.ruleId === 'r1' ? 'CSM' : 'PM');

describe('inbox filters', () => {
	it('hides done alerts by default and shows them under "all"', () => {
		expect(filteredInboxRows(rows, NO_FILTERS, ownerOf).map((r) => r.key)).toEqual([
			'r1|A',
			'r1|B',
			'r2|A'
		]);
		expect(filteredInboxRows(rows, { ...NO_FILTERS, status: 'all' }, ownerOf)).toHaveLength(4);
		expect(
			filteredInboxRows(rows, { ...NO_FILTERS, status: 'done' }, ownerOf).map((r) => r.key)
		).toEqual(['r2|C']);
	});

	it('filters by rule, effective owner, segment and band (none = no score)', () => {
		const f = (over: Partial<typeof NO_FILTERS>) =>
			filteredInboxRows(rows, { ...NO_FILTERS, ...over }, ownerOf).map((r) => r.key);
		expect(f({ ruleId: 'r2' })).toEqual(['r2|A']);
		// r1|B is assigned to Aiko, so the rule's owner (CSM) no longer covers it.
		expect(f({ owner: 'CSM' })).toEqual(['r1|A']);
		expect(f({ owner: 'Aiko' })).toEqual(['r1|B']);
		expect(f({ segment: 'SMB' })).toEqual(['r1|A', 'r2|A']);
		expect(f({ band: 'none' })).toEqual(['r2|A']);
		expect(f({ band: 'red', segment: 'Enterprise' })).toEqual([]);
	});

	it('keeps only alerts still to act on for export', () => {
		expect(openAlerts(rows).map((r) => r.key)).toEqual(['r1|A', 'r1|B', 'r2|A']);
	});
});

describe('exports', () => {
	it('writes one CSV row per alert, formula-safe through toCsv', () => {
		const table = alertsCsvTable(
			[row({ key: 'r1|A', accountName: '=cmd()', notes: 'call' })],
			['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'],
			() => ({ rule: 'Rule', owner: 'CSM', status: 'Open', action: 'Act', why: 'Quiet' }),
			(d) => (d === null ? '' : `day${d}`)
		);
		expect(table.rows).toEqual([
			['A', '=cmd()', null, 'Rule', 'day100', 'Open', '', 'CSM', 'Act', 'Quiet', 'call']
		]);
		const csv = toCsv(table.headers, table.rows);
		expect(csv.split('\r\n')[1]).toBe(
			`"A","'=cmd()","","Rule","day100","Open","","CSM","Act","Quiet","call"`
		);
	});

	it('puts a snoozed follow-up on its snooze day and the others on the default day', () => {
		const items = followUpItems(rows.slice(0, 3), 110, (r) => ({
			summary: `S ${r.key}`,
			description: 'D'
		}));
		expect(items.map((i) => [i.key, i.day])).toEqual([
			['r1|A', 110],
			['r1|B', 110],
			['r2|A', 120]
		]);
		const ics = followUpCalendar(items, { now: Date.UTC(2026, 0, 1) });
		expect(ics).toContain('UID:r2|A@churn-desk');
		// A snooze that already ended falls back to the default day.
		const past = followUpItems(
			[row({ key: 'x|y', status: 'snoozed', snoozedUntil: 90 })],
			110,
			() => ({
				summary: 's',
				description: ''
			})
		);
		expect(past[0].day).toBe(110);
	});
});
