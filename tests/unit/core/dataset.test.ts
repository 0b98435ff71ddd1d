import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	f64Builder,
	i32Builder,
	makeBlock,
	packedInts,
	strBuilder
} from '../../../src/lib/core/columns';
import { customerBase } from '../../../src/lib/core/customer-base';
import { accountLinksOf, buildDataset, createDatasetMerge } from '../../../src/lib/core/dataset';
import type { ColumnBlock, ColumnData, EntityName } from '../../../src/lib/core/types';

type Cell = string | number | null;

/** A block from rows; a column's kind is given by its key: `s:` text, `d:` day, else number. */
function block(entity: EntityName, keys: string[], rows: Cell[][]): ColumnBlock {
	const columns: Record<string, ColumnData> = {};
	keys.forEach((spec, k) => {
		const [kind, key] =
			spec.includes(':') && spec.length > 2 && spec[1] === ':'
				? [spec[0], spec.slice(2)]
				: ['n', spec];
		const builder = kind === 's' ? strBuilder() : kind === 'd' ? i32Builder() : f64Builder();
		for (const row of rows) builder.push(row[k]);
		columns[key] = builder.finish();
	});
	return makeBlock(entity, columns);
}

const batch = (batchId: number, ...blocks: ColumnBlock[]) => ({ batchId, blocks });

describe('buildDataset: accounts', () => {
	it('replaces an account by id in its first position and appends new ones', () => {
		const b1 = block(
			'accounts',
			['s:id', 's:name', 'mrrMinor'],
			[
				['a1', 'Acme', 1000],
				['a2', 'Beta', 2000]
			]
		);
		const b2 = block(
			'accounts',
			['s:id', 's:name', 'mrrMinor'],
			[
				['a3', 'Gamma', null],
				['a1', 'Acme KK', 1500]
			]
		);
		const ds = buildDataset([batch(1, b1), batch(2, b2)]);
		// a1 keeps position 0 with batch 2's values; a3 is new, so last.
		expect(ds.accounts.map((a) => [a.id, a.name, a.mrrMinor])).toEqual([
			['a1', 'Acme KK', 1500],
			['a2', 'Beta', 2000],
			['a3', 'Gamma', null]
		]);
	});

	it('decodes every field: missing columns are null, churned 1/0 as booleans', () => {
		const b = block(
			'accounts',
			['s:id', 'd:signupDay', 'd:churnDay', 's:churnType', 'churned', 'tenureMonths'],
			[
				['a1', 19000, 19100, 'voluntary', 1, 3],
				['a2', 19005, null, 'unknown-type', 0, null]
			]
		);
		const [a1, a2] = buildDataset([batch(1, b)]).accounts;
		expect(a1).toEqual({
			id: 'a1',
			name: null,
			plan: null,
			segment: null,
			owner: null,
			signupDay: 19000,
			churnDay: 19100,
			churnReason: null,
			churnType: 'voluntary',
			mrrMinor: null,
			currency: null,
			tenureMonths: 3,
			churned: true,
			attributes: {}
		});
		// A churn type outside the three known ones is not guessed.
		expect([a2.churnDay, a2.churnType, a2.churned, a2.tenureMonths]).toEqual([
			null,
			null,
			false,
			null
		]);
	});

	it('keeps attributes in null-prototype objects, names in first-seen order', () => {
		const b1 = block(
			'accounts',
			['s:id', 's:attr:__proto__', 's:attr:country'],
			[['a1', 'x', 'JP']]
		);
		const b2 = block('accounts', ['s:id', 's:attr:seats', 's:attr:country'], [['a2', '5', null]]);
		const ds = buildDataset([batch(1, b1), batch(2, b2)]);
		expect(ds.attributeNames).toEqual(['__proto__', 'country', 'seats']);
		const attrs = ds.accounts[0].attributes;
		expect(Object.getPrototypeOf(attrs)).toBeNull();
		expect(Object.keys(attrs)).toEqual(['__proto__', 'country']);
		expect(attrs['__proto__']).toBe('x');
		expect({ ...ds.accounts[1].attributes }).toEqual({ seats: '5', country: null });
	});

	it('gives every row attributes without a prototype, whatever the headers', () => {
		const b = block(
			'accounts',
			['s:id', 's:attr:toString', 's:attr:constructor', 's:attr:2024'],
			[
				['a1', 'x', null, '7'],
				['a2', null, 'y', null]
			]
		);
		const [a1, a2] = buildDataset([batch(1, b)]).accounts;
		for (const a of [a1, a2]) {
			expect(Object.getPrototypeOf(a.attributes)).toBeNull();
			expect(Object.keys(a.attributes)).toEqual(['2024', 'toString', 'constructor']);
		}
		expect({ ...a1.attributes }).toEqual({ toString: 'x', constructor: null, '2024': '7' });
		expect(a2.attributes.constructor).toBe('y');
	});

	it('skips rows without an id', () => {
		const b = block(
			'accounts',
			['s:id', 's:name'],
			[
				[null, 'Ghost'],
				['a1', 'Acme']
			]
		);
		expect(buildDataset([batch(1, b)]).accounts.map((a) => a.id)).toEqual(['a1']);
	});
});

