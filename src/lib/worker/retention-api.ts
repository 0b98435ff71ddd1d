// Worker methods for retention views: cohorts, survival curves, engagement. Each takes one plain
// request object and returns display-sized plain data; the bulk data stays in the worker.
import {
	cohortCellAccounts,
	cohortRetention,
	type CohortConvention,
	type CohortMeasure,
	type CohortOptions,
	type CohortRetention
} from '../core/cohorts';
import {
	accountFieldValue,
	customerBase,
	latestDayOf,
	type MetricSettings
} from '../core/customer-base';
import { churnEngagementComparison, engagementSummary } from '../core/engagement';
import type { DatasetFilters } from '../core/filters';
import type { Grain } from '../core/periods';
import { survivalBySegment, survivalData, type DurationUnit } from '../core/survival';
import { ALL_EVENTS_METRIC, NULL_INT, type Dataset, type DayNumber } from '../core/types';
import type { WorkerContext } from './context';
import { asOfDayOf, metricSettingsOf, storedMetricChoices } from './analytics-api';
import { filteredDataset } from './filtered-dataset';

/** Fields offered for splitting: enough values to compare, few enough to draw. */
const MAX_SPLIT_VALUES = 12;
/** Cohort tables sent per request (the largest segments); the rest are counted. */
const MAX_COHORT_TABLES = 12;
/** Cells sent per request: weekly cohorts over years, split many ways, would swamp the page. */
const MAX_COHORT_CELLS = 40_000;
/** Survival curves drawn per request (the largest groups); the log-rank test uses every group. */
const MAX_SURVIVAL_GROUPS = 8;
/** Cached results per area; the cache is dropped whenever the data changes. */
const CACHE_ENTRIES = 24;

export interface RetentionScope {
	filters?: DatasetFilters;
}

export interface RetentionFields {
	dataVersion: number;
	/** Account fields and attributes with 2..MAX_SPLIT_VALUES distinct values. */
	splitFields: { field: string; attribute: boolean; values: number }[];
	/** Activity metrics, '*' (any) first when there is activity. */
	metrics: string[];
	/** Accounts with a first paid day (subscriptions, or a signup day with MRR). */
	subscriptionCustomers: number;
	activityAccounts: number;
	/** Accounts with a tenure and a churned flag (snapshot exports). */
	tenureAccounts: number;
	latestDay: DayNumber | null;
	/** The most frequent currency of subscriptions (else accounts), to show revenue in. */
	currency: string | null;
}

export interface CohortRequest extends RetentionScope {
	grain: Grain;
	basis: 'subscription' | 'activity';
	/** Activity metric for the activity basis; '*' = any. */
	metric?: string;
	measure: CohortMeasure;
	convention: CohortConvention;
	segmentBy?: string | null;
	minCohortSize: number;
}

export type CohortReply =
	| {
			ok: true;
			dataVersion: number;
			result: CohortRetention;
			/** Segment tables left out (smallest first) to keep the reply display-sized. */
			omittedTables: number;
	  }
	| { ok: false; code: 'no-cohorts' | 'no-metric' };

export interface CohortCellRequest extends CohortRequest {
	cohort: number;
	k: number;
	segment: string | null;
	retained: boolean;
	/** Rows returned from `offset`; all when omitted (for the CSV). */
	offset?: number;
	limit?: number;
}

export interface CellAccount {
	id: string;
	name: string | null;
	plan: string | null;
}

export interface SurvivalRequest extends RetentionScope {
	segmentBy?: string | null;
	source: 'auto' | 'dates' | 'tenure';
	unit: DurationUnit;
}

export interface SurvivalGroupModel {
	segment: string | null;
	n: number;
	events: number;
	median: number | null;
	times: number[];
	survival: number[];
	lower: (number | null)[];
	upper: (number | null)[];
	/** Per time: at risk just before it, events and censorings at it. */
	atRisk: number[];
	eventCounts: number[];
	censored: number[];
	/** Number at risk at each of the reply's `atTimes`. */
	atRiskAt: number[];
}

export type SurvivalReply =
	| {
			ok: true;
			dataVersion: number;
			source: 'dates' | 'tenure';
			unit: DurationUnit;
			/** The x-axis ticks; number at risk is given at each. */
			atTimes: number[];
			groups: SurvivalGroupModel[];
			/** Groups not drawn (smallest); they still count in the log-rank test. */
			omittedGroups: number;
			logRank: { chiSquare: number; df: number; pValue: number } | null;
			excluded: number;
	  }
	| { ok: false; code: 'no-durations' };

