// Point-in-time account features: every figure for a day uses only rows dated on or before it.
// `featureIndexOf` sorts each account's activity, tickets, payments, NPS and subscriptions once
// (compressed rows per account, typed arrays) so a snapshot of every account costs a few binary
// searches per account. The training sets for the churn model are built here too.
import { TREND_BASIS_CODES, lowerBound, upperBound, usageTrendAt } from './baseline';
import { lastDayOfMonth, monthIndexOfDay } from './dates';
import type { ModelTable } from './model';
import { ALL_EVENTS_METRIC, NULL_INT, type Dataset, type DayNumber } from './types';

/** Numeric features, in column order. NaN means "not known" (see each definition). */
export const NUMERIC_FEATURES = [
	/** Days with any event in the 28 days ending on the day. */
	'activeDays28',
	/** Events in the last 28 days ÷ the account's baseline (see baseline.ts). */
	'usageTrend',
	/** Distinct metrics (other than `*`) used in the last 28 days. */
	'breadth28',
	/** Largest daily distinct users in the last 28 days; NaN without user counts. */
	'users28',
	/** Days since the last event; NaN if the account has none yet. */
	'daysSinceActivity',
	/** Tickets opened on or before the day and not resolved by it. */
	'openTickets',
	/** Age in days of the oldest unresolved ticket; 0 when none is open. */
	'oldestOpenTicketDays',
	/** Score of the latest NPS answer on or before the day; NaN if none. */
	'latestNps',
	/** Failed payments in the last 60 days with no paid payment on or after them (up to the day). */
	'failedPayments60',
	/** `onboarding_*` metrics reached within the first 30 days of the account (up to the day). */
	'onboardingMilestones',
	/** Days since the account started. */
	'tenureDays',
	/** Sum of the MRR of subscriptions active on the day, minor units; NaN without subscriptions. */
	'mrrMinor'
] as const;
export type NumericFeature = (typeof NUMERIC_FEATURES)[number];
const F = Object.fromEntries(NUMERIC_FEATURES.map((name, i) => [name, i])) as Record<
	NumericFeature,
	number
>;

export const ONBOARDING_PREFIX = 'onboarding_';
export const ONBOARDING_DAYS = 30;
export const FAILED_PAYMENT_DAYS = 60;
const WINDOW_DAYS = 28;

const PAID = 1;
const FAILED = 2;

/** Per-account sorted rows of a dataset, built once and reused for every snapshot. */
export interface FeatureIndex {
	accountCount: number;
	accountIds: string[];
	accountIndexById: Map<string, number>;
	/** Signup, else first subscription, activity, payment or ticket; NULL_INT when unknown. */
	startDay: Int32Array;
	/** Churn day (rules in `accountChurnDay`); NULL_INT when the account has not churned. */
	churnDay: Int32Array;
	/** Latest dated event in the dataset; NULL_INT for a dataset without dates. */
	dataEndDay: DayNumber;
	hasActivity: boolean;
	hasMetrics: boolean;
	hasUsers: boolean;
	hasTickets: boolean;
	hasPayments: boolean;
	hasOnboarding: boolean;
	hasSubscriptions: boolean;
	// Days with events per account: [dayOffsets[a], dayOffsets[a + 1]).
	dayOffsets: Int32Array;
	days: Int32Array;
	/** Prefix sums of events over the global positions of `days` (length days.length + 1). */
	eventsCumulative: Float64Array;
	users: Float64Array;
	// Per-metric rows (not `*`) per account, sorted by day.
	metricOffsets: Int32Array;
	metricDays: Int32Array;
	metricIds: Int32Array;
	metricCount: number;
	isOnboardingMetric: Uint8Array;
	ticketOffsets: Int32Array;
	ticketOpened: Int32Array;
	ticketResolved: Int32Array;
	paymentOffsets: Int32Array;
	paymentDay: Int32Array;
	paymentStatus: Int8Array;
	npsOffsets: Int32Array;
	npsDay: Int32Array;
	npsScore: Float64Array;
	subscriptionOffsets: Int32Array;
	subscriptionStart: Int32Array;
	subscriptionEnd: Int32Array;
	subscriptionMrr: Float64Array;
	subscriptionPlan: Int32Array;
	/** Plan names: subscriptions' plans and accounts' plans share one dictionary. */
	planLevels: string[];
	accountPlan: Int32Array;
	segmentLevels: string[];
	accountSegment: Int32Array;
}

