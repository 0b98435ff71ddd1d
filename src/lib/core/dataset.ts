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
	type ColumnBlock,
	type ColumnData,
	type Dataset,
	type NpsRow,
	type PaymentRow,
	type PaymentStatus,
	type SubscriptionRow,
	type TicketRow
} from './types';

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

type StrAt = (i: number) => string | null;
type NumAt = (i: number) => number | null;

const nullAt = (): null => null;

/** A reader of text values; numbers in a text field are shown as written. */
function strReader(column: ColumnData | undefined): StrAt {
	if (!column) return nullAt;
	if (column.kind === 'str') {
		const { codes, dict } = column;
		return (i) => {
			const c = codes[i];
			return c < 0 ? null : dict[c];
		};
	}
	if (column.kind === 'i32') {
		const values = column.values;
		return (i) => (values[i] === NULL_INT ? null : String(values[i]));
	}
	const values = column.values;
	return (i) => (Number.isNaN(values[i]) ? null : String(values[i]));
}

/** A reader of numbers (and day numbers); text columns hold no numbers. */
function numReader(column: ColumnData | undefined): NumAt {
	if (!column || column.kind === 'str') return nullAt;
	if (column.kind === 'i32') {
		const values = column.values;
		return (i) => (values[i] === NULL_INT ? null : values[i]);
	}
	const values = column.values;
	return (i) => (Number.isNaN(values[i]) ? null : values[i]);
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

/**
 * Rows of one entity merged by natural key: a replacement keeps the first row's position.
 * Source ids and composite keys live in separate maps, so an id never collides with a
 * composite key and the common case (an id) needs no string concatenation.
 */
class KeyedRows<T> {
	readonly rows: T[] = [];
	private readonly byId = new Map<string, number>();
	private readonly byComposite = new Map<string, number>();

	upsertById(id: string, row: T): void {
		this.upsert(this.byId, id, row);
	}

	upsertByComposite(key: string, row: T): void {
		this.upsert(this.byComposite, key, row);
	}

	private upsert(index: Map<string, number>, key: string, row: T): void {
		const at = index.get(key);
		if (at === undefined) {
			index.set(key, this.rows.length);
			this.rows.push(row);
		} else {
			this.rows[at] = row;
		}
	}
}

/** Rows of blocks that break the importer's contract (a required value missing) are skipped. */
function mergeAccounts(block: ColumnBlock, into: KeyedRows<AccountRow>, names: Set<string>) {
	const c = block.columns;
	const id = strReader(c.id);
	const name = strReader(c.name);
	const plan = strReader(c.plan);
	const segment = strReader(c.segment);
	const owner = strReader(c.owner);
	const signupDay = numReader(c.signupDay);
	const churnDay = numReader(c.churnDay);
	const churnReason = strReader(c.churnReason);
	const churnType = strReader(c.churnType);
	const mrrMinor = numReader(c.mrrMinor);
	const currency = strReader(c.currency);
	const tenureMonths = numReader(c.tenureMonths);
	const churned = numReader(c.churned);
	const attributes: [string, StrAt][] = [];
	for (const key of Object.keys(c)) {
		if (!key.startsWith(ATTRIBUTE_PREFIX)) continue;
		const attributeName = key.slice(ATTRIBUTE_PREFIX.length);
		names.add(attributeName);
		attributes.push([attributeName, strReader(c[key])]);
	}
	for (let i = 0; i < block.rowCount; i++) {
		const accountId = id(i);
		if (accountId === null) continue;
		const attrs: Record<string, string | null> = Object.create(null);
		for (const [attributeName, read] of attributes) attrs[attributeName] = read(i);
		const type = churnType(i);
		const flag = churned(i);
		into.upsertById(accountId, {
			id: accountId,
			name: name(i),
			plan: plan(i),
			segment: segment(i),
			owner: owner(i),
			signupDay: signupDay(i),
			churnDay: churnDay(i),
			churnReason: churnReason(i),
			churnType: type !== null && CHURN_TYPES.has(type) ? (type as ChurnType) : null,
			mrrMinor: mrrMinor(i),
			currency: currency(i),
			tenureMonths: tenureMonths(i),
			churned: flag === null ? null : flag !== 0,
			attributes: attrs
		});
	}
}

function mergeSubscriptions(block: ColumnBlock, into: KeyedRows<SubscriptionRow>) {
	const c = block.columns;
	const id = strReader(c.id);
	const accountId = strReader(c.accountId);
	const plan = strReader(c.plan);
	const mrrMinor = numReader(c.mrrMinor);
	const currency = strReader(c.currency);
	const startDay = numReader(c.startDay);
	const endDay = numReader(c.endDay);
	const status = strReader(c.status);
	const cancelReason = strReader(c.cancelReason);
	for (let i = 0; i < block.rowCount; i++) {
		const account = accountId(i);
		const mrr = mrrMinor(i);
		const start = startDay(i);
		if (account === null || mrr === null || start === null) continue;
		const row: SubscriptionRow = {
			id: id(i),
			accountId: account,
			plan: plan(i),
			mrrMinor: mrr,
			currency: currency(i),
			startDay: start,
			endDay: endDay(i),
			status: status(i),
			cancelReason: cancelReason(i)
		};
		if (row.id !== null) into.upsertById(row.id, row);
		else into.upsertByComposite(account + SEP + row.plan + SEP + start, row);
	}
}

function mergePayments(block: ColumnBlock, into: KeyedRows<PaymentRow>) {
	const c = block.columns;
	const id = strReader(c.id);
	const accountId = strReader(c.accountId);
	const day = numReader(c.day);
	const amountMinor = numReader(c.amountMinor);
	const currency = strReader(c.currency);
	const status = strReader(c.status);
	for (let i = 0; i < block.rowCount; i++) {
		const account = accountId(i);
		const d = day(i);
		const amount = amountMinor(i);
		if (account === null || d === null || amount === null) continue;
		const s = status(i);
		const row: PaymentRow = {
			id: id(i),
			accountId: account,
			day: d,
			amountMinor: amount,
			currency: currency(i),
			status: s !== null && PAYMENT_STATUSES.has(s) ? (s as PaymentStatus) : null
		};
		if (row.id !== null) into.upsertById(row.id, row);
		else into.upsertByComposite(account + SEP + d + SEP + amount + SEP + row.status, row);
	}
}

function mergeTickets(block: ColumnBlock, into: KeyedRows<TicketRow>) {
	const c = block.columns;
	const id = strReader(c.id);
	const accountId = strReader(c.accountId);
	const openedDay = numReader(c.openedDay);
	const resolvedDay = numReader(c.resolvedDay);
	const status = strReader(c.status);
	const priority = strReader(c.priority);
	const subject = strReader(c.subject);
	const satisfaction = strReader(c.satisfaction);
	for (let i = 0; i < block.rowCount; i++) {
		const account = accountId(i);
		const opened = openedDay(i);
		if (account === null || opened === null) continue;
		const row: TicketRow = {
			id: id(i),
			accountId: account,
			openedDay: opened,
			resolvedDay: resolvedDay(i),
			status: status(i),
			priority: priority(i),
			subject: subject(i),
			satisfaction: satisfaction(i)
		};
		if (row.id !== null) into.upsertById(row.id, row);
		else into.upsertByComposite(account + SEP + opened + SEP + row.subject, row);
	}
}

function mergeNps(block: ColumnBlock, into: KeyedRows<NpsRow>) {
	const c = block.columns;
	const id = strReader(c.id);
	const accountId = strReader(c.accountId);
	const day = numReader(c.day);
	const score = numReader(c.score);
	const comment = strReader(c.comment);
	for (let i = 0; i < block.rowCount; i++) {
		const account = accountId(i);
		const d = day(i);
		const s = score(i);
		if (account === null || d === null || s === null) continue;
		const row: NpsRow = { id: id(i), accountId: account, day: d, score: s, comment: comment(i) };
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
	const out = new Int32Array(n).fill(NULL_INT);
	if (column.kind === 'f64') {
		for (let i = 0; i < n; i++) if (Number.isFinite(column.values[i])) out[i] = column.values[i];
	}
	return out;
}

/** Columnar activity with its own dictionaries; merged by (account, day, metric). */
class ActivityMerge {
	length = 0;
	account = new Int32Array(1024);
	day = new Int32Array(1024);
	metric = new Int32Array(1024);
	count = new Float64Array(1024);
	users = new Float64Array(1024);
	readonly accountIds: string[] = [];
	readonly metrics: string[] = [];
	private readonly accountIndex = new Map<string, number>();
	private readonly metricIndex = new Map<string, number>();
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
		const accountAt = this.globalIndexes(c.accountId, n, this.accountIds, this.accountIndex);
		// A rollup without a metric column counts every event of the account-day.
		const metricAt = c.metric
			? this.globalIndexes(c.metric, n, this.metrics, this.metricIndex)
			: new Int32Array(n).fill(-1);
		const dayAt = dayValues(c.day, n);
		const countAt = c.count?.kind === 'f64' ? c.count.values : new Float64Array(n).fill(NaN);
		const usersAt = c.users?.kind === 'f64' ? c.users.values : new Float64Array(n).fill(NaN);
		this.reserve(this.length + n);
		const keyed = this.numericKeys !== null;
		const { account, day, metric, count, users } = this;
		let length = this.length;
		for (let i = 0; i < n; i++) {
			const a = accountAt[i];
			const d = dayAt[i];
			if (a < 0 || d === NULL_INT) continue;
			let m = metricAt[i];
			if (m < 0) m = this.indexOf(ALL_EVENTS_METRIC, this.metrics, this.metricIndex);
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

	table(): ActivityTable {
		const n = this.length;
		return {
			length: n,
			account: this.account.slice(0, n),
			day: this.day.slice(0, n),
			metric: this.metric.slice(0, n),
			count: this.count.slice(0, n),
			users: this.users.slice(0, n),
			accountIds: this.accountIds.slice(),
			metrics: this.metrics.slice()
		};
	}

	private indexOf(text: string, list: string[], index: Map<string, number>): number {
		let at = index.get(text);
		if (at === undefined) {
			at = list.length;
			list.push(text);
			index.set(text, at);
		}
		return at;
	}

	/** Each row's index in the global dictionary (-1 for null); block codes resolve once. */
	private globalIndexes(
		column: ColumnData,
		n: number,
		list: string[],
		index: Map<string, number>
	): Int32Array {
		const out = new Int32Array(n);
		if (column.kind === 'str') {
			const { codes, dict } = column;
			const global = new Int32Array(dict.length);
			for (let code = 0; code < dict.length; code++) {
				global[code] = this.indexOf(dict[code], list, index);
			}
			for (let i = 0; i < n; i++) out[i] = codes[i] < 0 ? -1 : global[codes[i]];
			return out;
		}
		const read = strReader(column);
		for (let i = 0; i < n; i++) {
			const text = read(i);
			out[i] = text === null ? -1 : this.indexOf(text, list, index);
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

	private reserve(capacity: number): void {
		if (capacity <= this.account.length) return;
		let size = this.account.length;
		while (size < capacity) size *= 2;
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

/** An empty merge; add committed batches in commit order. */
export function createDatasetMerge(): DatasetMerge {
	const accounts = new KeyedRows<AccountRow>();
	const subscriptions = new KeyedRows<SubscriptionRow>();
	const payments = new KeyedRows<PaymentRow>();
	const tickets = new KeyedRows<TicketRow>();
	const nps = new KeyedRows<NpsRow>();
	const activity = new ActivityMerge();
	const attributeNames = new Set<string>();
	return {
		addBatch({ batchId, blocks }) {
			for (const block of blocks) {
				switch (block.entity) {
					case 'accounts':
						mergeAccounts(block, accounts, attributeNames);
						break;
					case 'subscriptions':
						mergeSubscriptions(block, subscriptions);
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
		dataset: () => ({
			accounts: accounts.rows.slice(),
			subscriptions: subscriptions.rows.slice(),
			payments: payments.rows.slice(),
			tickets: tickets.rows.slice(),
			nps: nps.rows.slice(),
			activity: activity.table(),
			attributeNames: [...attributeNames]
		})
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
