// One account's history as a single chronological list, and for a churned account the
// post-mortem: which warning signals appeared in the days before it left.
import {
	ALL_EVENTS_METRIC,
	NULL_INT,
	type Dataset,
	type DayNumber,
	type PaymentStatus
} from './types';
import { weekStartOfDay } from './dates';
import { conditionIntervals, ruleIndexOf, type Condition, type IntervalContext } from './rules';

export type TimelineEvent =
	| { kind: 'signup'; day: DayNumber }
	| {
			kind: 'subscription-start' | 'subscription-change' | 'subscription-end';
			day: DayNumber;
			mrrBeforeMinor: number;
			mrrAfterMinor: number;
			deltaMinor: number;
			/** Plans of the subscriptions that started / ended (last service day before) this day. */
			plansStarted: (string | null)[];
			plansEnded: (string | null)[];
	  }
	| {
			kind: 'payment';
			day: DayNumber;
			paymentId: string | null;
			status: PaymentStatus | null;
			amountMinor: number;
			currency: string | null;
			/** Failed payments are shown highlighted. */
			highlight: boolean;
	  }
	| {
			kind: 'ticket-opened';
			day: DayNumber;
			ticketId: string | null;
			subject: string | null;
			priority: string | null;
	  }
	| { kind: 'ticket-resolved'; day: DayNumber; ticketId: string | null; daysOpen: number }
	| {
			kind: 'nps';
			day: DayNumber;
			responseId: string | null;
			score: number;
			group: 'promoter' | 'passive' | 'detractor';
			comment: string | null;
	  }
	| {
			kind: 'activity-week';
			/** The week's first active day (so a week never sorts before the signup). */
			day: DayNumber;
			/** The week's Monday. */
			weekStartDay: DayNumber;
			events: number;
			activeDays: number;
			/** Largest daily distinct users of the week, null when unknown. */
			maxDailyUsers: number | null;
	  }
	| { kind: 'churn'; day: DayNumber; reason: string | null; churnType: string | null };

export type TimelineEventKind = TimelineEvent['kind'];

// Order of events on the same day: the account's life reads top to bottom.
const KIND_ORDER: Record<TimelineEventKind, number> = {
	signup: 0,
	'subscription-start': 1,
	'subscription-change': 2,
	'activity-week': 3,
	payment: 4,
	'ticket-opened': 5,
	'ticket-resolved': 6,
	nps: 7,
	'subscription-end': 8,
	churn: 9
};

export type PostMortemCode =
	'inactivity' | 'usage-drop' | 'ticket-opened' | 'nps-response' | 'payment-failed';
const CODE_ORDER: Record<PostMortemCode, number> = {
	inactivity: 0,
	'usage-drop': 1,
	'ticket-opened': 2,
	'nps-response': 3,
	'payment-failed': 4
};

export interface PostMortemSignal {
	code: PostMortemCode;
	day: DayNumber;
	params: Record<string, number | string | null>;
}

export interface PostMortem {
	churnDay: DayNumber;
	windowStartDay: DayNumber;
	windowDays: number;
	/** Chronological; on the same day in the order of PostMortemCode. */
	signals: PostMortemSignal[];
}

export interface AccountTimeline {
	accountId: string;
	events: TimelineEvent[];
	counts: Partial<Record<TimelineEventKind, number>>;
	postMortem: PostMortem | null;
}

export interface PostMortemOptions {
	windowDays?: number;
	inactiveDays?: number;
	usageDropPercent?: number;
}

/** The account's merged chronological history, or null when the account is unknown. */
export function accountTimeline(
	dataset: Dataset,
	accountId: string,
	options: PostMortemOptions = {}
): AccountTimeline | null {
	const index = ruleIndexOf(dataset);
	const a = index.accountIndexById.get(accountId);
	if (a === undefined) return null;
	const account = dataset.accounts[a];
	const events: TimelineEvent[] = [];
	if (account.signupDay !== null) events.push({ kind: 'signup', day: account.signupDay });

	// Subscription changes: one event per day on which the account's MRR or plans change.
	const subs = dataset.subscriptions.filter((s) => s.accountId === accountId);
	const changeDays = new Set<number>();
	for (const s of subs) {
		changeDays.add(s.startDay);
		if (s.endDay !== null) changeDays.add(s.endDay + 1);
	}
	const mrrOn = (day: number): number =>
		subs.reduce(
			(t, s) => (s.startDay <= day && (s.endDay === null || s.endDay >= day) ? t + s.mrrMinor : t),
			0
		);
	for (const day of [...changeDays].sort((x, y) => x - y)) {
		const before = mrrOn(day - 1);
		const after = mrrOn(day);
		const kind =
			before <= 0 && after > 0
				? 'subscription-start'
				: after <= 0 && before > 0
					? 'subscription-end'
					: 'subscription-change';
		events.push({
			kind,
			day,
			mrrBeforeMinor: before,
			mrrAfterMinor: after,
			deltaMinor: after - before,
			plansStarted: subs.filter((s) => s.startDay === day).map((s) => s.plan),
			plansEnded: subs.filter((s) => s.endDay !== null && s.endDay + 1 === day).map((s) => s.plan)
		});
	}
	for (const p of dataset.payments) {
		if (p.accountId !== accountId) continue;
		events.push({
			kind: 'payment',
			day: p.day,
			paymentId: p.id,
			status: p.status,
			amountMinor: p.amountMinor,
			currency: p.currency,
			highlight: p.status === 'failed'
		});
	}
	for (const t of dataset.tickets) {
		if (t.accountId !== accountId) continue;
		events.push({
			kind: 'ticket-opened',
			day: t.openedDay,
			ticketId: t.id,
			subject: t.subject,
			priority: t.priority
		});
		if (t.resolvedDay !== null) {
			events.push({
				kind: 'ticket-resolved',
				day: t.resolvedDay,
				ticketId: t.id,
				daysOpen: t.resolvedDay - t.openedDay
			});
		}
	}
	for (const r of dataset.nps) {
		if (r.accountId !== accountId) continue;
		const group = r.score >= 9 ? 'promoter' : r.score >= 7 ? 'passive' : 'detractor';
		events.push({
			kind: 'nps',
			day: r.day,
			responseId: r.id,
			score: r.score,
			group,
			comment: r.comment
		});
	}
	for (const w of activityWeeks(dataset, a)) events.push(w);
	const churn = index.churnDay[a];
	if (churn !== NULL_INT) {
		events.push({
			kind: 'churn',
			day: churn,
			reason: account.churnReason,
			churnType: account.churnType
		});
	}
	events.sort((x, y) => x.day - y.day || KIND_ORDER[x.kind] - KIND_ORDER[y.kind]);
	const counts: Partial<Record<TimelineEventKind, number>> = {};
	for (const e of events) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
	return {
		accountId,
		events,
		counts,
		postMortem: churn === NULL_INT ? null : postMortem(dataset, a, churn, options)
	};
}

