// Worker methods for the overview KPIs, the churn split and the filters every view shares. Each
// takes one plain request object (with the person's `filters`) and returns display-sized plain
// data; the bulk data stays in the worker. Derived results are cached per dataVersion + filters.
import { accountIdsBehind, type FigureRef } from '../core/accounts-behind';
import { churnBreakdownSeries, logoChurnOfBase, snapshotChurn } from '../core/churn';
import {
	accountFieldValue,
	customerBase,
	latestDayOf,
	type ChurnConvention,
	type ChurnRecognition,
	type MetricSettings
} from '../core/customer-base';
import { lastDayOfMonth } from '../core/dates';
import type { DatasetFilters } from '../core/filters';
import { kpis, type Kpis } from '../core/kpis';
import { monthOfDay } from '../core/periods';
import { revenueRetentionOfBase } from '../core/retention';
import { ratio, type Ratio } from '../core/stats';
import type { Dataset, DayNumber, MonthIndex } from '../core/types';
import { getSetting, putSetting } from '../db/batches';
import type { ChurnDb } from '../db/ChurnDb';
import type { WorkerContext } from './context';
import { filteredDataset } from './filtered-dataset';

/** Attributes with more distinct values than this are ids or measures, not filterable groups. */
const MAX_ATTRIBUTE_VALUES = 60;

export interface FilterOptions {
	dataVersion: number;
	plans: string[];
	segments: string[];
	owners: string[];
	attributes: { name: string; values: string[] }[];
	/** Every imported column, filterable or not (e.g. for the cancellation-day setting). */
	attributeNames: string[];
	minDay: number | null;
	maxDay: number | null;
}

/** The values each filter can take in the whole (unfiltered) dataset. */
export function filterOptionsOf(dataset: Dataset, dataVersion: number): FilterOptions {
	const plans = new Set<string>();
	const segments = new Set<string>();
	const owners = new Set<string>();
	let minDay: number | null = null;
	let maxDay: number | null = null;
	const see = (day: number | null) => {
		if (day === null) return;
		if (minDay === null || day < minDay) minDay = day;
		if (maxDay === null || day > maxDay) maxDay = day;
	};
	for (const a of dataset.accounts) {
		if (a.plan !== null) plans.add(a.plan);
		if (a.segment !== null) segments.add(a.segment);
		if (a.owner !== null) owners.add(a.owner);
		see(a.signupDay);
		see(a.churnDay);
	}
	for (const s of dataset.subscriptions) {
		if (s.plan !== null) plans.add(s.plan);
		see(s.startDay);
		see(s.endDay);
	}
	const attributes: FilterOptions['attributes'] = [];
	for (const name of dataset.attributeNames) {
		const values = new Set<string>();
		for (const a of dataset.accounts) {
			const v = Object.hasOwn(a.attributes, name) ? a.attributes[name] : null;
			if (v !== null && v !== '') values.add(v);
			if (values.size > MAX_ATTRIBUTE_VALUES) break;
		}
		if (values.size >= 2 && values.size <= MAX_ATTRIBUTE_VALUES) {
			attributes.push({ name, values: [...values].sort(naturalOrder) });
		}
	}
	return {
		dataVersion,
		plans: [...plans].sort(naturalOrder),
		segments: [...segments].sort(naturalOrder),
		owners: [...owners].sort(naturalOrder),
		attributes,
		attributeNames: [...dataset.attributeNames],
		minDay,
		maxDay
	};
}

const collator = new Intl.Collator('en', { numeric: true });
function naturalOrder(a: string, b: string): number {
	return collator.compare(a, b);
}

// ---------------------------------------------------------------------------------------------
// Metric definitions and inputs the person chooses (stored as one settings row).

/** Settings key; persisted: do not rename without a migration. */
export const METRIC_CHOICES_KEY = 'metricChoices';

export interface MetricChoices {
	convention: ChurnConvention;
	recognition: ChurnRecognition;
	netChurnIncludesReactivation: boolean;
	/** Imported column holding the cancellation day, for recognition 'cancellation'. */
	cancellationDayAttribute: string | null;
	/** Gross margin 0..1 for margin-adjusted LTV. */
	grossMargin: number | null;
	/** Customer acquisition cost, minor units, for LTV:CAC. */
	cacMinor: number | null;
}

