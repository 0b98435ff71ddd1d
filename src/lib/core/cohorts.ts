// Cohort retention tables: accounts grouped by the period of their first paid day (or first
// activity), and the share still paying (or active) k periods later. docs/METRICS.md, "Cohorts".
import { accountFieldValue, customerBase, latestDayOf, type MetricSettings } from './customer-base';
import {
	periodEndDay,
	periodLabel,
	periodLookup,
	periodOfDay,
	periodStartDay,
	type Grain
} from './periods';
import { activityMetricCode } from './engagement';
import { NULL_INT, type AccountRow, type Dataset, type DayNumber } from './types';

export type CohortBasis = 'subscription' | { metric: string };
export type CohortMeasure = 'logo' | 'revenue';
/** 'exact': active in period c+k; 'k-or-later': active in c+k or any later period. */
export type CohortConvention = 'exact' | 'k-or-later';

export interface CohortOptions {
	grain: Grain;
	basis: CohortBasis;
	measure: CohortMeasure;
	convention: CohortConvention;
	/** Field (plan, segment, owner...) or attribute name; one table per value. */
	segmentBy?: string;
	/** Cohorts smaller than this are flagged `small` (default 30). */
	minCohortSize?: number;
	/** The data's end; default settings.asOfDay, else the latest day in the data. */
	asOfDay?: DayNumber;
	settings?: MetricSettings;
}

export interface CohortCell {
	k: number;
	/** Accounts retained (logo) or their value (revenue, minor units; activity: event count). */
	numerator: number;
	/** Cohort size (logo) or the cohort's value in its first period (revenue). */
	denominator: number;
	share: number | null;
	/** The period c+k is not over at asOfDay: a partial figure, not a drop. */
	incomplete: boolean;
}

export interface CohortRow {
	cohort: number;
	label: string;
	startDay: DayNumber;
	size: number;
	/** size < minCohortSize. */
	small: boolean;
	cells: CohortCell[];
}

export interface CohortAverageCell {
	k: number;
	/** Σ numerators ÷ Σ denominators over complete cells: the size-weighted mean share. */
	share: number | null;
	numerator: number;
	denominator: number;
	cohorts: number;
}

export interface CohortTable {
	segment: string | null;
	rows: CohortRow[];
	average: CohortAverageCell[];
	accounts: number;
}

export interface CohortRetention {
	grain: Grain;
	measure: CohortMeasure;
	convention: CohortConvention;
	basis: 'subscription' | 'activity';
	metric: string | null;
	minCohortSize: number;
	asOfDay: DayNumber;
	/** Accounts placed in a cohort (the sum of every table's cohort sizes). */
	accountsInScope: number;
	groups: CohortTable[];
}

/** Per-account inputs shared by both bases: cohort period, activity marks, values per period. */
interface CohortInput {
	firstPeriod: number;
	periodCount: number;
	/** Accounts placed, as indexes of the source's account list. */
	members: Int32Array;
	cohortOf: Int32Array;
	/** members.length × periodCount: 1 when retained in that period. */
	marks: Uint8Array;
	/** members.length × periodCount values (revenue measure only). */
	values: Float64Array | null;
	accountOf: (member: number) => AccountRow | null;
}

export function cohortRetention(dataset: Dataset, options: CohortOptions): CohortRetention {
	const asOfDay = options.asOfDay ?? options.settings?.asOfDay ?? latestDayOf(dataset) ?? 0;
	const input =
		options.basis === 'subscription'
			? subscriptionInput(dataset, options, asOfDay)
			: activityInput(dataset, options, options.basis.metric, asOfDay);
	const minCohortSize = options.minCohortSize ?? 30;
	const groups = buildTables(input, options, asOfDay, minCohortSize);
	return {
		grain: options.grain,
		measure: options.measure,
		convention: options.convention,
		basis: options.basis === 'subscription' ? 'subscription' : 'activity',
		metric: options.basis === 'subscription' ? null : options.basis.metric,
		minCohortSize,
		asOfDay,
		accountsInScope: input.members.length,
		groups
	};
}

