// The domain's shapes, shared by every layer. Pure types and constants: no DOM, no Dexie.

/** Days since 1970-01-01 in the workspace calendar. Integer. */
export type DayNumber = number;
/** Months since January 1970: (year - 1970) * 12 + month0. Integer. */
export type MonthIndex = number;

export const ENTITY_NAMES = [
	'accounts',
	'subscriptions',
	'payments',
	'activity',
	'tickets',
	'nps'
] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

/**
 * How a source cell is coerced: `day` becomes a DayNumber, `money` minor units (with the row's or
 * the workspace's currency), `number` a float, `boolean` true/false, `string` trimmed text.
 */
export type FieldType = 'string' | 'day' | 'money' | 'number' | 'boolean';

export interface FieldSpec {
	/** Column key in storage; persisted: do not rename without a migration. */
	key: string;
	type: FieldType;
	required?: boolean;
}

// Persisted column keys per entity: do not change without a schema migration.
export const ENTITY_FIELDS: Record<EntityName, readonly FieldSpec[]> = {
	accounts: [
		{ key: 'id', type: 'string', required: true },
		{ key: 'name', type: 'string' },
		{ key: 'plan', type: 'string' },
		{ key: 'segment', type: 'string' },
		{ key: 'owner', type: 'string' },
		{ key: 'signupDay', type: 'day' },
		{ key: 'churnDay', type: 'day' },
		{ key: 'churnReason', type: 'string' },
		{ key: 'churnType', type: 'string' },
		{ key: 'mrrMinor', type: 'money' },
		{ key: 'currency', type: 'string' },
		{ key: 'tenureMonths', type: 'number' },
		{ key: 'churned', type: 'boolean' }
	],
	subscriptions: [
		{ key: 'id', type: 'string' },
		{ key: 'accountId', type: 'string', required: true },
		{ key: 'plan', type: 'string' },
		{ key: 'mrrMinor', type: 'money', required: true },
		{ key: 'currency', type: 'string' },
		{ key: 'startDay', type: 'day', required: true },
		{ key: 'endDay', type: 'day' },
		{ key: 'status', type: 'string' },
		{ key: 'cancelReason', type: 'string' }
	],
	payments: [
		{ key: 'id', type: 'string' },
		{ key: 'accountId', type: 'string', required: true },
		{ key: 'day', type: 'day', required: true },
		{ key: 'amountMinor', type: 'money', required: true },
		{ key: 'currency', type: 'string' },
		{ key: 'status', type: 'string' }
	],
	// Source fields of raw events; stored rolled up as ACTIVITY_STORED_FIELDS.
	activity: [
		{ key: 'accountId', type: 'string', required: true },
		{ key: 'day', type: 'day', required: true },
		{ key: 'metric', type: 'string' },
		{ key: 'count', type: 'number' },
		{ key: 'userId', type: 'string' },
		// Pre-rolled daily files (a warehouse export) carry distinct users per row instead of ids.
		{ key: 'users', type: 'number' }
	],
	tickets: [
		{ key: 'id', type: 'string' },
		{ key: 'accountId', type: 'string', required: true },
		{ key: 'openedDay', type: 'day', required: true },
		{ key: 'resolvedDay', type: 'day' },
		{ key: 'status', type: 'string' },
		{ key: 'priority', type: 'string' },
		{ key: 'subject', type: 'string' },
		{ key: 'satisfaction', type: 'string' }
	],
	nps: [
		{ key: 'id', type: 'string' },
		{ key: 'accountId', type: 'string', required: true },
		{ key: 'day', type: 'day', required: true },
		{ key: 'score', type: 'number', required: true },
		{ key: 'comment', type: 'string' }
	]
};

/**
 * Columns of stored activity blocks (rolled up): accountId (str), day (i32), metric (str),
 * count, users (distinct users; only on ALL_EVENTS_METRIC rows, missing elsewhere). count and
 * users are i32 (missing: NULL_INT) when a block's values are all whole numbers, else f64 (NaN).
 */
export const ACTIVITY_STORED_COLUMNS = ['accountId', 'day', 'metric', 'count', 'users'] as const;

/** The metric that counts every event of an account-day and keeps its distinct users. */
export const ALL_EVENTS_METRIC = '*';

