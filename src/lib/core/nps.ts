// Net Promoter Score with the counts of each group, for any day range (docs/METRICS.md, NPS).
import { labelOfMonth } from './dates';
import { monthOfDay } from './periods';
import type { Dataset, DayNumber, MonthIndex, NpsRow } from './types';

export type NpsGroup = 'promoter' | 'passive' | 'detractor';

export function npsGroupOf(score: number): NpsGroup {
	return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

export interface NpsResult {
	/** % promoters - % detractors, -100..100; null without responses. */
	nps: number | null;
	responses: number;
	promoters: number;
	passives: number;
	detractors: number;
	/** Responses per score 0..10 (the distribution chart). */
	byScore: number[];
	/** Distinct accounts that answered. */
	accounts: number;
}

export interface NpsOptions {
	fromDay?: DayNumber;
	toDay?: DayNumber;
	/** 'response' (default): every answer counts; 'latest-per-account': each account's last. */
	per?: 'response' | 'latest-per-account';
}

/** Responses in scope: valid scores 0..10 within the day range. */
export function npsResponsesInScope(dataset: Dataset, options: NpsOptions = {}): NpsRow[] {
	const rows = dataset.nps.filter(
		(r) =>
			Number.isInteger(r.score) &&
			r.score >= 0 &&
			r.score <= 10 &&
			(options.fromDay === undefined || r.day >= options.fromDay) &&
			(options.toDay === undefined || r.day <= options.toDay)
	);
	if (options.per !== 'latest-per-account') return rows;
	const latest = new Map<string, NpsRow>();
	for (const r of rows) {
		const seen = latest.get(r.accountId);
		if (!seen || r.day >= seen.day) latest.set(r.accountId, r);
	}
	return [...latest.values()];
}

export function npsOfRows(rows: readonly NpsRow[]): NpsResult {
	const byScore = new Array<number>(11).fill(0);
	const accounts = new Set<string>();
	for (const r of rows) {
		byScore[r.score]++;
		accounts.add(r.accountId);
	}
	const promoters = byScore[9] + byScore[10];
	const passives = byScore[7] + byScore[8];
	const detractors = rows.length - promoters - passives;
	return {
		nps: rows.length === 0 ? null : ((promoters - detractors) / rows.length) * 100,
		responses: rows.length,
		promoters,
		passives,
		detractors,
		byScore,
		accounts: accounts.size
	};
}

export function netPromoterScore(dataset: Dataset, options: NpsOptions = {}): NpsResult {
	return npsOfRows(npsResponsesInScope(dataset, options));
}

/** NPS per month of the responses' days, months without responses left out. */
export function npsSeries(
	dataset: Dataset,
	options: NpsOptions = {}
): ({ month: MonthIndex; label: string } & NpsResult)[] {
	const byMonth = new Map<MonthIndex, NpsRow[]>();
	for (const r of npsResponsesInScope(dataset, { ...options, per: 'response' })) {
		const m = monthOfDay(r.day);
		const list = byMonth.get(m);
		if (list) list.push(r);
		else byMonth.set(m, [r]);
	}
	return [...byMonth.entries()]
		.sort((x, y) => x[0] - y[0])
		.map(([month, rows]) => ({
			month,
			label: labelOfMonth(month),
			...npsOfRows(options.per === 'latest-per-account' ? latestPerAccount(rows) : rows)
		}));
}

function latestPerAccount(rows: NpsRow[]): NpsRow[] {
	const latest = new Map<string, NpsRow>();
	for (const r of rows) {
		const seen = latest.get(r.accountId);
		if (!seen || r.day >= seen.day) latest.set(r.accountId, r);
	}
	return [...latest.values()];
}
