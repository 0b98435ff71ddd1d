// A synthetic dataset of realistic size (100,000 accounts, about 1,000,000 activity rows) for
// smoke tests of the playbook: deterministic, built straight into columns.
import type {
	Dataset,
	NpsRow,
	PaymentRow,
	SubscriptionRow,
	TicketRow
} from '../../../src/lib/core/types';

export const SYNTHETIC_START = 19_000; // 2022-01-08
export const SYNTHETIC_DAYS = 730;

export function syntheticDataset(accountCount = 100_000): Dataset {
	let seed = 42;
	const random = (): number => {
		seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
		return seed / 4_294_967_296;
	};
	const end = SYNTHETIC_START + SYNTHETIC_DAYS - 1;
	const accountIds: string[] = [];
	const accounts: Dataset['accounts'] = [];
	const subscriptions: SubscriptionRow[] = [];
	const payments: PaymentRow[] = [];
	const tickets: TicketRow[] = [];
	const nps: NpsRow[] = [];
	const act = {
		account: [] as number[],
		day: [] as number[],
		metric: [] as number[],
		count: [] as number[],
		users: [] as number[]
	};
	const segments = ['smb', 'mid', 'enterprise'];
	for (let a = 0; a < accountCount; a++) {
		const id = `acc-${a}`;
		accountIds.push(id);
		const signup = SYNTHETIC_START + Math.floor(random() * 600);
		const churns = random() < 0.3;
		const churnDay = churns ? Math.min(end, signup + 30 + Math.floor(random() * 400)) : null;
		const lastDay = churnDay === null ? end : churnDay - 1;
		const mrr = 1000 * (1 + Math.floor(random() * 10));
		accounts.push({
			id,
			name: null,
			plan: null,
			segment: segments[a % 3],
			owner: null,
			signupDay: signup,
			churnDay,
			churnReason: churns ? (random() < 0.5 ? 'price' : 'missing-feature') : null,
			churnType: churns ? 'voluntary' : null,
			mrrMinor: mrr,
			currency: 'USD',
			tenureMonths: null,
			churned: churns,
			attributes: Object.create(null) as Record<string, string | null>
		});
		subscriptions.push({
			id: null,
			accountId: id,
			plan: null,
			mrrMinor: mrr,
			currency: 'USD',
			startDay: signup,
			endDay: churnDay === null ? null : churnDay - 1,
			status: null,
			cancelReason: null
		});
		// About ten active days, denser early on for churners (so usage falls before they leave).
		let day = signup;
		for (let k = 0; k < 10 && day <= lastDay; k++) {
			act.account.push(a);
			act.day.push(day);
			act.metric.push(0);
			const count = 1 + Math.floor(random() * 20);
			act.count.push(count);
			act.users.push(1 + Math.floor(random() * 5));
			if (random() < 0.6) {
				act.account.push(a);
				act.day.push(day);
				act.metric.push(1);
				act.count.push(1);
				act.users.push(NaN);
			}
			if (k === 0 && random() < 0.7) {
				act.account.push(a);
				act.day.push(day + 3);
				act.metric.push(2);
				act.count.push(1);
				act.users.push(NaN);
			}
			day += 1 + Math.floor(random() * (churns ? 40 : 70));
		}
		for (let p = signup; p <= lastDay && p < signup + 120; p += 30) {
			payments.push({
				id: null,
				accountId: id,
				day: p,
				amountMinor: mrr,
				currency: 'USD',
				status: random() < 0.05 ? 'failed' : 'paid'
			});
		}
		if (random() < 0.3) {
			const opened = signup + Math.floor(random() * 300);
			tickets.push({
				id: `t-${a}`,
				accountId: id,
				openedDay: opened,
				resolvedDay: random() < 0.8 ? opened + Math.floor(random() * 10) : null,
				status: null,
				priority: null,
				subject: null,
				satisfaction: null
			});
		}
		if (random() < 0.2)
			nps.push({
				id: null,
				accountId: id,
				day: signup + Math.floor(random() * 300),
				score: Math.floor(random() * 11),
				comment: null
			});
	}
	return {
		accounts,
		subscriptions,
		payments,
		tickets,
		nps,
		activity: {
			length: act.account.length,
			account: Int32Array.from(act.account),
			day: Int32Array.from(act.day),
			metric: Int32Array.from(act.metric),
			count: Float64Array.from(act.count),
			users: Float64Array.from(act.users),
			accountIds,
			metrics: ['*', 'login', 'onboarding_done']
		},
		attributeNames: []
	};
}
