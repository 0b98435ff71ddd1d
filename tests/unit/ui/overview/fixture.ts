// A three-account history small enough to check by hand (MRR in cents):
//   A: 100, from 2026-01-01, still running
//   B: 200, from 2026-01-01 to 2026-02-14 (churns in February)
//   C:  50, from 2026-02-10, still running (new in February)
//   NPS answers in February: A 10 (promoter), C 8 (passive), B 3 (detractor), C 9 (promoter)
// As of 2026-03-31. For February: customers at start (Jan 31) A, B = 2; churned B = 1 → 50%.
// MRR Jan 300, Feb 150; movements Feb: new 50 (C), churn 200 (B); gross = net = 200/300.
import { dayFromIso } from '../../../../src/lib/core/dates';
import type { Dataset, SubscriptionRow } from '../../../../src/lib/core/types';

const day = (iso: string) => dayFromIso(iso)!;

function sub(
	accountId: string,
	mrrMinor: number,
	start: string,
	end: string | null
): SubscriptionRow {
	return {
		id: accountId,
		accountId,
		plan: 'P',
		mrrMinor,
		currency: 'USD',
		startDay: day(start),
		endDay: end === null ? null : day(end),
		status: null,
		cancelReason: null
	};
}

export const AS_OF = day('2026-03-31');

export function threeAccounts(): Dataset {
	return {
		accounts: [],
		subscriptions: [
			sub('A', 100, '2026-01-01', null),
			sub('B', 200, '2026-01-01', '2026-02-14'),
			sub('C', 50, '2026-02-10', null)
		],
		payments: [],
		tickets: [],
		nps: [
			{ id: '1', accountId: 'A', day: day('2026-02-03'), score: 10, comment: null },
			{ id: '2', accountId: 'C', day: day('2026-02-20'), score: 8, comment: null },
			{ id: '3', accountId: 'B', day: day('2026-02-05'), score: 3, comment: null },
			{ id: '4', accountId: 'C', day: day('2026-02-25'), score: 9, comment: null }
		],
		activity: {
			length: 0,
			account: new Int32Array(0),
			day: new Int32Array(0),
			metric: new Int32Array(0),
			count: new Float64Array(0),
			users: new Float64Array(0),
			accountIds: [],
			metrics: []
		},
		attributeNames: []
	};
}