describe('buildDataset: keyed entities', () => {
	it('merges subscriptions by id, else by account, plan and start day', () => {
		const keys = ['s:id', 's:accountId', 's:plan', 'mrrMinor', 'd:startDay', 'd:endDay'];
		const b1 = block('subscriptions', keys, [
			['s1', 'a1', 'pro', 5000, 19000, null],
			[null, 'a2', 'basic', 1000, 19010, null],
			[null, 'a2', 'pro', 3000, 19010, null]
		]);
		const b2 = block('subscriptions', keys, [
			['s1', 'a1', 'pro', 6000, 19000, 19200],
			[null, 'a2', 'basic', 1000, 19010, 19100],
			// Same account, plan and start as s1, but it has no id: a different key from `s1`.
			[null, 'a1', 'pro', 7000, 19000, null]
		]);
		const subs = buildDataset([batch(1, b1), batch(2, b2)]).subscriptions;
		expect(subs.map((s) => [s.id, s.accountId, s.plan, s.mrrMinor, s.endDay])).toEqual([
			['s1', 'a1', 'pro', 6000, 19200],
			[null, 'a2', 'basic', 1000, 19100],
			[null, 'a2', 'pro', 3000, null],
			[null, 'a1', 'pro', 7000, null]
		]);
	});

	it('merges payments by id, else by account, day, amount and status', () => {
		const keys = ['s:id', 's:accountId', 'd:day', 'amountMinor', 's:status'];
		const b1 = block('payments', keys, [
			[null, 'a1', 19000, 500, 'failed'],
			[null, 'a1', 19000, 500, 'paid'],
			['p9', 'a2', 19001, 100, 'paid']
		]);
		const b2 = block('payments', keys, [
			[null, 'a1', 19000, 500, 'paid'],
			['p9', 'a2', 19001, 100, 'refunded'],
			[null, 'a3', 19002, 200, 'bounced']
		]);
		const pays = buildDataset([batch(1, b1), batch(2, b2)]).payments;
		// 'bounced' is not a known status: kept as a payment with status null.
		expect(pays.map((p) => [p.id, p.accountId, p.status])).toEqual([
			[null, 'a1', 'failed'],
			[null, 'a1', 'paid'],
			['p9', 'a2', 'refunded'],
			[null, 'a3', null]
		]);
	});

	it('merges tickets by id, else by account, opened day and subject', () => {
		const keys = ['s:id', 's:accountId', 'd:openedDay', 's:subject', 's:status'];
		const b1 = block('tickets', keys, [
			[null, 'a1', 19000, 'Login fails', 'open'],
			[null, 'a1', 19000, 'Invoice', 'open']
		]);
		const b2 = block('tickets', keys, [[null, 'a1', 19000, 'Login fails', 'solved']]);
		const tickets = buildDataset([batch(1, b1), batch(2, b2)]).tickets;
		expect(tickets.map((t) => [t.subject, t.status])).toEqual([
			['Login fails', 'solved'],
			['Invoice', 'open']
		]);
	});

	it('merges nps by id, else by account and day, and skips rows without a score', () => {
		const keys = ['s:id', 's:accountId', 'd:day', 'score', 's:comment'];
		const b1 = block('nps', keys, [
			[null, 'a1', 19000, 3, 'slow'],
			['r1', 'a2', 19000, 9, null]
		]);
		const b2 = block('nps', keys, [
			[null, 'a1', 19000, 7, 'better'],
			['r2', 'a3', 19001, null, 'no score']
		]);
		const nps = buildDataset([batch(1, b1), batch(2, b2)]).nps;
		expect(nps.map((r) => [r.id, r.accountId, r.score, r.comment])).toEqual([
			[null, 'a1', 7, 'better'],
			['r1', 'a2', 9, null]
		]);
	});
});

