// The in-memory dataset: the committed batches' columnar blocks decoded and merged in commit
// order. For every entity a later batch's row replaces an earlier row with the same natural
// key, in the earlier row's position; rows without a match are appended. Undo is a rebuild
// without the undone batch, which is why undo is exact (see src/lib/db/README.md).
import {
	ALL_EVENTS_METRIC,
	ATTRIBUTE_PREFIX,
	NULL_INT,
	type AccountRow,
	type ActivityTable,
	type ChurnType,
	type Codes,
	type ColumnBlock,
	type ColumnData,
	type Dataset,
	type NpsRow,
	type PaymentRow,
	type PaymentStatus,
	type SubscriptionRow,
	type TicketRow
} from './types';
import { unpackedFloat64, unpackedInt32 } from './columns';
import { StringIntMap } from './string-int-map';
import { TextNumbers } from './text-numbers';

/** One committed batch's blocks, in their order inside the batch. */
export interface BatchBlocks {
	batchId: number;
	blocks: readonly ColumnBlock[];
}

/** Merges batches one at a time, so a cache can add a new commit without a rebuild. */
export interface DatasetMerge {
	/** Adds a batch that was committed after every batch added so far. */
	addBatch(batch: BatchBlocks): void;
	/** The merge so far; later `addBatch` calls do not change a dataset already returned. */
	dataset(): Dataset;
}

// Separates parts of a natural key; a control character that no CSV cell is expected to hold.
const SEP = '\u001f';

// Columns are read in plain loops over their arrays (no reader closure per field and row): the
// worker runs this once per reload on cold code, where every call per row shows.

/** A column as text: `dict[codes[i]]`, null where the code is negative. */
interface TextColumn {
	codes: Codes;
	dict: readonly string[];
}

/**
 * A column read as text: dictionary columns as they are; numbers in a text field are shown as
 * written (one dictionary entry per row); a missing column is all null.
 */
function textColumn(column: ColumnData | undefined, n: number): TextColumn {
	if (column?.kind === 'str') return column;
	if (column?.kind === 'packed')
		return textColumn({ kind: 'f64', values: unpackedFloat64(column) }, n);
	const codes = new Int32Array(n).fill(-1);
	const dict: string[] = [];
	if (column?.kind === 'i32') {
		const values = column.values;
		for (let i = 0; i < n; i++) {
			if (values[i] === NULL_INT) continue;
			codes[i] = dict.length;
			dict.push(String(values[i]));
		}
	} else if (column) {
		const values = column.values;
		for (let i = 0; i < n; i++) {
			if (Number.isNaN(values[i])) continue;
			codes[i] = dict.length;
			dict.push(String(values[i]));
		}
	}
	return { codes, dict };
}

/** A column read as numbers (and day numbers), NaN for null; text columns hold no numbers. */
function numberColumn(column: ColumnData | undefined, n: number): Float64Array {
	if (column?.kind === 'f64') return column.values;
	if (column?.kind === 'packed') return unpackedFloat64(column);
	const out = new Float64Array(n).fill(NaN);
	if (column?.kind === 'i32') {
		const values = column.values;
		for (let i = 0; i < n; i++) if (values[i] !== NULL_INT) out[i] = values[i];
	}
	return out;
}

function textAt(column: TextColumn, i: number): string | null {
	const code = column.codes[i];
	return code < 0 ? null : column.dict[code];
}

function numberAt(values: Float64Array, i: number): number | null {
	const v = values[i];
	return Number.isNaN(v) ? null : v;
}

const CHURN_TYPES: ReadonlySet<string> = new Set<ChurnType>([
	'voluntary',
	'involuntary',
	'downgrade'
]);
const PAYMENT_STATUSES: ReadonlySet<string> = new Set<PaymentStatus>([
	'paid',
	'failed',
	'refunded'
]);

/** An Int32Array that grows on write and reads -1 where nothing was written. */
class GrowingInts {
	values = new Int32Array(1024).fill(-1);

	set(i: number, value: number): void {
		if (i >= this.values.length) {
			const next = new Int32Array(Math.max(i + 1, this.values.length * 2)).fill(-1);
			next.set(this.values);
			this.values = next;
		}
		this.values[i] = value;
	}
}

