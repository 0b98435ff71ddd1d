// Win-back lists: churned accounts that are still gone, segmented by churn reason, by value
// (last MRR) and by days since churn, each segment with the reactivation rate history shows.
import { NULL_INT, type Dataset, type DayNumber } from './types';
import { mrrOnDay, ruleIndexOf } from './rules';

export const DAYS_SINCE_BANDS = ['0-30', '31-60', '61-90', '90+'] as const;
export type DaysSinceBand = (typeof DAYS_SINCE_BANDS)[number];
const BAND_FROM: Record<DaysSinceBand, number> = { '0-30': 0, '31-60': 31, '61-90': 61, '90+': 91 };

/** Key of churned accounts without a reason. */
export const UNKNOWN_REASON = 'unknown';

export interface WinBackOptions {
	asOfDay: DayNumber;
	/**
	 * Ascending inclusive upper limits (minor units) splitting last MRR into bands: [a, b] gives
	 * "<= a", "> a and <= b", "> b". Default: the tertiles of every churned account's last MRR.
	 */
	valueBoundsMinor?: number[];
}

export interface WinBackRow {
	accountId: string;
	name: string | null;
	segment: string | null;
	owner: string | null;
	plan: string | null;
	churnDay: DayNumber;
	daysSinceChurn: number;
	daysBand: DaysSinceBand;
	reason: string;
	churnType: string | null;
	/** MRR on the last day before churn (subscriptions), else the account's MRR field. */
	lastMrrMinor: number;
	currency: string | null;
	valueBand: number;
}

export interface ReactivationHistory {
	/** Churned accounts counted (see the segment's definition). */
	churned: number;
	/** Of those, accounts that later paid again (on or before the day evaluated). */
	reactivated: number;
	rate: number | null;
}

export interface WinBackSegment {
	key: string;
	/** Accounts in the list (churned, still gone). */
	accounts: number;
	lastMrrMinor: number;
	/**
	 * Reason and value: every account that churned on or before the day. Days since churn: the
	 * accounts still gone that many days after churning (the band's first day), so the rate
	 * answers "of accounts gone this long, how many came back later".
	 */
	history: ReactivationHistory;
	/** Value bands only: (lower, upper] in minor units (null = open). */
	lowerMinor?: number | null;
	upperMinor?: number | null;
}

export interface WinBackList {
	asOfDay: DayNumber;
	/** Freshest churn first, then the higher last MRR. */
	rows: WinBackRow[];
	byReason: WinBackSegment[];
	byValue: WinBackSegment[];
	byDaysSince: WinBackSegment[];
	valueBoundsMinor: number[];
	counts: {
		churned: number;
		stillGone: number;
		reactivated: number;
		/** Accounts flagged churned without a churn day: not placed in any list. */
		churnedWithoutDay: number;
	};
}

function bandOfDays(days: number): DaysSinceBand {
	if (days <= 30) return '0-30';
	if (days <= 60) return '31-60';
	if (days <= 90) return '61-90';
	return '90+';
}

function rate(churned: number, reactivated: number): ReactivationHistory {
	return { churned, reactivated, rate: churned > 0 ? reactivated / churned : null };
}

/** Tertile bounds (nearest rank), as inclusive upper limits of the lower bands. */
function tertiles(values: number[]): number[] {
	if (values.length === 0) return [];
	const s = [...values].sort((x, y) => x - y);
	const at = (q: number): number => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
	const bounds = [at(1 / 3), at(2 / 3)];
	return bounds[0] === bounds[1] ? [bounds[0]] : bounds;
}