/** Features of every account as of one day, columnar. */
export interface FeatureFrame {
	asOfDay: DayNumber;
	accountCount: number;
	/** 1 when the account had started and not churned on the day. */
	active: Uint8Array;
	numeric: Record<NumericFeature, Float64Array>;
	/** Index into TREND_BASIS_CODES. */
	trendBasis: Uint8Array;
	/** Plan on the day (largest active subscription, else the account's plan); -1 none. */
	plan: Int32Array;
	planLevels: string[];
	segment: Int32Array;
	segmentLevels: string[];
}

/** One account's features as plain data. */
export interface AccountFeatures {
	accountId: string;
	asOfDay: DayNumber;
	active: boolean;
	values: Record<NumericFeature, number | null>;
	trendBasis: (typeof TREND_BASIS_CODES)[number];
	plan: string | null;
	segment: string | null;
}

interface Csr {
	offsets: Int32Array;
	order: Int32Array;
}

/** Rows grouped by account, each group sorted by key (stable), rows with account -1 dropped. */
function groupedOrder(account: Int32Array, key: Int32Array, accountCount: number): Csr {
	const n = account.length;
	const offsets = new Int32Array(accountCount + 1);
	for (let i = 0; i < n; i++) if (account[i] >= 0) offsets[account[i] + 1]++;
	for (let a = 0; a < accountCount; a++) offsets[a + 1] += offsets[a];
	const order = new Int32Array(offsets[accountCount]);
	const fill = offsets.slice(0, accountCount);
	for (let i = 0; i < n; i++) if (account[i] >= 0) order[fill[account[i]]++] = i;
	// Sort each group by key; insertion sort for the many short groups, native sort otherwise.
	for (let a = 0; a < accountCount; a++) {
		const lo = offsets[a];
		const hi = offsets[a + 1];
		let sorted = true;
		for (let k = lo + 1; k < hi && sorted; k++)
			if (key[order[k]] < key[order[k - 1]]) sorted = false;
		if (sorted) continue;
		if (hi - lo < 32) {
			for (let k = lo + 1; k < hi; k++) {
				const row = order[k];
				let j = k - 1;
				while (j >= lo && key[order[j]] > key[row]) {
					order[j + 1] = order[j];
					j--;
				}
				order[j + 1] = row;
			}
		} else {
			const part = Array.from(order.subarray(lo, hi));
			part.sort((x, y) => key[x] - key[y] || x - y);
			order.set(part, lo);
		}
	}
	return { offsets, order };
}

function dictionaryCode(dict: string[], map: Map<string, number>, value: string | null): number {
	if (value === null || value === '') return -1;
	let code = map.get(value);
	if (code === undefined) {
		code = dict.length;
		dict.push(value);
		map.set(value, code);
	}
	return code;
}

function paymentStatusCode(status: string | null): number {
	return status === 'paid' ? PAID : status === 'failed' ? FAILED : 0;
}

