import { describe, expect, it } from 'vitest';
import {
	filtersFromSearch,
	filtersKey,
	filtersWithout,
	OPEN_TO_DAY,
	searchWithFilters
} from '../../../../src/lib/ui/state/filters.svelte';
import { dayFromIso } from '../../../../src/lib/core/dates';

describe('filters in the URL', () => {
	it('reads dates, lists and attributes from a query', () => {
		const f = filtersFromSearch(
			new URLSearchParams('from=2025-01-01&to=2025-03-31&plan=Pro&plan=Team&a.Geography=France')
		);
		expect(f).toEqual({
			dateRange: { fromDay: dayFromIso('2025-01-01'), toDay: dayFromIso('2025-03-31') },
			plans: ['Pro', 'Team'],
			attributes: { Geography: ['France'] }
		});
	});

	it('leaves an open end of a date range open', () => {
		const f = filtersFromSearch(new URLSearchParams('from=2025-01-01'));
		expect(f.dateRange).toEqual({ fromDay: dayFromIso('2025-01-01'), toDay: OPEN_TO_DAY });
		expect(searchWithFilters(new URLSearchParams(), f).toString()).toBe('from=2025-01-01');
	});

	it('ignores malformed dates, reversed ranges and empty values', () => {
		expect(filtersFromSearch(new URLSearchParams('from=2025-02-30&plan=&a.=x'))).toEqual({});
		expect(filtersFromSearch(new URLSearchParams('from=2025-03-01&to=2025-01-01'))).toEqual({});
	});

	it('writes filters back, keeping other parameters and sorting values', () => {
		const params = new URLSearchParams('lang=ja&plan=Old&id=7');
		const next = searchWithFilters(params, {
			plans: ['Team', 'Pro'],
			owners: ['Kim'],
			attributes: { 'Has Card': ['1'] }
		});
		expect(next.toString()).toBe('lang=ja&id=7&plan=Pro&plan=Team&owner=Kim&a.Has+Card=1');
	});

	it('round-trips filters (values in sorted order) through the query', () => {
		const filters = {
			dateRange: { fromDay: 20000, toDay: 20100 },
			segments: ['Mid-market & up', 'SMB'],
			attributes: { 'a=b': ['x&y', 'é'] }
		};
		const back = filtersFromSearch(searchWithFilters(new URLSearchParams(), filters));
		expect(back).toEqual(filters);
	});

	it('keys the same filters the same way whatever their order', () => {
		expect(filtersKey({ plans: ['B', 'A'] })).toBe(filtersKey({ plans: ['A', 'B'] }));
		expect(filtersKey({})).toBe('');
	});

	it('removes one chip value and drops an emptied list', () => {
		const f = { plans: ['A', 'B'], attributes: { G: ['France'] } };
		expect(filtersWithout(f, { kind: 'plans', value: 'A' })).toEqual({
			plans: ['B'],
			attributes: { G: ['France'] }
		});
		expect(filtersWithout(f, { kind: 'attribute', name: 'G', value: 'France' })).toEqual({
			plans: ['A', 'B']
		});
	});
});
