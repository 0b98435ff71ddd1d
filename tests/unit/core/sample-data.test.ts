import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { dayFromYmd, weekdayOfDay } from '../../../src/lib/core/dates';
import {
	CANCEL_REASONS,
	PAYMENT_FAILED_REASON,
	SAMPLE_EVENTS,
	SAMPLE_PLANS,
	generateSample,
	sampleCsvFiles,
	sampleStartDay,
	type SampleData,
	type SampleSubscription
} from '../../../src/lib/core/sample-data';

const END = dayFromYmd(2025, 6, 30);
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

let data: SampleData;
let subsByAccount: Map<string, SampleSubscription[]>;

beforeAll(() => {
	data = generateSample({ endDay: END });
	subsByAccount = new Map();
	for (const s of data.subscriptions) {
		const list = subsByAccount.get(s.customerId) ?? [];
		list.push(s);
		subsByAccount.set(s.customerId, list);
	}
	for (const list of subsByAccount.values()) list.sort((a, b) => a.startDay - b.startDay);
});

/** Sum of activity counts per account index and day, for window sums. */
function activityByAccountDay(): Map<number, Map<number, number>> {
	const out = new Map<number, Map<number, number>>();
	const act = data.activity;
	for (let i = 0; i < act.length; i++) {
		let days = out.get(act.account[i]);
		if (!days) out.set(act.account[i], (days = new Map()));
		days.set(act.day[i], (days.get(act.day[i]) ?? 0) + act.count[i]);
	}
	return out;
}

const isMainPlan = (plan: string): boolean => (SAMPLE_PLANS as readonly string[]).includes(plan);

function churnDayById(): Map<string, number> {
	const out = new Map<string, number>();
	for (const a of data.accounts) if (a.churnDay !== null) out.set(a.customerId, a.churnDay);
	return out;
}

function windowSum(days: Map<number, number> | undefined, from: number, to: number): number {
	let sum = 0;
	for (let d = from; d <= to; d++) sum += days?.get(d) ?? 0;
	return sum;
}

describe('generateSample: determinism', () => {
	it('gives byte-identical files for the same seed and options', () => {
		const again = sampleCsvFiles(generateSample({ endDay: END, seed: 1 }));
		const first = sampleCsvFiles(data);
		expect(again.map((f) => f.text)).toEqual(first.map((f) => f.text));
	});

	it('gives different data for another seed', () => {
		const a = sampleCsvFiles(generateSample({ endDay: END, seed: 1, accounts: 200 }));
		const b = sampleCsvFiles(generateSample({ endDay: END, seed: 2, accounts: 200 }));
		for (let i = 0; i < a.length; i++) expect(b[i].text).not.toBe(a[i].text);
	});

	it('honours the accounts and months options', () => {
		const small = generateSample({ endDay: END, accounts: 50, months: 6 });
		expect(small.accounts).toHaveLength(50);
		// Six months ending 2025-06-30 start on 2025-01-01.
		expect(small.startDay).toBe(dayFromYmd(2025, 1, 1));
		expect(Math.min(...small.accounts.map((a) => a.signupDay))).toBeGreaterThanOrEqual(
			small.startDay
		);
	});
});

describe('generateSample: size and window', () => {
	it('makes 2,000 accounts over 24 months ending on endDay', () => {
		expect(data.accounts).toHaveLength(2000);
		// 24 months ending 2025-06-30 start on 2023-07-01.
		expect(data.startDay).toBe(dayFromYmd(2023, 7, 1));
		expect(sampleStartDay(END, 24)).toBe(data.startDay);
		const signups = data.accounts.map((a) => a.signupDay);
		// A base of accounts signs up in the first three weeks; signups continue to the last week.
		expect(signups.filter((d) => d < data.startDay + 21).length).toBeGreaterThan(300);
		expect(Math.max(...signups)).toBeGreaterThan(END - 30);
		// Signups spread over the window: every calendar quarter gets some.
		for (let q = 0; q < 8; q++) {
			const from = data.startDay + q * 91;
			expect(signups.filter((d) => d >= from && d < from + 91).length).toBeGreaterThan(50);
		}
	});

	it('dates nothing outside [startDay, endDay]', () => {
		const days: number[] = [];
		for (const a of data.accounts) days.push(a.signupDay, a.churnDay ?? END);
		for (const s of data.subscriptions) days.push(s.startDay, s.endDay ?? END);
		for (const p of data.payments) days.push(p.day);
		for (const t of data.tickets) days.push(t.createdDay, t.solvedDay ?? END);
		for (const r of data.nps) days.push(r.day);
		let min = Infinity;
		let max = -Infinity;
		for (const d of days) {
			if (d < min) min = d;
			if (d > max) max = d;
		}
		for (let i = 0; i < data.activity.length; i++) {
			const d = data.activity.day[i];
			if (d < min) min = d;
			if (d > max) max = d;
		}
		expect(min).toBeGreaterThanOrEqual(data.startDay);
		expect(max).toBeLessThanOrEqual(END);
	});

	it('keeps the activity file between 300,000 and 700,000 rows', () => {
		expect(data.activity.length).toBeGreaterThan(300_000);
		expect(data.activity.length).toBeLessThan(700_000);
	});
});

