// Raw activity events rolled up while streaming, per account, day and metric: memory grows with
// the number of account-days (and distinct users per account-day), not with the file.
// Million-row files make per-account-day objects, Sets and string sorts the bottleneck, so ids are
// interned to small integers once and everything else lives in flat typed arrays.
import { makeBlock, narrowCodes, packedInRange, resized } from '../core/columns';
import { ALL_EVENTS_METRIC, NULL_INT, type ColumnBlock, type ColumnData } from '../core/types';

export interface ActivityRollup {
	/**
	 * The account's number, counted in accountCount() from now on even if none of its rows
	 * is added (returns only).
	 */
	account(accountId: string): number;
	/** The id of an account number. */
	accountId(account: number): string;
	/** Adds one source row of `account` (a number from account()): `count` events (> 0). */
	add(
		account: number,
		day: number,
		metric: string | null,
		count: number,
		userId: string | null,
		users: number | null
	): void;
	accountCount(): number;
	/**
	 * Makes room for about `rows` source rows in all (an estimate), so the tables grow once
	 * instead of by doubling. Room not filled costs nothing: fresh memory is only mapped when it
	 * is first written.
	 */
	reserve(rows: number): void;
	/** Rows in the rollup so far (per-metric rows plus one `*` row per account-day). */
	size(): number;
	/** Stored blocks, sorted by account id, day and metric (`*` first). */
	blocks(maxRows: number): ColumnBlock[];
	/** The rollup in its stored order, as typed arrays (parts of a file merge: mergedRollupBlocks). */
	export(): RollupExport;
}

/**
 * A rollup in its stored order, in plain typed arrays (transferable between workers): ids and
 * metric names in code-unit order, rows numbered by those ranks and sorted by account, day and
 * metric (-1: none, first), one row each; distinct users sorted by account, day and user key.
 */
export interface RollupExport {
	accountIds: string[];
	metricNames: string[];
	rows: {
		size: number;
		account: Int32Array<ArrayBuffer>;
		day: Int32Array<ArrayBuffer>;
		metric: Int32Array<ArrayBuffer>;
		count: Float64Array<ArrayBuffer>;
		users: Float64Array<ArrayBuffer>;
	};
	users: {
		size: number;
		account: Int32Array<ArrayBuffer>;
		day: Int32Array<ArrayBuffer>;
		user: Float64Array<ArrayBuffer>;
	};
}

/** Texts of at most this many code units, all below 256, are compared inside the table. */
const PACKED_MAX = 20;
/** Ints per bucket: hash, index + 1 (0: empty), length (-1: not packed), 5 words. */
const STRIDE = 8;

/**
 * Text → dense index, in first-seen order. An open-addressing table over typed arrays with a
 * hash computed here. A short Latin-1 text (ids like Stripe's 18-character `cus_…`, event names)
 * is also kept in its bucket as five big-endian words, so a lookup reads one bucket and never the
 * stored string (with 100,000 account ids, a Map or a hash plus string compare costs several
 * cache misses per lookup). Longer texts are compared as strings.
 */
export class TextIndex {
	readonly names: string[] = [];
	private table = new Int32Array(STRIDE * 2048);
	private buckets = 2048;
	/** Entries whose text is not packed (then code-unit order needs a string sort). */
	private unpacked = 0;
	/** The words of the text being looked up. */
	private readonly words = new Int32Array(5);

	indexOf(text: string): number {
		const n = text.length;
		const words = this.words;
		words[0] = words[1] = words[2] = words[3] = words[4] = 0;
		let h = 0x811c9dc5;
		let packed = n <= PACKED_MAX;
		let word = 0;
		for (let i = 0; i < n; i++) {
			const c = text.charCodeAt(i);
			h = Math.imul(h ^ c, 0x01000193);
			if (packed) {
				if (c > 255) packed = false;
				word = (word << 8) | c;
				if ((i & 3) === 3) {
					words[i >> 2] = word;
					word = 0;
				}
			}
		}
		if (packed && (n & 3) !== 0) words[n >> 2] = word << (8 * (4 - (n & 3)));
		h ^= h >>> 15;
		h = Math.imul(h, 0x2c1b3c6d);
		h ^= h >>> 12;
		const length = packed ? n : -1;
		const table = this.table;
		const mask = this.buckets - 1;
		let at = h & mask;
		for (;;) {
			const b = at * STRIDE;
			const e = table[b + 1];
			if (e === 0) break;
			if (table[b] === h && table[b + 2] === length) {
				const same = packed
					? table[b + 3] === words[0] &&
						table[b + 4] === words[1] &&
						table[b + 5] === words[2] &&
						table[b + 6] === words[3] &&
						table[b + 7] === words[4]
					: this.names[e - 1] === text;
				if (same) return e - 1;
			}
			at = (at + 1) & mask;
		}
		const index = this.names.length;
		this.names.push(text);
		if (!packed) this.unpacked++;
		const b = at * STRIDE;
		table[b] = h;
		table[b + 1] = index + 1;
		table[b + 2] = length;
		if (packed) for (let w = 0; w < 5; w++) table[b + 3 + w] = words[w];
		if (this.names.length * 2 > this.buckets) this.rehash();
		return index;
	}

