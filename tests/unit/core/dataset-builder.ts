// Small hand-written datasets for the analytics tests.
import { dayFromIso } from '../../../src/lib/core/dates';
import type {
	AccountRow,
	ActivityTable,
	Dataset,
	NpsRow,
	SubscriptionRow
} from '../../../src/lib/core/types';

export function day(iso: string): number {
	const d = dayFromIso(iso);
	if (d === null) throw new Error(`bad date ${iso}`);
	return d;
}

export function account(id: string, fields: Partial<AccountRow> = {}): AccountRow {
	return {
		id,
		name: null,
		plan: null,
		segment: null,
		owner: null,
		signupDay: null,
		churnDay: null,
		churnReason: null,
		churnType: null,
		mrrMinor: null,
		currency: null,
		tenureMonths: null,
		churned: null,
		attributes: Object.create(null) as Record<string, string | null>,
		...fields
	};
}

export function sub(
	accountId: string,
	mrrMinor: number,
	start: string,
	end: string | null = null,
	fields: Partial<SubscriptionRow> = {}
): SubscriptionRow {
	return {
		id: null,
		accountId,
		plan: null,
		mrrMinor,
		currency: null,
		startDay: day(start),
		endDay: end === null ? null : day(end),
		status: null,
		cancelReason: null,
		...fields
	};
}

export function activityTable(
	rows: { accountId: string; day: number; metric?: string; count?: number }[]
): ActivityTable {
	const accountIds: string[] = [];
	const metrics: string[] = [];
	const a = new Map<string, number>();
	const m = new Map<string, number>();
	const code = (map: Map<string, number>, list: string[], key: string) => {
		let c = map.get(key);
		if (c === undefined) {
			c = list.length;
			list.push(key);
			map.set(key, c);
		}
		return c;
	};
	const n = rows.length;
	const t: ActivityTable = {
		length: n,
		account: new Int32Array(n),
		day: new Int32Array(n),
		metric: new Int32Array(n),
		count: new Float64Array(n),
		users: new Float64Array(n).fill(Number.NaN),
		accountIds,
		metrics
	};
	rows.forEach((r, i) => {
		t.account[i] = code(a, accountIds, r.accountId);
		t.day[i] = r.day;
		t.metric[i] = code(m, metrics, r.metric ?? 'event');
		t.count[i] = r.count ?? 1;
	});
	return t;
}

export function dataset(parts: {
	accounts?: AccountRow[];
	subscriptions?: SubscriptionRow[];
	nps?: NpsRow[];
	activity?: ActivityTable;
}): Dataset {
	const accounts = parts.accounts ?? [];
	const known = new Set(accounts.map((x) => x.id));
	// Accounts referenced only by subscriptions get a bare row, as the importer would.
	for (const s of parts.subscriptions ?? []) {
		if (!known.has(s.accountId)) {
			known.add(s.accountId);
			accounts.push(account(s.accountId));
		}
	}
	return {
		accounts,
		subscriptions: parts.subscriptions ?? [],
		payments: [],
		tickets: [],
		nps: parts.nps ?? [],
		activity: parts.activity ?? activityTable([]),
		attributeNames: []
	};
}

export function npsRow(accountId: string, iso: string, score: number): NpsRow {
	return { id: null, accountId, day: day(iso), score, comment: null };
}
