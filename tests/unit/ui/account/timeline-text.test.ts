import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../../../../src/lib/core/dates';
import {
	postMortemSignalText,
	timelineEventText
} from '../../../../src/lib/ui/account/timeline-text';
import { en } from '../playbook/translator';

const d = (iso: string) => dayFromIso(iso) as number;

describe('timeline text', () => {
	it('writes MRR changes in the account currency', () => {
		expect(
			timelineEventText(
				en,
				{
					kind: 'subscription-change',
					day: d('2026-03-01'),
					mrrBeforeMinor: 10000,
					mrrAfterMinor: 15000,
					deltaMinor: 5000,
					plansStarted: ['Pro'],
					plansEnded: ['Basic']
				},
				'USD'
			)
		).toBe('MRR changed from $100.00 to $150.00');
	});

	it('writes an activity week with its Monday, events and active days', () => {
		expect(
			timelineEventText(
				en,
				{
					kind: 'activity-week',
					day: d('2026-03-03'),
					weekStartDay: d('2026-03-02'),
					events: 1234,
					activeDays: 4,
					maxDailyUsers: null
				},
				null
			)
		).toBe('Week of 2026-03-02: 1,234 events on 4 days');
	});

	it('writes post-mortem signals from their codes and params', () => {
		expect(
			postMortemSignalText(en, {
				code: 'inactivity',
				day: d('2026-05-01'),
				params: { days: 14, lastActiveDay: d('2026-04-17') }
			})
		).toBe('No activity for 14 days (last active 2026-04-17)');
		expect(
			postMortemSignalText(en, { code: 'payment-failed', day: 1, params: { paymentId: 'P9' } })
		).toBe('Payment P9 failed');
	});
});