/** Builds the per-account index of a dataset. O(rows); call once per dataset version. */
export function featureIndexOf(dataset: Dataset): FeatureIndex {
	const accounts = dataset.accounts;
	const accountCount = accounts.length;
	const accountIndexById = new Map<string, number>();
	accounts.forEach((a, i) => accountIndexById.set(a.id, i));
	const indexOf = (id: string): number => accountIndexById.get(id) ?? -1;
	let dataEnd = NULL_INT;
	const seeDay = (d: number): void => {
		if (d !== NULL_INT && d > dataEnd) dataEnd = d;
	};

	// Activity: sort rows by (account, day), then fold each account-day into one events figure.
	const act = dataset.activity;
	const actAccountMap = Int32Array.from(act.accountIds, (id) => indexOf(id));
	const actAccount = new Int32Array(act.length);
	for (let i = 0; i < act.length; i++) actAccount[i] = actAccountMap[act.account[i]];
	const starMetric = act.metrics.indexOf(ALL_EVENTS_METRIC);
	const isOnboardingMetric = Uint8Array.from(act.metrics, (m) =>
		m.startsWith(ONBOARDING_PREFIX) ? 1 : 0
	);
	const grouped = groupedOrder(actAccount, act.day, accountCount);
	const dayOffsets = new Int32Array(accountCount + 1);
	const metricOffsets = new Int32Array(accountCount + 1);
	const days: number[] = [];
	const events: number[] = [];
	const users: number[] = [];
	const metricDays: number[] = [];
	const metricIds: number[] = [];
	let hasUsers = false;
	for (let a = 0; a < accountCount; a++) {
		let k = grouped.offsets[a];
		const hi = grouped.offsets[a + 1];
		while (k < hi) {
			const day = act.day[grouped.order[k]];
			let star = NaN;
			let starUsers = NaN;
			let sum = 0;
			for (; k < hi && act.day[grouped.order[k]] === day; k++) {
				const row = grouped.order[k];
				const count = act.count[row];
				if (act.metric[row] === starMetric) {
					star = count;
					starUsers = act.users[row];
				} else if (count > 0) {
					sum += count;
					metricDays.push(day);
					metricIds.push(act.metric[row]);
				}
			}
			// The `*` row carries all events; without one, the metrics' counts are summed.
			const total = Number.isNaN(star) ? sum : star;
			if (total > 0) {
				days.push(day);
				events.push(total);
				users.push(starUsers);
				if (!Number.isNaN(starUsers)) hasUsers = true;
				seeDay(day);
			}
		}
		dayOffsets[a + 1] = days.length;
		metricOffsets[a + 1] = metricDays.length;
	}
	const eventsCumulative = new Float64Array(events.length + 1);
	for (let i = 0; i < events.length; i++) eventsCumulative[i + 1] = eventsCumulative[i] + events[i];

	// Tickets, payments, NPS, subscriptions: group by account, sort by day.
	const tAccount = Int32Array.from(dataset.tickets, (t) => indexOf(t.accountId));
	const tOpened = Int32Array.from(dataset.tickets, (t) => t.openedDay);
	const tg = groupedOrder(tAccount, tOpened, accountCount);
	const ticketOpened = Int32Array.from(tg.order, (r) => dataset.tickets[r].openedDay);
	const ticketResolved = Int32Array.from(
		tg.order,
		(r) => dataset.tickets[r].resolvedDay ?? NULL_INT
	);
	ticketOpened.forEach(seeDay);

	const pAccount = Int32Array.from(dataset.payments, (p) => indexOf(p.accountId));
	const pDay = Int32Array.from(dataset.payments, (p) => p.day);
	const pg = groupedOrder(pAccount, pDay, accountCount);
	const paymentDay = Int32Array.from(pg.order, (r) => dataset.payments[r].day);
	const paymentStatus = Int8Array.from(pg.order, (r) =>
		paymentStatusCode(dataset.payments[r].status)
	);
	paymentDay.forEach(seeDay);

	const nAccount = Int32Array.from(dataset.nps, (r) => indexOf(r.accountId));
	const nDay = Int32Array.from(dataset.nps, (r) => r.day);
	const ng = groupedOrder(nAccount, nDay, accountCount);
	const npsDay = Int32Array.from(ng.order, (r) => dataset.nps[r].day);
	const npsScore = Float64Array.from(ng.order, (r) => dataset.nps[r].score);
	npsDay.forEach(seeDay);

	const planLevels: string[] = [];
	const planMap = new Map<string, number>();
	const sAccount = Int32Array.from(dataset.subscriptions, (s) => indexOf(s.accountId));
	const sStart = Int32Array.from(dataset.subscriptions, (s) => s.startDay);
	const sg = groupedOrder(sAccount, sStart, accountCount);
	const subscriptionStart = Int32Array.from(sg.order, (r) => dataset.subscriptions[r].startDay);
	const subscriptionEnd = Int32Array.from(
		sg.order,
		(r) => dataset.subscriptions[r].endDay ?? NULL_INT
	);
	const subscriptionMrr = Float64Array.from(sg.order, (r) => dataset.subscriptions[r].mrrMinor);
	const subscriptionPlan = Int32Array.from(sg.order, (r) =>
		dictionaryCode(planLevels, planMap, dataset.subscriptions[r].plan)
	);
	subscriptionStart.forEach(seeDay);

	const accountPlan = Int32Array.from(accounts, (a) => dictionaryCode(planLevels, planMap, a.plan));
	const segmentLevels: string[] = [];
	const segmentMap = new Map<string, number>();
	const accountSegment = Int32Array.from(accounts, (a) =>
		dictionaryCode(segmentLevels, segmentMap, a.segment)
	);

	const startDay = new Int32Array(accountCount).fill(NULL_INT);
	const churnDay = new Int32Array(accountCount).fill(NULL_INT);
	for (let a = 0; a < accountCount; a++) {
		const acc = accounts[a];
		let start = acc.signupDay ?? NULL_INT;
		if (start === NULL_INT) {
			const firsts = [
				sg.offsets[a] < sg.offsets[a + 1] ? subscriptionStart[sg.offsets[a]] : NULL_INT,
				dayOffsets[a] < dayOffsets[a + 1] ? days[dayOffsets[a]] : NULL_INT,
				pg.offsets[a] < pg.offsets[a + 1] ? paymentDay[pg.offsets[a]] : NULL_INT,
				tg.offsets[a] < tg.offsets[a + 1] ? ticketOpened[tg.offsets[a]] : NULL_INT
			].filter((d) => d !== NULL_INT);
			if (firsts.length > 0) start = Math.min(...firsts);
		}
		startDay[a] = start;
		seeDay(start);
		churnDay[a] = accountChurnDay(
			acc.churnDay,
			acc.churned,
			subscriptionEnd,
			sg.offsets[a],
			sg.offsets[a + 1]
		);
		seeDay(acc.churnDay ?? NULL_INT);
	}

	return {
		accountCount,
		accountIds: accounts.map((a) => a.id),
		accountIndexById,
		startDay,
		churnDay,
		dataEndDay: dataEnd,
		hasActivity: days.length > 0,
		hasMetrics: metricDays.length > 0,
		hasUsers,
		hasTickets: ticketOpened.length > 0,
		hasPayments: paymentDay.length > 0,
		hasOnboarding: isOnboardingMetric.some((v) => v === 1),
		hasSubscriptions: subscriptionStart.length > 0,
		dayOffsets,
		days: Int32Array.from(days),
		eventsCumulative,
		users: Float64Array.from(users),
		metricOffsets,
		metricDays: Int32Array.from(metricDays),
		metricIds: Int32Array.from(metricIds),
		metricCount: act.metrics.length,
		isOnboardingMetric,
		ticketOffsets: tg.offsets,
		ticketOpened,
		ticketResolved,
		paymentOffsets: pg.offsets,
		paymentDay,
		paymentStatus,
		npsOffsets: ng.offsets,
		npsDay,
		npsScore,
		subscriptionOffsets: sg.offsets,
		subscriptionStart,
		subscriptionEnd,
		subscriptionMrr,
		subscriptionPlan,
		planLevels,
		accountPlan,
		segmentLevels,
		accountSegment
	};
}