function subscriptionInput(
	dataset: Dataset,
	options: CohortOptions,
	asOfDay: DayNumber
): CohortInput {
	const base = customerBase(dataset, { ...options.settings, asOfDay });
	const grain = options.grain;
	const n = base.ids.length;
	let minFirst = Number.POSITIVE_INFINITY;
	const placed: number[] = [];
	for (let a = 0; a < n; a++) {
		const f = base.firstPaidDay[a];
		if (f === NULL_INT || f > asOfDay) continue;
		placed.push(a);
		if (f < minFirst) minFirst = f;
	}
	const firstPeriod = placed.length ? periodOfDay(grain, minFirst) : periodOfDay(grain, asOfDay);
	const lastPeriod = periodOfDay(grain, asOfDay);
	const periodCount = lastPeriod - firstPeriod + 1;
	const members = Int32Array.from(placed);
	const cohortOf = new Int32Array(members.length);
	const marks = new Uint8Array(members.length * periodCount);
	const values =
		options.measure === 'revenue' ? new Float64Array(members.length * periodCount) : null;
	const diff = new Float64Array(periodCount + 1);
	const subs = dataset.subscriptions;
	// The last period whose snapshot (its end, or asOfDay) falls on or before `end`.
	const lastPeriodCovered = (end: number): number => {
		if (end === NULL_INT || end >= asOfDay) return lastPeriod;
		const q = periodOfDay(grain, end);
		return periodEndDay(grain, q) === end ? q : q - 1;
	};
	for (let i = 0; i < members.length; i++) {
		const a = members[i];
		cohortOf[i] = periodOfDay(grain, base.firstPaidDay[a]) - firstPeriod;
		const row = i * periodCount;
		// Logo: a customer on at least one day of the period.
		for (let k = base.spellOffset[a]; k < base.spellOffset[a + 1]; k++) {
			const end = base.spellEnd[k];
			const to = end === NULL_INT || end >= asOfDay ? lastPeriod : periodOfDay(grain, end);
			marks.fill(
				1,
				row + periodOfDay(grain, base.spellStart[k]) - firstPeriod,
				row + to - firstPeriod + 1
			);
		}
		if (!values) continue;
		// Revenue: MRR on the period's snapshot day, as the month-end rule of mrr.ts.
		diff.fill(0);
		const add = (start: number, end: number, mrr: number) => {
			if (start > asOfDay || !(mrr > 0)) return;
			const from = periodOfDay(grain, start);
			const to = lastPeriodCovered(end);
			if (to < from) return;
			diff[from - firstPeriod] += mrr;
			diff[to - firstPeriod + 1] -= mrr;
		};
		if (base.subOffset[a] === base.subOffset[a + 1]) {
			const acc = base.accounts[a];
			if (acc?.signupDay != null) add(acc.signupDay, acc.churnDay ?? NULL_INT, acc.mrrMinor ?? 0);
		}
		for (let j = base.subOffset[a]; j < base.subOffset[a + 1]; j++) {
			const r = base.subRows[j];
			add(subs[r].startDay, base.subEnd[r], subs[r].mrrMinor);
		}
		let run = 0;
		for (let p = 0; p < periodCount; p++) {
			run += diff[p];
			values[row + p] = Math.abs(run) < 1e-6 ? 0 : run;
		}
	}
	return {
		firstPeriod,
		periodCount,
		members,
		cohortOf,
		marks,
		values,
		accountOf: (i) => base.accounts[members[i]]
	};
}

function activityInput(
	dataset: Dataset,
	options: CohortOptions,
	metric: string,
	asOfDay: DayNumber
): CohortInput {
	const act = dataset.activity;
	const grain = options.grain;
	const metricCode = activityMetricCode(act.metrics, metric);
	const nAcc = act.accountIds.length;
	const first = new Int32Array(nAcc).fill(NULL_INT);
	let minDay = Number.POSITIVE_INFINITY;
	const counts = (i: number) =>
		act.count[i] > 0 &&
		act.day[i] <= asOfDay &&
		(metricCode === -2 || act.metric[i] === metricCode);
	if (metricCode !== -1) {
		for (let i = 0; i < act.length; i++) {
			if (!counts(i)) continue;
			const a = act.account[i];
			const d = act.day[i];
			if (first[a] === NULL_INT || d < first[a]) first[a] = d;
			if (d < minDay) minDay = d;
		}
	}
	const placed: number[] = [];
	const memberOf = new Int32Array(nAcc).fill(-1);
	for (let a = 0; a < nAcc; a++) {
		if (first[a] === NULL_INT) continue;
		memberOf[a] = placed.length;
		placed.push(a);
	}
	const lastPeriod = periodOfDay(grain, asOfDay);
	const firstPeriod = placed.length ? periodOfDay(grain, minDay) : lastPeriod;
	const periodCount = lastPeriod - firstPeriod + 1;
	const members = Int32Array.from(placed);
	const cohortOf = new Int32Array(members.length);
	const marks = new Uint8Array(members.length * periodCount);
	const values =
		options.measure === 'revenue' ? new Float64Array(members.length * periodCount) : null;
	if (placed.length) {
		const lookup = periodLookup(grain, minDay, asOfDay);
		for (let i = 0; i < members.length; i++) {
			cohortOf[i] = lookup.periods[first[members[i]] - minDay] - firstPeriod;
		}
		for (let i = 0; i < act.length; i++) {
			if (!counts(i)) continue;
			const m = memberOf[act.account[i]];
			const p = lookup.periods[act.day[i] - minDay] - firstPeriod;
			marks[m * periodCount + p] = 1;
			if (values) values[m * periodCount + p] += act.count[i];
		}
	}
	const byId = new Map<string, AccountRow>();
	for (const acc of dataset.accounts) byId.set(acc.id, acc);
	return {
		firstPeriod,
		periodCount,
		members,
		cohortOf,
		marks,
		values,
		accountOf: (i) => byId.get(act.accountIds[members[i]]) ?? null
	};
}

