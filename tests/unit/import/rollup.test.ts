import { describe, expect, it } from 'vitest';
import { columnValue } from '../../../src/lib/core/columns';
import { dayFromYmd } from '../../../src/lib/core/dates';
import { runImport, type ImportSuccess } from '../../../src/lib/import/pipeline';
import { bytesSource, eventLogSource, utf8 } from '../../fixtures/generate';

function rows(outcome: ImportSuccess): (string | number | null)[][] {
	return outcome.blocks.flatMap((b) =>
		Array.from({ length: b.rowCount }, (_, i) =>
			['accountId', 'day', 'metric', 'count', 'users'].map((k) => columnValue(b.columns[k], i))
		)
	);
}

async function importActivity(csv: string, mapping: (string | null)[]): Promise<ImportSuccess> {
	const outcome = await runImport(bytesSource(utf8(csv)), {
		entity: 'activity',
		mapping,
		currency: 'USD'
	});
	if (!outcome.ok) throw new Error(outcome.code);
	return outcome;
}

const D1 = dayFromYmd(2025, 1, 1);
const D2 = dayFromYmd(2025, 1, 2);

describe('activity rollup', () => {
	it('sums counts per account, day and metric, and counts distinct users on the * row', async () => {
		const csv = [
			'account_id,date,event,user_id,count',
			'A,2025-01-01,login,u1,', // blank count: one event
			'A,2025-01-01,login,u2,2',
			'A,2025-01-01,export,u1,1',
			'A,2025-01-02,login,u1,1',
			'B,2025-01-01,login,u9,-1', // a return: not activity
			'B,2025-01-01,login,u9,0'
		].join('\n');
		const outcome = await importActivity(csv, ['accountId', 'day', 'metric', 'userId', 'count']);
		// A on day 1: 1 + 2 + 1 = 4 events by u1 and u2 (2 users); login 1 + 2 = 3, export 1.
		expect(rows(outcome)).toEqual([
			['A', D1, '*', 4, 2],
			['A', D1, 'export', 1, null],
			['A', D1, 'login', 3, null],
			['A', D2, '*', 1, 1],
			['A', D2, 'login', 1, null]
		]);
		expect(outcome).toMatchObject({
			rowsRead: 6,
			rowsAccepted: 4,
			rowsSkipped: 2,
			accountIds: 2,
			minDay: D1,
			maxDay: D2
		});
		expect(outcome.warnings).toEqual([
			{ code: 'non-positive-count', count: 2, sampleRows: [6, 7] }
		]);
	});
	it('takes the largest pre-rolled users value of an account-day', async () => {
		const csv =
			'account_id,date,event,count,users\nA,2025-01-01,login,5,3\nA,2025-01-01,export,2,3\nA,2025-01-02,login,1,1\n';
		const outcome = await importActivity(csv, ['accountId', 'day', 'metric', 'count', 'users']);
		expect(rows(outcome)).toEqual([
			['A', D1, '*', 7, 3],
			['A', D1, 'export', 2, null],
			['A', D1, 'login', 5, null],
			['A', D2, '*', 1, 1],
			['A', D2, 'login', 1, null]
		]);
	});
	it('writes only * rows when no metric column is mapped, one event per row by default', async () => {
		const csv = 'customer,when\nA,2025-01-01T23:30:00Z\nA,2025-01-01T10:00:00Z\n';
		const outcome = await runImport(bytesSource(utf8(csv)), {
			entity: 'activity',
			mapping: ['accountId', 'day'],
			currency: 'USD',
			timezoneOffsetMinutes: 60
		});
		// 23:30 UTC is 00:30 the next day at UTC+1.
		expect(outcome.ok && rows(outcome)).toEqual([
			['A', D1, '*', 1, null],
			['A', D2, '*', 1, null]
		]);
	});
	it('warns on every activity row of an unknown account, returns excepted, looked up once', async () => {
		const csv = [
			'account_id,date,event,count',
			'A,2025-01-01,login,1',
			'X,2025-01-01,login,1', // line 3: unknown
			'X,2025-01-02,login,1', // line 4: unknown again (the answer is remembered per account)
			'Y,2025-01-01,login,-1', // a return: skipped, so no unknown-account warning
			'A,2025-01-02,login,1',
			'Y,2025-01-03,login,2' // line 7: unknown
		].join('\n');
		const lookups: string[] = [];
		const known = new Set(['A']);
		const spy: ReadonlySet<string> = {
			...known,
			has: (id: string) => (lookups.push(id), known.has(id))
		} as ReadonlySet<string>;
		const outcome = await runImport(bytesSource(utf8(csv)), {
			entity: 'activity',
			mapping: ['accountId', 'day', 'metric', 'count'],
			currency: 'USD',
			knownAccountIds: spy
		});
		if (!outcome.ok) throw new Error(outcome.code);
		expect(outcome.warnings.map((w) => [w.code, w.count, w.sampleRows])).toEqual([
			['unknown-account', 3, [3, 4, 7]],
			['non-positive-count', 1, [5]]
		]);
		expect(lookups).toEqual(['A', 'X', 'Y']);
		expect(outcome.accountIds).toBe(3);
	});
	it('rolls up a 1 GB event stream generated on the fly with bounded memory', async () => {
		// Row i is account i mod 1000 on day ⌊i/1000⌋ mod 84 with event i mod 3: as 1000 ≡ 1 and
		// 84,000 ≡ 0 (mod 3), each account-day always has the same event, so the rollup holds
		// 1,000 × 84 × (1 event + *) = 168,000 rows whatever the file size. 400 bytes of padding
		// per row make 1 GB about 2.3 million rows.
		const GB = 1024 * 1024 * 1024;
		const { source, stats } = eventLogSource(GB, { accounts: 1000, days: 84, padding: 400 });
		let peakHeap = 0;
		const outcome = await runImport(
			source,
			{
				entity: 'activity',
				mapping: ['accountId', 'day', 'metric', 'userId', null],
				currency: 'USD'
			},
			() => {
				peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
			}
		);
		if (!outcome.ok) throw new Error(outcome.code);
		expect(outcome.rowsRead).toBe(stats().lines - 1);
		expect(outcome.rowsAccepted).toBe(outcome.rowsRead);
		expect(outcome.accountIds).toBe(1000);
		const stored = outcome.blocks.reduce((n, b) => n + b.rowCount, 0);
		expect(stored).toBe(1000 * 84 * 2);
		// The file is 1 GB; the heap never holds more than a fraction of it.
		expect(peakHeap).toBeLessThan(400 * 1024 * 1024);
	}, 300_000);
});
