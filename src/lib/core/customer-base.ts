// The per-dataset precomputation every churn figure reads: accounts indexed once, each
// account's paid intervals (spells) and its month-end MRR in one typed array. Built once per
// dataset and settings (datasets are immutable: the worker builds a new one on each change).
import { accountLinksOf } from './dataset';
import { dayFromIso, lastDayOfMonth } from './dates';
import { monthOfDay } from './periods';
import { NULL_INT, type AccountRow, type Dataset, type DayNumber, type MonthIndex } from './types';

export type ChurnConvention = 'standard' | 'baremetrics' | 'profitwell';
/** When a churn counts: at the end of service (default) or on the cancellation day, if given. */
export type ChurnRecognition = 'end-of-service' | 'cancellation';

export interface MetricSettings {
	/** The data's end (today in the app). Default: the latest day found in the data. */
	asOfDay?: DayNumber;
	/** Logo churn convention; default 'standard' (ChartMogul). */
	convention?: ChurnConvention;
	recognition?: ChurnRecognition;
	/** Account attribute holding the cancellation day (`YYYY-MM-DD...`), for 'cancellation'. */
	cancellationDayAttribute?: string;
	/** Net MRR churn counts reactivation as negative churn (ChartMogul, default true). */
	netChurnIncludesReactivation?: boolean;
	/** Gross margin 0..1 for margin-adjusted LTV; null when not entered. */
	grossMargin?: number | null;
	/** Customer acquisition cost in minor units for LTV:CAC; null when not entered. */
	cacMinor?: number | null;
}

export interface CustomerBase {
	dataset: Dataset;
	/** Account ids: the dataset's accounts in order, then ids only found in subscriptions. */
	ids: string[];
	/**
	 * Position of an id in `ids`; its Map is built on first use (few figures need it). A method,
	 * not a getter: a getter on this object made every figure's reads of its arrays slower.
	 */
	indexOf(id: string): number | undefined;
	accounts: (AccountRow | null)[];
	asOfDay: DayNumber;
	/** Months firstMonth .. firstMonth + monthCount - 1; the last holds asOfDay. */
	firstMonth: MonthIndex;
	monthCount: number;
	/** Month-end MRR, minor units: mrr[account * monthCount + (month - firstMonth)]. */
	mrr: Float64Array;
	/** 1 when the account is a customer (inside a spell) on the month's snapshot day. */
	active: Uint8Array;
	/** Spells: maximal runs of paid service per account, CSR by account, ordered by start. */
	spellOffset: Int32Array;
	spellStart: Int32Array;
	/** Last day of service, NULL_INT while open. */
	spellEnd: Int32Array;
	/** First day of paid service, NULL_INT when never a customer. */
	firstPaidDay: Int32Array;
	/** Subscription rows per account (CSR), for reasons and day-level MRR. */
	subOffset: Int32Array;
	subRows: Int32Array;
	/** Effective last day of each subscription row after the recognition setting; NULL_INT open. */
	subEnd: Int32Array;
}

const baseCache = new WeakMap<Dataset, Map<string, CustomerBase>>();

const dayRanges = new WeakMap<Dataset, { minDay: DayNumber | null; maxDay: DayNumber | null }>();

/**
 * The earliest and latest day numbers found anywhere in the dataset (null when it holds no day).
 * Kept per dataset: the workspace counts and every figure's as-of day read it after a reload.
 */
