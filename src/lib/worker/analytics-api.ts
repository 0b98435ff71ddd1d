// Worker methods for the overview KPIs, the churn split and the filters every view shares. Each
// takes one plain request object (with the person's `filters`) and returns display-sized plain
// data; the bulk data stays in the worker. Derived results are cached per dataVersion + filters.
import type { DatasetFilters } from '../core/filters';
import type { Dataset } from '../core/types';
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
		minDay,
		maxDay
	};
}

const collator = new Intl.Collator('en', { numeric: true });
function naturalOrder(a: string, b: string): number {
	return collator.compare(a, b);
}

export function analyticsApi(context: WorkerContext) {
	let optionsCache: FilterOptions | null = null;
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
		}
	};
}
