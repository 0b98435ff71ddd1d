import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnValue } from '../../../src/lib/core/columns';
import type { ColumnBlock } from '../../../src/lib/core/types';
import {
	TextIndex,
	activityRollup,
	mergedRollupBlocks,
	rollupBlocks
} from '../../../src/lib/import/rollup';

interface Event {
	account: string;
	day: number;
	metric: string | null;
	count: number;
	user: string | null;
	users: number | null;
}

type Row = [string, number, string, number, number | null];

/** The rollup written the obvious way: string keys, Maps and Sets, one sort at the end. */
function naiveRollup(events: readonly Event[]): Row[] {
	interface Cell {
		account: string;
		day: number;
		count: number;
		users: Set<string> | null;
		maxUsers: number;
		metrics: Map<string, number>;
	}
	const cells = new Map<string, Cell>();
	for (const e of events) {
		const key = `${e.account}\u0000${e.day}`;
		let cell = cells.get(key);
		if (!cell) {
			cell = {
				account: e.account,
				day: e.day,
				count: 0,
				users: null,
				maxUsers: NaN,
				metrics: new Map()
			};
			cells.set(key, cell);
		}
		cell.count += e.count;
		if (e.user !== null) (cell.users ??= new Set()).add(e.user);
		if (e.users !== null && !(e.users <= cell.maxUsers)) cell.maxUsers = e.users;
		if (e.metric !== null) cell.metrics.set(e.metric, (cell.metrics.get(e.metric) ?? 0) + e.count);
	}
	const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	const rows: Row[] = [];
	const sorted = [...cells.values()].sort((a, b) => byText(a.account, b.account) || a.day - b.day);
	for (const c of sorted) {
		const users = c.users ? Math.max(c.users.size, c.maxUsers || 0) : c.maxUsers;
		rows.push([c.account, c.day, '*', c.count, Number.isNaN(users) ? null : users]);
		for (const [metric, count] of [...c.metrics].sort((a, b) => byText(a[0], b[0])))
			rows.push([c.account, c.day, metric, count, null]);
	}
	return rows;
}

function rowsOf(blocks: ColumnBlock[]): Row[] {
	return blocks.flatMap((b) =>
		Array.from(
			{ length: b.rowCount },
			(_, i) =>
				['accountId', 'day', 'metric', 'count', 'users'].map((k) =>
					columnValue(b.columns[k], i)
				) as Row
		)
	);
}

function rolledUp(
	events: readonly Event[],
	maxRows: number,
	compactAt?: number,
	keyBits?: number,
	/** Room made for `rows` source rows once `at` events are in. */
	reserve?: { at: number; rows: number }
): ColumnBlock[] {
	const rollup = activityRollup({ compactAt, keyBits });
	events.forEach((e, i) => {
		if (i === reserve?.at) rollup.reserve(reserve.rows);
		rollup.add(rollup.account(e.account), e.day, e.metric, e.count, e.user, e.users);
	});
	return rollup.blocks(maxRows);
}

// Few distinct values so that account-days, metrics and users repeat; days far apart too, so
// both ways of ordering days (counting and comparison) are exercised.
const eventArb = fc.record({
	account: fc.constantFrom('A', 'B', 'a', 'acct_10', 'acct_9', 'Ä', ''),
	day: fc.oneof(fc.integer({ min: -5, max: 40 }), fc.integer({ min: -25_000, max: 2_900_000 })),
	metric: fc.option(fc.constantFrom('login', 'export', '*', 'Login', 'z', ''), { nil: null }),
	count: fc.oneof(
		fc.constant(1),
		fc.integer({ min: 1, max: 1000 }),
		fc.double({ min: 0.001, max: 50, noNaN: true })
	),
	user: fc.option(fc.constantFrom('u1', 'u2', 'u3', 'U1', 'x'), { nil: null }),
	// Pre-rolled users: few, or so many that a block's users span more than a packed column holds.
	users: fc.option(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 200_000 })), {
		nil: null
	})
});