export function dayRangeOf(dataset: Dataset): {
	minDay: DayNumber | null;
	maxDay: DayNumber | null;
} {
	let range = dayRanges.get(dataset);
	if (range) return range;
	let min = Infinity;
	let max = -Infinity;
	for (const a of dataset.accounts) {
		if (a.signupDay !== null) {
			if (a.signupDay < min) min = a.signupDay;
			if (a.signupDay > max) max = a.signupDay;
		}
		if (a.churnDay !== null) {
			if (a.churnDay < min) min = a.churnDay;
			if (a.churnDay > max) max = a.churnDay;
		}
	}
	for (const s of dataset.subscriptions) {
		if (s.startDay < min) min = s.startDay;
		if (s.startDay > max) max = s.startDay;
		if (s.endDay !== null) {
			if (s.endDay < min) min = s.endDay;
			if (s.endDay > max) max = s.endDay;
		}
	}
	for (const p of dataset.payments) {
		if (p.day < min) min = p.day;
		if (p.day > max) max = p.day;
	}
	for (const t of dataset.tickets) {
		if (t.openedDay < min) min = t.openedDay;
		if (t.openedDay > max) max = t.openedDay;
	}
	for (const r of dataset.nps) {
		if (r.day < min) min = r.day;
		if (r.day > max) max = r.day;
	}
	const days = dataset.activity.day;
	for (let i = 0; i < dataset.activity.length; i++) {
		if (days[i] < min) min = days[i];
		if (days[i] > max) max = days[i];
	}
	range = max === -Infinity ? { minDay: null, maxDay: null } : { minDay: min, maxDay: max };
	dayRanges.set(dataset, range);
	return range;
}

/** The latest day number found anywhere in the dataset, or null when it holds no day. */
export function latestDayOf(dataset: Dataset): DayNumber | null {
	return dayRangeOf(dataset).maxDay;
}

/** A field of an account (plan, segment, owner, churnType, churnReason, currency) or attribute. */
export function accountFieldValue(account: AccountRow | null, field: string): string | null {
	if (!account) return null;
	switch (field) {
		case 'plan':
		case 'segment':
		case 'owner':
		case 'churnType':
		case 'churnReason':
		case 'currency':
		case 'name':
			return account[field];
		default:
			return Object.prototype.hasOwnProperty.call(account.attributes, field)
				? account.attributes[field]
				: null;
	}
}

/** The cached base for a dataset and settings. */
export function customerBase(dataset: Dataset, settings: MetricSettings = {}): CustomerBase {
	const recognition = settings.recognition ?? 'end-of-service';
	const asOf = settings.asOfDay ?? latestDayOf(dataset) ?? 0;
	const key = `${asOf}|${recognition}|${settings.cancellationDayAttribute ?? ''}`;
	let byKey = baseCache.get(dataset);
	if (!byKey) {
		byKey = new Map();
		baseCache.set(dataset, byKey);
	}
	let base = byKey.get(key);
	if (!base) {
		base = buildBase(dataset, asOf, recognition, settings.cancellationDayAttribute);
		byKey.set(key, base);
	}
	return base;
}

/** The accounts of a base: they depend on the dataset only, so bases of any settings share them. */
interface BaseAccounts {
	ids: string[];
	accounts: (AccountRow | null)[];
	/** Per subscription row: its account's index in `ids`. */
	subAccount: Int32Array;
	/** Built on first use. */
	index: Map<string, number> | null;
}

const accountsCache = new WeakMap<Dataset, BaseAccounts>();

function baseAccountsOf(dataset: Dataset): BaseAccounts {
	let cached = accountsCache.get(dataset);
	if (cached) return cached;
	const links = accountLinksOf(dataset);
	if (links) {
		// The merge already knows each subscription's account: no id lookups (see dataset.ts).
		const accounts: (AccountRow | null)[] = dataset.accounts.slice();
		for (let a = accounts.length; a < links.ids.length; a++) accounts.push(null);
		cached = { ids: links.ids, accounts, subAccount: links.subscriptionAccount, index: null };
	} else {
		const ids: string[] = [];
		const index = new Map<string, number>();
		const accounts: (AccountRow | null)[] = [];
		for (const a of dataset.accounts) {
			if (index.has(a.id)) continue;
			index.set(a.id, ids.length);
			ids.push(a.id);
			accounts.push(a);
		}
		const subs = dataset.subscriptions;
		const subAccount = new Int32Array(subs.length);
		for (let i = 0; i < subs.length; i++) {
			let idx = index.get(subs[i].accountId);
			if (idx === undefined) {
				idx = ids.length;
				index.set(subs[i].accountId, idx);
				ids.push(subs[i].accountId);
				accounts.push(null);
			}
			subAccount[i] = idx;
		}
		cached = { ids, accounts, subAccount, index };
	}
	accountsCache.set(dataset, cached);
	return cached;
}