	/**
	 * The entries' numbers in code-unit order of their texts (stable across locales, unlike
	 * localeCompare). Packed texts are radix-sorted by their words, then length (the zero
	 * padding puts a prefix first); otherwise strings are compared by code units.
	 */
	codeUnitOrder(): Int32Array {
		const count = this.names.length;
		if (this.unpacked > 0) {
			// The default sort compares strings by code units natively, several times faster than
			// a comparison function; the texts are distinct, so each is found back by lookup.
			return Int32Array.from(this.names.slice().sort(), (text) => this.indexOf(text));
		}
		// Per entry: its five words, then its length; the most significant key first.
		const keys = new Int32Array(6 * count);
		const table = this.table;
		for (let b = 0; b < table.length; b += STRIDE) {
			const e = table[b + 1] - 1;
			if (e < 0) continue;
			// Copied by hand: a subarray per entry made 100,000 short-lived views.
			for (let w = 0; w < 5; w++) keys[6 * e + w] = table[b + 3 + w];
			keys[6 * e + 5] = table[b + 2];
		}
		let order = new Int32Array(count);
		for (let i = 0; i < count; i++) order[i] = i;
		let next = new Int32Array(count);
		const counts = new Int32Array(65537);
		// Least significant first: the length, then each word's low and high 16 bits, last to first.
		for (let pass = 0; pass < 11; pass++) {
			const key = pass === 0 ? 5 : 4 - ((pass - 1) >> 1);
			const shift = pass % 2 === 0 && pass > 0 ? 16 : 0;
			counts.fill(0);
			for (let i = 0; i < count; i++) counts[((keys[6 * i + key] >>> shift) & 0xffff) + 1]++;
			if (count === 0 || counts[((keys[key] >>> shift) & 0xffff) + 1] === count) continue;
			for (let d = 0; d < 65536; d++) counts[d + 1] += counts[d];
			for (let i = 0; i < count; i++) {
				const e = order[i];
				next[counts[(keys[6 * e + key] >>> shift) & 0xffff]++] = e;
			}
			[order, next] = [next, order];
		}
		return order;
	}

	private rehash(): void {
		const buckets = this.buckets * 2;
		const table = new Int32Array(STRIDE * buckets);
		const mask = buckets - 1;
		const old = this.table;
		for (let b = 0; b < old.length; b += STRIDE) {
			if (old[b + 1] === 0) continue;
			let at = old[b] & mask;
			while (table[at * STRIDE + 1] !== 0) at = (at + 1) & mask;
			const to = at * STRIDE;
			for (let w = 0; w < STRIDE; w++) table[to + w] = old[b + w];
		}
		this.table = table;
		this.buckets = buckets;
	}
}

/** Source rows gathered before they are sorted and summed (see activityRollup). */
const COMPACT_AT = 1 << 20;

type Column = Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>;

/**
 * Parallel typed-array columns that grow by doubling. `size` rows are in use; the first
 * `sorted` of them are compacted (sorted and summed), the rest are appended since.
 */
class Table<C extends Record<string, Column>> {
	size = 0;
	sorted = 0;
	private capacity: number;
	constructor(public columns: C) {
		this.capacity = Object.values(columns)[0].length;
	}

	/** Room for one more row; returns its index. */
	next(): number {
		if (this.size === this.capacity) this.reserve(Math.max(1, this.capacity * 2));
		return this.size++;
	}

	/** Grows the columns to hold `capacity` rows, if they hold fewer. */
	reserve(capacity: number): void {
		if (capacity <= this.capacity) return;
		for (const key of Object.keys(this.columns) as (keyof C)[])
			this.columns[key] = resized(this.columns[key], capacity, this.size);
		this.capacity = capacity;
	}

	/** Whether enough rows came since the last compaction to compact again. */
	due(compactAt: number): boolean {
		return this.size - this.sorted >= Math.max(compactAt, this.sorted);
	}
}

const newRowsOf = (capacity: number) =>
	new Table({
		account: new Int32Array(capacity),
		day: new Int32Array(capacity),
		/** -1: the file has no metric column. */
		metric: new Int32Array(capacity),
		count: new Float64Array(capacity),
		/** The largest pre-rolled `users` value; NaN when none. */
		users: new Float64Array(capacity)
	});
const newRows = () => newRowsOf(1024);
type Rows = ReturnType<typeof newRows>;

const newUsers = () =>
	new Table({
		account: new Int32Array(1024),
		day: new Int32Array(1024),
		/** A 52-bit hash of the user id (see userKey). */
		user: new Float64Array(1024)
	});
type Users = ReturnType<typeof newUsers>;

/**
 * Source rows are appended to flat columns and, every so often, sorted (radix passes) and summed
 * per account, day and metric; distinct users per account-day the same way. Why not a hash table
 * per account-day, metric row and (account-day, user) pair: three lookups in tables of a million
 * entries per source row were most of a 1M-row import (cache misses), where appending is
 * sequential and a radix pass streams through the columns. Compacting once the unsorted rows
 * outnumber the sorted ones (and at least COMPACT_AT) keeps memory within about twice the rollup
 * whatever the file's size, at an amortised constant number of passes per row.
 */