/**
 * Every account id met in accounts and subscriptions blocks, numbered in first-seen order: the
 * accounts merge by it, and each subscription keeps its account's number, so the customer base
 * needs no id lookups later (see accountLinksOf).
 */
class AccountKeys {
	private readonly numbers = new TextNumbers();

	get ids(): readonly string[] {
		return this.numbers.texts;
	}

	reserve(count: number): void {
		this.numbers.reserve(count);
	}

	keyOf(id: string): number {
		return this.numbers.numberOf(id);
	}

	/** Each row's key, -1 for null; a dictionary entry is looked up once, not once per row. */
	keysOf(column: TextColumn, n: number): Int32Array {
		const { codes, dict } = column;
		const ofCode = new Int32Array(dict.length).fill(-1);
		const out = new Int32Array(n).fill(-1);
		for (let i = 0; i < n; i++) {
			const code = codes[i];
			if (!(code >= 0 && code < dict.length)) continue;
			let key = ofCode[code];
			if (key < 0) key = ofCode[code] = this.keyOf(dict[code]);
			out[i] = key;
		}
		return out;
	}
}

/**
 * Rows of one entity merged by natural key: a replacement keeps the first row's position.
 * Source ids and composite keys live in separate maps, so an id never collides with a
 * composite key and the common case (an id) needs no string concatenation.
 *
 * Exports usually list ids in increasing order, as text (`S0000001`, `S0000002`) or as
 * numbers written out (`T9-1`, `T10-1`: shorter first, then as text). While every id follows the
 * one before in either of these orders, none can repeat, so the id map is only built (from the
 * rows so far) when an id follows in neither: the 100k workspace's 300,000 subscriptions,
 * 70,000 tickets and 25,000 NPS answers then need no lookup at all.
 */
class KeyedRows<T extends { id: string | null }> {
	readonly rows: T[] = [];
	/** Null while the ids came in increasing order. */
	private byId: StringIntMap | null = null;
	private lastId: string | null = null;
	/** Whether the ids so far increase as text, and shorter first then as text. */
	private textOrder = true;
	private lengthOrder = true;
	private readonly byComposite = new StringIntMap();

	/** The row's position. */
	upsertById(id: string, row: T): number {
		if (this.byId === null) {
			const last = this.lastId;
			if (last !== null) {
				this.textOrder &&= id > last;
				this.lengthOrder &&= id.length > last.length || (id.length === last.length && id > last);
			}
			if (this.textOrder || this.lengthOrder) {
				this.lastId = id;
				this.rows.push(row);
				return this.rows.length - 1;
			}
			this.byId = this.indexIds();
		}
		return this.upsert(this.byId, id, row);
	}

	upsertByComposite(key: string, row: T): number {
		return this.upsert(this.byComposite, key, row);
	}

	/** Rows with an id are exactly those merged by id, each id once. */
	private indexIds(): StringIntMap {
		const index = new StringIntMap();
		index.reserve(this.rows.length);
		for (let at = 0; at < this.rows.length; at++) {
			const id = this.rows[at].id;
			if (id !== null) index.set(id, at);
		}
		return index;
	}

	private upsert(index: StringIntMap, key: string, row: T): number {
		const at = index.getOrSet(key, this.rows.length);
		if (at >= 0) {
			this.rows[at] = row;
			return at;
		}
		this.rows.push(row);
		return this.rows.length - 1;
	}
}

/** Accounts merged by id through the account keys. */
class AccountRows {
	readonly rows: AccountRow[] = [];
	/** Position of each account key's row, -1 for none. */
	readonly at = new GrowingInts();

	constructor(readonly keys: AccountKeys) {}

	upsert(key: number, row: AccountRow): void {
		const at = key < this.at.values.length ? this.at.values[key] : -1;
		if (at >= 0) {
			this.rows[at] = row;
		} else {
			this.at.set(key, this.rows.length);
			this.rows.push(row);
		}
	}
}