function activityWeeks(dataset: Dataset, a: number): TimelineEvent[] {
	const index = ruleIndexOf(dataset);
	const series = index.allEvents;
	interface Week {
		day: number;
		events: number;
		activeDays: number;
		maxDailyUsers: number | null;
	}
	const weeks = new Map<number, Week>();
	for (let i = series.offsets[a]; i < series.offsets[a + 1]; i++) {
		const week = weekStartOfDay(series.days[i]);
		const w = weeks.get(week) ?? {
			day: series.days[i],
			events: 0,
			activeDays: 0,
			maxDailyUsers: null
		};
		w.events += series.counts[i];
		if (series.counts[i] > 0) w.activeDays++;
		weeks.set(week, w);
	}
	const act = dataset.activity;
	const star = index.metricIndexByName.get(ALL_EVENTS_METRIC);
	if (star !== undefined && weeks.size > 0) {
		for (let r = 0; r < act.length; r++) {
			if (act.metric[r] !== star || index.activityAccount[act.account[r]] !== a) continue;
			const users = act.users[r];
			if (!Number.isFinite(users)) continue;
			const w = weeks.get(weekStartOfDay(act.day[r]));
			if (w && (w.maxDailyUsers === null || users > w.maxDailyUsers)) w.maxDailyUsers = users;
		}
	}
	return [...weeks.entries()].map(([weekStartDay, w]) => ({
		kind: 'activity-week',
		weekStartDay,
		...w
	}));
}

function postMortem(
	dataset: Dataset,
	a: number,
	churn: DayNumber,
	options: PostMortemOptions
): PostMortem {
	const index = ruleIndexOf(dataset);
	const windowDays = options.windowDays ?? 90;
	const start = churn - windowDays;
	const last = churn - 1;
	const signals: PostMortemSignal[] = [];
	const ctx: IntervalContext = { index, signalDay: null };
	const firstHeld = (c: Condition): number | null => {
		const iv = conditionIntervals(ctx, c, a, last);
		for (let i = 0; i < iv.length; i += 2) if (iv[i + 1] >= start) return Math.max(iv[i], start);
		return null;
	};
	if (index.has.activity) {
		const inactiveDays = options.inactiveDays ?? 14;
		const day = firstHeld({
			kind: 'inactive',
			id: 'pm',
			days: inactiveDays,
			metric: null,
			fallbackToAllEvents: true
		});
		if (day !== null) {
			const s = index.allEvents;
			let lastActive: number | null = null;
			for (let i = s.offsets[a]; i < s.offsets[a + 1] && s.days[i] <= day; i++)
				lastActive = s.days[i];
			signals.push({
				code: 'inactivity',
				day,
				params: { days: inactiveDays, lastActiveDay: lastActive }
			});
		}
		const percent = options.usageDropPercent ?? 30;
		const dropDay = firstHeld({ kind: 'usage-drop', id: 'pm', percent, metric: null });
		if (dropDay !== null) signals.push({ code: 'usage-drop', day: dropDay, params: { percent } });
	}
	const inWindow = (d: number): boolean => d >= start && d <= last;
	for (const t of dataset.tickets) {
		if (t.accountId !== dataset.accounts[a].id || !inWindow(t.openedDay)) continue;
		signals.push({
			code: 'ticket-opened',
			day: t.openedDay,
			params: { ticketId: t.id, resolvedDay: t.resolvedDay }
		});
	}
	for (const r of dataset.nps) {
		if (r.accountId !== dataset.accounts[a].id || !inWindow(r.day)) continue;
		signals.push({
			code: 'nps-response',
			day: r.day,
			params: { responseId: r.id, score: r.score }
		});
	}
	const pays = dataset.payments.filter((p) => p.accountId === dataset.accounts[a].id);
	for (const p of pays) {
		if (p.status !== 'failed' || !inWindow(p.day)) continue;
		const recovered = pays
			.filter((q) => q.status === 'paid' && q.day >= p.day)
			.reduce<number | null>((m, q) => (m === null || q.day < m ? q.day : m), null);
		signals.push({
			code: 'payment-failed',
			day: p.day,
			params: { paymentId: p.id, amountMinor: p.amountMinor, recoveredDay: recovered }
		});
	}
	signals.sort((x, y) => x.day - y.day || CODE_ORDER[x.code] - CODE_ORDER[y.code]);
	return { churnDay: churn, windowStartDay: start, windowDays, signals };
}