export function activityRollup(
	options: {
		compactAt?: number;
		/** Widest packed sort key (tests give 0 to sort column by column). Default 32. */
		keyBits?: number;
	} = {}
): ActivityRollup {
	const compactAt = Math.max(1, options.compactAt ?? COMPACT_AT);
	const keyBits = options.keyBits ?? 32;
	const accounts = new TextIndex();
	const metrics = new TextIndex();
	let rows = newRows();
	let users = newUsers();
	let lastMetric: string | null = null;
	let lastMetricIndex = -1;

	return {
		account: (accountId) => accounts.indexOf(accountId),
		accountId: (account) => accounts.names[account],
		add(account, day, metric, count, userId, preRolled) {
			let m = -1;
			if (metric !== null) {
				// Files repeat a few event names: the previous row's name is often this one.
				if (metric !== lastMetric) {
					lastMetric = metric;
					lastMetricIndex = metrics.indexOf(metric);
				}
				m = lastMetricIndex;
			}
			const i = rows.next();
			const r = rows.columns;
			r.account[i] = account;
			r.day[i] = day;
			r.metric[i] = m;
			r.count[i] = count;
			r.users[i] = preRolled === null ? NaN : preRolled;
			if (rows.due(compactAt))
				rows = summedRows(rows, accounts.names.length, metrics.names.length, keyBits);
			if (userId !== null) {
				const j = users.next();
				const u = users.columns;
				u.account[j] = account;
				u.day[j] = day;
				u.user[j] = userKey(userId);
				if (users.due(compactAt)) users = distinctUsers(users, accounts.names.length, keyBits);
			}
		},
		accountCount: () => accounts.names.length,
		reserve(expected) {
			// A table is compacted by the time it holds twice compactAt rows (unless the rollup
			// alone holds more): room beyond that would stay unused.
			const capacity = Math.min(Math.ceil(expected), 2 * compactAt);
			rows.reserve(capacity);
			if (users.size > 0) users.reserve(capacity);
		},
		size() {
			rows = summedRows(rows, accounts.names.length, metrics.names.length, keyBits);
			return blockRowCount({ size: rows.size, ...rows.columns });
		},
		export() {
			// The stored order: account id, day, then `*` and the metric names, in code-unit order.
			// Ranks replace the numbers (first-seen order) before the last compaction.
			const accountOrder = accounts.codeUnitOrder();
			const metricOrder = metrics.codeUnitOrder();
			const accountRank = ranksOf(accountOrder);
			const metricRank = ranksOf(metricOrder);
			renumber(rows.columns.account, rows.size, accountRank);
			renumber(rows.columns.metric, rows.size, metricRank);
			renumber(users.columns.account, users.size, accountRank);
			const both = inStep(rows, users)
				? summedWithUsers(rows, users, accounts.names.length, metrics.names.length, keyBits)
				: null;
			if (both) [rows, users] = both;
			else {
				rows.sorted = users.sorted = 0;
				rows = summedRows(rows, accounts.names.length, metrics.names.length, keyBits);
				users = distinctUsers(users, accounts.names.length, keyBits);
			}
			const exported: RollupExport = {
				accountIds: Array.from(accountOrder, (i) => accounts.names[i]),
				metricNames: Array.from(metricOrder, (i) => metrics.names[i]),
				rows: { size: rows.size, ...rows.columns },
				users: { size: users.size, ...users.columns }
			};
			// The tables now hold ranks: this rollup is spent.
			rows = newRows();
			users = newUsers();
			return exported;
		},
		blocks(maxRows) {
			return rollupBlocks(this.export(), maxRows);
		}
	};
}

/** One account-day's rows summed: all their events, their largest pre-rolled users value. */
interface DaySum {
	count: number;
	maxUsers: number;
}

/**
 * The end of the account-day run of `rows` (sorted by account and day) that starts at `from`;
 * adds the run's counts to `sum.count` and keeps its largest pre-rolled users value.
 */
function dayRunEnd(rows: RollupExport['rows'], from: number, sum: DaySum): number {
	const account = rows.account[from];
	const day = rows.day[from];
	let end = from;
	while (end < rows.size && rows.account[end] === account && rows.day[end] === day) {
		sum.count += rows.count[end];
		const pre = rows.users[end];
		if (pre === pre && !(pre <= sum.maxUsers)) sum.maxUsers = pre;
		end++;
	}
	return end;
}

/** The end of the run of `users` from `from` that is `account`'s (the table's number) on `day`. */
function usersRunEnd(
	users: RollupExport['users'],
	from: number,
	account: number,
	day: number
): number {
	let end = from;
	while (end < users.size && users.account[end] === account && users.day[end] === day) end++;
	return end;
}

/** An account-day's users: its distinct user ids when a user column was read, else pre-rolled. */
function usersValue(distinct: number, maxUsers: number): number {
	return distinct > 0 ? Math.max(distinct, maxUsers || 0) : maxUsers;
}

/**
 * The blocks of two parts' rollups taken together: the blocks rollupBlocks would write for the
 * rollup of both parts' rows. Both are sorted by text order of ids and names, so renumbering each
 * into the union of names keeps it sorted, and one linear merge of the two (summing rows both
 * hold, counting each user once) writes the blocks as it goes: the merged tables (about 44 MB for
 * a 1M-row file) are never built.
 */