/**
 * The account's churn day: its own churnDay; else, when it is not marked as still active and
 * every subscription has ended, the day after the last day of service.
 */
function accountChurnDay(
	churnDay: DayNumber | null,
	churned: boolean | null,
	subscriptionEnd: Int32Array,
	lo: number,
	hi: number
): DayNumber {
	if (churnDay !== null) return churnDay;
	if (churned === false || lo === hi) return NULL_INT;
	let last = NULL_INT;
	for (let k = lo; k < hi; k++) {
		if (subscriptionEnd[k] === NULL_INT) return NULL_INT;
		if (subscriptionEnd[k] > last) last = subscriptionEnd[k];
	}
	return last + 1;
}

/** Whether the account had started and had not churned on the day. */
export function isAccountActiveAt(index: FeatureIndex, account: number, day: DayNumber): boolean {
	const start = index.startDay[account];
	const churn = index.churnDay[account];
	return start !== NULL_INT && start <= day && (churn === NULL_INT || churn > day);
}

/** Sum of the MRR of the account's subscriptions active on the day (endDay is the last day). */
export function accountMrrAt(index: FeatureIndex, account: number, day: DayNumber): number {
	let sum = 0;
	for (
		let k = index.subscriptionOffsets[account];
		k < index.subscriptionOffsets[account + 1];
		k++
	) {
		if (index.subscriptionStart[k] > day) break;
		const end = index.subscriptionEnd[k];
		if (end === NULL_INT || end >= day) sum += index.subscriptionMrr[k];
	}
	return sum;
}

/**
 * Writes the account's numeric features as of the day into out[offset ...], in NUMERIC_FEATURES
 * order; returns the trend basis code. `stamp` is scratch space of index.metricCount entries.
 */