/** Subscriptions, each with the key of its account. */
interface SubscriptionMerge {
	rows: KeyedRows<SubscriptionRow>;
	accountKey: GrowingInts;
}

/**
 * A row's attributes in a null-prototype object (headers may be `__proto__`). V8 keeps objects
 * made by Object.create(null) as hash tables, about four times the memory of an ordinary object
 * (100,000 of them showed in the reload's garbage collection); a plain object given a null
 * prototype once its properties are set keeps the compact layout, and all share one shape.
 */
function attributesAt(
	names: readonly string[],
	columns: readonly TextColumn[],
	i: number,
	plainFirst: boolean
): Record<string, string | null> {
	const attrs: Record<string, string | null> = plainFirst ? {} : Object.create(null);
	for (let k = 0; k < columns.length; k++) attrs[names[k]] = textAt(columns[k], i);
	if (plainFirst) Object.setPrototypeOf(attrs, null);
	return attrs;
}

/** Rows of blocks that break the importer's contract (a required value missing) are skipped. */
function mergeAccounts(block: ColumnBlock, into: AccountRows, names: Set<string>) {
	const c = block.columns;
	const n = block.rowCount;
	const keys = into.keys.keysOf(textColumn(c.id, n), n);
	const ids = into.keys.ids;
	const name = textColumn(c.name, n);
	const plan = textColumn(c.plan, n);
	const segment = textColumn(c.segment, n);
	const owner = textColumn(c.owner, n);
	const signupDay = numberColumn(c.signupDay, n);
	const churnDay = numberColumn(c.churnDay, n);
	const churnReason = textColumn(c.churnReason, n);
	const churnType = textColumn(c.churnType, n);
	const mrrMinor = numberColumn(c.mrrMinor, n);
	const currency = textColumn(c.currency, n);
	const tenureMonths = numberColumn(c.tenureMonths, n);
	const churned = numberColumn(c.churned, n);
	const attributeNames: string[] = [];
	const attributes: TextColumn[] = [];
	for (const key of Object.keys(c)) {
		if (!key.startsWith(ATTRIBUTE_PREFIX)) continue;
		const attributeName = key.slice(ATTRIBUTE_PREFIX.length);
		names.add(attributeName);
		attributeNames.push(attributeName);
		attributes.push(textColumn(c[key], n));
	}
	// `__proto__` would set the prototype of a plain object instead of adding a property.
	const plainFirst = !attributeNames.includes('__proto__');
	for (let i = 0; i < n; i++) {
		const key = keys[i];
		if (key < 0) continue;
		const attrs = attributesAt(attributeNames, attributes, i, plainFirst);
		const type = textAt(churnType, i);
		const flag = numberAt(churned, i);
		into.upsert(key, {
			id: ids[key],
			name: textAt(name, i),
			plan: textAt(plan, i),
			segment: textAt(segment, i),
			owner: textAt(owner, i),
			signupDay: numberAt(signupDay, i),
			churnDay: numberAt(churnDay, i),
			churnReason: textAt(churnReason, i),
			churnType: type !== null && CHURN_TYPES.has(type) ? (type as ChurnType) : null,
			mrrMinor: numberAt(mrrMinor, i),
			currency: textAt(currency, i),
			tenureMonths: numberAt(tenureMonths, i),
			churned: flag === null ? null : flag !== 0,
			attributes: attrs
		});
	}
}

function mergeSubscriptions(block: ColumnBlock, into: SubscriptionMerge, keys: AccountKeys) {
	const c = block.columns;
	const n = block.rowCount;
	const accountKeys = keys.keysOf(textColumn(c.accountId, n), n);
	const ids = keys.ids;
	const id = textColumn(c.id, n);
	const plan = textColumn(c.plan, n);
	const mrrMinor = numberColumn(c.mrrMinor, n);
	const currency = textColumn(c.currency, n);
	const startDay = numberColumn(c.startDay, n);
	const endDay = numberColumn(c.endDay, n);
	const status = textColumn(c.status, n);
	const cancelReason = textColumn(c.cancelReason, n);
	for (let i = 0; i < n; i++) {
		const key = accountKeys[i];
		const mrr = numberAt(mrrMinor, i);
		const start = numberAt(startDay, i);
		if (key < 0 || mrr === null || start === null) continue;
		const account = ids[key];
		const row: SubscriptionRow = {
			id: textAt(id, i),
			accountId: account,
			plan: textAt(plan, i),
			mrrMinor: mrr,
			currency: textAt(currency, i),
			startDay: start,
			endDay: numberAt(endDay, i),
			status: textAt(status, i),
			cancelReason: textAt(cancelReason, i)
		};
		const at =
			row.id !== null
				? into.rows.upsertById(row.id, row)
				: into.rows.upsertByComposite(account + SEP + row.plan + SEP + start, row);
		into.accountKey.set(at, key);
	}
}