export function winBackList(dataset: Dataset, options: WinBackOptions): WinBackList {
	const index = ruleIndexOf(dataset);
	const { asOfDay } = options;
	interface Churned {
		a: number;
		churn: number;
		back: number | null;
		lastMrr: number;
	}
	const churned: Churned[] = [];
	let withoutDay = 0;
	for (let a = 0; a < index.accountCount; a++) {
		const c = index.churnDay[a];
		const acc = dataset.accounts[a];
		if (c === NULL_INT) {
			if (acc.churned === true) withoutDay++;
			continue;
		}
		if (c > asOfDay) continue;
		const r = index.reactivationDay[a];
		let lastMrr = mrrOnDay(index, a, c - 1);
		if (lastMrr <= 0) lastMrr = acc.mrrMinor ?? 0;
		churned.push({ a, churn: c, back: r !== NULL_INT && r <= asOfDay ? r : null, lastMrr });
	}
	const bounds = options.valueBoundsMinor ?? tertiles(churned.map((c) => c.lastMrr));
	const valueBand = (v: number): number => {
		let i = 0;
		while (i < bounds.length && v > bounds[i]) i++;
		return i;
	};
	const rows: WinBackRow[] = [];
	const reasonOf = (a: number): string => dataset.accounts[a].churnReason ?? UNKNOWN_REASON;
	const byReason = new Map<string, WinBackSegment>();
	const byValue: WinBackSegment[] = [];
	for (let i = 0; i <= bounds.length; i++) {
		byValue.push({
			key: `value-${i}`,
			accounts: 0,
			lastMrrMinor: 0,
			history: rate(0, 0),
			lowerMinor: i === 0 ? null : bounds[i - 1],
			upperMinor: i === bounds.length ? null : bounds[i]
		});
	}
	const byDays = DAYS_SINCE_BANDS.map((key): WinBackSegment => ({
		key,
		accounts: 0,
		lastMrrMinor: 0,
		history: rate(0, 0)
	}));
	let reactivated = 0;
	for (const c of churned) {
		const acc = dataset.accounts[c.a];
		const reason = reasonOf(c.a);
		let seg = byReason.get(reason);
		if (!seg) {
			seg = { key: reason, accounts: 0, lastMrrMinor: 0, history: rate(0, 0) };
			byReason.set(reason, seg);
		}
		const vb = valueBand(c.lastMrr);
		for (const s of [seg, byValue[vb]]) {
			s.history.churned++;
			if (c.back !== null) s.history.reactivated++;
		}
		const since = asOfDay - c.churn;
		DAYS_SINCE_BANDS.forEach((band, i) => {
			const from = BAND_FROM[band];
			// Counted when the account reached the band's first day still gone.
			if (since < from || (c.back !== null && c.back < c.churn + from)) return;
			byDays[i].history.churned++;
			if (c.back !== null) byDays[i].history.reactivated++;
		});
		if (c.back !== null) {
			reactivated++;
			continue;
		}
		const daysBand = bandOfDays(since);
		rows.push({
			accountId: acc.id,
			name: acc.name,
			segment: acc.segment,
			owner: acc.owner,
			plan: acc.plan,
			churnDay: c.churn,
			daysSinceChurn: since,
			daysBand,
			reason,
			churnType: acc.churnType,
			lastMrrMinor: c.lastMrr,
			currency: acc.currency,
			valueBand: vb
		});
		for (const s of [seg, byValue[vb], byDays[DAYS_SINCE_BANDS.indexOf(daysBand)]]) {
			s.accounts++;
			s.lastMrrMinor += c.lastMrr;
		}
	}
	for (const s of [...byReason.values(), ...byValue, ...byDays]) {
		s.history = rate(s.history.churned, s.history.reactivated);
	}
	rows.sort(
		(x, y) =>
			x.daysSinceChurn - y.daysSinceChurn ||
			y.lastMrrMinor - x.lastMrrMinor ||
			(x.accountId < y.accountId ? -1 : 1)
	);
	return {
		asOfDay,
		rows,
		byReason: [...byReason.values()].sort(
			(x, y) => y.accounts - x.accounts || (x.key < y.key ? -1 : 1)
		),
		byValue,
		byDaysSince: byDays,
		valueBoundsMinor: bounds,
		counts: {
			churned: churned.length,
			stillGone: rows.length,
			reactivated,
			churnedWithoutDay: withoutDay
		}
	};
}