export function mergedRollupBlocks(
	a: RollupExport,
	b: RollupExport,
	maxRows: number
): { blocks: ColumnBlock[]; accountCount: number } {
	const accounts = unionOf(a.accountIds, b.accountIds);
	const metrics = unionOf(a.metricNames, b.metricNames);
	const ra = a.rows;
	const rb = b.rows;
	const ua = a.users;
	const ub = b.users;
	// At most one `*` row per source row and one row per metric row.
	const bound = 2 * (ra.size + rb.size);
	const out = blockWriter(accounts.names, metrics.names, maxRows, bound);
	const metricOf = (from: Int32Array, m: number) => (m < 0 ? -1 : from[m]);
	const sum: DaySum = { count: 0, maxUsers: NaN };
	let i = 0;
	let j = 0;
	let ui = 0;
	let uj = 0;
	while (i < ra.size || j < rb.size) {
		const ka = i < ra.size ? accounts.fromA[ra.account[i]] : -1;
		const kb = j < rb.size ? accounts.fromB[rb.account[j]] : -1;
		const order = i === ra.size ? 1 : j === rb.size ? -1 : ka - kb || ra.day[i] - rb.day[j];
		const account = order <= 0 ? ka : kb;
		const day = order <= 0 ? ra.day[i] : rb.day[j];
		// This account-day's rows in each part: [i, endA) and [j, endB), either maybe empty.
		sum.count = 0;
		sum.maxUsers = NaN;
		const endA = order <= 0 ? dayRunEnd(ra, i, sum) : i;
		const endB = order >= 0 ? dayRunEnd(rb, j, sum) : j;
		// Distinct users: both parts' users of the account-day are next in their tables (sorted
		// the same way as the rows), each sorted by user key: count their union.
		const endUi = order <= 0 ? usersRunEnd(ua, ui, ra.account[i], day) : ui;
		const endUj = order >= 0 ? usersRunEnd(ub, uj, rb.account[j], day) : uj;
		let distinct = 0;
		while (ui < endUi || uj < endUj) {
			const x = ui < endUi ? ua.user[ui] : Infinity;
			const y = uj < endUj ? ub.user[uj] : Infinity;
			if (x <= y) ui++;
			if (y <= x) uj++;
			distinct++;
		}
		out.star(account, day, sum.count, usersValue(distinct, sum.maxUsers));
		// Metric rows of both parts in metric order (none, -1, first and not written); a metric
		// both hold is summed.
		while (i < endA || j < endB) {
			const ma = i < endA ? metricOf(metrics.fromA, ra.metric[i]) : Infinity;
			const mb = j < endB ? metricOf(metrics.fromB, rb.metric[j]) : Infinity;
			let count = 0;
			if (ma <= mb) count += ra.count[i++];
			if (mb <= ma) count += rb.count[j++];
			const metric = ma <= mb ? ma : mb;
			if (metric >= 0) out.metric(account, day, metric, count);
		}
	}
	return { blocks: out.finish(), accountCount: accounts.names.length };
}

/** The union of two lists in code-unit order, and where each list's entries went in it. */
function unionOf(a: readonly string[], b: readonly string[]) {
	const names: string[] = [];
	const fromA = new Int32Array(a.length);
	const fromB = new Int32Array(b.length);
	let i = 0;
	let j = 0;
	while (i < a.length || j < b.length) {
		if (j === b.length || (i < a.length && a[i] < b[j])) {
			fromA[i] = names.push(a[i]) - 1;
			i++;
		} else if (i === a.length || b[j] < a[i]) {
			fromB[j] = names.push(b[j]) - 1;
			j++;
		} else {
			fromA[i] = fromB[j] = names.push(a[i]) - 1;
			i++;
			j++;
		}
	}
	return { names, fromA, fromB };
}

/**
 * A 52-bit hash of a user id (two 32-bit FNV-1a variants): distinct users per account-day are
 * counted by hash, so no table of every user id is kept. Two different ids of one account on one
 * day collide with probability about k² / 2⁵³ for k users (below one in a billion for k = 1,000).
 */
export function userKey(text: string): number {
	let a = 0x811c9dc5;
	let b = 0x2545f491;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193);
		b = Math.imul(b ^ c, 0x5bd1e995);
	}
	a ^= a >>> 15;
	a = Math.imul(a, 0x2c1b3c6d);
	a ^= a >>> 12;
	b ^= b >>> 13;
	b = Math.imul(b, 0x85ebca6b);
	b ^= b >>> 16;
	return (a >>> 0) * 0x100000 + (b >>> 12);
}

/** rank[i]: the place of entry i in `order`. */
function ranksOf(order: Int32Array): Int32Array {
	const rank = new Int32Array(order.length);
	for (let r = 0; r < order.length; r++) rank[order[r]] = r;
	return rank;
}

/** Replaces each number ≥ 0 of the first n values by its rank. */
function renumber(values: Int32Array, n: number, rank: Int32Array): void {
	for (let i = 0; i < n; i++) if (values[i] >= 0) values[i] = rank[values[i]];
}

/** Digits per radix pass: 2,048 buckets keep each pass's write streams in cache. */
const RADIX_BITS = 11;

/**
 * Sorts the first n rows of `columns` (stable, in place of the arrays: the returned columns may
 * be new ones) by `keys`, most significant first; each key is one of the columns, its values in
 * min..min+range-1. Least-significant-digit radix passes of up to 11 bits; a pass whose digit is
 * the same in every row is skipped. Each pass reads the columns in order and writes them into at
 * most 2,048 streams, where sorting an index and gathering by it reads at random (cache misses
 * were most of the time with a million rows).
 */