export const DEFAULT_METRIC_CHOICES: MetricChoices = {
	convention: 'standard',
	recognition: 'end-of-service',
	netChurnIncludesReactivation: true,
	cancellationDayAttribute: null,
	grossMargin: null,
	cacMinor: null
};

/** The choices a stored value holds, each field checked; anything malformed is the default. */
export function metricChoicesOf(value: unknown): MetricChoices {
	const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
	const d = DEFAULT_METRIC_CHOICES;
	const finite = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
	const margin = finite(v.grossMargin);
	const cac = finite(v.cacMinor);
	return {
		convention: ['standard', 'baremetrics', 'profitwell'].includes(v.convention as string)
			? (v.convention as ChurnConvention)
			: d.convention,
		recognition: ['end-of-service', 'cancellation'].includes(v.recognition as string)
			? (v.recognition as ChurnRecognition)
			: d.recognition,
		netChurnIncludesReactivation:
			typeof v.netChurnIncludesReactivation === 'boolean'
				? v.netChurnIncludesReactivation
				: d.netChurnIncludesReactivation,
		cancellationDayAttribute:
			typeof v.cancellationDayAttribute === 'string' && v.cancellationDayAttribute !== ''
				? v.cancellationDayAttribute
				: null,
		grossMargin: margin !== null && margin > 0 && margin <= 1 ? margin : null,
		cacMinor: cac !== null && cac > 0 ? cac : null
	};
}

export async function storedMetricChoices(db: ChurnDb): Promise<MetricChoices> {
	return metricChoicesOf(await getSetting(db, METRIC_CHOICES_KEY));
}

/** The core's settings for the stored choices, as of the unfiltered data's last day. */
export function metricSettingsOf(
	choices: MetricChoices,
	asOfDay: DayNumber
): MetricSettings & { asOfDay: DayNumber } {
	return {
		asOfDay,
		convention: choices.convention,
		recognition: choices.recognition,
		cancellationDayAttribute: choices.cancellationDayAttribute ?? undefined,
		netChurnIncludesReactivation: choices.netChurnIncludesReactivation,
		grossMargin: choices.grossMargin,
		cacMinor: choices.cacMinor
	};
}

/**
 * Every view's figures are as of the whole data's last day, so a filter (which trims dated rows)
 * never moves "today"; a workspace without any date uses the clock.
 */
const asOfCache = new WeakMap<Dataset, DayNumber | null>();
export function asOfDayOf(dataset: Dataset, todayDay: DayNumber): DayNumber {
	if (!asOfCache.has(dataset)) asOfCache.set(dataset, latestDayOf(dataset));
	return asOfCache.get(dataset) ?? todayDay;
}

/** The last month that is over on asOfDay (its own month when asOfDay is the month's last day). */
export function latestCompleteMonth(asOfDay: DayNumber): MonthIndex {
	const month = monthOfDay(asOfDay);
	return asOfDay >= lastDayOfMonth(month) ? month : month - 1;
}

// ---------------------------------------------------------------------------------------------
// The quarterly retention goal (one row in `goals`).

/** Goal row id; persisted: do not rename without a migration. */
export const RETENTION_GOAL_ID = 'quarterly-retention';

export interface RetentionGoal {
	metric: 'logo-retention' | 'nrr';
	/** Target as a fraction (0.95 = 95%). */
	target: number;
}

export function retentionGoalOf(value: unknown): RetentionGoal | null {
	if (!value || typeof value !== 'object') return null;
	const v = value as Record<string, unknown>;
	if (v.metric !== 'logo-retention' && v.metric !== 'nrr') return null;
	if (typeof v.target !== 'number' || !Number.isFinite(v.target) || v.target <= 0) return null;
	if (v.target > 3) return null;
	return { metric: v.metric, target: v.target };
}

export interface GoalProgress {
	goal: RetentionGoal;
	/** The quarter holding the period's end, counted up to `throughMonth`. */
	quarterStartMonth: MonthIndex;
	throughMonth: MonthIndex;
	quarterComplete: boolean;
	/** Logo retention = 1 - logo churn rate (active convention); NRR over the quarter so far. */
	actual: number | null;
	/** Counts behind `actual`: churned (or end MRR) and customers (or MRR) at the quarter's start. */
	counts: Ratio;
	/** Actual ÷ target (1 = reached); null without an actual value. */
	progress: number | null;
	met: boolean | null;
}