export type ChurnType = 'voluntary' | 'involuntary' | 'downgrade';
export type PaymentStatus = 'paid' | 'failed' | 'refunded';

// ---------------------------------------------------------------------------------------------
// Columnar storage. One ColumnBlock holds a slice of one entity's rows of one import batch.

/** Null in an i32 column (day numbers). */
export const NULL_INT = -2147483648;

export type ColumnData =
	/** Numbers; NaN is null. Money in minor units. Booleans as 1/0. */
	| { kind: 'f64'; values: Float64Array }
	/** Day numbers; NULL_INT is null. */
	| { kind: 'i32'; values: Int32Array }
	/**
	 * Whole numbers in a narrow range (packedInts): 0 is null, `v` is `base + v - 1`. The
	 * importer's rollup blocks store days, counts and users so, in 1 or 2 bytes a row instead of
	 * 4 (blocks since 2026-12-03; older ones hold i32).
	 */
	| { kind: 'packed'; values: Uint8Array | Uint16Array; base: number }
	/** Dictionary-encoded strings; code -1 is null. */
	| { kind: 'str'; codes: Codes; dict: string[] };

/**
 * Dictionary codes in the narrowest signed array that holds the dictionary (narrowCodes): a
 * block's account ids or event names take one or two bytes a row instead of four, in memory, in
 * the commit and in a reload's read. Blocks written before that hold Int32Array.
 */
export type Codes = Int32Array | Int16Array | Int8Array;

export interface ColumnBlock {
	entity: EntityName;
	rowCount: number;
	/** Keyed by field key; unmapped accounts columns as `attr:<source header>`. */
	columns: Record<string, ColumnData>;
}

/** Prefix of kept-as-attribute columns in accounts blocks. */
export const ATTRIBUTE_PREFIX = 'attr:';

// ---------------------------------------------------------------------------------------------
// The in-memory dataset the worker builds from the committed batches, merged in order.

export interface AccountRow {
	id: string;
	name: string | null;
	plan: string | null;
	segment: string | null;
	owner: string | null;
	signupDay: DayNumber | null;
	churnDay: DayNumber | null;
	churnReason: string | null;
	churnType: ChurnType | null;
	mrrMinor: number | null;
	currency: string | null;
	/** For snapshot exports without dates (tenure and a churned flag). */
	tenureMonths: number | null;
	churned: boolean | null;
	/** Unmapped source columns, by header. Null-prototype object: headers may be `__proto__`. */
	attributes: Record<string, string | null>;
}

export interface SubscriptionRow {
	id: string | null;
	accountId: string;
	plan: string | null;
	/** Monthly recurring revenue of this subscription, minor units. */
	mrrMinor: number;
	currency: string | null;
	startDay: DayNumber;
	/** Last day of service (exclusive end = endDay + 1), or null while active. */
	endDay: DayNumber | null;
	status: string | null;
	cancelReason: string | null;
}

export interface PaymentRow {
	id: string | null;
	accountId: string;
	day: DayNumber;
	amountMinor: number;
	currency: string | null;
	status: PaymentStatus | null;
}

export interface TicketRow {
	id: string | null;
	accountId: string;
	openedDay: DayNumber;
	resolvedDay: DayNumber | null;
	status: string | null;
	priority: string | null;
	subject: string | null;
	satisfaction: string | null;
}

export interface NpsRow {
	id: string | null;
	accountId: string;
	day: DayNumber;
	score: number;
	comment: string | null;
}

/** Daily activity rollups, columnar: one row per account, day and metric. */
export interface ActivityTable {
	length: number;
	/** Index into `accountIds`. */
	account: Int32Array;
	day: Int32Array;
	/** Index into `metrics`. */
	metric: Int32Array;
	count: Float64Array;
	/** Distinct users of the account-day; only for the `*` metric, NaN elsewhere. */
	users: Float64Array;
	accountIds: string[];
	metrics: string[];
}

export interface Dataset {
	accounts: AccountRow[];
	subscriptions: SubscriptionRow[];
	payments: PaymentRow[];
	tickets: TicketRow[];
	nps: NpsRow[];
	activity: ActivityTable;
	/** Attribute names of accounts, in first-seen order. */
	attributeNames: string[];
}