function radixSort<C extends Record<string, Column>>(
	columns: C,
	n: number,
	keys: readonly { column: keyof C; min: number; range: number }[]
): C {
	let current = columns;
	const dest = new Int32Array(n);
	const counts = new Int32Array((1 << RADIX_BITS) + 1);
	for (let k = keys.length - 1; k >= 0; k--) {
		const { column, min, range } = keys[k];
		const bits = range <= 1 ? 0 : Math.ceil(Math.log2(range));
		// Equal digits (17 bits: 9 + 8, not 11 + 6): fewer buckets per pass.
		const passes = Math.ceil(bits / RADIX_BITS);
		const width = Math.ceil(bits / Math.max(1, passes));
		for (let shift = 0; shift < bits; shift += width) {
			const values = current[column] as Int32Array;
			const mask = (1 << Math.min(width, bits - shift)) - 1;
			counts.fill(0);
			for (let i = 0; i < n; i++) counts[(((values[i] - min) >>> shift) & mask) + 1]++;
			let single = false;
			for (let d = 0; d <= mask; d++) {
				if (counts[d + 1] === n) single = true;
				counts[d + 1] += counts[d];
			}
			if (single) continue;
			for (let i = 0; i < n; i++) dest[i] = counts[((values[i] - min) >>> shift) & mask]++;
			const next = {} as Record<string, Column>;
			for (const name of Object.keys(current)) next[name] = scatter(current[name], n, dest);
			current = next as C;
		}
	}
	return current;
}

function scatter(from: Column, n: number, dest: Int32Array): Column {
	const to = (
		from instanceof Int32Array ? new Int32Array(from.length) : new Float64Array(from.length)
	) as Column;
	for (let i = 0; i < n; i++) to[dest[i]] = from[i];
	return to;
}

/** The smallest and largest of the first n values (0, 0 when n is 0). */
function extent(values: Int32Array, n: number): [number, number] {
	let lo = n > 0 ? values[0] : 0;
	let hi = lo;
	for (let i = 1; i < n; i++) {
		const v = values[i];
		if (v < lo) lo = v;
		else if (v > hi) hi = v;
	}
	return [lo, hi];
}

/**
 * The rows sorted by account, day and metric (no metric first) with equal ones summed: counts
 * added, the largest pre-rolled users value kept.
 */
function summedRows(t: Rows, accountCount: number, metricCount: number, keyBits: number): Rows {
	const n = t.size;
	if (t.sorted === n) return t;
	const { minDay, maxDay, bits } = keyLayout(t, accountCount, metricCount);
	if (bits[0] + bits[1] + bits[2] <= keyBits) return summedByKey(t, minDay, bits);
	const c = radixSort(t.columns, n, [
		{ column: 'account', min: 0, range: accountCount },
		{ column: 'day', min: minDay, range: maxDay - minDay + 1 },
		{ column: 'metric', min: -1, range: metricCount + 1 }
	]);
	const { account, day, metric, count, users } = c;
	let j = -1;
	for (let i = 0; i < n; i++) {
		if (j >= 0 && account[j] === account[i] && day[j] === day[i] && metric[j] === metric[i]) {
			count[j] += count[i];
			const u = users[i];
			if (u === u && !(u <= users[j])) users[j] = u;
		} else {
			j++;
			account[j] = account[i];
			day[j] = day[i];
			metric[j] = metric[i];
			count[j] = count[i];
			users[j] = users[i];
		}
	}
	const out = new Table(c);
	out.size = out.sorted = j + 1;
	return out;
}

/** Bits that hold the values 0..range-1 (at least 1, so no shift reaches 32). */
function bitsFor(range: number): number {
	return Math.max(1, Math.ceil(Math.log2(Math.max(1, range))));
}

/**
 * Sorts the first n keys (stable LSD radix passes of up to 11 bits over their low `bits`),
 * moving `order` (row numbers, or one value per key) along when given: one or two arrays per
 * pass instead of every column.
 */
function sortKeys<P extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(
	keys: Uint32Array<ArrayBuffer>,
	n: number,
	bits: number,
	order: P | null
): { keys: Uint32Array<ArrayBuffer>; order: P | null } {
	const passes = Math.ceil(bits / RADIX_BITS);
	const width = Math.ceil(bits / passes);
	const counts = new Int32Array((1 << width) + 1);
	let k = keys;
	let o = order;
	let kNext = new Uint32Array(n);
	// As long as `order`: it may be a table's column, which keeps its room for the rows to come.
	let oNext = (
		order ? new (order.constructor as new (n: number) => P)(order.length) : null
	) as P | null;
	for (let shift = 0; shift < bits; shift += width) {
		const mask = (1 << Math.min(width, bits - shift)) - 1;
		counts.fill(0);
		for (let i = 0; i < n; i++) counts[((k[i] >>> shift) & mask) + 1]++;
		if (n === 0 || counts[((k[0] >>> shift) & mask) + 1] === n) continue; // one digit
		for (let d = 0; d <= mask; d++) counts[d + 1] += counts[d];
		for (let i = 0; i < n; i++) {
			const at = counts[(k[i] >>> shift) & mask]++;
			kNext[at] = k[i];
			if (o && oNext) oNext[at] = o[i];
		}
		[k, kNext] = [kNext, k];
		if (o && oNext) [o, oNext] = [oNext, o];
	}
	return { keys: k, order: o };
}

