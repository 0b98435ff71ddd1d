// Raw activity events rolled up while streaming, per account, day and metric: memory grows with
// the number of account-days (and distinct users per account-day), not with the file.
import { f64Builder, i32Builder, makeBlock, strBuilder } from '../core/columns';
import { ALL_EVENTS_METRIC, type ColumnBlock } from '../core/types';

interface AccountDay {
	account: number;
	day: number;
	count: number;
	/** Distinct user ids seen, when a userId column is mapped. */
	userIds: Set<string> | null;
	/** Largest pre-rolled `users` value seen (NaN when none). */
	maxUsers: number;
	/** Count per metric index, when a metric column is mapped. */
	metrics: Map<number, number> | null;
}

export interface ActivityRollup {
	/** Adds one source row: `count` events (already checked > 0). */
	add(
		accountId: string,
		day: number,
		metric: string | null,
		count: number,
		userId: string | null,
		users: number | null
	): void;
	accountCount(): number;
	/** Rows in the rollup so far (per-metric rows plus one `*` row per account-day). */
	size(): number;
	/** Stored blocks, sorted by account id, day and metric (`*` first). */
	blocks(maxRows: number): ColumnBlock[];
}

/** Day numbers are offset so that account × 2^18 + day stays an exact integer key. */
const DAY_OFFSET = 100_000;
const DAY_SPAN = 1 << 18;

export function activityRollup(): ActivityRollup {
	const accountIndex = new Map<string, number>();
	const accountIds: string[] = [];
	const metricIndex = new Map<string, number>();
	const metricNames: string[] = [];
	const byKey = new Map<number, AccountDay>();
	let metricRows = 0;
	return {
		add(accountId, day, metric, count, userId, users) {
			let account = accountIndex.get(accountId);
			if (account === undefined) {
				account = accountIds.length;
				accountIds.push(accountId);
				accountIndex.set(accountId, account);
			}
			const key = account * DAY_SPAN + (day + DAY_OFFSET);
			let entry = byKey.get(key);
			if (!entry) {
				entry = { account, day, count: 0, userIds: null, maxUsers: NaN, metrics: null };
				byKey.set(key, entry);
			}
			entry.count += count;
			if (userId !== null) (entry.userIds ??= new Set()).add(userId);
			if (users !== null && !(users <= entry.maxUsers)) entry.maxUsers = users;
			if (metric !== null) {
				let m = metricIndex.get(metric);
				if (m === undefined) {
					m = metricNames.length;
					metricNames.push(metric);
					metricIndex.set(metric, m);
				}
				entry.metrics ??= new Map();
				const before = entry.metrics.get(m);
				if (before === undefined) metricRows++;
				entry.metrics.set(m, (before ?? 0) + count);
			}
		},
		accountCount: () => accountIds.length,
		size: () => byKey.size + metricRows,
		blocks(maxRows) {
			const entries = [...byKey.values()].sort(
				(a, b) => compareText(accountIds[a.account], accountIds[b.account]) || a.day - b.day
			);
			const out: ColumnBlock[] = [];
			let cols = newColumns();
			let n = 0;
			const flush = () => {
				if (n === 0) return;
				out.push(
					makeBlock('activity', {
						accountId: cols.accountId.finish(),
						day: cols.day.finish(),
						metric: cols.metric.finish(),
						count: cols.count.finish(),
						users: cols.users.finish()
					})
				);
				cols = newColumns();
				n = 0;
			};
			const push = (e: AccountDay, metric: string, count: number, users: number) => {
				cols.accountId.push(accountIds[e.account]);
				cols.day.push(e.day);
				cols.metric.push(metric);
				cols.count.push(count);
				cols.users.push(users);
				if (++n >= maxRows) flush();
			};
			for (const e of entries) {
				const users = e.userIds ? Math.max(e.userIds.size, e.maxUsers || 0) : e.maxUsers;
				push(e, ALL_EVENTS_METRIC, e.count, users);
				if (e.metrics) {
					const metrics = [...e.metrics].sort((a, b) =>
						compareText(metricNames[a[0]], metricNames[b[0]])
					);
					for (const [m, count] of metrics) push(e, metricNames[m], count, NaN);
				}
			}
			flush();
			return out;
		}
	};
}

function newColumns() {
	return {
		accountId: strBuilder(),
		day: i32Builder(),
		metric: strBuilder(),
		count: f64Builder(),
		users: f64Builder()
	};
}

/** Code-unit order: stable across locales, unlike localeCompare. */
function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