function mergePayments(block: ColumnBlock, into: KeyedRows<PaymentRow>) {
	const c = block.columns;
	const n = block.rowCount;
	const id = textColumn(c.id, n);
	const accountId = textColumn(c.accountId, n);
	const day = numberColumn(c.day, n);
	const amountMinor = numberColumn(c.amountMinor, n);
	const currency = textColumn(c.currency, n);
	const status = textColumn(c.status, n);
	for (let i = 0; i < n; i++) {
		const account = textAt(accountId, i);
		const d = numberAt(day, i);
		const amount = numberAt(amountMinor, i);
		if (account === null || d === null || amount === null) continue;
		const s = textAt(status, i);
		const row: PaymentRow = {
			id: textAt(id, i),
			accountId: account,
			day: d,
			amountMinor: amount,
			currency: textAt(currency, i),
			status: s !== null && PAYMENT_STATUSES.has(s) ? (s as PaymentStatus) : null
		};
		if (row.id !== null) into.upsertById(row.id, row);
		else into.upsertByComposite(account + SEP + d + SEP + amount + SEP + row.status, row);
	}
}

function mergeTickets(block: ColumnBlock, into: KeyedRows<TicketRow>) {
	const c = block.columns;
	const n = block.rowCount;
	const id = textColumn(c.id, n);
	const accountId = textColumn(c.accountId, n);
	const openedDay = numberColumn(c.openedDay, n);
	const resolvedDay = numberColumn(c.resolvedDay, n);
	const status = textColumn(c.status, n);
	const priority = textColumn(c.priority, n);
	const subject = textColumn(c.subject, n);
	const satisfaction = textColumn(c.satisfaction, n);
	for (let i = 0; i < n; i++) {
		const account = textAt(accountId, i);
		const opened = numberAt(openedDay, i);
		if (account === null || opened === null) continue;
		const row: TicketRow = {
			id: textAt(id, i),
			accountId: account,
			openedDay: opened,
			resolvedDay: numberAt(resolvedDay, i),
			status: textAt(status, i),
			priority: textAt(priority, i),
			subject: textAt(subject, i),
			satisfaction: textAt(satisfaction, i)
		};
		if (row.id !== null) into.upsertById(row.id, row);
		else into.upsertByComposite(account + SEP + opened + SEP + row.subject, row);
	}
}

function mergeNps(block: ColumnBlock, into: KeyedRows<NpsRow>) {
	const c = block.columns;
	const n = block.rowCount;
	const id = textColumn(c.id, n);
	const accountId = textColumn(c.accountId, n);
	const day = numberColumn(c.day, n);
	const score = numberColumn(c.score, n);
	const comment = textColumn(c.comment, n);
	for (let i = 0; i < n; i++) {
		const account = textAt(accountId, i);
		const d = numberAt(day, i);
		const s = numberAt(score, i);
		if (account === null || d === null || s === null) continue;
		const row: NpsRow = {
			id: textAt(id, i),
			accountId: account,
			day: d,
			score: s,
			comment: textAt(comment, i)
		};
		if (row.id !== null) into.upsertById(row.id, row);
		else into.upsertByComposite(account + SEP + d, row);
	}
}

// Activity keys as numbers while they fit in 53 bits (the common case: Map<number> is much
// faster than string keys), else as strings; a given triple always lands in the same map.
const DAY_BIAS = 2 ** 23;
const DAY_SPAN = 2 ** 24;
const METRIC_SPAN = 2 ** 9;
const ACCOUNT_SPAN = 2 ** 20;