/**
 * summedRows when account, day and metric fit one 32-bit key (100,000 accounts, three years
 * and 30 metrics do): the keys are sorted alone, and when every row is one event without a
 * pre-rolled users value (a raw event export) equal keys are simply counted.
 */
function summedByKey(t: Rows, minDay: number, bits: readonly number[]): Rows {
	const n = t.size;
	const single = singleEvents(t, n);
	const identity = single ? null : Int32Array.from({ length: n }, (_, i) => i);
	const sorted = sortKeys(rowKeys(t, minDay, bits), n, bits[0] + bits[1] + bits[2], identity);
	return rowsOfKeys(t, sorted.keys, sorted.order, minDay, bits);
}

/** Whether each of the first n rows is one event without a pre-rolled users value. */
function singleEvents(t: Rows, n: number): boolean {
	const { count, users } = t.columns;
	for (let i = 0; i < n; i++) if (count[i] !== 1 || users[i] === users[i]) return false;
	return true;
}

/** Each row's account, day (from `minDay`) and metric (+ 1) as one key, in `bits` bits each. */
function rowKeys(t: Rows, minDay: number, bits: readonly number[]): Uint32Array<ArrayBuffer> {
	const [, dayBits, metricBits] = bits;
	const accountShift = dayBits + metricBits;
	const { account, day, metric } = t.columns;
	const keys = new Uint32Array(t.size);
	for (let i = 0; i < keys.length; i++)
		keys[i] = (account[i] << accountShift) | ((day[i] - minDay) << metricBits) | (metric[i] + 1);
	return keys;
}

/**
 * The rows of `t` as its sorted keys say, equal keys summed. `order`: each key's row in `t`, or
 * null when every row is one event: those rows are rebuilt from the keys alone, into their own
 * columns, without a second set of tables in new memory. Otherwise counts and users are read by
 * row number.
 */
function rowsOfKeys(
	t: Rows,
	keys: Uint32Array,
	order: Int32Array | null,
	minDay: number,
	bits: readonly number[]
): Rows {
	const [, dayBits, metricBits] = bits;
	const accountShift = dayBits + metricBits;
	const n = t.size;
	const { count, users } = t.columns;
	const out = order ? newRowsOf(Math.max(1, n)) : t;
	const c = out.columns;
	const dayMask = (1 << dayBits) - 1;
	const metricMask = (1 << metricBits) - 1;
	let j = -1;
	let last = -1;
	for (let i = 0; i < n; i++) {
		const key = keys[i];
		const from = order ? order[i] : -1;
		if (key === last) {
			if (from < 0) c.count[j]++;
			else {
				c.count[j] += count[from];
				const u = users[from];
				if (u === u && !(u <= c.users[j])) c.users[j] = u;
			}
			continue;
		}
		last = key;
		j++;
		c.account[j] = key >>> accountShift;
		c.day[j] = minDay + ((key >>> metricBits) & dayMask);
		c.metric[j] = (key & metricMask) - 1;
		c.count[j] = from < 0 ? 1 : count[from];
		c.users[j] = from < 0 ? NaN : users[from];
	}
	out.size = out.sorted = j + 1;
	return out;
}

/**
 * Whether `users` holds one entry per row of `rows`, in the same order: nothing compacted yet,
 * and every source row had a user id.
 */
function inStep(rows: Rows, users: Users): boolean {
	return rows.sorted === 0 && users.sorted === 0 && rows.size === users.size && rows.size > 0;
}

/**
 * summedRows and distinctUsers with one sort, for rows read in step with their users (inStep)
 * that are single events without a pre-rolled users value (a raw event export). The rows' keys
 * are sorted with the user keys moving along, so each account-day's users end up next to each
 * other and distinctUsers' own sort of the same account-days is not needed (it took about a third
 * of a 500,000-row part's export: docs/BENCH.md). Null when the rows are not such events or their
 * keys do not fit `keyBits`.
 */
function summedWithUsers(
	rows: Rows,
	users: Users,
	accountCount: number,
	metricCount: number,
	keyBits: number
): [Rows, Users] | null {
	const n = rows.size;
	if (!singleEvents(rows, n)) return null;
	const { minDay, bits } = keyLayout(rows, accountCount, metricCount);
	const totalBits = bits[0] + bits[1] + bits[2];
	if (totalBits > keyBits) return null;
	const sorted = sortKeys(rowKeys(rows, minDay, bits), n, totalBits, users.columns.user);
	// Each user's account and day from its row's key, into the users' own columns.
	const { account, day } = users.columns;
	const [, dayBits, metricBits] = bits;
	const dayMask = (1 << dayBits) - 1;
	for (let i = 0; i < n; i++) {
		const key = sorted.keys[i];
		account[i] = key >>> (dayBits + metricBits);
		day[i] = minDay + ((key >>> metricBits) & dayMask);
	}
	const user = sorted.order ?? users.columns.user;
	return [
		rowsOfKeys(rows, sorted.keys, null, minDay, bits),
		uniqueUsers({ account, day, user }, n)
	];
}