describe('generateSample: references and account state', () => {
	it('points every row at an existing account', () => {
		const ids = new Set(data.accounts.map((a) => a.customerId));
		expect(ids.size).toBe(data.accounts.length);
		for (const rows of [data.subscriptions, data.payments, data.tickets, data.nps]) {
			expect(rows.every((r) => ids.has(r.customerId))).toBe(true);
		}
		let badIndex = 0;
		for (let i = 0; i < data.activity.length; i++) {
			const a = data.activity.account[i];
			if (a < 0 || a >= data.accounts.length) badIndex++;
		}
		expect(badIndex).toBe(0);
	});

	it("sets a churned account's churn date and reason from its last subscription", () => {
		const churned = data.accounts.filter((a) => a.churnDay !== null);
		expect(churned.length).toBeGreaterThan(200);
		for (const a of churned) {
			const subs = subsByAccount.get(a.customerId) ?? [];
			expect(subs.every((s) => s.endDay !== null)).toBe(true);
			const lastEnd = Math.max(...subs.map((s) => s.endDay ?? Infinity));
			expect(a.churnDay).toBe(lastEnd);
			const last = subs.filter((s) => s.endDay === lastEnd);
			expect(last.every((s) => s.status === 'canceled' && s.cancelReason === a.churnReason)).toBe(
				true
			);
			expect(a.churnType).not.toBeNull();
			expect(a.mrrMinor).toBe(0);
		}
	});

	it('gives an active account no churn fields and its running subscriptions as MRR', () => {
		const active = data.accounts.filter((a) => a.churnDay === null);
		expect(active.length).toBeGreaterThan(1000);
		for (const a of active) {
			const running = (subsByAccount.get(a.customerId) ?? []).filter((s) => s.endDay === null);
			expect(running.length).toBeGreaterThan(0);
			expect(a.churnReason).toBeNull();
			expect(a.churnType).toBeNull();
			expect(a.mrrMinor).toBe(running.reduce((sum, s) => sum + s.mrrMinor, 0));
		}
	});

	it('starts a new main subscription the day after a plan change, at a higher or lower MRR', () => {
		let upgrades = 0;
		let downgrades = 0;
		for (const subs of subsByAccount.values()) {
			for (const s of subs) {
				if (s.status !== 'upgraded' && s.status !== 'downgraded') continue;
				const next = subs.find((n) => n.startDay === (s.endDay ?? NaN) + 1 && isMainPlan(n.plan));
				expect(next).toBeDefined();
				if (s.status === 'upgraded') {
					upgrades++;
					expect(next?.mrrMinor ?? 0).toBeGreaterThan(s.mrrMinor);
				} else {
					downgrades++;
					expect(next?.mrrMinor ?? Infinity).toBeLessThan(s.mrrMinor);
				}
			}
		}
		expect(upgrades).toBeGreaterThan(150);
		expect(downgrades).toBeGreaterThan(50);
	});

	it('has voluntary, involuntary and downgrade churn; failed payments precede involuntary', () => {
		const churned = data.accounts.filter((a) => a.churnDay !== null);
		const byType = (t: string) => churned.filter((a) => a.churnType === t);
		expect(byType('voluntary').length).toBeGreaterThan(200);
		expect(byType('involuntary').length).toBeGreaterThan(30);
		expect(byType('downgrade').length).toBeGreaterThan(20);
		const reasons = new Set<string>(CANCEL_REASONS);
		for (const a of [...byType('voluntary'), ...byType('downgrade')]) {
			expect(reasons.has(a.churnReason ?? '')).toBe(true);
		}
		// Every voluntary reason is used.
		expect(new Set(byType('voluntary').map((a) => a.churnReason)).size).toBe(CANCEL_REASONS.length);
		const failedDays = new Map<string, number[]>();
		for (const p of data.payments) {
			if (p.status !== 'failed') continue;
			failedDays.set(p.customerId, [...(failedDays.get(p.customerId) ?? []), p.day]);
		}
		for (const a of byType('involuntary')) {
			expect(a.churnReason).toBe(PAYMENT_FAILED_REASON);
			const churnDay = a.churnDay ?? 0;
			const failed = failedDays.get(a.customerId) ?? [];
			const before = failed.filter((d) => d <= churnDay && d >= churnDay - 14);
			expect(before.length).toBeGreaterThan(0);
		}
	});

	it('has failed payments recovered by a paid retry, and refunds', () => {
		const paid = new Set(
			data.payments
				.filter((p) => p.status === 'paid')
				.map((p) => `${p.customerId} ${p.day} ${p.amountMinor}`)
		);
		let recovered = 0;
		for (const p of data.payments) {
			if (p.status !== 'failed') continue;
			for (let d = 1; d <= 5; d++) {
				if (paid.has(`${p.customerId} ${p.day + d} ${p.amountMinor}`)) {
					recovered++;
					break;
				}
			}
		}
		expect(recovered).toBeGreaterThan(300);
		expect(data.payments.filter((p) => p.status === 'refunded').length).toBeGreaterThan(100);
	});

	it('has reactivations: accounts paying again after all their subscriptions ended', () => {
		let reactivated = 0;
		let activeAgain = 0;
		for (const [id, subs] of subsByAccount) {
			let lastEnd = -Infinity;
			let gap = false;
			for (const s of subs) {
				if (lastEnd !== Infinity && s.startDay > lastEnd + 1) gap = true;
				lastEnd = Math.max(lastEnd, s.endDay ?? Infinity);
			}
			if (!gap) continue;
			reactivated++;
			if (data.accounts.find((a) => a.customerId === id)?.churnDay === null) activeAgain++;
		}
		expect(reactivated).toBeGreaterThan(40);
		expect(activeAgain).toBeGreaterThan(20);
	});

	it('has accounts with two subscriptions at once (an add-on)', () => {
		let concurrent = 0;
		for (const subs of subsByAccount.values()) {
			const overlap = (a: SampleSubscription, b: SampleSubscription) =>
				b.startDay <= (a.endDay ?? Infinity) && a.startDay <= (b.endDay ?? Infinity);
			const overlaps = subs.some((a, i) => subs.some((b, j) => i < j && overlap(a, b)));
			if (overlaps) concurrent++;
		}
		expect(concurrent).toBeGreaterThan(150);
	});
});

