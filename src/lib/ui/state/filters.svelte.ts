// The dataset filters live in the URL's query, so a filtered view can be bookmarked, shared and
// reloaded. Every view reads `urlFilters.current` and sends it to the worker with its request;
// the filter bar writes it back with `urlFilters.set`. Query names:
//   from, to (YYYY-MM-DD), plan, segment, owner (repeatable), a.<attribute name> (repeatable).
import { goto } from '$app/navigation';
import { page } from '$app/state';
import { dayFromIso, isoFromDay } from '../../core/dates';
import type { DatasetFilters } from '../../core/filters';

export const ATTRIBUTE_PARAM_PREFIX = 'a.';
const LIST_PARAMS = { plan: 'plans', segment: 'segments', owner: 'owners' } as const;
/** Bounds for an open end of a date range (year 4707 and 2707 BC): beyond any real data. */
export const OPEN_FROM_DAY = -1_000_000;
export const OPEN_TO_DAY = 1_000_000;

function isFilterParam(name: string): boolean {
	return (
		name === 'from' ||
		name === 'to' ||
		Object.hasOwn(LIST_PARAMS, name) ||
		name.startsWith(ATTRIBUTE_PARAM_PREFIX)
	);
}

function distinctNonEmpty(values: string[]): string[] {
	return [...new Set(values.filter((v) => v !== ''))];
}

/** The filters a query string asks for; unknown or malformed parts are ignored. */
export function filtersFromSearch(params: URLSearchParams): DatasetFilters {
	const filters: DatasetFilters = {};
	const from = dayFromIso(params.get('from') ?? '');
	const to = dayFromIso(params.get('to') ?? '');
	if (from !== null || to !== null) {
		const fromDay = from ?? OPEN_FROM_DAY;
		const toDay = to ?? OPEN_TO_DAY;
		if (fromDay <= toDay) filters.dateRange = { fromDay, toDay };
	}
	for (const [param, field] of Object.entries(LIST_PARAMS)) {
		const values = distinctNonEmpty(params.getAll(param));
		if (values.length) filters[field] = values;
	}
	const attributes: Record<string, string[]> = Object.create(null);
	let anyAttribute = false;
	for (const name of new Set(params.keys())) {
		if (!name.startsWith(ATTRIBUTE_PARAM_PREFIX)) continue;
		const attribute = name.slice(ATTRIBUTE_PARAM_PREFIX.length);
		const values = distinctNonEmpty(params.getAll(name));
		if (attribute === '' || values.length === 0) continue;
		attributes[attribute] = values;
		anyAttribute = true;
	}
	if (anyAttribute) filters.attributes = attributes;
	return filters;
}

/** A copy of `params` whose filter part says `filters`; other parameters (lang, id…) stay. */
export function searchWithFilters(
	params: URLSearchParams,
	filters: DatasetFilters
): URLSearchParams {
	const next = new URLSearchParams();
	for (const [name, value] of params) if (!isFilterParam(name)) next.append(name, value);
	const range = filters.dateRange;
	if (range) {
		if (range.fromDay > OPEN_FROM_DAY) next.set('from', isoFromDay(range.fromDay));
		if (range.toDay < OPEN_TO_DAY) next.set('to', isoFromDay(range.toDay));
	}
	for (const [param, field] of Object.entries(LIST_PARAMS)) {
		for (const v of [...(filters[field] ?? [])].sort()) next.append(param, v);
	}
	const attributes = filters.attributes ?? {};
	for (const name of Object.keys(attributes).sort()) {
		for (const v of [...attributes[name]].sort()) next.append(ATTRIBUTE_PARAM_PREFIX + name, v);
	}
	return next;
}

/** The filter part of a query string alone (`plan=Pro&from=…`), '' when nothing is filtered. */
export function filterQueryOf(filters: DatasetFilters): string {
	return searchWithFilters(new URLSearchParams(), filters).toString();
}

/** One string per distinct filter, order-insensitive: a cache key and a change detector. */
export function filtersKey(filters: DatasetFilters): string {
	return filterQueryOf(filters);
}

export function hasFilters(filters: DatasetFilters): boolean {
	return filtersKey(filters) !== '';
}

/** The filters without one value (a chip's remove button). */
export function filtersWithout(
	filters: DatasetFilters,
	part:
		| { kind: 'dateRange' }
		| { kind: 'plans' | 'segments' | 'owners'; value: string }
		| { kind: 'attribute'; name: string; value: string }
): DatasetFilters {
	const next: DatasetFilters = { ...filters };
	if (part.kind === 'dateRange') delete next.dateRange;
	else if (part.kind === 'attribute') {
		const attributes: Record<string, readonly string[]> = { ...(filters.attributes ?? {}) };
		const left = (attributes[part.name] ?? []).filter((v) => v !== part.value);
		if (left.length) attributes[part.name] = left;
		else delete attributes[part.name];
		next.attributes = attributes;
		if (Object.keys(attributes).length === 0) delete next.attributes;
	} else {
		const left = (filters[part.kind] ?? []).filter((v) => v !== part.value);
		if (left.length) next[part.kind] = left;
		else delete next[part.kind];
	}
	return next;
}

/**
 * The current page's filters, derived from the URL. Navigating through the menu drops the query,
 * so the last filters set in this tab are put back on a view opened without any (`restore`).
 */
export class UrlFilters {
	current = $derived(filtersFromSearch(page.url.searchParams));
	key = $derived(filtersKey(this.current));
	active = $derived(this.key !== '');
	private remembered = '';

	/** Puts the filters in the URL (a new history entry, so Back undoes a filter change). */
	async set(filters: DatasetFilters): Promise<void> {
		this.remembered = filterQueryOf(filters);
		const search = searchWithFilters(page.url.searchParams, filters).toString();
		await goto(`${page.url.pathname}${search ? '?' + search : ''}${page.url.hash}`, {
			keepFocus: true,
			noScroll: true
		});
	}

	async clear(): Promise<void> {
		await this.set({});
	}

	/** On a view opened without filters, brings back this tab's last filters (no new entry). */
	async restore(): Promise<void> {
		if (this.active) {
			this.remembered = this.key;
			return;
		}
		if (!this.remembered) return;
		const search = searchWithFilters(
			page.url.searchParams,
			filtersFromSearch(new URLSearchParams(this.remembered))
		).toString();
		await goto(`${page.url.pathname}?${search}${page.url.hash}`, {
			replaceState: true,
			keepFocus: true,
			noScroll: true
		});
	}
}

export const urlFilters = new UrlFilters();