export function writeAccountFeatures(
	index: FeatureIndex,
	a: number,
	asOfDay: DayNumber,
	out: Float64Array,
	offset: number,
	stamp: Int32Array,
	stampId: number
): number {
	const windowFirst = asOfDay - WINDOW_DAYS + 1;
	const start = index.startDay[a];
	const dLo = index.dayOffsets[a];
	const dHi = index.dayOffsets[a + 1];
	const lo = lowerBound(index.days, dLo, dHi, windowFirst);
	const hi = upperBound(index.days, lo, dHi, asOfDay);
	const seen = hi; // every active day up to asOfDay ends at hi
	let basisCode = 0;
	if (index.hasActivity) {
		out[offset + F.activeDays28] = hi - lo;
		out[offset + F.daysSinceActivity] = seen > dLo ? asOfDay - index.days[seen - 1] : NaN;
		let maxUsers = NaN;
		if (index.hasUsers) {
			maxUsers = 0;
			for (let k = lo; k < hi; k++) if (index.users[k] > maxUsers) maxUsers = index.users[k];
		}
		out[offset + F.users28] = maxUsers;
		const historyStart = start !== NULL_INT ? start : seen > dLo ? index.days[dLo] : asOfDay;
		const trend = usageTrendAt(
			index.days,
			index.eventsCumulative,
			dLo,
			seen,
			historyStart,
			asOfDay
		);
		out[offset + F.usageTrend] = trend.ratio;
		basisCode = TREND_BASIS_CODES.indexOf(trend.basis);
	} else {
		out[offset + F.activeDays28] = NaN;
		out[offset + F.daysSinceActivity] = NaN;
		out[offset + F.users28] = NaN;
		out[offset + F.usageTrend] = NaN;
	}

	// Breadth and onboarding read the per-metric rows; a stamp array avoids clearing a set.
	const mLo = index.metricOffsets[a];
	const mHi = upperBound(index.metricDays, mLo, index.metricOffsets[a + 1], asOfDay);
	if (index.hasMetrics) {
		let breadth = 0;
		for (let k = lowerBound(index.metricDays, mLo, mHi, windowFirst); k < mHi; k++) {
			const m = index.metricIds[k];
			if (stamp[m] !== stampId) {
				stamp[m] = stampId;
				breadth++;
			}
		}
		out[offset + F.breadth28] = breadth;
	} else out[offset + F.breadth28] = NaN;
	if (index.hasOnboarding) {
		let milestones = 0;
		const first = start !== NULL_INT ? start : mLo < mHi ? index.metricDays[mLo] : asOfDay;
		const last = Math.min(first + ONBOARDING_DAYS - 1, asOfDay);
		const onboardingStamp = -stampId - 1;
		for (let k = lowerBound(index.metricDays, mLo, mHi, first); k < mHi; k++) {
			if (index.metricDays[k] > last) break;
			const m = index.metricIds[k];
			if (index.isOnboardingMetric[m] === 1 && stamp[m] !== onboardingStamp) {
				stamp[m] = onboardingStamp;
				milestones++;
			}
		}
		out[offset + F.onboardingMilestones] = milestones;
	} else out[offset + F.onboardingMilestones] = NaN;

	if (index.hasTickets) {
		let open = 0;
		let oldest = asOfDay;
		for (let k = index.ticketOffsets[a]; k < index.ticketOffsets[a + 1]; k++) {
			const opened = index.ticketOpened[k];
			if (opened > asOfDay) break;
			const resolved = index.ticketResolved[k];
			if (resolved === NULL_INT || resolved > asOfDay) {
				open++;
				if (opened < oldest) oldest = opened;
			}
		}
		out[offset + F.openTickets] = open;
		out[offset + F.oldestOpenTicketDays] = asOfDay - oldest;
	} else {
		out[offset + F.openTickets] = NaN;
		out[offset + F.oldestOpenTicketDays] = NaN;
	}

	const nLo = index.npsOffsets[a];
	const nHi = upperBound(index.npsDay, nLo, index.npsOffsets[a + 1], asOfDay);
	out[offset + F.latestNps] = nHi > nLo ? index.npsScore[nHi - 1] : NaN;

	if (index.hasPayments) {
		// Walk back from the day: a paid payment recovers every failure before it.
		let failed = 0;
		const pLo = index.paymentOffsets[a];
		const pHi = upperBound(index.paymentDay, pLo, index.paymentOffsets[a + 1], asOfDay);
		for (let k = pHi - 1; k >= pLo; k--) {
			if (index.paymentDay[k] <= asOfDay - FAILED_PAYMENT_DAYS) break;
			if (index.paymentStatus[k] === PAID) break;
			if (index.paymentStatus[k] === FAILED) failed++;
		}
		out[offset + F.failedPayments60] = failed;
	} else out[offset + F.failedPayments60] = NaN;

	out[offset + F.tenureDays] = start !== NULL_INT ? asOfDay - start : NaN;
	out[offset + F.mrrMinor] = index.hasSubscriptions ? accountMrrAt(index, a, asOfDay) : NaN;
	return basisCode;
}