describe('generateSample: people and language', () => {
	it('names companies in Japanese and English, with JA and EN owners', () => {
		const ja = data.accounts.filter((a) => JAPANESE.test(a.companyName)).length;
		expect(ja).toBeGreaterThan(500);
		expect(data.accounts.length - ja).toBeGreaterThan(500);
		expect(data.accounts.some((a) => a.companyName.startsWith('株式会社'))).toBe(true);
		// Nearly all names differ.
		expect(new Set(data.accounts.map((a) => a.companyName)).size).toBeGreaterThan(1900);
		const owners = new Set(data.accounts.map((a) => a.owner));
		expect([...owners].some((o) => JAPANESE.test(o))).toBe(true);
		expect([...owners].some((o) => !JAPANESE.test(o))).toBe(true);
	});

	it('fills plans, segments, countries, industries and seats', () => {
		const distinct = (f: (a: SampleData['accounts'][number]) => string) =>
			new Set(data.accounts.map(f)).size;
		expect(distinct((a) => a.plan)).toBe(4);
		expect(distinct((a) => a.segment)).toBe(3);
		expect(distinct((a) => a.country)).toBeGreaterThan(5);
		expect(distinct((a) => a.industry)).toBeGreaterThan(8);
		expect(data.accounts.every((a) => Number.isInteger(a.seats) && a.seats >= 1)).toBe(true);
	});
});

