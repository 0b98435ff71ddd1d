// The dataset narrowed by the person's filters, shared by every area of the worker: one filtered
// copy per (dataVersion, filters), kept for the few latest filter choices, so switching between
// views or back and forth between two filters does not filter again.
import { applyFilters, type DatasetFilters } from '../core/filters';
import type { Dataset } from '../core/types';
import type { WorkerContext } from './context';

/** Filtered datasets kept per context: enough for back-and-forth, bounded for memory. */
const KEPT = 6;

interface Kept {
	dataVersion: number;
	/** Insertion-ordered: the first entry is the least recently used. */
	byKey: Map<string, Dataset>;
}

const kept = new WeakMap<WorkerContext, Kept>();

/** A canonical text of the filters: equal filters (in any order) give equal keys. */
export function datasetFiltersKey(filters: DatasetFilters | undefined): string {
	if (!filters) return '';
	const sorted = (list: readonly string[] | undefined) => (list?.length ? [...list].sort() : []);
	const attributes = Object.entries(filters.attributes ?? {})
		.filter(([, values]) => values.length > 0)
		.map(([name, values]) => [name, sorted(values)] as const)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	const parts = {
		d: filters.dateRange ? [filters.dateRange.fromDay, filters.dateRange.toDay] : [],
		p: sorted(filters.plans),
		s: sorted(filters.segments),
		o: sorted(filters.owners),
		a: attributes
	};
	const empty =
		parts.d.length + parts.p.length + parts.s.length + parts.o.length + parts.a.length === 0;
	return empty ? '' : JSON.stringify(parts);
}

/**
 * The current dataset after `filters` (the unfiltered one itself when there are none), its
 * dataVersion and the filters' key (for the caller's own caches of derived results).
 */
export async function filteredDataset(
	context: WorkerContext,
	filters?: DatasetFilters,
	/** The cache's dataset when the caller already has it (saves a read of the dataVersion). */
	current?: { dataset: Dataset; dataVersion: number }
): Promise<{ dataset: Dataset; dataVersion: number; filtersKey: string }> {
	const { dataset, dataVersion } = current ?? (await context.cache.get());
	const filtersKey = datasetFiltersKey(filters);
	if (filtersKey === '' || !filters) return { dataset, dataVersion, filtersKey };
	let entry = kept.get(context);
	if (!entry || entry.dataVersion !== dataVersion) {
		entry = { dataVersion, byKey: new Map() };
		kept.set(context, entry);
	}
	let filtered = entry.byKey.get(filtersKey);
	if (filtered) entry.byKey.delete(filtersKey);
	else filtered = applyFilters(dataset, filters);
	entry.byKey.set(filtersKey, filtered);
	while (entry.byKey.size > KEPT) {
		const oldest = entry.byKey.keys().next().value;
		if (oldest === undefined) break;
		entry.byKey.delete(oldest);
	}
	return { dataset: filtered, dataVersion, filtersKey };
}