function idIndexOf(shared: BaseAccounts): Map<string, number> {
	if (!shared.index) {
		const index = new Map<string, number>();
		shared.ids.forEach((id, a) => index.set(id, a));
		shared.index = index;
	}
	return shared.index;
}

function buildBase(
	dataset: Dataset,
	asOfDay: DayNumber,
	recognition: ChurnRecognition,
	cancelAttr: string | undefined
): CustomerBase {
	const shared = baseAccountsOf(dataset);
	const { ids, accounts, subAccount } = shared;
	const subs = dataset.subscriptions;
	const n = ids.length;

	// Subscriptions grouped by account (counting sort: one pass, no global sort).
	const subOffset = new Int32Array(n + 1);
	for (let i = 0; i < subs.length; i++) subOffset[subAccount[i] + 1]++;
	for (let a = 0; a < n; a++) subOffset[a + 1] += subOffset[a];
	const fill = subOffset.slice(0, n);
	const subRows = new Int32Array(subs.length);
	for (let i = 0; i < subs.length; i++) subRows[fill[subAccount[i]]++] = i;

	// Effective ends: 'cancellation' ends service the day before the cancellation day.
	const subEnd = new Int32Array(subs.length);
	for (let i = 0; i < subs.length; i++) subEnd[i] = subs[i].endDay ?? NULL_INT;
	if (recognition === 'cancellation' && cancelAttr) {
		for (let a = 0; a < n; a++) {
			const raw = accountFieldValue(accounts[a], cancelAttr);
			const cancelDay = raw ? dayFromIso(raw.slice(0, 10)) : null;
			if (cancelDay === null) continue;
			for (let j = subOffset[a]; j < subOffset[a + 1]; j++) {
				const r = subRows[j];
				const end = subEnd[r];
				if (subs[r].startDay < cancelDay && (end === NULL_INT || end >= cancelDay)) {
					subEnd[r] = cancelDay - 1;
				}
			}
		}
	}

	// Intervals that make a customer: paid subscriptions (MRR > 0); for accounts without any
	// subscription, the account's own signup..churn days (CRM exports) with its MRR.
	// Typed arrays sized for the worst case: no per-row allocation at 300,000 subscriptions.
	const cap = subs.length + n;
	const ivStart = new Int32Array(cap);
	const ivEnd = new Int32Array(cap);
	const ivMrr = new Float64Array(cap);
	const ivOffset = new Int32Array(n + 1);
	let iv = 0;
	for (let a = 0; a < n; a++) {
		const from = subOffset[a];
		const to = subOffset[a + 1];
		if (from === to) {
			const acc = accounts[a];
			if (acc && acc.signupDay !== null && acc.signupDay <= asOfDay) {
				ivStart[iv] = acc.signupDay;
				ivEnd[iv] = acc.churnDay ?? NULL_INT;
				ivMrr[iv++] = acc.mrrMinor ?? 0;
			}
		} else {
			for (let j = from; j < to; j++) {
				const r = subRows[j];
				const s = subs[r];
				if (!(s.mrrMinor > 0) || s.startDay > asOfDay) continue;
				if (subEnd[r] !== NULL_INT && subEnd[r] < s.startDay) continue;
				ivStart[iv] = s.startDay;
				ivEnd[iv] = subEnd[r];
				ivMrr[iv++] = s.mrrMinor;
			}
		}
		ivOffset[a + 1] = iv;
	}

	// Month range: the first interval's month to the month of asOfDay.
	let minStart = asOfDay;
	for (let j = 0; j < iv; j++) if (ivStart[j] < minStart) minStart = ivStart[j];
	const firstMonth = monthOfDay(minStart);
	const lastMonth = monthOfDay(asOfDay);
	const monthCount = lastMonth - firstMonth + 1;

	// Month-end MRR by difference arrays: +mrr at the first month counted, -mrr after the last.
	const mrr = new Float64Array(n * monthCount);
	const diff = new Float64Array(monthCount + 1);
	for (let a = 0; a < n; a++) {
		const from = ivOffset[a];
		const to = ivOffset[a + 1];
		if (from === to) continue;
		for (let j = from; j < to; j++) {
			if (ivStart[j] > asOfDay) continue;
			const first = monthOfDay(ivStart[j]);
			const last = lastMonthCounted(ivEnd[j], asOfDay, lastMonth);
			if (last < first) continue;
			diff[first - firstMonth] += ivMrr[j];
			diff[last - firstMonth + 1] -= ivMrr[j];
		}
		let run = 0;
		const row = a * monthCount;
		for (let i = 0; i < monthCount; i++) {
			run += diff[i];
			diff[i] = 0; // ready for the next account
			// Money sums of integers; round away float noise from the subtraction.
			mrr[row + i] = Math.abs(run) < 1e-6 ? 0 : run;
		}
		diff[monthCount] = 0;
	}

	// Spells: merge each account's intervals that overlap or touch (next start <= end + 1),
	// visiting them in start order (insertion sort of a few indexes per account).
	const spellOffset = new Int32Array(n + 1);
	const spellStart = new Int32Array(iv);
	const spellEnd = new Int32Array(iv);
	let sp = 0;
	const firstPaidDay = new Int32Array(n).fill(NULL_INT);
	const active = new Uint8Array(n * monthCount);
	let order = new Int32Array(16);
	for (let a = 0; a < n; a++) {
		const from = ivOffset[a];
		const count = ivOffset[a + 1] - from;
		if (count > order.length) order = new Int32Array(count * 2);
		for (let x = 0; x < count; x++) {
			const j = from + x;
			let y = x;
			while (y > 0 && ivStart[order[y - 1]] > ivStart[j]) {
				order[y] = order[y - 1];
				y--;
			}
			order[y] = j;
		}
		const first = sp;
		for (let x = 0; x < count; x++) {
			const j = order[x];
			if (sp > first) {
				const e = spellEnd[sp - 1];
				if (e === NULL_INT) continue;
				if (ivStart[j] <= e + 1) {
					if (ivEnd[j] === NULL_INT || ivEnd[j] > e) spellEnd[sp - 1] = ivEnd[j];
					continue;
				}
			}
			spellStart[sp] = ivStart[j];
			spellEnd[sp++] = ivEnd[j];
		}
		spellOffset[a + 1] = sp;
		if (sp > first) firstPaidDay[a] = spellStart[first];
		for (let k = first; k < sp; k++) {
			if (spellStart[k] > asOfDay) continue;
			const from = monthOfDay(spellStart[k]);
			const to = lastMonthCounted(spellEnd[k], asOfDay, lastMonth);
			const row = a * monthCount - firstMonth;
			for (let m = from; m <= to; m++) active[row + m] = 1;
		}
	}

	return {
		dataset,
		ids,
		indexOf: (id) => idIndexOf(shared).get(id),
		accounts,
		asOfDay,
		firstMonth,
		monthCount,
		mrr,
		active,
		spellOffset,
		spellStart: spellStart.slice(0, sp),
		spellEnd: spellEnd.slice(0, sp),
		firstPaidDay,
		subOffset,
		subRows,
		subEnd
	};
}

/**
 * Months in which an interval counts are those whose snapshot day (the month's last day, or
 * asOfDay in the current month) falls inside [start, end]: from the month of `start` (when
 * start <= asOfDay) to the month this gives, none when it is before the first.
 */
function lastMonthCounted(end: DayNumber, asOfDay: DayNumber, lastMonth: MonthIndex): MonthIndex {
	if (end === NULL_INT || end >= asOfDay) return lastMonth;
	// The interval counts in its end month only when it ends on that month's last day.
	const m = monthOfDay(end);
	return monthOfDay(end + 1) !== m ? m : m - 1;
}

/** Column of a month in the base's grids, or -1 outside the range. */
export function monthColumn(base: CustomerBase, month: MonthIndex): number {
	const i = month - base.firstMonth;
	return i >= 0 && i < base.monthCount ? i : -1;
}

/** Snapshot day of a month: its last day, or asOfDay for the month holding it. */
export function snapshotDay(base: CustomerBase, month: MonthIndex): DayNumber {
	return Math.min(lastDayOfMonth(month), base.asOfDay);
}