/** How far the quarter holding `month` is towards the goal, using data up to asOfDay. */
export function goalProgressOf(
	dataset: Dataset,
	goal: RetentionGoal,
	month: MonthIndex,
	settings: MetricSettings & { asOfDay: DayNumber }
): GoalProgress {
	const base = customerBase(dataset, settings);
	const quarterStartMonth = month - (((month % 3) + 3) % 3);
	const asOfMonth = monthOfDay(settings.asOfDay);
	const throughMonth = Math.min(quarterStartMonth + 2, asOfMonth);
	const quarterComplete = latestCompleteMonth(settings.asOfDay) >= quarterStartMonth + 2;
	let actual: number | null;
	let counts: Ratio;
	if (goal.metric === 'logo-retention') {
		const churn = logoChurnOfBase(base, quarterStartMonth, throughMonth, settings.convention);
		counts = churn.rate;
		actual = churn.rate.value === null ? null : 1 - churn.rate.value;
	} else {
		const r = revenueRetentionOfBase(base, throughMonth, throughMonth - quarterStartMonth + 1);
		counts = r.nrr;
		actual = r.nrr.value;
	}
	return {
		goal,
		quarterStartMonth,
		throughMonth,
		quarterComplete,
		actual,
		counts,
		progress: actual === null ? null : actual / goal.target,
		met: actual === null ? null : actual >= goal.target
	};
}

// ---------------------------------------------------------------------------------------------
// Snapshot exports (a churned flag, no dates).

export interface SnapshotView {
	overall: Ratio;
	withoutFlag: number;
	segmentBy: string | null;
	/** Fields and columns the rate can be split by (2 to 60 distinct values). */
	segmentOptions: string[];
	groups: { segment: string | null; rate: Ratio }[];
}

function segmentOptionsOf(dataset: Dataset): string[] {
	const out: string[] = [];
	for (const name of ['plan', 'segment', 'owner', ...dataset.attributeNames]) {
		const values = new Set<string | null>();
		for (const a of dataset.accounts) {
			values.add(accountFieldValue(a, name));
			if (values.size > MAX_ATTRIBUTE_VALUES) break;
		}
		values.delete(null);
		if (values.size >= 2 && values.size <= MAX_ATTRIBUTE_VALUES && !out.includes(name)) {
			out.push(name);
		}
	}
	return out;
}

export function snapshotViewOf(
	dataset: Dataset,
	segmentBy: string | null | undefined
): SnapshotView {
	const segmentOptions = segmentOptionsOf(dataset);
	const chosen =
		segmentBy === null
			? null
			: segmentBy !== undefined && segmentOptions.includes(segmentBy)
				? segmentBy
				: (segmentOptions[0] ?? null);
	const s = snapshotChurn(dataset, chosen ? { segmentBy: chosen } : {});
	return {
		overall: s.overall,
		withoutFlag: s.withoutFlag,
		segmentBy: chosen,
		segmentOptions,
		groups: s.groups
	};
}

// ---------------------------------------------------------------------------------------------

export interface AccountBrief {
	id: string;
	name: string | null;
	plan: string | null;
	segment: string | null;
	owner: string | null;
	/** MRR at the as-of day, minor units (the account's own MRR for CRM-only rows). */
	mrrMinor: number | null;
}

/** Results kept per area cache: a few latest requests, bounded. */
const KEPT_RESULTS = 8;