describe('buildDataset: ids in order', () => {
	const keys = ['s:id', 's:accountId', 'd:openedDay', 's:subject'];

	it('replaces a repeated id whatever order the ids came in before', () => {
		// In order as numbers written out, then as text, then neither; each repeats an earlier id.
		for (const ids of [
			['T8-1', 'T9-1', 'T10-1', 'T11-2', 'T9-1'],
			['a', 'ab', 'b', 'c', 'ab'],
			['x2', 'x10', 'x1', 'x10']
		]) {
			const b1 = block(
				'tickets',
				keys,
				ids.map((id, i) => [id, 'a1', 19000 + i, `#${i}`])
			);
			const tickets = buildDataset([batch(1, b1)]).tickets;
			const firstOf = new Map<string, number>();
			ids.forEach((id, i) => firstOf.set(id, firstOf.get(id) ?? i));
			const expected = [...firstOf.keys()].map((id) => `#${ids.lastIndexOf(id)}`);
			expect(tickets.map((t) => t.subject)).toEqual(expected);
		}
	});

	it('merges ids as a Map would, for any ids in any order across batches', () => {
		const id = fc.oneof(
			fc.integer({ min: 0, max: 30 }).map((n) => `T${n}`),
			fc.constantFrom('a', 'ab', 'b', 'ba', '')
		);
		const batchIds = fc.oneof(
			fc.array(id, { maxLength: 12 }),
			fc
				.array(fc.integer({ min: 0, max: 30 }), { maxLength: 12 })
				.map((ns) => [...ns].sort((x, y) => x - y).map((n) => `T${n}`))
		);
		fc.assert(
			fc.property(fc.array(batchIds, { minLength: 1, maxLength: 3 }), (batches) => {
				const tickets = buildDataset(
					batches.map((ids, b) =>
						batch(
							b + 1,
							block(
								'tickets',
								keys,
								ids.map((id, i) => [id, 'a1', 19000, `${b}:${i}`])
							)
						)
					)
				).tickets;
				const ref = new Map<string, string>();
				batches.forEach((ids, b) => ids.forEach((id, i) => ref.set(id, `${b}:${i}`)));
				expect(tickets.map((t) => [t.id, t.subject])).toEqual([...ref.entries()]);
			})
		);
	});
});

describe('buildDataset: activity', () => {
	const keys = ['s:accountId', 'd:day', 's:metric', 'count', 'users'];

	it('decodes one batch into columns with its own dictionaries', () => {
		const b1 = block('activity', keys, [
			['a1', 19000, '*', 5, 2],
			['a2', 19000, 'login', 1, null]
		]);
		const b2 = block('activity', keys, [['a1', 19001, 'login', 3, null]]);
		const act = buildDataset([batch(1, b1, b2)]).activity;
		expect(act.length).toBe(3);
		expect(act.accountIds).toEqual(['a1', 'a2']);
		expect(act.metrics).toEqual(['*', 'login']);
		expect([...act.account]).toEqual([0, 1, 0]);
		expect([...act.day]).toEqual([19000, 19000, 19001]);
		expect([...act.metric]).toEqual([0, 1, 1]);
		expect([...act.count]).toEqual([5, 1, 3]);
		expect(act.users[0]).toBe(2);
		expect(Number.isNaN(act.users[1])).toBe(true);
	});

	it('lets a later batch replace an account-day-metric and appends the rest', () => {
		const b1 = block('activity', keys, [
			['a1', 19000, '*', 5, 2],
			['a1', 19001, '*', 4, 1]
		]);
		const b2 = block('activity', keys, [
			['a2', 19000, '*', 1, 1],
			['a1', 19001, '*', 9, 3]
		]);
		const act = buildDataset([batch(1, b1), batch(2, b2)]).activity;
		// a1/19001 keeps row 1 with batch 2's count 9 and users 3; a2/19000 is appended.
		const rows = Array.from({ length: act.length }, (_, i) => [
			act.accountIds[act.account[i]],
			act.day[i],
			act.count[i],
			act.users[i]
		]);
		expect(rows).toEqual([
			['a1', 19000, 5, 2],
			['a1', 19001, 9, 3],
			['a2', 19000, 1, 1]
		]);
	});

	it('reads count and users stored as i32 (whole numbers, NULL_INT missing) as it reads f64', () => {
		const rows: Cell[][] = [
			['a1', 19000, '*', 5, 2],
			['a2', 19000, 'login', 1, null],
			['a1', 19001, '*', 4, 1]
		];
		const asF64 = block('activity', keys, rows);
		const asI32 = block(
			'activity',
			['s:accountId', 'd:day', 's:metric', 'd:count', 'd:users'],
			rows
		);
		expect(asI32.columns.count.kind).toBe('i32');
		expect(asI32.columns.users.kind).toBe('i32');
		const a = buildDataset([batch(1, asF64)]).activity;
		const b = buildDataset([batch(1, asI32)]).activity;
		expect([...b.count]).toEqual([...a.count]);
		expect([...b.users]).toEqual([...a.users]); // NaN equals NaN here
		expect([...b.users].map(Number.isNaN)).toEqual([false, true, false]);
		// A later i32 batch replaces an f64 row like any other.
		const later = block(
			'activity',
			['s:accountId', 'd:day', 's:metric', 'd:count', 'd:users'],
			[['a1', 19001, '*', 9, 3]]
		);
		const merged = buildDataset([batch(1, asF64), batch(2, later)]).activity;
		expect([...merged.count]).toEqual([5, 1, 9]);
		expect(merged.users[2]).toBe(3);
	});

	it('counts rows without a metric under the all-events metric and skips rows without a day', () => {
		const b = block(
			'activity',
			['s:accountId', 'd:day', 'count'],
			[
				['a1', 19000, 2],
				['a1', null, 7]
			]
		);
		const act = buildDataset([batch(1, b)]).activity;
		expect(act.length).toBe(1);
		expect(act.metrics).toEqual(['*']);
		expect(act.count[0]).toBe(2);
	});
});