/** Plan on the day: the plan of its largest active subscription, else the account's plan. */
export function accountPlanAt(index: FeatureIndex, a: number, day: DayNumber): number {
	let best = -1;
	let bestMrr = -Infinity;
	for (let k = index.subscriptionOffsets[a]; k < index.subscriptionOffsets[a + 1]; k++) {
		if (index.subscriptionStart[k] > day) break;
		const end = index.subscriptionEnd[k];
		if ((end === NULL_INT || end >= day) && index.subscriptionMrr[k] > bestMrr) {
			bestMrr = index.subscriptionMrr[k];
			best = index.subscriptionPlan[k];
		}
	}
	return best >= 0 ? best : index.accountPlan[a];
}

/**
 * Features of every account as of `asOfDay`, using only rows dated on or before it.
 * `dataset` is the one the index was built from (kept in the signature so callers pass both).
 */
export function accountFeaturesAt(
	dataset: Dataset,
	index: FeatureIndex,
	asOfDay: DayNumber
): FeatureFrame {
	void dataset;
	const n = index.accountCount;
	const width = NUMERIC_FEATURES.length;
	const scratch = new Float64Array(width);
	const stamp = new Int32Array(index.metricCount);
	const numeric = Object.fromEntries(
		NUMERIC_FEATURES.map((name) => [name, new Float64Array(n)])
	) as Record<NumericFeature, Float64Array>;
	const columns = NUMERIC_FEATURES.map((name) => numeric[name]);
	const active = new Uint8Array(n);
	const trendBasis = new Uint8Array(n);
	const plan = new Int32Array(n);
	for (let a = 0; a < n; a++) {
		active[a] = isAccountActiveAt(index, a, asOfDay) ? 1 : 0;
		trendBasis[a] = writeAccountFeatures(index, a, asOfDay, scratch, 0, stamp, a + 1);
		for (let j = 0; j < width; j++) columns[j][a] = scratch[j];
		plan[a] = accountPlanAt(index, a, asOfDay);
	}
	return {
		asOfDay,
		accountCount: n,
		active,
		numeric,
		trendBasis,
		plan,
		planLevels: index.planLevels,
		segment: index.accountSegment,
		segmentLevels: index.segmentLevels
	};
}

/** One account of a frame as plain data (null for unknown values). */
export function accountFeaturesOf(
	index: FeatureIndex,
	frame: FeatureFrame,
	a: number
): AccountFeatures {
	const values = Object.fromEntries(
		NUMERIC_FEATURES.map((name) => {
			const v = frame.numeric[name][a];
			return [name, Number.isNaN(v) ? null : v];
		})
	) as Record<NumericFeature, number | null>;
	return {
		accountId: index.accountIds[a],
		asOfDay: frame.asOfDay,
		active: frame.active[a] === 1,
		values,
		trendBasis: TREND_BASIS_CODES[frame.trendBasis[a]],
		plan: frame.plan[a] >= 0 ? frame.planLevels[frame.plan[a]] : null,
		segment: frame.segment[a] >= 0 ? frame.segmentLevels[frame.segment[a]] : null
	};
}

// ---------------------------------------------------------------------------------------------
// Training sets.

export interface TrainingSetOptions {
	/** Label: churned within this many days after the snapshot (30, 60, 90). */
	horizonDays: number;
	/** Keep rows whose label window passes the data's end, with labelKnown = 0. Default false. */
	keepUnlabelled?: boolean;
	/** Snapshot month-ends on or after this day only. */
	firstDay?: DayNumber;
	/** Snapshot month-ends on or before this day only (default: the data's end). */
	lastDay?: DayNumber;
}