describe('activityRollup', () => {
	it('equals a naive Map-based rollup on random events, in the same order', () => {
		fc.assert(
			fc.property(
				fc.array(eventArb, { maxLength: 300 }),
				fc.integer({ min: 1, max: 40 }),
				// Small thresholds sort and sum partial rollups many times along the way.
				fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
				// Packed 32-bit sort keys, and the column-by-column sort wider data falls back to.
				fc.constantFrom(undefined, 0),
				// Room reserved (too little or too much) part way: the tables grow from there.
				fc.option(
					fc.record({ at: fc.nat({ max: 300 }), rows: fc.integer({ min: 0, max: 5000 }) }),
					{ nil: undefined }
				),
				(events, maxRows, compactAt, keyBits, reserve) => {
					const blocks = rolledUp(events, maxRows, compactAt, keyBits, reserve);
					expect(rowsOf(blocks)).toEqual(naiveRollup(events));
					// Whole numbers spanning fewer than 65,535 values are packed (1 byte a row for
					// fewer than 255), wider ones i32; a fraction keeps a block's column f64.
					for (const b of blocks) {
						for (const key of ['day', 'count', 'users']) {
							const column = b.columns[key];
							const values = Array.from({ length: b.rowCount }, (_, i) => columnValue(column, i));
							const present = values.filter((v): v is number => v !== null);
							const span = present.length ? Math.max(...present) - Math.min(...present) + 1 : 0;
							if (!present.every((v) => Number.isInteger(v))) expect(column.kind).toBe('f64');
							else if (span >= 0xffff) expect(column.kind).toBe('i32');
							else {
								expect(column.kind).toBe('packed');
								const wide = span >= 0xff;
								expect(column.kind === 'packed' && column.values).toBeInstanceOf(
									wide ? Uint16Array : Uint8Array
								);
							}
						}
					}
					// Every block is full but the last, as the column builders flushed them.
					blocks.forEach((b, i) => {
						if (i < blocks.length - 1) expect(b.rowCount).toBe(maxRows);
					});
				}
			),
			{ numRuns: 300 }
		);
	});
	it('sums a raw event export (one event a row, a user id on each) as the naive rollup does', () => {
		// Rows read in step with their users are sorted together (one sort for both tables);
		// compaction along the way, or keys too wide (keyBits 0), take the other path.
		const dense = fc.record({
			account: fc.constantFrom('A', 'b', 'acct_10'),
			day: fc.integer({ min: 0, max: 2 }),
			metric: fc.option(fc.constantFrom('login', 'export', '*'), { nil: null }),
			count: fc.constant(1),
			// Up to 40 users of one account-day: more than 16 are sorted as a view, fewer in place.
			user: fc.integer({ min: 0, max: 40 }).map((u) => `u${u}`),
			users: fc.constant(null)
		});
		const sparse = eventArb.map((e) => ({ ...e, count: 1, user: e.user ?? 'u0', users: null }));
		fc.assert(
			fc.property(
				fc.oneof(fc.array(dense, { maxLength: 300 }), fc.array(sparse, { maxLength: 300 })),
				fc.integer({ min: 1, max: 40 }),
				fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
				fc.constantFrom(undefined, 0),
				(events, maxRows, compactAt, keyBits) => {
					const blocks = rolledUp(events, maxRows, compactAt, keyBits);
					expect(rowsOf(blocks)).toEqual(naiveRollup(events));
					expect(blocks).toEqual(rolledUp(events, maxRows, undefined, 0));
				}
			),
			{ numRuns: 300 }
		);
	});

	it('keeps every user id added after a compaction (packed keys, an odd number of passes)', () => {
		// Found by the property above: the compaction's sort left the users' column as long as the
		// users it sorted, so the next ids written past that length were lost (read back as NaN,
		// each counted as one more distinct user).
		const rollup = activityRollup({ compactAt: 1 });
		for (const [account, user] of [
			['acct_10', 'u2'],
			['A', 'u0'],
			['acct_10', 'u2']
		])
			rollup.add(rollup.account(account), 0, null, 1, user, null);
		expect(rowsOf(rollup.blocks(10))).toEqual([
			['A', 0, '*', 1, 1],
			['acct_10', 0, '*', 2, 1]
		]);
	});

	it('makes room for the rows it is told to expect, once, keeping those it holds', () => {
		const rollup = activityRollup();
		const login = (account: string, day: number) =>
			rollup.add(rollup.account(account), day, 'login', 1, 'u1', null);
		login('b', 2);
		rollup.reserve(5000);
		login('a', 1);
		rollup.reserve(10); // never shrinks
		const exported = rollup.export();
		// Events of one count without a users value are summed in their own table: its room is
		// the room reserved, not the 1,024 rows it starts with.
		expect(exported.rows.account.length).toBe(5000);
		expect(exported.users.account.length).toBe(5000);
		expect(exported.accountIds).toEqual(['a', 'b']);
		expect(Array.from(exported.rows.day.subarray(0, exported.rows.size))).toEqual([1, 2]);
		// Room beyond twice the compaction threshold would never be filled.
		const small = activityRollup({ compactAt: 10_000 });
		small.add(small.account('a'), 1, null, 1, null, null);
		small.reserve(1e9);
		expect(small.export().rows.account.length).toBe(20_000);
	});

	it('merges two parts’ rollups into the rollup of all their events', () => {
		fc.assert(
			fc.property(
				fc.array(eventArb, { maxLength: 200 }),
				fc.array(fc.boolean(), { maxLength: 200 }),
				fc.integer({ min: 1, max: 40 }),
				(events, sides, maxRows) => {
					const parts = [activityRollup(), activityRollup()];
					events.forEach((e, k) => {
						const r = parts[sides[k] ? 1 : 0];
						r.add(r.account(e.account), e.day, e.metric, e.count, e.user, e.users);
					});
					const merged = mergedRollupBlocks(parts[0].export(), parts[1].export(), maxRows);
					expect(rowsOf(merged.blocks)).toEqual(naiveRollup(events));
					// Block for block what one rollup of every event writes: sizes, dictionaries in
					// first-use order, code widths and column kinds.
					expect(merged.blocks).toEqual(rolledUp(events, maxRows));
					expect(merged.accountCount).toBe(new Set(events.map((e) => e.account)).size);
				}
			),
			{ numRuns: 300 }
		);
	});
	it('names each block’s texts in first-use order, * first on an account-day', () => {
		// A/day 1: * (3 events), export 1, login 2; B/day 1: * 1, login 1. Blocks of 3 rows:
		// [A * , A export, A login] and [B *, B login].
		const blocks = rolledUp(
			[
				{ account: 'B', day: 1, metric: 'login', count: 1, user: null, users: null },
				{ account: 'A', day: 1, metric: 'login', count: 2, user: null, users: null },
				{ account: 'A', day: 1, metric: 'export', count: 1, user: null, users: null }
			],
			3
		);
		// A few texts: one byte a code.
		expect(blocks.map((b) => b.columns.metric)).toEqual([
			{ kind: 'str', codes: Int8Array.from([0, 1, 2]), dict: ['*', 'export', 'login'] },
			{ kind: 'str', codes: Int8Array.from([0, 1]), dict: ['*', 'login'] }
		]);
		expect(blocks.map((b) => b.columns.accountId)).toEqual([
			{ kind: 'str', codes: Int8Array.from([0, 0, 0]), dict: ['A'] },
			{ kind: 'str', codes: Int8Array.from([0, 0]), dict: ['B'] }
		]);
	});
	it('stores a block’s account codes in two bytes from 128 accounts on', () => {
		const rows = Array.from({ length: 200 }, (_, i) => ({
			account: `acct-${String(i).padStart(3, '0')}`,
			day: 1,
			metric: null,
			count: 1,
			user: null,
			users: null
		}));
		const [whole] = rolledUp(rows, 1000);
		const accountId = whole.columns.accountId;
		expect(accountId.kind === 'str' && accountId.codes).toBeInstanceOf(Int16Array);
		expect(accountId.kind === 'str' && [...accountId.codes].slice(126, 131)).toEqual([
			126, 127, 128, 129, 130
		]);
		expect(accountId.kind === 'str' && accountId.dict[199]).toBe('acct-199');
		const metric = whole.columns.metric;
		expect(metric.kind === 'str' && metric.codes).toBeInstanceOf(Int8Array);
	});
	it('counts an account whose rows were all returns', () => {
		const rollup = activityRollup();
		rollup.account('R');
		rollup.add(rollup.account('A'), 1, null, 1, null, null);
		expect(rollup.accountCount()).toBe(2);
		expect(rollup.size()).toBe(1);
	});
});

