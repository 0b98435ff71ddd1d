// Test fixtures for the health/model/backtest tests: a small dataset builder for hand-checked
// cases, and a seeded synthetic SaaS history where churn follows falling usage, failed payments
// and open tickets, big enough (20,000 accounts × 2 years) to smoke-test the model's speed path.
import {
	ALL_EVENTS_METRIC,
	type AccountRow,
	type Dataset,
	type NpsRow,
	type PaymentRow,
	type SubscriptionRow,
	type TicketRow
} from '../../../src/lib/core/types';

/** Deterministic uniform 0..1 (mulberry32). */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Standard normal by Box–Muller. */
export function seededNormal(random: () => number): () => number {
	return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
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

/** [accountId, day, metric, count, users?] */
export type ActivityTuple = [string, number, string, number, number?];

export function datasetOf(parts: {
	accounts: AccountRow[];
	activity?: ActivityTuple[];
	subscriptions?: Partial<SubscriptionRow>[];
	payments?: Partial<PaymentRow>[];
	tickets?: Partial<TicketRow>[];
	nps?: Partial<NpsRow>[];
	attributeNames?: string[];
}): Dataset {
	const rows = parts.activity ?? [];
	const accountIds = [...new Set(rows.map((r) => r[0]))];
	const metrics = [...new Set(rows.map((r) => r[2]))];
	return {
		accounts: parts.accounts,
		subscriptions: (parts.subscriptions ?? []).map((s) => ({
			id: null,
			accountId: '',
			plan: null,
			mrrMinor: 0,
			currency: null,
			startDay: 0,
			endDay: null,
			status: null,
			cancelReason: null,
			...s
		})),
		payments: (parts.payments ?? []).map((p) => ({
			id: null,
			accountId: '',
			day: 0,
			amountMinor: 0,
			currency: null,
			status: null,
			...p
		})),
		tickets: (parts.tickets ?? []).map((t) => ({
			id: null,
			accountId: '',
			openedDay: 0,
			resolvedDay: null,
			status: null,
			priority: null,
			subject: null,
			satisfaction: null,
			...t
		})),
		nps: (parts.nps ?? []).map((n) => ({
			id: null,
			accountId: '',
			day: 0,
			score: 0,
			comment: null,
			...n
		})),
		activity: {
			length: rows.length,
			account: Int32Array.from(rows, (r) => accountIds.indexOf(r[0])),
			day: Int32Array.from(rows, (r) => r[1]),
			metric: Int32Array.from(rows, (r) => metrics.indexOf(r[2])),
			count: Float64Array.from(rows, (r) => r[3]),
			users: Float64Array.from(rows, (r) => (r[2] === ALL_EVENTS_METRIC ? (r[4] ?? NaN) : NaN)),
			accountIds,
			metrics
		},
		attributeNames: parts.attributeNames ?? []
	};
}

export interface SyntheticOptions {
	accounts: number;
	/** Days of history. */
	days: number;
	seed: number;
	firstDay?: number;
}

/**
 * A seeded SaaS history. Each account has a usage rate and a latent risk; a churning account's
 * usage falls, payments fail and tickets open in the ~75 days before it leaves.
 */
export function syntheticDataset(options: SyntheticOptions): Dataset {
	const random = seededRandom(options.seed);
	const normal = seededNormal(random);
	const first = options.firstDay ?? 19_000;
	const last = first + options.days - 1;
	const segments = ['SMB', 'Mid-market', 'Enterprise'];
	const plans = ['Starter', 'Growth', 'Business'];
	const accounts: AccountRow[] = [];
	const subscriptions: Partial<SubscriptionRow>[] = [];
	const payments: Partial<PaymentRow>[] = [];
	const tickets: Partial<TicketRow>[] = [];
	const nps: Partial<NpsRow>[] = [];
	const actAccount: number[] = [];
	const actDay: number[] = [];
	const actMetric: number[] = [];
	const actCount: number[] = [];
	const actUsers: number[] = [];
	const metrics = [ALL_EVENTS_METRIC, 'onboarding_invite', 'onboarding_import', 'report'];
	for (let i = 0; i < options.accounts; i++) {
		const id = `A${String(i).padStart(6, '0')}`;
		const signup = first + Math.floor(random() * (options.days * 0.6));
		const planIndex = Math.floor(random() * 3);
		const segment = segments[Math.floor(random() * 3)];
		const risk = normal() - 0.3 * planIndex;
		// Monthly churn hazard from the latent risk; the churn day is drawn month by month.
		const hazard = 1 / (1 + Math.exp(-(-3.6 + 1.1 * risk)));
		let churn: number | null = null;
		for (let d = signup + 30; d <= last; d += 30) {
			if (random() < hazard) {
				churn = d + Math.floor(random() * 30);
				break;
			}
		}
		if (churn !== null && churn > last) churn = null;
		const end = churn ?? last + 1;
		const rate = Math.exp(normal() * 0.5) * (planIndex + 1) * 5;
		const activeProbability = 0.12 + 0.1 * random();
		const onboarded = random() < 0.7 - 0.15 * risk;
		const involuntary = churn !== null && random() < 0.3;
		accounts.push({
			id,
			name: null,
			plan: plans[planIndex],
			segment,
			owner: null,
			signupDay: signup,
			churnDay: churn,
			churnReason: null,
			churnType: churn === null ? null : involuntary ? 'involuntary' : 'voluntary',
			mrrMinor: null,
			currency: null,
			tenureMonths: null,
			churned: churn !== null,
			attributes: Object.create(null) as Record<string, string | null>
		});
		subscriptions.push({
			accountId: id,
			plan: plans[planIndex],
			mrrMinor: [2900, 9900, 29900][planIndex],
			startDay: signup,
			endDay: churn === null ? null : churn - 1
		});
		for (let d = signup; d < end; d++) {
			const toChurn = churn === null ? Infinity : churn - d;
			// Usage fades over the last 75 days of a churning account (less for involuntary churn).
			const fade = toChurn < 75 ? (involuntary ? 0.8 : toChurn / 75) : 1;
			if (random() >= activeProbability * fade) continue;
			const count = 1 + Math.floor(rate * fade * random());
			actAccount.push(i);
			actDay.push(d);
			actMetric.push(0);
			actCount.push(count);
			actUsers.push(1 + Math.floor(random() * (planIndex + 2)));
			if (random() < 0.3 * fade) {
				actAccount.push(i);
				actDay.push(d);
				actMetric.push(3);
				actCount.push(1);
				actUsers.push(NaN);
			}
			if (onboarded && d - signup < 30 && random() < 0.3) {
				actAccount.push(i);
				actDay.push(d);
				actMetric.push(1 + Math.floor(random() * 2));
				actCount.push(1);
				actUsers.push(NaN);
			}
		}
		for (let d = signup; d < end; d += 30) {
			const toChurn = churn === null ? Infinity : churn - d;
			const fails = involuntary && toChurn < 70;
			payments.push({ accountId: id, day: d, amountMinor: 100, status: fails ? 'failed' : 'paid' });
		}
		const ticketRate = 0.004 + (churn !== null ? 0.01 : 0);
		for (let d = signup; d < end; d++) {
			const near = churn !== null && churn - d < 90;
			if (random() < (near ? ticketRate * 3 : 0.004)) {
				const resolved = d + 1 + Math.floor(random() * (near ? 60 : 10));
				tickets.push({
					accountId: id,
					openedDay: d,
					resolvedDay: resolved <= last ? resolved : null
				});
			}
		}
		if (random() < 0.5) {
			const day = signup + 60 + Math.floor(random() * 200);
			if (day < end)
				nps.push({
					accountId: id,
					day,
					score: Math.max(0, Math.min(10, Math.round(8 - 2 * risk)))
				});
		}
	}
	const dataset = datasetOf({ accounts, subscriptions, payments, tickets, nps });
	dataset.activity = {
		length: actAccount.length,
		account: Int32Array.from(actAccount),
		day: Int32Array.from(actDay),
		metric: Int32Array.from(actMetric),
		count: Float64Array.from(actCount),
		users: Float64Array.from(actUsers),
		accountIds: accounts.map((a) => a.id),
		metrics
	};
	return dataset;
}