describe('generateSample: activity', () => {
	it('orders rows by account, day and event, one row per account, day and event', () => {
		const act = data.activity;
		let outOfOrder = 0;
		for (let i = 1; i < act.length; i++) {
			const byAccount = act.account[i] - act.account[i - 1];
			const byDay = act.day[i] - act.day[i - 1];
			const byEvent = act.event[i] - act.event[i - 1];
			if (byAccount < 0 || (byAccount === 0 && (byDay < 0 || (byDay === 0 && byEvent <= 0)))) {
				outOfOrder++;
			}
		}
		expect(outOfOrder).toBe(0);
	});

	it('uses every event and gives each account-day one users value, within seats', () => {
		const act = data.activity;
		const seen = new Set<number>();
		let mixedUsers = 0;
		let overSeats = 0;
		let belowOne = 0;
		// Accounts that never changed plan keep their seats: their users must fit within them.
		const oneMainSub = new Set<number>();
		data.accounts.forEach((a, i) => {
			const subs = subsByAccount.get(a.customerId) ?? [];
			if (subs.every((s) => s.status !== 'upgraded' && s.status !== 'downgraded')) {
				oneMainSub.add(i);
			}
		});
		for (let i = 0; i < act.length; i++) {
			seen.add(act.event[i]);
			if (i > 0 && act.account[i] === act.account[i - 1] && act.day[i] === act.day[i - 1]) {
				if (act.users[i] !== act.users[i - 1]) mixedUsers++;
			}
			const a = act.account[i];
			if (oneMainSub.has(a) && act.users[i] > data.accounts[a].seats) overSeats++;
			if (act.count[i] < 1 || act.users[i] < 1) belowOne++;
		}
		expect(belowOne).toBe(0);
		expect(seen.size).toBe(SAMPLE_EVENTS.length);
		expect(mixedUsers).toBe(0);
		expect(overSeats).toBe(0);
	});

	it('is busier on weekdays than at weekends', () => {
		let weekday = 0;
		let weekend = 0;
		for (let i = 0; i < data.activity.length; i++) {
			if (weekdayOfDay(data.activity.day[i]) >= 5) weekend += data.activity.count[i];
			else weekday += data.activity.count[i];
		}
		// Per day: five weekdays against two weekend days.
		expect(weekday / 5).toBeGreaterThan((3 * weekend) / 2);
	});

	it('dips over the Japanese New Year', () => {
		const byDay = new Map<number, number>();
		for (let i = 0; i < data.activity.length; i++) {
			const d = data.activity.day[i];
			byDay.set(d, (byDay.get(d) ?? 0) + data.activity.count[i]);
		}
		// 2025-01-02 (Thu) against the next two Thursdays, 2025-01-09 and 2025-01-16.
		const jan2 = byDay.get(dayFromYmd(2025, 1, 2)) ?? 0;
		const jan9 = byDay.get(dayFromYmd(2025, 1, 9)) ?? 0;
		const usual = (jan9 + (byDay.get(dayFromYmd(2025, 1, 16)) ?? 0)) / 2;
		expect(jan2).toBeLessThan(usual * 0.6);
	});

	it('fades in the four weeks before churn compared with twelve to sixteen weeks before', () => {
		const byAccount = activityByAccountDay();
		let recent = 0;
		let earlier = 0;
		let accounts = 0;
		data.accounts.forEach((a, i) => {
			if (a.churnType !== 'voluntary' || a.churnDay === null) return;
			const c = a.churnDay;
			if (c - 112 < a.signupDay) return;
			accounts++;
			recent += windowSum(byAccount.get(i), c - 27, c);
			earlier += windowSum(byAccount.get(i), c - 111, c - 84);
		});
		expect(accounts).toBeGreaterThan(100);
		expect(recent).toBeLessThan(earlier * 0.7);
	});

	it('records onboarding milestones for many, not all, accounts in their first weeks', () => {
		const act = data.activity;
		const milestones = new Map<number, number>();
		let late = 0;
		for (let i = 0; i < act.length; i++) {
			const event = SAMPLE_EVENTS[act.event[i]];
			if (!event.startsWith('onboarding_')) continue;
			milestones.set(act.event[i], (milestones.get(act.event[i]) ?? 0) + 1);
			if (act.day[i] - data.accounts[act.account[i]].signupDay > 30) late++;
		}
		expect(late).toBe(0);
		for (const count of milestones.values()) {
			expect(count).toBeGreaterThan(400);
			expect(count).toBeLessThan(data.accounts.length);
		}
		expect(milestones.size).toBe(3);
	});
});

