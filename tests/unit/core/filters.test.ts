import { describe, expect, it } from 'vitest';
import { applyFilters } from '../../../src/lib/core/filters';
import { account, activityTable, dataset, day, npsRow, sub } from './dataset-builder';

const attrs = (region: string) =>
	Object.assign(Object.create(null) as Record<string, string | null>, { Region: region });
const d = dataset({
	accounts: [
		account('a', { plan: 'Pro', segment: 'SMB', attributes: attrs('EU') }),
		account('b', { plan: 'Basic', segment: 'SMB', attributes: attrs('US') }),
		account('c', { segment: 'Ent', attributes: attrs('EU') })
	],
	subscriptions: [
		sub('a', 10, '2024-01-01'),
		sub('b', 10, '2023-01-01', '2023-06-30'),
		sub('c', 10, '2024-02-01', null, { plan: 'Pro' })
	],
	nps: [npsRow('a', '2024-01-10', 9), npsRow('b', '2023-02-01', 3)],
	activity: activityTable([
		{ accountId: 'a', day: day('2024-01-05') },
		{ accountId: 'b', day: day('2023-03-01') },
		{ accountId: 'c', day: day('2024-03-01') }
	])
});

describe('applyFilters', () => {
	it('keeps accounts of a plan (own, else latest subscription) and their rows', () => {
		const f = applyFilters(d, { plans: ['Pro'] });
		expect(f.accounts.map((x) => x.id)).toEqual(['a', 'c']);
		expect(f.subscriptions.map((s) => s.accountId)).toEqual(['a', 'c']);
		expect(f.nps.map((r) => r.accountId)).toEqual(['a']);
		expect(f.activity.length).toBe(2);
	});

	it('combines segment and attribute filters', () => {
		const f = applyFilters(d, { segments: ['SMB'], attributes: { Region: ['EU'] } });
		expect(f.accounts.map((x) => x.id)).toEqual(['a']);
	});

	it('keeps accounts alive in a date range and trims dated events to it', () => {
		// b's subscription ended in June 2023: out of 2024.
		const f = applyFilters(d, {
			dateRange: { fromDay: day('2024-01-01'), toDay: day('2024-12-31') }
		});
		expect(f.accounts.map((x) => x.id)).toEqual(['a', 'c']);
		expect(f.nps).toHaveLength(1);
		expect(Array.from(f.activity.day)).toEqual([day('2024-01-05'), day('2024-03-01')]);
	});

	it('returns the same dataset when no filter is set', () => {
		expect(applyFilters(d, {})).toBe(d);
	});
});