describe('buildDataset: stored code widths', () => {
	/** The block as written before codes were narrowed: every text column's codes in Int32Array. */
	const withInt32Codes = (b: ColumnBlock): ColumnBlock => ({
		...b,
		columns: Object.fromEntries(
			Object.entries(b.columns).map(([key, c]) => [
				key,
				c.kind === 'str' ? { ...c, codes: Int32Array.from(c.codes) } : c
			])
		)
	});

	it('reads blocks with Int32 codes (written before) as it reads narrowed ones', () => {
		// 200 accounts: two-byte account codes; three plans and metrics: one-byte codes.
		const ids = Array.from({ length: 200 }, (_, i) => `a${i}`);
		const accounts = block(
			'accounts',
			['s:id', 's:plan', 'mrrMinor'],
			ids.map((id, i) => [id, ['Free', 'Pro', null][i % 3], i * 100])
		);
		const activity = block(
			'activity',
			['s:accountId', 'd:day', 's:metric', 'count', 'users'],
			ids.map((id, i) => [id, 19000 + (i % 5), ['*', 'login', 'export'][i % 3], i + 1, null])
		);
		const narrowed = (c: ColumnData) => (c.kind === 'str' ? c.codes.constructor : null);
		expect(narrowed(accounts.columns.id)).toBe(Int16Array);
		expect(narrowed(accounts.columns.plan)).toBe(Int8Array);
		expect(narrowed(activity.columns.metric)).toBe(Int8Array);
		const now = buildDataset([batch(1, accounts, activity)]);
		const before = buildDataset([batch(1, withInt32Codes(accounts), withInt32Codes(activity))]);
		expect(now.accounts).toEqual(before.accounts);
		expect(now.accounts[2].plan).toBeNull();
		expect(now.accounts[199].id).toBe('a199');
		expect([...now.activity.account]).toEqual([...before.activity.account]);
		expect([...now.activity.metric]).toEqual([...before.activity.metric]);
		expect([...now.activity.count]).toEqual([...before.activity.count]);
		expect(now.activity.metrics).toEqual(before.activity.metrics);
	});

	it('reads packed days, counts and users (blocks since 2026-12-03) as it reads i32 and f64', () => {
		const ids = Array.from({ length: 50 }, (_, i) => `a${i}`);
		const rows = ids.map((id, i) => [
			id,
			19000 + (i % 5),
			['*', 'login'][i % 2],
			i + 1,
			i % 2 === 0 ? (i % 4) + 1 : null
		]);
		const wide = block('activity', ['s:accountId', 'd:day', 's:metric', 'count', 'users'], rows);
		const pack = (c: ColumnData): ColumnData =>
			c.kind === 'str' || c.kind === 'packed' ? c : (packedInts(c.values) ?? c);
		const packed: ColumnBlock = {
			...wide,
			columns: Object.fromEntries(Object.entries(wide.columns).map(([k, c]) => [k, pack(c)]))
		};
		for (const key of ['day', 'count', 'users']) expect(packed.columns[key].kind).toBe('packed');
		const now = buildDataset([batch(1, packed)]);
		const before = buildDataset([batch(1, wide)]);
		expect(now.activity.length).toBe(50);
		for (const key of ['account', 'day', 'metric', 'count', 'users'] as const)
			expect([...now.activity[key]]).toEqual([...before.activity[key]]);
		expect(Number.isNaN(now.activity.users[1])).toBe(true);
		expect(now.activity.day[4]).toBe(19004);
	});
});