describe('TextIndex', () => {
	it('numbers texts in first-seen order like a Map would, across growth', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', 'a', 'A', 'é', '\u0000')),
					{
						maxLength: 3000
					}
				),
				(texts) => {
					const index = new TextIndex();
					const map = new Map<string, number>();
					for (const t of texts) {
						if (!map.has(t)) map.set(t, map.size);
						expect(index.indexOf(t)).toBe(map.get(t));
					}
					expect(index.names).toEqual([...map.keys()]);
				}
			),
			{ numRuns: 100 }
		);
	});

	it('puts entries in code-unit order of their texts, short Latin-1 ones by their packed words', () => {
		const text = fc.oneof(
			fc.string({ maxLength: 22, unit: fc.constantFrom('a', 'b', '\u0000', '\u00ff', 'Z', '0') }),
			fc.string({ maxLength: 20 }),
			fc.string({ maxLength: 4, unit: 'binary' })
		);
		fc.assert(
			fc.property(fc.array(text, { maxLength: 400 }), fc.boolean(), (texts, latinOnly) => {
				const index = new TextIndex();
				for (const t of texts) {
					if (latinOnly && [...t].some((c) => c.charCodeAt(0) > 255)) continue;
					index.indexOf(t);
				}
				const order = Array.from(index.codeUnitOrder(), (i) => index.names[i]);
				expect(order).toEqual([...index.names].sort());
			}),
			{ numRuns: 300 }
		);
	});
});