/** Day numbers of a column as i32 (NULL_INT for null); stored days are i32 already. */
function dayValues(column: ColumnData, n: number): Int32Array {
	if (column.kind === 'i32') return column.values;
	if (column.kind === 'packed') return unpackedInt32(column);
	const out = new Int32Array(n).fill(NULL_INT);
	if (column.kind === 'f64') {
		for (let i = 0; i < n; i++) if (Number.isFinite(column.values[i])) out[i] = column.values[i];
	}
	return out;
}

/** True when no row of the block is skipped or changed by the merge loop (all values present). */
function isWhole(
	accountAt: Int32Array,
	metricAt: Int32Array,
	dayAt: Int32Array,
	countAt: Float64Array,
	usersAt: Float64Array,
	n: number
): boolean {
	if (dayAt.length < n || countAt.length < n || usersAt.length < n) return false;
	for (let i = 0; i < n; i++) {
		if (accountAt[i] < 0 || metricAt[i] < 0 || dayAt[i] === NULL_INT) return false;
	}
	return true;
}

/** Columnar activity with its own dictionaries; merged by (account, day, metric). */
class ActivityMerge {
	length = 0;
	account = new Int32Array(1024);
	day = new Int32Array(1024);
	metric = new Int32Array(1024);
	count = new Float64Array(1024);
	users = new Float64Array(1024);
	private readonly accounts = new TextNumbers();
	private readonly metrics = new TextNumbers();
	/** Set once table() has handed out views of the arrays: the next write copies them first. */
	private shared = false;
	private lastBatchId: number | null = null;
	private batchesSeen = 0;
	// Built only when a second batch brings activity: one batch holds each key once (the
	// importer's rollup makes one row per account, day and metric), so it needs no lookup.
	private numericKeys: Map<number, number> | null = null;
	private stringKeys: Map<string, number> | null = null;

	addBlock(batchId: number, block: ColumnBlock): void {
		if (batchId !== this.lastBatchId) {
			this.lastBatchId = batchId;
			this.batchesSeen++;
			if (this.batchesSeen === 2) this.indexExistingRows();
		}
		const c = block.columns;
		if (!c.accountId || !c.day) return;
		const n = block.rowCount;
		const accountAt = this.globalIndexes(c.accountId, n, this.accounts);
		// A rollup without a metric column counts every event of the account-day.
		const metricAt = c.metric
			? this.globalIndexes(c.metric, n, this.metrics)
			: new Int32Array(n).fill(-1);
		const dayAt = dayValues(c.day, n);
		// f64, or i32 when the importer found whole numbers only (blocks since 2026-12).
		const countAt = numberColumn(c.count, n);
		const usersAt = numberColumn(c.users, n);
		this.reserve(this.length + n);
		const keyed = this.numericKeys !== null;
		const { account, day, metric, count, users } = this;
		let length = this.length;
		if (!keyed && isWhole(accountAt, metricAt, dayAt, countAt, usersAt, n)) {
			// Every row is kept as it is (the importer's blocks): copy the columns whole.
			account.set(accountAt, length);
			metric.set(metricAt, length);
			day.set(dayAt.subarray(0, n), length);
			count.set(countAt.subarray(0, n), length);
			users.set(usersAt.subarray(0, n), length);
			this.length = length + n;
			return;
		}
		for (let i = 0; i < n; i++) {
			const a = accountAt[i];
			const d = dayAt[i];
			if (a < 0 || d === NULL_INT) continue;
			let m = metricAt[i];
			if (m < 0) m = this.metrics.numberOf(ALL_EVENTS_METRIC);
			if (keyed) {
				const at = this.find(a, d, m);
				if (at >= 0) {
					count[at] = countAt[i];
					users[at] = usersAt[i];
					continue;
				}
				this.remember(a, d, m, length);
			}
			account[length] = a;
			day[length] = d;
			metric[length] = m;
			count[length] = countAt[i];
			users[length] = usersAt[i];
			length++;
		}
		this.length = length;
	}