describe('generateSample: tickets and NPS', () => {
	it('leaves some tickets unresolved and solves the rest on or after creation', () => {
		const open = data.tickets.filter((t) => t.solvedDay === null);
		expect(open.length).toBeGreaterThan(100);
		expect(open.every((t) => t.status === 'open' || t.status === 'pending')).toBe(true);
		for (const t of data.tickets) {
			if (t.solvedDay !== null) expect(t.solvedDay).toBeGreaterThanOrEqual(t.createdDay);
		}
		expect(new Set(data.tickets.map((t) => t.priority))).toEqual(
			new Set(['low', 'normal', 'high', 'urgent'])
		);
		const ja = data.tickets.filter((t) => JAPANESE.test(t.subject)).length;
		expect(ja).toBeGreaterThan(500);
		expect(data.tickets.length - ja).toBeGreaterThan(500);
	});

	it('has more tickets per account-day in the 60 days before churn than overall', () => {
		const churnDays = churnDayById();
		let before = 0;
		for (const t of data.tickets) {
			const c = churnDays.get(t.customerId);
			if (c !== undefined && t.createdDay > c - 60 && t.createdDay <= c) before++;
		}
		let paidDays = 0;
		for (const s of data.subscriptions) {
			if (isMainPlan(s.plan)) paidDays += (s.endDay ?? END) - s.startDay + 1;
		}
		const beforeRate = before / (churnDays.size * 60);
		const overallRate = data.tickets.length / paidDays;
		expect(beforeRate).toBeGreaterThan(overallRate * 1.3);
	});

	it('scores 0-10 with comments in both languages and more detractors before churn', () => {
		expect(data.nps.length).toBeGreaterThan(1000);
		const valid = (score: number) => Number.isInteger(score) && score >= 0 && score <= 10;
		expect(data.nps.every((r) => valid(r.score))).toBe(true);
		const comments = data.nps.map((r) => r.comment).filter((c): c is string => c !== null);
		const ja = comments.filter((c) => JAPANESE.test(c)).length;
		expect(ja).toBeGreaterThan(200);
		expect(comments.length - ja).toBeGreaterThan(200);
		const churnDays = churnDayById();
		const beforeChurn = data.nps.filter((r) => {
			const c = churnDays.get(r.customerId);
			return c !== undefined && r.day > c - 150;
		});
		const share = (rows: typeof data.nps) => rows.filter((r) => r.score <= 6).length / rows.length;
		expect(beforeChurn.length).toBeGreaterThan(100);
		expect(share(beforeChurn)).toBeGreaterThan(share(data.nps) + 0.1);
		const scoresAll = new Set(data.nps.map((r) => r.score));
		expect(scoresAll.has(0) || scoresAll.has(1)).toBe(true);
		expect(scoresAll.has(10)).toBe(true);
	});
});

