// Filters that narrow a dataset to some accounts (and a date range) before any figure is
// computed, so every figure is "recomputed for any filter" with the same code.
import {
	NULL_INT,
	type AccountRow,
	type ActivityTable,
	type Dataset,
	type DayNumber
} from './types';

export interface DatasetFilters {
	/** Keep accounts that were customers or active in the range; trim dated events to it. */
	dateRange?: { fromDay: DayNumber; toDay: DayNumber };
	plans?: readonly string[];
	segments?: readonly string[];
	owners?: readonly string[];
	/** Attribute name → accepted values. */
	attributes?: Record<string, readonly string[]>;
}

function hasAccountFilter(f: DatasetFilters): boolean {
	return Boolean(
		f.plans?.length ||
		f.segments?.length ||
		f.owners?.length ||
		(f.attributes && Object.values(f.attributes).some((v) => v.length))
	);
}

function accepts(list: readonly string[] | undefined, value: string | null): boolean {
	return !list || list.length === 0 || (value !== null && list.includes(value));
}

/**
 * The dataset restricted to accounts matching every filter, with the rows that point to them.
 * An account's plan is its own, else the plan of its latest-starting subscription. Rows of
 * accounts without an account row pass only when no account filter is set.
 */
export function applyFilters(dataset: Dataset, filters: DatasetFilters): Dataset {
	const byAccountFilter = hasAccountFilter(filters);
	const range = filters.dateRange;
	if (!byAccountFilter && !range) return dataset;

	const latestPlan = new Map<string, { day: number; plan: string | null }>();
	for (const s of dataset.subscriptions) {
		const seen = latestPlan.get(s.accountId);
		if (!seen || s.startDay >= seen.day)
			latestPlan.set(s.accountId, { day: s.startDay, plan: s.plan });
	}
	const matches = (a: AccountRow): boolean => {
		if (!accepts(filters.plans, a.plan ?? latestPlan.get(a.id)?.plan ?? null)) return false;
		if (!accepts(filters.segments, a.segment)) return false;
		if (!accepts(filters.owners, a.owner)) return false;
		for (const [name, values] of Object.entries(filters.attributes ?? {})) {
			const v = Object.prototype.hasOwnProperty.call(a.attributes, name)
				? a.attributes[name]
				: null;
			if (!accepts(values, v)) return false;
		}
		return true;
	};

	// Ids allowed by the account filters; null = every id.
	let allowed: Set<string> | null = null;
	if (byAccountFilter) {
		allowed = new Set();
		for (const a of dataset.accounts) if (matches(a)) allowed.add(a.id);
		if (filters.plans?.length) {
			const known = new Set(dataset.accounts.map((a) => a.id));
			for (const [id, p] of latestPlan) {
				if (!known.has(id) && p.plan !== null && filters.plans.includes(p.plan)) allowed.add(id);
			}
		}
	}

	if (range) {
		// Accounts with dated life overlapping the range; accounts without any date stay.
		const inRange = new Set<string>();
		const dated = new Set<string>();
		const overlaps = (start: number, end: number | null) =>
			start <= range.toDay && (end === null || end >= range.fromDay);
		for (const s of dataset.subscriptions) {
			dated.add(s.accountId);
			if (overlaps(s.startDay, s.endDay)) inRange.add(s.accountId);
		}
		for (const a of dataset.accounts) {
			if (a.signupDay === null) continue;
			dated.add(a.id);
			if (overlaps(a.signupDay, a.churnDay)) inRange.add(a.id);
		}
		const act = dataset.activity;
		for (let i = 0; i < act.length; i++) {
			const id = act.accountIds[act.account[i]];
			dated.add(id);
			if (act.day[i] >= range.fromDay && act.day[i] <= range.toDay) inRange.add(id);
		}
		const next = new Set<string>();
		const candidates = allowed ?? new Set([...dated, ...dataset.accounts.map((a) => a.id)]);
		for (const id of candidates) if (inRange.has(id) || !dated.has(id)) next.add(id);
		allowed = next;
	}

	const keep = (id: string) => allowed === null || allowed.has(id);
	const inDays = (day: number) => !range || (day >= range.fromDay && day <= range.toDay);
	return {
		accounts: dataset.accounts.filter((a) => keep(a.id)),
		subscriptions: dataset.subscriptions.filter((s) => keep(s.accountId)),
		payments: dataset.payments.filter((p) => keep(p.accountId) && inDays(p.day)),
		tickets: dataset.tickets.filter((t) => keep(t.accountId) && inDays(t.openedDay)),
		nps: dataset.nps.filter((r) => keep(r.accountId) && inDays(r.day)),
		activity: filterActivity(dataset.activity, keep, range),
		attributeNames: dataset.attributeNames
	};
}

function filterActivity(
	act: ActivityTable,
	keep: (id: string) => boolean,
	range: DatasetFilters['dateRange']
): ActivityTable {
	const keptAccount = new Uint8Array(act.accountIds.length);
	for (let a = 0; a < act.accountIds.length; a++) keptAccount[a] = keep(act.accountIds[a]) ? 1 : 0;
	const from = range ? range.fromDay : NULL_INT;
	const to = range ? range.toDay : 2147483647;
	let n = 0;
	for (let i = 0; i < act.length; i++) {
		if (keptAccount[act.account[i]] && act.day[i] >= from && act.day[i] <= to) n++;
	}
	const out: ActivityTable = {
		length: n,
		account: new Int32Array(n),
		day: new Int32Array(n),
		metric: new Int32Array(n),
		count: new Float64Array(n),
		users: new Float64Array(n),
		accountIds: act.accountIds,
		metrics: act.metrics
	};
	for (let i = 0, j = 0; i < act.length; i++) {
		if (!(keptAccount[act.account[i]] && act.day[i] >= from && act.day[i] <= to)) continue;
		out.account[j] = act.account[i];
		out.day[j] = act.day[i];
		out.metric[j] = act.metric[i];
		out.count[j] = act.count[i];
		out.users[j] = act.users[i];
		j++;
	}
	return out;
}