	/** Views of the merged rows, not copies: a later write copies the arrays first (reserve). */
	table(): ActivityTable {
		const n = this.length;
		this.shared = true;
		return {
			length: n,
			account: this.account.subarray(0, n),
			day: this.day.subarray(0, n),
			metric: this.metric.subarray(0, n),
			count: this.count.subarray(0, n),
			users: this.users.subarray(0, n),
			accountIds: this.accounts.texts.slice(),
			metrics: this.metrics.texts.slice()
		};
	}

	/** Each row's index in the global dictionary (-1 for null); block codes resolve once. */
	private globalIndexes(column: ColumnData, n: number, numbers: TextNumbers): Int32Array {
		const out = new Int32Array(n);
		if (column.kind === 'str') {
			const { codes, dict } = column;
			const global = new Int32Array(dict.length);
			for (let code = 0; code < dict.length; code++) {
				global[code] = numbers.numberOf(dict[code]);
			}
			for (let i = 0; i < n; i++) out[i] = codes[i] < 0 ? -1 : global[codes[i]];
			return out;
		}
		const text = textColumn(column, n);
		for (let i = 0; i < n; i++) {
			const value = textAt(text, i);
			out[i] = value === null ? -1 : numbers.numberOf(value);
		}
		return out;
	}

	private fitsNumber(a: number, d: number, m: number): boolean {
		return a < ACCOUNT_SPAN && m < METRIC_SPAN && d >= -DAY_BIAS && d < DAY_BIAS;
	}

	private find(a: number, d: number, m: number): number {
		const at = this.fitsNumber(a, d, m)
			? this.numericKeys!.get((a * METRIC_SPAN + m) * DAY_SPAN + (d + DAY_BIAS))
			: this.stringKeys!.get(a + SEP + m + SEP + d);
		return at === undefined ? -1 : at;
	}

	private remember(a: number, d: number, m: number, row: number): void {
		if (this.fitsNumber(a, d, m))
			this.numericKeys!.set((a * METRIC_SPAN + m) * DAY_SPAN + (d + DAY_BIAS), row);
		else this.stringKeys!.set(a + SEP + m + SEP + d, row);
	}

	private indexExistingRows(): void {
		this.numericKeys = new Map();
		this.stringKeys = new Map();
		for (let n = 0; n < this.length; n++) {
			this.remember(this.account[n], this.day[n], this.metric[n], n);
		}
	}

	/** Room for `capacity` rows, in arrays of this merge's own (see table()). */
	reserve(capacity: number): void {
		if (capacity <= this.account.length && !this.shared) return;
		this.shared = false;
		const size =
			capacity <= this.account.length
				? this.account.length
				: Math.max(capacity, this.account.length * 2);
		const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
			const next = make(size);
			next.set(a.subarray(0, this.length));
			return next;
		};
		this.account = grow(this.account, (n) => new Int32Array(n));
		this.day = grow(this.day, (n) => new Int32Array(n));
		this.metric = grow(this.metric, (n) => new Int32Array(n));
		this.count = grow(this.count, (n) => new Float64Array(n));
		this.users = grow(this.users, (n) => new Float64Array(n));
	}
}

/**
 * What the merge knows of a dataset's accounts, for the customer base: with it the base needs no
 * id lookups (300,000 subscriptions' account ids through a Map took a large share of the
 * overview's first computation after a reload).
 */
export interface AccountLinks {
	/** The accounts' ids in order, then ids found only in subscriptions, in first-seen order. */
	ids: string[];
	/** Per subscription row: its account's index in `ids`. */
	subscriptionAccount: Int32Array;
}

interface KeptLinks extends AccountLinks {
	accounts: readonly AccountRow[];
	accountCount: number;
	subscriptions: readonly SubscriptionRow[];
}

const linksByDataset = new WeakMap<Dataset, KeptLinks>();

/**
 * The account links of a dataset this module built, while it still holds the arrays it was built
 * with; null for any other dataset (filtered, made by hand), whose users look the ids up.
 */