/** The first day of the rows and the bits their account, day and metric take in a key. */
function keyLayout(
	t: Rows,
	accountCount: number,
	metricCount: number
): { minDay: number; maxDay: number; bits: number[] } {
	const [minDay, maxDay] = extent(t.columns.day, t.size);
	const bits = [bitsFor(accountCount), bitsFor(maxDay - minDay + 1), bitsFor(metricCount + 1)];
	return { minDay, maxDay, bits };
}

/** Sorts values[from, end) in place: the users of one account-day, usually a few. */
function sortRun(values: Float64Array, from: number, end: number): void {
	if (end - from > 16) {
		values.subarray(from, end).sort();
		return;
	}
	// Insertion sort, without a view per account-day.
	for (let k = from + 1; k < end; k++) {
		const v = values[k];
		let at = k;
		while (at > from && values[at - 1] > v) values[at] = values[--at];
		values[at] = v;
	}
}

/** The (account, day, user) entries sorted by account and day with repeats dropped. */
function distinctUsers(t: Users, accountCount: number, keyBits: number): Users {
	const n = t.size;
	if (t.sorted === n) return t;
	const [minDay, maxDay] = extent(t.columns.day, n);
	const accountBits = bitsFor(accountCount);
	const dayBits = bitsFor(maxDay - minDay + 1);
	let c = t.columns;
	if (accountBits + dayBits <= keyBits) {
		// The account-day as one 32-bit key, sorted with the user keys moving along.
		const keys = new Uint32Array(n);
		for (let i = 0; i < n; i++) keys[i] = (c.account[i] << dayBits) | (c.day[i] - minDay);
		const sorted = sortKeys(keys, n, accountBits + dayBits, c.user);
		const dayMask = (1 << dayBits) - 1;
		// Account and day are rebuilt from the keys, into their own columns.
		c = { account: c.account, day: c.day, user: sorted.order ?? c.user };
		for (let i = 0; i < n; i++) {
			c.account[i] = sorted.keys[i] >>> dayBits;
			c.day[i] = minDay + (sorted.keys[i] & dayMask);
		}
	} else {
		c = radixSort(t.columns, n, [
			{ column: 'account', min: 0, range: accountCount },
			{ column: 'day', min: minDay, range: maxDay - minDay + 1 }
		]);
	}
	return uniqueUsers(c, n);
}

/**
 * The first n users (sorted by account and day) with each user key kept once per account-day,
 * in their own columns.
 */
function uniqueUsers(c: Users['columns'], n: number): Users {
	const { account, day, user } = c;
	let j = 0;
	for (let i = 0; i < n;) {
		let end = i + 1;
		while (end < n && account[end] === account[i] && day[end] === day[i]) end++;
		// Users of one account-day: sort their keys (in place) and keep each once.
		sortRun(user, i, end);
		for (let k = i; k < end; k++) {
			if (k > i && user[k] === user[k - 1]) continue;
			account[j] = account[k];
			day[j] = day[k];
			user[j] = user[k];
			j++;
		}
		i = end;
	}
	const out = new Table(c);
	out.size = out.sorted = j;
	return out;
}

/** Rows the blocks will hold: a `*` row per account-day and one per metric row. */
function blockRowCount(rows: {
	size: number;
	account: Int32Array;
	day: Int32Array;
	metric: Int32Array;
}): number {
	const { account, day, metric } = rows;
	let total = 0;
	for (let i = 0; i < rows.size; i++) {
		if (i === 0 || account[i] !== account[i - 1] || day[i] !== day[i - 1]) total++;
		if (metric[i] >= 0) total++;
	}
	return total;
}

/**
 * The range of a number column's values, kept as they are written: its whole numbers' smallest
 * and largest, whether every value is whole, and whether one is NULL_INT (null to packedInts).
 */
class ValueRange {
	min = Infinity;
	max = -Infinity;
	whole = true;
	nullInt = false;

	add(v: number): void {
		if (v !== v) return;
		if (v === NULL_INT) this.nullInt = true;
		else if (!Number.isInteger(v)) this.whole = false;
		else {
			if (v < this.min) this.min = v;
			if (v > this.max) this.max = v;
		}
	}
}

/**
 * A copy of a number column in the fewest bytes a row: packed (1 or 2 bytes) when its whole
 * numbers span fewer than 65,535 values, else i32 when every value is a whole number in its
 * range or missing (NaN → NULL_INT), else f64. Counts and distinct users nearly always pack: with
 * days packed too, a block of the 1M-event bench file takes 7 bytes a row instead of 15, and the
 * write while the review is shown took 0.33-0.56 s instead of 0.65-0.75 s (docs/BENCH.md). The
 * range comes with the values: a pass over them to find it was a fifth of the merge.
 */
function narrowed(values: Float64Array<ArrayBuffer>, range: ValueRange): ColumnData {
	if (!range.whole) return { kind: 'f64', values: values.slice() };
	const packed = packedInRange(values, range.min, range.max);
	if (packed) return packed;
	if (range.nullInt || range.min <= NULL_INT || range.max > 0x7fffffff)
		return { kind: 'f64', values: values.slice() };
	const n = values.length;
	const out = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		const v = values[i];
		out[i] = v === v ? v : NULL_INT;
	}
	return { kind: 'i32', values: out };
}

/**
 * Writes rollup rows into blocks, straight from the typed arrays, with the same dictionaries a
 * string column builder makes (each block's texts in first-use order). A block is flushed once
 * it holds `maxRows` rows; each is allocated for the rows still possible (`bound` in all), and
 * the last is cut to the rows written.
 */