describe('sampleCsvFiles', () => {
	// The contract in notes/sample-headers.md, copied by hand so a drift in the code is caught.
	const CONTRACT: Record<string, string> = {
		'accounts.csv':
			'customer_id,company_name,plan,segment,owner,signup_date,churn_date,churn_reason,' +
			'churn_type,mrr,currency,country,industry,seats',
		'subscriptions.csv':
			'subscription_id,customer_id,plan,mrr,currency,start_date,end_date,status,cancel_reason',
		'payments.csv': 'payment_id,customer_id,date,amount,currency,status',
		'activity.csv': 'account_id,date,event,count,users',
		'tickets.csv':
			'ticket_id,customer_id,created_at,solved_at,status,priority,subject,satisfaction',
		'nps.csv': '回答ID,顧客ID,回答日,スコア,コメント'
	};

	it('writes one file per entity with exactly the contract headers', () => {
		const files = sampleCsvFiles(data);
		expect(files.map((f) => f.entity)).toEqual([
			'accounts',
			'subscriptions',
			'payments',
			'activity',
			'tickets',
			'nps'
		]);
		for (const f of files) {
			expect(f.fileName).toBe(`${f.entity}.csv`);
			expect(f.text.slice(0, f.text.indexOf('\r\n'))).toBe(CONTRACT[f.fileName]);
			expect(f.text.endsWith('\r\n')).toBe(true);
		}
	});

	it('parses back (PapaParse) to as many rows as the data, quoted cells included', () => {
		const files = sampleCsvFiles(data);
		const counts: Record<string, number> = {
			accounts: data.accounts.length,
			subscriptions: data.subscriptions.length,
			payments: data.payments.length,
			activity: data.activity.length,
			tickets: data.tickets.length,
			nps: data.nps.length
		};
		for (const f of files) {
			if (f.entity === 'activity') continue; // plain cells only; its size is checked above
			const parsed = Papa.parse<string[]>(f.text, { skipEmptyLines: true });
			expect(parsed.errors).toEqual([]);
			expect(parsed.data.length - 1).toBe(counts[f.entity]);
			expect(parsed.data.every((row) => row.length === parsed.data[0].length)).toBe(true);
		}
		const accounts = Papa.parse<string[]>(files[0].text, { skipEmptyLines: true }).data;
		const llc = data.accounts.findIndex((a) => a.companyName.endsWith(', LLC'));
		expect(llc).toBeGreaterThanOrEqual(0);
		expect(accounts[llc + 1][1]).toBe(data.accounts[llc].companyName);
		const nps = Papa.parse<string[]>(files[5].text, { skipEmptyLines: true }).data;
		const multiline = data.nps.findIndex((r) => r.comment?.includes('\n'));
		expect(multiline).toBeGreaterThanOrEqual(0);
		expect(nps[multiline + 1][4]).toBe(data.nps[multiline].comment);
	});

	it('formats a hand-built sample exactly: dates, money, quoting, empty nulls', () => {
		const day = dayFromYmd(2025, 1, 31);
		const tiny: SampleData = {
			startDay: day,
			endDay: day + 1,
			accounts: [
				{
					customerId: 'C1',
					companyName: 'Acme Analytics, LLC',
					plan: 'Growth',
					segment: 'SMB',
					owner: '佐藤 美咲',
					signupDay: day,
					churnDay: null,
					churnReason: null,
					churnType: null,
					mrrMinor: 19_905,
					currency: 'USD',
					country: 'JP',
					industry: 'Software',
					seats: 3
				}
			],
			subscriptions: [],
			payments: [
				{
					paymentId: 'P1',
					customerId: 'C1',
					day: day + 1,
					amountMinor: 5,
					currency: 'USD',
					status: 'failed'
				}
			],
			activity: {
				length: 2,
				account: Int32Array.of(0, 0),
				day: Int32Array.of(day, day),
				event: Uint8Array.of(0, 5),
				count: Int32Array.of(4, 120),
				users: Int32Array.of(2, 2)
			},
			tickets: [],
			nps: [{ responseId: 'N1', customerId: 'C1', day, score: 9, comment: 'Says "great"' }]
		};
		const files = Object.fromEntries(sampleCsvFiles(tiny).map((f) => [f.entity, f.text]));
		// 19,905 cents = 199.05; 5 cents = 0.05; the comma name and the quoted comment are quoted.
		expect(files.accounts).toBe(
			`${CONTRACT['accounts.csv']}\r\n` +
				'C1,"Acme Analytics, LLC",Growth,SMB,佐藤 美咲,2025-01-31,,,,' +
				'199.05,USD,JP,Software,3\r\n'
		);
		expect(files.payments).toBe(
			`${CONTRACT['payments.csv']}\r\nP1,C1,2025-02-01,0.05,USD,failed\r\n`
		);
		expect(files.activity).toBe(
			`${CONTRACT['activity.csv']}\r\nC1,2025-01-31,login,4,2\r\nC1,2025-01-31,api_call,120,2\r\n`
		);
		expect(files.nps).toBe(`${CONTRACT['nps.csv']}\r\nN1,C1,2025-01-31,9,"Says ""great"""\r\n`);
		expect(files.tickets).toBe(`${CONTRACT['tickets.csv']}\r\n`);
	});
});