export function accountLinksOf(dataset: Dataset): AccountLinks | null {
	const links = linksByDataset.get(dataset);
	return links &&
		links.accounts === dataset.accounts &&
		links.subscriptions === dataset.subscriptions &&
		links.accountCount === dataset.accounts.length &&
		links.subscriptionAccount.length === dataset.subscriptions.length
		? links
		: null;
}

/** Ids as the customer base lists them: accounts, then accounts known only by subscriptions. */
function linksOf(
	accounts: AccountRows,
	subscriptions: SubscriptionMerge,
	keys: AccountKeys
): AccountLinks {
	const ids = accounts.rows.map((a) => a.id);
	const subs = subscriptions.rows.rows;
	const subscriptionAccount = new Int32Array(subs.length);
	const accountAt = accounts.at.values;
	const accountKey = subscriptions.accountKey.values;
	const extraAt = new Int32Array(keys.ids.length).fill(-1);
	for (let r = 0; r < subs.length; r++) {
		const key = accountKey[r];
		let a = key < accountAt.length ? accountAt[key] : -1;
		if (a < 0) {
			a = extraAt[key];
			if (a < 0) {
				a = extraAt[key] = ids.length;
				ids.push(keys.ids[key]);
			}
		}
		subscriptionAccount[r] = a;
	}
	return { ids, subscriptionAccount };
}

/** An empty merge; add committed batches in commit order. */
export function createDatasetMerge(): DatasetMerge {
	const keys = new AccountKeys();
	const accounts = new AccountRows(keys);
	const subscriptions: SubscriptionMerge = {
		rows: new KeyedRows<SubscriptionRow>(),
		accountKey: new GrowingInts()
	};
	const payments = new KeyedRows<PaymentRow>();
	const tickets = new KeyedRows<TicketRow>();
	const nps = new KeyedRows<NpsRow>();
	const activity = new ActivityMerge();
	const attributeNames = new Set<string>();
	return {
		addBatch({ batchId, blocks }) {
			// Room for the batch's activity at once: doubling from small arrays copied it all.
			let activityRows = 0;
			for (const block of blocks) if (block.entity === 'activity') activityRows += block.rowCount;
			if (activityRows > 0) activity.reserve(activity.length + activityRows);
			let accountRows = 0;
			for (const block of blocks) if (block.entity === 'accounts') accountRows += block.rowCount;
			if (accountRows > 0) keys.reserve(keys.ids.length + accountRows);
			for (const block of blocks) {
				switch (block.entity) {
					case 'accounts':
						mergeAccounts(block, accounts, attributeNames);
						break;
					case 'subscriptions':
						mergeSubscriptions(block, subscriptions, keys);
						break;
					case 'payments':
						mergePayments(block, payments);
						break;
					case 'activity':
						activity.addBlock(batchId, block);
						break;
					case 'tickets':
						mergeTickets(block, tickets);
						break;
					case 'nps':
						mergeNps(block, nps);
						break;
				}
			}
		},
		dataset: () => {
			const dataset: Dataset = {
				accounts: accounts.rows.slice(),
				subscriptions: subscriptions.rows.rows.slice(),
				payments: payments.rows.slice(),
				tickets: tickets.rows.slice(),
				nps: nps.rows.slice(),
				activity: activity.table(),
				attributeNames: [...attributeNames]
			};
			linksByDataset.set(dataset, {
				...linksOf(accounts, subscriptions, keys),
				accounts: dataset.accounts,
				accountCount: dataset.accounts.length,
				subscriptions: dataset.subscriptions
			});
			return dataset;
		}
	};
}

/**
 * The dataset of committed batches given in commit order. Natural keys: accounts by id;
 * subscriptions by id, else accountId|plan|startDay; payments by id, else
 * accountId|day|amountMinor|status; activity by accountId|day|metric; tickets by id, else
 * accountId|openedDay|subject; nps by id, else accountId|day. Attribute names are listed in
 * first-seen order over all merged accounts blocks.
 */
export function buildDataset(batches: readonly BatchBlocks[]): Dataset {
	const merge = createDatasetMerge();
	for (const batch of batches) merge.addBatch(batch);
	return merge.dataset();
}