export interface EngagementRequest extends RetentionScope {
	metric: string;
	/** Weeks shown, ending with the week of the latest activity day. */
	weeks: number;
	/** Weeks of activity before the comparison day, and days after it for the outcome. */
	windowWeeks: number;
	horizonDays: number;
}

export type EngagementReply =
	| {
			ok: true;
			dataVersion: number;
			summary: ReturnType<typeof engagementSummary>;
			/** Null when there are no subscriptions to tell churned from stayed. */
			comparison: ReturnType<typeof churnEngagementComparison> | null;
			latestActivityDay: DayNumber;
	  }
	| { ok: false; code: 'no-activity' | 'no-metric' };

/**
 * Times for the x-axis and the number-at-risk row: 0, a round step, ... up to the last time.
 * About six ticks; steps are 1, 2, 3, 6, 12... for months and 7, 30, 90, 180, 365... for days.
 */
export function survivalTickTimes(maxTime: number, unit: DurationUnit): number[] {
	const steps =
		unit === 'month'
			? [1, 2, 3, 6, 12, 24, 36, 60, 120]
			: [1, 7, 14, 30, 60, 90, 180, 365, 730, 1825, 3650];
	const target = Math.max(1, maxTime) / 6;
	const step = steps.find((s) => s >= target) ?? steps[steps.length - 1];
	const times: number[] = [];
	for (let t = 0; t <= maxTime; t += step) times.push(t);
	if (times[times.length - 1] < maxTime) times.push(times[times.length - 1] + step);
	return times;
}

/** Distinct non-null values per field, stopping once a field has too many to split by. */
function splitFieldsOf(dataset: Dataset): RetentionFields['splitFields'] {
	const candidates = [
		...['plan', 'segment', 'owner', 'churnType'].map((field) => ({ field, attribute: false })),
		...dataset.attributeNames.map((field) => ({ field, attribute: true }))
	];
	const out: RetentionFields['splitFields'] = [];
	for (const c of candidates) {
		const seen = new Set<string>();
		for (const a of dataset.accounts) {
			const v = accountFieldValue(a, c.field);
			if (v !== null && v !== '') seen.add(v);
			if (seen.size > MAX_SPLIT_VALUES) break;
		}
		if (seen.size >= 2 && seen.size <= MAX_SPLIT_VALUES) out.push({ ...c, values: seen.size });
	}
	return out;
}

/** The largest tables (they come sorted by size) up to the table and cell limits; at least one. */
export function tablesWithinBudget<T extends { rows: { cells: unknown[] }[] }>(
	tables: readonly T[],
	maxTables = MAX_COHORT_TABLES,
	maxCells = MAX_COHORT_CELLS
): T[] {
	const kept: T[] = [];
	let cells = 0;
	for (const table of tables) {
		const n = table.rows.reduce((sum, r) => sum + r.cells.length, 0);
		if (kept.length > 0 && (kept.length >= maxTables || cells + n > maxCells)) break;
		kept.push(table);
		cells += n;
	}
	return kept;
}

function mostFrequentCurrency(dataset: Dataset): string | null {
	const counts = new Map<string, number>();
	const rows = dataset.subscriptions.length ? dataset.subscriptions : dataset.accounts;
	for (const r of rows) if (r.currency) counts.set(r.currency, (counts.get(r.currency) ?? 0) + 1);
	let best: string | null = null;
	for (const [currency, n] of counts)
		if (best === null || n > (counts.get(best) ?? 0)) best = currency;
	return best;
}

/** A small least-recently-used map that forgets everything when the data changes. */
class VersionedCache<T> {
	private version = -1;
	private entries = new Map<string, T>();

	get(version: number, key: string): T | undefined {
		if (version !== this.version) {
			this.version = version;
			this.entries.clear();
			return undefined;
		}
		const hit = this.entries.get(key);
		if (hit !== undefined) {
			this.entries.delete(key);
			this.entries.set(key, hit);
		}
		return hit;
	}

	set(version: number, key: string, value: T): void {
		if (version !== this.version) {
			this.version = version;
			this.entries.clear();
		}
		this.entries.set(key, value);
		if (this.entries.size > CACHE_ENTRIES) {
			const oldest = this.entries.keys().next().value;
			if (oldest !== undefined) this.entries.delete(oldest);
		}
	}
}