export interface TrainingSetSummary {
	snapshots: DayNumber[];
	rows: number;
	positives: number;
	/** Rows left out (or kept unlabelled) because the label window passes the data's end. */
	unlabelled: number;
}

/**
 * One row per account per month-end on which it is active, with features as of that day and
 * label "churns within horizonDays after it". A label window that passes the data's end would
 * be a guess, so those rows are left out (or kept with labelKnown = 0).
 */
export function trainingSet(
	dataset: Dataset,
	index: FeatureIndex,
	options: TrainingSetOptions
): { table: ModelTable; summary: TrainingSetSummary } {
	const end = options.lastDay ?? index.dataEndDay;
	const first = options.firstDay ?? firstStartDay(index);
	const snapshots: DayNumber[] = [];
	if (end !== NULL_INT && first !== NULL_INT) {
		for (let m = monthIndexOfDay(first); lastDayOfMonth(m) <= end; m++) {
			if (lastDayOfMonth(m) >= first) snapshots.push(lastDayOfMonth(m));
		}
	}
	const width = NUMERIC_FEATURES.length;
	const numeric: number[][] = NUMERIC_FEATURES.map(() => []);
	const accountCol: number[] = [];
	const dayCol: number[] = [];
	const label: number[] = [];
	const known: number[] = [];
	const plan: number[] = [];
	const segment: number[] = [];
	let positives = 0;
	let unlabelled = 0;
	const scratch = new Float64Array(width);
	const stamp = new Int32Array(index.metricCount);
	let stampId = 0;
	for (const day of snapshots) {
		const labelKnown = day + options.horizonDays <= index.dataEndDay;
		for (let a = 0; a < index.accountCount; a++) {
			if (!isAccountActiveAt(index, a, day)) continue;
			if (!labelKnown) {
				unlabelled++;
				if (!options.keepUnlabelled) continue;
			}
			writeAccountFeatures(index, a, day, scratch, 0, stamp, ++stampId);
			for (let j = 0; j < width; j++) numeric[j].push(scratch[j]);
			const churn = index.churnDay[a];
			const positive = labelKnown && churn !== NULL_INT && churn <= day + options.horizonDays;
			if (positive) positives++;
			label.push(positive ? 1 : 0);
			known.push(labelKnown ? 1 : 0);
			accountCol.push(a);
			dayCol.push(day);
			plan.push(accountPlanAt(index, a, day));
			segment.push(index.accountSegment[a]);
		}
	}
	void dataset;
	const table: ModelTable = {
		rowCount: label.length,
		label: Uint8Array.from(label),
		labelKnown: Uint8Array.from(known),
		account: Int32Array.from(accountCol),
		day: Int32Array.from(dayCol),
		numeric: NUMERIC_FEATURES.map((name, j) => ({ name, values: Float64Array.from(numeric[j]) })),
		categorical: [
			{ name: 'plan', codes: Int32Array.from(plan), levels: index.planLevels },
			{ name: 'segment', codes: Int32Array.from(segment), levels: index.segmentLevels }
		]
	};
	return { table, summary: { snapshots, rows: label.length, positives, unlabelled } };
}

function firstStartDay(index: FeatureIndex): DayNumber {
	let first = NULL_INT;
	for (let a = 0; a < index.accountCount; a++) {
		const s = index.startDay[a];
		if (s !== NULL_INT && (first === NULL_INT || s < first)) first = s;
	}
	return first;
}

/** The features of every active account on one day as a model table (labels all 0, unknown). */
export function scoringTable(frame: FeatureFrame, onlyActive = true): ModelTable {
	const rows: number[] = [];
	for (let a = 0; a < frame.accountCount; a++) {
		if (!onlyActive || frame.active[a] === 1) rows.push(a);
	}
	const pick = Int32Array.from(rows);
	return {
		rowCount: pick.length,
		label: new Uint8Array(pick.length),
		labelKnown: new Uint8Array(pick.length),
		account: pick,
		day: new Int32Array(pick.length).fill(frame.asOfDay),
		numeric: NUMERIC_FEATURES.map((name) => ({
			name,
			values: Float64Array.from(pick, (a) => frame.numeric[name][a])
		})),
		categorical: [
			{
				name: 'plan',
				codes: Int32Array.from(pick, (a) => frame.plan[a]),
				levels: frame.planLevels
			},
			{
				name: 'segment',
				codes: Int32Array.from(pick, (a) => frame.segment[a]),
				levels: frame.segmentLevels
			}
		]
	};
}