function remembered<T>(cache: Map<string, T>, key: string, make: () => T): T {
	const hit = cache.get(key);
	if (hit !== undefined) {
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	const value = make();
	cache.set(key, value);
	while (cache.size > KEPT_RESULTS) {
		const oldest = cache.keys().next().value;
		if (oldest === undefined) break;
		cache.delete(oldest);
	}
	return value;
}

export interface OverviewRequest {
	filters?: DatasetFilters;
	/** The period; both omitted = the latest complete month. */
	startMonth?: MonthIndex;
	endMonth?: MonthIndex;
	/** Months in the charts, ending at the period's end (default 12). */
	seriesMonths?: number;
	/** Snapshot exports: split by this field or column; null = no split; omitted = the first. */
	snapshotSegmentBy?: string | null;
}

export function analyticsApi(context: WorkerContext) {
	let optionsCache: FilterOptions | null = null;
	let choices: MetricChoices | null = null;
	const overviews = new Map<string, Kpis>();
	const behind = new Map<string, string[]>();

	async function currentChoices(): Promise<MetricChoices> {
		choices ??= await storedMetricChoices(context.db);
		return choices;
	}

	/** The filtered dataset with the settings every figure of this request uses. */
	async function scope(filters: DatasetFilters | undefined) {
		await context.ready;
		// The settings are read beside the dataset (after a reload, its build), so the figures
		// follow the build without a wait on the database in between.
		const [current, chosen, stored] = await Promise.all([
			context.cache.get(),
			currentChoices(),
			getSetting(context.db, 'currency')
		]);
		const whole = current.dataset;
		const f = await filteredDataset(context, filters, current);
		const asOfDay = asOfDayOf(whole, Math.floor(context.now() / 86_400_000));
		return {
			...f,
			whole,
			asOfDay,
			choices: chosen,
			settings: metricSettingsOf(chosen, asOfDay),
			/** The workspace currency (amounts are in its minor units). */
			currency: typeof stored === 'string' ? stored : 'USD'
		};
	}

	return {
		/** The plans, segments, owners, attributes and date span the filter bar offers. */
		async analyticsFilterOptions(_request: Record<string, never> = {}): Promise<FilterOptions> {
			await context.ready;
			const { dataset, dataVersion } = await context.cache.get();
			if (optionsCache?.dataVersion !== dataVersion) {
				optionsCache = filterOptionsOf(dataset, dataVersion);
			}
			return optionsCache;
		},

		/** How many accounts the filters keep (the filter bar's "n accounts" line). */
		async analyticsFilteredCount(request: { filters?: DatasetFilters }) {
			await context.ready;
			const { dataset } = await filteredDataset(context, request.filters);
			return { accounts: dataset.accounts.length };
		},

		async analyticsMetricChoices(_request: Record<string, never> = {}): Promise<MetricChoices> {
			await context.ready;
			return currentChoices();
		},

		/** Changes some definitions or inputs; every later figure uses them. */
		async analyticsSetMetricChoices(request: Partial<MetricChoices>): Promise<MetricChoices> {
			await context.ready;
			const next = metricChoicesOf({ ...(await currentChoices()), ...request });
			await putSetting(context.db, METRIC_CHOICES_KEY, next);
			choices = next;
			return next;
		},

		async analyticsRetentionGoal(_request: Record<string, never> = {}) {
			await context.ready;
			const row = await context.db.goals.get(RETENTION_GOAL_ID);
			return retentionGoalOf(row?.data);
		},

		/** Saves the quarterly goal (null removes it); an invalid goal is refused with a code. */
		async analyticsSetRetentionGoal(request: { goal: RetentionGoal | null }) {
			await context.ready;
			if (request.goal === null) {
				await context.db.goals.delete(RETENTION_GOAL_ID);
				return { ok: true as const, goal: null };
			}
			const goal = retentionGoalOf(request.goal);
			if (!goal) return { ok: false as const, code: 'bad-goal' as const };
			await context.db.goals.put({ id: RETENTION_GOAL_ID, data: goal, updatedAt: context.now() });
			return { ok: true as const, goal };
		},

		/**
		 * Every KPI card of a period with the previous period and the counts behind each figure,
		 * the overview charts' series, the goal's progress, and snapshot churn for dateless data.
		 */
		async analyticsOverview(request: OverviewRequest) {
			await context.ready;
			// Read beside the dataset, like the settings in scope().
			const goalRow = context.db.goals.get(RETENTION_GOAL_ID);
			goalRow.catch(() => undefined);
			const s = await scope(request.filters);
			const defaultMonth = latestCompleteMonth(s.asOfDay);
			const startMonth = request.startMonth ?? request.endMonth ?? defaultMonth;
			const endMonth = Math.max(request.endMonth ?? startMonth, startMonth);
			const seriesMonths = Math.min(Math.max(request.seriesMonths ?? 12, 1), 60);
			const key = JSON.stringify([
				s.dataVersion,
				s.filtersKey,
				startMonth,
				endMonth,
				seriesMonths,
				s.choices
			]);
			const figures = remembered(overviews, key, () =>
				kpis(s.dataset, {
					period: { startMonth, endMonth },
					settings: s.settings,
					seriesMonths
				})
			);
			const goal = retentionGoalOf((await goalRow)?.data);
			const wholeBase = customerBase(s.whole, s.settings);
			return {
				ok: true as const,
				dataVersion: s.dataVersion,
				asOfDay: s.asOfDay,
				latestCompleteMonth: defaultMonth,
				/** The first month with data, for the period picker. */
				firstMonth: wholeBase.firstMonth,
				choices: s.choices,
				currency: s.currency,
				accounts: s.dataset.accounts.length,
				kpis: figures,
				goal:
					goal && figures.hasTimeline
						? goalProgressOf(s.dataset, goal, endMonth, s.settings)
						: null,
				snapshot: figures.hasTimeline ? null : snapshotViewOf(s.dataset, request.snapshotSegmentBy)
			};
		},

		/** Churned customers per month by churn type and by reason (default: the last 12 months). */
		async analyticsChurnSplit(request: {
			filters?: DatasetFilters;
			fromMonth?: MonthIndex;
			toMonth?: MonthIndex;
			/** Months ending at toMonth when fromMonth is omitted (default 12). */
			monthCount?: number;
			maxReasons?: number;
		}) {
			const s = await scope(request.filters);
			const asOfMonth = monthOfDay(s.asOfDay);
			const toMonth = request.toMonth ?? asOfMonth;
			const count = Math.min(Math.max(Math.floor(request.monthCount ?? 12), 1), 120);
			const fromMonth = request.fromMonth ?? toMonth - count + 1;
			const months = churnBreakdownSeries(s.dataset, {
				fromMonth,
				toMonth,
				maxReasons: request.maxReasons ?? 8,
				settings: s.settings
			});
			const wholeBase = customerBase(s.whole, s.settings);
			return {
				ok: true as const,
				dataVersion: s.dataVersion,
				asOfDay: s.asOfDay,
				/** False for snapshot exports without dates: nothing to split by month. */
				hasTimeline: wholeBase.spellOffset[wholeBase.ids.length] > 0,
				firstMonth: wholeBase.firstMonth,
				incompleteMonth: latestCompleteMonth(s.asOfDay) < asOfMonth ? asOfMonth : null,
				currency: s.currency,
				choices: s.choices,
				months
			};
		},

		/** A page of the accounts behind a figure (same filters and definitions as the figure). */
		async analyticsAccountsBehind(request: {
			filters?: DatasetFilters;
			ref: FigureRef;
			offset?: number;
			limit?: number;
		}) {
			const s = await scope(request.filters);
			const key = JSON.stringify([s.dataVersion, s.filtersKey, request.ref, s.choices]);
			const ids = remembered(behind, key, () =>
				accountIdsBehind(s.dataset, request.ref, s.settings)
			);
			const offset = Math.max(0, Math.floor(request.offset ?? 0));
			const limit = Math.min(Math.max(1, Math.floor(request.limit ?? 50)), 100_000);
			const page = ids.slice(offset, offset + limit);
			const base = customerBase(s.dataset, s.settings);
			const lastCol = base.monthCount - 1;
			const rows: AccountBrief[] = page.map((id) => {
				const a = base.indexOf(id);
				const account = a === undefined ? null : base.accounts[a];
				const gridMrr =
					a === undefined || lastCol < 0 ? null : base.mrr[a * base.monthCount + lastCol];
				return {
					id,
					name: account?.name ?? null,
					plan: account?.plan ?? null,
					segment: account?.segment ?? null,
					owner: account?.owner ?? null,
					mrrMinor: gridMrr ?? account?.mrrMinor ?? null
				};
			});
			return { ok: true as const, total: ids.length, offset, rows };
		}
	};
}

export type ChurnSplit = Awaited<
	ReturnType<ReturnType<typeof analyticsApi>['analyticsChurnSplit']>
>;
export type OverviewResult = Awaited<
	ReturnType<ReturnType<typeof analyticsApi>['analyticsOverview']>
>;
export type AccountsBehindPage = Awaited<
	ReturnType<ReturnType<typeof analyticsApi>['analyticsAccountsBehind']>
>;
export type { FigureRef, Kpis };
