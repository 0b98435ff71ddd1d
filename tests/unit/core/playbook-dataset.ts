// Hand-made datasets for the playbook tests: rows given as small objects, defaults filled in.
import type {
	AccountRow,
	Dataset,
	NpsRow,
	PaymentRow,
	SubscriptionRow,
	TicketRow
} from '../../../src/lib/core/types';

export interface ActivityInput {
	accountId: string;
	day: number;
	/** Omitted: an event of no particular metric (only the '*' row). */
	metric?: string;
	count?: number;
	users?: number;
}

export interface DatasetInput {
	accounts: (Partial<AccountRow> & { id: string })[];
	subscriptions?: (Partial<SubscriptionRow> & { accountId: string; startDay: number })[];
	payments?: (Partial<PaymentRow> & { accountId: string; day: number })[];
	tickets?: (Partial<TicketRow> & { accountId: string; openedDay: number })[];
	nps?: (Partial<NpsRow> & { accountId: string; day: number; score: number })[];
	activity?: ActivityInput[];
}

/** A Dataset as the worker would build it: one '*' row per account-day carrying every event. */
export function datasetOf(input: DatasetInput): Dataset {
	const accounts: AccountRow[] = input.accounts.map((a) => ({
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
		...a
	}));
	const rows = new Map<
		string,
		{ a: number; day: number; m: number; count: number; users: number }
	>();
	const accountIds: string[] = [];
	const metrics: string[] = ['*'];
	const code = (list: string[], v: string): number => {
		const i = list.indexOf(v);
		if (i >= 0) return i;
		list.push(v);
		return list.length - 1;
	};
	const add = (
		accountId: string,
		day: number,
		metric: string,
		count: number,
		users: number
	): void => {
		const a = code(accountIds, accountId);
		const m = code(metrics, metric);
		const key = `${a}|${day}|${m}`;
		const row = rows.get(key) ?? { a, day, m, count: 0, users: NaN };
		row.count += count;
		if (metric === '*' && Number.isFinite(users)) row.users = users;
		rows.set(key, row);
	};
	for (const e of input.activity ?? []) {
		const count = e.count ?? 1;
		if (e.metric && e.metric !== '*') add(e.accountId, e.day, e.metric, count, NaN);
		add(e.accountId, e.day, '*', count, e.users ?? NaN);
	}
	const list = [...rows.values()];
	return {
		accounts,
		subscriptions: (input.subscriptions ?? []).map((s) => ({
			id: null,
			plan: null,
			mrrMinor: 1000,
			currency: null,
			endDay: null,
			status: null,
			cancelReason: null,
			...s
		})),
		payments: (input.payments ?? []).map((p) => ({
			id: null,
			amountMinor: 1000,
			currency: null,
			status: 'paid' as const,
			...p
		})),
		tickets: (input.tickets ?? []).map((t) => ({
			id: null,
			resolvedDay: null,
			status: null,
			priority: null,
			subject: null,
			satisfaction: null,
			...t
		})),
		nps: (input.nps ?? []).map((r) => ({ id: null, comment: null, ...r })),
		activity: {
			length: list.length,
			account: Int32Array.from(list.map((r) => r.a)),
			day: Int32Array.from(list.map((r) => r.day)),
			metric: Int32Array.from(list.map((r) => r.m)),
			count: Float64Array.from(list.map((r) => r.count)),
			users: Float64Array.from(list.map((r) => r.users)),
			accountIds,
			metrics
		},
		attributeNames: []
	};
}