export interface SnapshotTableOptions {
	/** Attribute names to leave out (identifiers, free text, leaks). */
	exclude?: string[];
	/** A categorical column with more levels than this, whose top levels cover under half the
	 * rows, looks like an identifier or free text and is dropped. Default 20. */
	maxLevels?: number;
}

export type DroppedColumnReason = 'excluded' | 'identifier' | 'constant' | 'high-cardinality';

/**
 * For snapshot datasets (a churned flag and attributes, no dates): one row per account whose
 * churned flag is known; tenureMonths, mrrMinor and numeric attributes as numbers, plan, segment
 * and the other attributes as categories.
 */
export function snapshotTable(
	dataset: Dataset,
	options: SnapshotTableOptions = {}
): { table: ModelTable; dropped: { name: string; reason: DroppedColumnReason }[] } {
	const exclude = new Set(options.exclude ?? []);
	const maxLevels = options.maxLevels ?? 20;
	const rows = dataset.accounts.flatMap((a, i) => (a.churned === null ? [] : [i]));
	const n = rows.length;
	const dropped: { name: string; reason: DroppedColumnReason }[] = [];
	const table: ModelTable = {
		rowCount: n,
		label: Uint8Array.from(rows, (i) => (dataset.accounts[i].churned ? 1 : 0)),
		labelKnown: new Uint8Array(n).fill(1),
		account: Int32Array.from(rows),
		day: new Int32Array(n).fill(NULL_INT),
		numeric: [],
		categorical: []
	};
	const addColumn = (name: string, raw: (string | number | null)[]): void => {
		if (exclude.has(name)) {
			dropped.push({ name, reason: 'excluded' });
			return;
		}
		const present = raw.filter((v) => v !== null && v !== '');
		const numbers = present.map((v) => (typeof v === 'number' ? v : Number(String(v).trim())));
		const distinct = new Set(present.map(String));
		if (distinct.size <= 1) {
			if (present.length > 0) dropped.push({ name, reason: 'constant' });
			return;
		}
		if (numbers.every((v) => Number.isFinite(v))) {
			// All distinct integers on every row: a row number or an id, not a measure.
			if (distinct.size === n && present.length === n && numbers.every(Number.isInteger)) {
				dropped.push({ name, reason: 'identifier' });
				return;
			}
			table.numeric.push({
				name,
				values: Float64Array.from(raw, (v) =>
					v === null || v === '' ? NaN : typeof v === 'number' ? v : Number(String(v).trim())
				)
			});
			return;
		}
		const levels: string[] = [];
		const map = new Map<string, number>();
		const codes = Int32Array.from(raw, (v) =>
			dictionaryCode(levels, map, v === null ? null : String(v).trim())
		);
		if (levels.length > maxLevels) {
			const counts = new Int32Array(levels.length);
			codes.forEach((c) => c >= 0 && counts[c]++);
			const top = Array.from(counts)
				.sort((x, y) => y - x)
				.slice(0, maxLevels)
				.reduce((s, c) => s + c, 0);
			if (top * 2 < n) {
				dropped.push({ name, reason: 'high-cardinality' });
				return;
			}
		}
		table.categorical.push({ name, codes, levels });
	};
	const accounts = rows.map((i) => dataset.accounts[i]);
	if (accounts.some((a) => a.tenureMonths !== null)) {
		addColumn(
			'tenureMonths',
			accounts.map((a) => a.tenureMonths)
		);
	}
	if (accounts.some((a) => a.mrrMinor !== null)) {
		addColumn(
			'mrrMinor',
			accounts.map((a) => a.mrrMinor)
		);
	}
	if (accounts.some((a) => a.plan !== null))
		addColumn(
			'plan',
			accounts.map((a) => a.plan)
		);
	if (accounts.some((a) => a.segment !== null))
		addColumn(
			'segment',
			accounts.map((a) => a.segment)
		);
	for (const name of dataset.attributeNames) {
		addColumn(
			name,
			accounts.map((a) => a.attributes[name] ?? null)
		);
	}
	return { table, dropped };
}