describe('createDatasetMerge', () => {
	it('adds batches incrementally without changing a dataset already returned', () => {
		const merge = createDatasetMerge();
		merge.addBatch(batch(1, block('accounts', ['s:id', 's:name'], [['a1', 'Acme']])));
		merge.addBatch(batch(1, block('activity', ['s:accountId', 'd:day', 'count'], [['a1', 1, 2]])));
		const before = merge.dataset();
		merge.addBatch(batch(2, block('accounts', ['s:id', 's:name'], [['a1', 'Acme KK']])));
		merge.addBatch(batch(2, block('activity', ['s:accountId', 'd:day', 'count'], [['a1', 1, 8]])));
		const after = merge.dataset();
		expect([before.accounts[0].name, before.activity.count[0]]).toEqual(['Acme', 2]);
		expect([after.accounts[0].name, after.activity.count[0]]).toEqual(['Acme KK', 8]);
	});

	it('gives the empty dataset for no batches', () => {
		const ds = buildDataset([]);
		expect(ds.accounts).toEqual([]);
		expect(ds.activity.length).toBe(0);
		expect(ds.attributeNames).toEqual([]);
	});
});

describe('account links', () => {
	const accountKeys = ['s:id', 's:name', 'd:signupDay', 'd:churnDay', 'mrrMinor'];
	const subKeys = ['s:id', 's:accountId', 's:plan', 'mrrMinor', 'd:startDay', 'd:endDay'];

	it('give the customer base the same accounts as looking the ids up', () => {
		const accountRow = fc.tuple(
			fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a10'),
			fc.constantFrom('Acme', null),
			fc.option(fc.integer({ min: 19000, max: 19300 }), { nil: null }),
			fc.option(fc.integer({ min: 19100, max: 19400 }), { nil: null }),
			fc.option(fc.constantFrom(0, 1000, 2500), { nil: null })
		);
		const subRow = fc.tuple(
			fc.option(fc.constantFrom('s1', 's2', 's3', 's4', 's10'), { nil: null }),
			fc.constantFrom('a1', 'a2', 'a3', 'a7', 'a8', 'a10', 'b1'),
			fc.constantFrom('pro', 'basic'),
			fc.constantFrom(0, 1000, 2500),
			fc.integer({ min: 19000, max: 19300 }),
			fc.option(fc.integer({ min: 19000, max: 19400 }), { nil: null })
		);
		const batchOf = fc.record({
			accounts: fc.array(accountRow, { maxLength: 8 }),
			subscriptions: fc.array(subRow, { maxLength: 10 }),
			sortAccounts: fc.boolean()
		});
		fc.assert(
			fc.property(fc.array(batchOf, { minLength: 1, maxLength: 3 }), (batches) => {
				const ds = buildDataset(
					batches.map((b, i) => {
						const accounts = b.sortAccounts
							? [...b.accounts].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
							: b.accounts;
						return batch(
							i + 1,
							block('accounts', accountKeys, accounts),
							block('subscriptions', subKeys, b.subscriptions)
						);
					})
				);
				expect(accountLinksOf(ds)).not.toBeNull();
				// A copy holds the same rows but no links: its base looks every id up.
				const copy = { ...ds };
				expect(accountLinksOf(copy)).toBeNull();
				const settings = { asOfDay: 19400 };
				const linked = customerBase(ds, settings);
				const looked = customerBase(copy, settings);
				expect(linked.ids).toEqual(looked.ids);
				expect(linked.accounts).toEqual(looked.accounts);
				expect([...linked.subOffset]).toEqual([...looked.subOffset]);
				expect([...linked.subRows]).toEqual([...looked.subRows]);
				expect([...linked.mrr]).toEqual([...looked.mrr]);
				expect([...linked.active]).toEqual([...looked.active]);
				for (const id of [...looked.ids, 'nobody']) {
					expect(linked.indexOf(id)).toBe(looked.indexOf(id));
				}
			})
		);
	});

	it('are not used once the dataset no longer holds the rows they were made for', () => {
		const ds = buildDataset([
			batch(1, block('subscriptions', subKeys, [['s1', 'a1', 'pro', 1000, 19000, null]]))
		]);
		expect(accountLinksOf(ds)?.ids).toEqual(['a1']);
		ds.subscriptions.push({ ...ds.subscriptions[0], id: 's2', accountId: 'a2' });
		expect(accountLinksOf(ds)).toBeNull();
		expect(customerBase(ds, { asOfDay: 19100 }).ids).toEqual(['a1', 'a2']);
	});
});
