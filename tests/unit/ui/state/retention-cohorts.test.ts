import { describe, expect, it } from 'vitest';
import { defaultCohortBasis } from '../../../../src/lib/ui/state/retention-cohorts.svelte';
import type { RetentionFields } from '../../../../src/lib/worker/retention-api';

const fields = (subscriptionCustomers: number, activityAccounts: number): RetentionFields => ({
	dataVersion: 1,
	splitFields: [],
	metrics: activityAccounts ? ['*'] : [],
	subscriptionCustomers,
	activityAccounts,
	tenureAccounts: 0,
	latestDay: null,
	currency: null
});

describe('defaultCohortBasis', () => {
	it('starts on activity when the workspace has activity but no paying customer (a shop log)', () => {
		expect(defaultCohortBasis(fields(0, 4372))).toBe('activity');
	});

	it('keeps subscriptions whenever anyone has paid, and before the fields are known', () => {
		expect(defaultCohortBasis(fields(10, 4372))).toBe('subscription');
		expect(defaultCohortBasis(fields(0, 0))).toBe('subscription');
		expect(defaultCohortBasis(null)).toBe('subscription');
	});
});