function blockWriter(
	accountIds: readonly string[],
	metricNames: readonly string[],
	maxRows: number,
	bound: number
) {
	// As a builder that flushes once it holds `maxRows` rows.
	const perBlock = maxRows >= 1 ? Math.ceil(maxRows) : maxRows < 1 ? 1 : bound;
	const accountCode = new Int32Array(accountIds.length);
	const accountStamp = new Int32Array(accountIds.length);
	// Metric names plus `*` (code of the all-events row, unless a metric is named `*`).
	const allIndex = metricNames.indexOf(ALL_EVENTS_METRIC);
	const starKey = allIndex >= 0 ? allIndex : metricNames.length;
	const metricCode = new Int32Array(metricNames.length + 1);
	const metricStamp = new Int32Array(metricNames.length + 1);
	const out: ColumnBlock[] = [];
	let stamp = 0;
	let n = 0;
	let size = 0;
	let written = 0;
	// One set of scratch columns for every block: each is stored as a copy of its rows (narrowed
	// or sliced), so a block costs the memory it keeps, not twice that (new memory costs page
	// faults: docs/BENCH.md).
	const scratchRows = Math.max(1, Math.min(perBlock, bound));
	const accountCodes = new Int32Array(scratchRows);
	const dayValues = new Int32Array(scratchRows);
	const metricCodes = new Int32Array(scratchRows);
	const counts = new Float64Array(scratchRows);
	const userValues = new Float64Array(scratchRows);
	let accountDict: string[] = [];
	let metricDict: string[] = [];
	let dayRange = new ValueRange();
	let countRange = new ValueRange();
	let usersRange = new ValueRange();
	const flush = () => {
		const rows = <T extends Int32Array | Float64Array>(values: T) => values.subarray(0, n) as T;
		out.push(
			makeBlock('activity', {
				accountId: {
					kind: 'str',
					codes: narrowCodes(rows(accountCodes), accountDict.length),
					dict: accountDict
				},
				day: packedInRange(rows(dayValues), dayRange.min, dayRange.max) ?? {
					kind: 'i32',
					values: dayValues.slice(0, n)
				},
				metric: {
					kind: 'str',
					codes: narrowCodes(rows(metricCodes), metricDict.length),
					dict: metricDict
				},
				count: narrowed(rows(counts), countRange),
				users: narrowed(rows(userValues), usersRange)
			})
		);
		n = 0;
	};
	const push = (account: number, day: number, metricKey: number, count: number, u: number) => {
		if (n === 0) {
			size = Math.min(perBlock, bound - written);
			accountDict = [];
			metricDict = [];
			dayRange = new ValueRange();
			countRange = new ValueRange();
			usersRange = new ValueRange();
			stamp++;
		}
		if (accountStamp[account] !== stamp) {
			accountStamp[account] = stamp;
			accountCode[account] = accountDict.length;
			accountDict.push(accountIds[account]);
		}
		if (metricStamp[metricKey] !== stamp) {
			metricStamp[metricKey] = stamp;
			metricCode[metricKey] = metricDict.length;
			metricDict.push(
				metricKey === metricNames.length ? ALL_EVENTS_METRIC : metricNames[metricKey]
			);
		}
		accountCodes[n] = accountCode[account];
		dayValues[n] = day;
		metricCodes[n] = metricCode[metricKey];
		counts[n] = count;
		userValues[n] = u;
		dayRange.add(day);
		countRange.add(count);
		usersRange.add(u);
		n++;
		written++;
		if (n === size) flush();
	};
	return {
		/** The account-day's `*` row: all its events, its distinct users (NaN: none known). */
		star: (account: number, day: number, count: number, users: number) =>
			push(account, day, starKey, count, users),
		metric: (account: number, day: number, metric: number, count: number) =>
			push(account, day, metric, count, NaN),
		finish(): ColumnBlock[] {
			if (n > 0) flush();
			return out;
		}
	};
}

/**
 * Stored blocks of a rollup: per account-day a `*` row (all events, distinct users), then its
 * metric rows.
 */
export function rollupBlocks(s: RollupExport, maxRows: number): ColumnBlock[] {
	const { account: rowAccount, day: rowDay, metric: rowMetric } = s.rows;
	const { count: rowCount } = s.rows;
	const out = blockWriter(s.accountIds, s.metricNames, maxRows, blockRowCount(s.rows));
	const sum: DaySum = { count: 0, maxUsers: NaN };
	let u = 0;
	for (let i = 0; i < s.rows.size;) {
		const account = rowAccount[i];
		const day = rowDay[i];
		sum.count = 0;
		sum.maxUsers = NaN;
		const end = dayRunEnd(s.rows, i, sum);
		// Both tables are sorted the same way and every account-day of `users` is one of `rows`:
		// this account-day's users, if any, are next.
		const usersEnd = usersRunEnd(s.users, u, account, day);
		const distinct = usersEnd - u;
		u = usersEnd;
		out.star(account, day, sum.count, usersValue(distinct, sum.maxUsers));
		for (; i < end; i++) {
			if (rowMetric[i] >= 0) out.metric(account, day, rowMetric[i], rowCount[i]);
		}
	}
	return out.finish();
}