function buildTables(
	input: CohortInput,
	options: CohortOptions,
	asOfDay: DayNumber,
	minCohortSize: number
): CohortTable[] {
	const { periodCount, marks, values, cohortOf, firstPeriod } = input;
	const segmentKeys = new Map<string | null, number>();
	const segmentOf = new Int32Array(input.members.length);
	for (let i = 0; i < input.members.length; i++) {
		const key = options.segmentBy ? accountFieldValue(input.accountOf(i), options.segmentBy) : null;
		let s = segmentKeys.get(key);
		if (s === undefined) {
			s = segmentKeys.size;
			segmentKeys.set(key, s);
		}
		segmentOf[i] = s;
	}
	const nSeg = segmentKeys.size;
	// num[s][c][k] and size/start value per (s, c).
	const num = new Float64Array(nSeg * periodCount * periodCount);
	const den = new Float64Array(nSeg * periodCount);
	const size = new Float64Array(nSeg * periodCount);
	const revenue = options.measure === 'revenue' && values !== null;
	const orLater = options.convention === 'k-or-later' && !revenue;
	for (let i = 0; i < input.members.length; i++) {
		const c = cohortOf[i];
		const sc = segmentOf[i] * periodCount + c;
		const row = i * periodCount;
		size[sc]++;
		den[sc] += revenue ? values[row + c] : 1;
		const cellBase = sc * periodCount;
		if (revenue) {
			for (let p = c; p < periodCount; p++) num[cellBase + p - c] += values[row + p];
		} else if (orLater) {
			let last = -1;
			for (let p = periodCount - 1; p >= c; p--) {
				if (marks[row + p]) {
					last = p;
					break;
				}
			}
			for (let p = c; p <= last; p++) num[cellBase + p - c]++;
		} else {
			for (let p = c; p < periodCount; p++) if (marks[row + p]) num[cellBase + p - c]++;
		}
	}
	const tables: CohortTable[] = [];
	for (const [segment, s] of segmentKeys) {
		const rows: CohortRow[] = [];
		const avgNum = new Float64Array(periodCount);
		const avgDen = new Float64Array(periodCount);
		const avgCohorts = new Int32Array(periodCount);
		let accounts = 0;
		for (let c = 0; c < periodCount; c++) {
			const sc = s * periodCount + c;
			if (size[sc] === 0) continue;
			accounts += size[sc];
			const cells: CohortCell[] = [];
			for (let k = 0; c + k < periodCount; k++) {
				const incomplete = periodEndDay(options.grain, firstPeriod + c + k) > asOfDay;
				const numerator = num[sc * periodCount + k];
				const denominator = den[sc];
				cells.push({
					k,
					numerator,
					denominator,
					share: denominator > 0 ? numerator / denominator : null,
					incomplete
				});
				if (!incomplete && denominator > 0) {
					avgNum[k] += numerator;
					avgDen[k] += denominator;
					avgCohorts[k]++;
				}
			}
			const period = firstPeriod + c;
			rows.push({
				cohort: period,
				label: periodLabel(options.grain, period),
				startDay: periodStartDay(options.grain, period),
				size: size[sc],
				small: size[sc] < minCohortSize,
				cells
			});
		}
		const average: CohortAverageCell[] = [];
		for (let k = 0; k < periodCount; k++) {
			if (avgCohorts[k] === 0) continue;
			average.push({
				k,
				share: avgNum[k] / avgDen[k],
				numerator: avgNum[k],
				denominator: avgDen[k],
				cohorts: avgCohorts[k]
			});
		}
		tables.push({ segment, rows, average, accounts });
	}
	return tables.sort(
		(x, y) => y.accounts - x.accounts || String(x.segment).localeCompare(String(y.segment))
	);
}

/** Indexes (into the cohort input's source) are not exposed; list a cell's account ids instead. */
export function cohortCellAccounts(
	dataset: Dataset,
	options: CohortOptions,
	cell: { cohort: number; k: number; segment?: string | null; retained: boolean }
): string[] {
	const asOfDay = options.asOfDay ?? options.settings?.asOfDay ?? latestDayOf(dataset) ?? 0;
	const input =
		options.basis === 'subscription'
			? subscriptionInput(dataset, options, asOfDay)
			: activityInput(dataset, options, options.basis.metric, asOfDay);
	const idOf =
		options.basis === 'subscription'
			? (i: number) => customerBase(dataset, { ...options.settings, asOfDay }).ids[input.members[i]]
			: (i: number) => dataset.activity.accountIds[input.members[i]];
	const out: string[] = [];
	const c = cell.cohort - input.firstPeriod;
	const p = c + cell.k;
	if (c < 0 || p >= input.periodCount) return out;
	for (let i = 0; i < input.members.length; i++) {
		if (input.cohortOf[i] !== c) continue;
		if (options.segmentBy && cell.segment !== undefined) {
			if (accountFieldValue(input.accountOf(i), options.segmentBy) !== cell.segment) continue;
		}
		if (!cell.retained) {
			out.push(idOf(i));
			continue;
		}
		const row = i * input.periodCount;
		let kept = input.marks[row + p] === 1;
		if (options.convention === 'k-or-later') {
			for (let q = p; q < input.periodCount && !kept; q++) kept = input.marks[row + q] === 1;
		}
		if (kept) out.push(idOf(i));
	}
	return out;
}