/** A stable text key of a request, whatever the order its fields were written in. */
function keyOf(value: unknown): string {
	return JSON.stringify(value, (_, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
			: v
	);
}

export function retentionApi(context: WorkerContext) {
	const cohorts = new VersionedCache<CohortReply>();
	const survival = new VersionedCache<SurvivalReply>();
	const engagement = new VersionedCache<EngagementReply>();
	const fields = new VersionedCache<RetentionFields>();

	/**
	 * The dataset narrowed by the filters, and the settings every figure uses: the definitions
	 * chosen in the app (churn recognition moves churn days) and the data's end taken from the
	 * whole workspace, so a filter chooses accounts but never moves "today".
	 */
	async function scoped(filters: DatasetFilters | undefined) {
		await context.ready;
		const { dataset: whole } = await context.cache.get();
		const asOfDay = asOfDayOf(whole, Math.floor(context.now() / 86_400_000));
		const settings = metricSettingsOf(await storedMetricChoices(context.db), asOfDay);
		const { dataset, dataVersion } = await filteredDataset(context, filters);
		return { dataset, dataVersion, asOfDay, settings };
	}

	function cohortOptions(
		request: CohortRequest,
		settings: MetricSettings & { asOfDay: DayNumber }
	): CohortOptions {
		return {
			grain: request.grain,
			basis:
				request.basis === 'subscription'
					? 'subscription'
					: { metric: request.metric ?? ALL_EVENTS_METRIC },
			measure: request.measure,
			convention: request.convention,
			segmentBy: request.segmentBy ?? undefined,
			minCohortSize: request.minCohortSize,
			asOfDay: settings.asOfDay,
			settings
		};
	}

	return {
		/** What the retention views can offer for the whole workspace: splits, metrics, modes. */
		async retentionFields(): Promise<RetentionFields> {
			const { dataset, dataVersion } = await scoped(undefined);
			const hit = fields.get(dataVersion, '');
			if (hit) return hit;
			const base = customerBase(dataset);
			let subscriptionCustomers = 0;
			for (let a = 0; a < base.ids.length; a++) {
				if (base.firstPaidDay[a] !== NULL_INT) subscriptionCustomers++;
			}
			let tenureAccounts = 0;
			for (const a of dataset.accounts) {
				if (a.tenureMonths !== null && a.churned !== null) tenureAccounts++;
			}
			const metrics = dataset.activity.metrics.filter((m) => m !== ALL_EVENTS_METRIC);
			const result: RetentionFields = {
				dataVersion,
				splitFields: splitFieldsOf(dataset),
				metrics: dataset.activity.length > 0 ? [ALL_EVENTS_METRIC, ...metrics] : [],
				subscriptionCustomers,
				activityAccounts: dataset.activity.accountIds.length,
				tenureAccounts,
				latestDay: latestDayOf(dataset),
				currency: mostFrequentCurrency(dataset)
			};
			fields.set(dataVersion, '', result);
			return result;
		},

		/** Cohort retention tables (one per segment value), with the counts of every cell. */
		async retentionCohorts(request: CohortRequest): Promise<CohortReply> {
			const { dataset, dataVersion, settings } = await scoped(request.filters);
			const key = keyOf({ request, settings });
			const hit = cohorts.get(dataVersion, key);
			if (hit) return hit;
			let reply: CohortReply;
			const metric = request.metric ?? ALL_EVENTS_METRIC;
			if (
				request.basis === 'activity' &&
				metric !== ALL_EVENTS_METRIC &&
				!dataset.activity.metrics.includes(metric)
			) {
				reply = { ok: false, code: 'no-metric' };
			} else {
				const result = cohortRetention(dataset, cohortOptions(request, settings));
				if (result.accountsInScope === 0) reply = { ok: false, code: 'no-cohorts' };
				else {
					const kept = tablesWithinBudget(result.groups);
					reply = {
						ok: true,
						dataVersion,
						result: { ...result, groups: kept },
						omittedTables: result.groups.length - kept.length
					};
				}
			}
			cohorts.set(dataVersion, key, reply);
			return reply;
		},

		/** The accounts of a cohort (retained = only those counted in cell k), a page at a time. */
		async retentionCohortAccounts(
			request: CohortCellRequest
		): Promise<{ total: number; offset: number; accounts: CellAccount[] }> {
			const { dataset, settings } = await scoped(request.filters);
			const ids = cohortCellAccounts(dataset, cohortOptions(request, settings), {
				cohort: request.cohort,
				k: request.k,
				segment: request.segment,
				retained: request.retained
			});
			const offset = request.offset ?? 0;
			const page = ids.slice(
				offset,
				request.limit === undefined ? undefined : offset + request.limit
			);
			const byId = new Map(dataset.accounts.map((a) => [a.id, a]));
			const latestPlan = new Map<string, string | null>();
			for (const s of dataset.subscriptions) latestPlan.set(s.accountId, s.plan);
			return {
				total: ids.length,
				offset,
				accounts: page.map((id) => {
					const a = byId.get(id);
					return { id, name: a?.name ?? null, plan: a?.plan ?? latestPlan.get(id) ?? null };
				})
			};
		},

		/** Kaplan–Meier curves overall or per segment, number at risk and the log-rank test. */
		async retentionSurvival(request: SurvivalRequest): Promise<SurvivalReply> {
			const { dataset, dataVersion, settings } = await scoped(request.filters);
			const key = keyOf({ request, settings });
			const hit = survival.get(dataVersion, key);
			if (hit) return hit;
			const data = survivalData(dataset, { source: request.source, unit: request.unit, settings });
			let reply: SurvivalReply;
			if (data.durations.length === 0) reply = { ok: false, code: 'no-durations' };
			else {
				let maxTime = 0;
				for (const d of data.durations) if (d > maxTime) maxTime = d;
				const atTimes = survivalTickTimes(maxTime, data.unit);
				const split = survivalBySegment(dataset, {
					segmentBy: request.segmentBy ?? undefined,
					source: data.source,
					unit: request.unit,
					atTimes,
					settings
				});
				reply = {
					ok: true,
					dataVersion,
					source: split.source,
					unit: split.unit,
					atTimes,
					groups: split.groups.slice(0, MAX_SURVIVAL_GROUPS).map((g) => ({
						segment: g.segment,
						n: g.curve.n,
						events: g.curve.eventCount,
						median: g.curve.median,
						times: g.curve.times,
						survival: g.curve.survival,
						lower: g.curve.lower,
						upper: g.curve.upper,
						atRisk: g.curve.atRisk,
						eventCounts: g.curve.events,
						censored: g.curve.censored,
						atRiskAt: g.curve.atRiskAt.map((a) => a.atRisk)
					})),
					omittedGroups: Math.max(0, split.groups.length - MAX_SURVIVAL_GROUPS),
					logRank: split.logRank
						? {
								chiSquare: split.logRank.chiSquare,
								df: split.logRank.df,
								pValue: split.logRank.pValue
							}
						: null,
					excluded: split.excluded
				};
			}
			survival.set(dataVersion, key, reply);
			return reply;
		},

		/** Active days per week, their distribution, and churned-later versus stayed. */
		async retentionEngagement(request: EngagementRequest): Promise<EngagementReply> {
			const { dataset, dataVersion, asOfDay, settings } = await scoped(request.filters);
			const key = keyOf({ request, settings });
			const hit = engagement.get(dataVersion, key);
			if (hit) return hit;
			let reply: EngagementReply;
			const act = dataset.activity;
			let latest = NULL_INT;
			for (let i = 0; i < act.length; i++) if (act.day[i] > latest) latest = act.day[i];
			if (latest === NULL_INT) reply = { ok: false, code: 'no-activity' };
			else if (request.metric !== ALL_EVENTS_METRIC && !act.metrics.includes(request.metric)) {
				reply = { ok: false, code: 'no-metric' };
			} else {
				const summary = engagementSummary(dataset, {
					metric: request.metric,
					fromDay: latest - (request.weeks - 1) * 7,
					toDay: latest
				});
				// The comparison day leaves the whole horizon inside the data, so outcomes are known.
				const hasCustomers = customerBase(dataset, settings).firstPaidDay.some(
					(d) => d !== NULL_INT
				);
				const comparison = hasCustomers
					? churnEngagementComparison(dataset, {
							windowEndDay: Math.min(latest, asOfDay - request.horizonDays),
							windowWeeks: request.windowWeeks,
							horizonDays: request.horizonDays,
							metric: request.metric,
							settings
						})
					: null;
				reply = { ok: true, dataVersion, summary, comparison, latestActivityDay: latest };
			}
			engagement.set(dataVersion, key, reply);
			return reply;
		}
	};
}
