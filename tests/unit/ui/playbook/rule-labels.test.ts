import { describe, expect, it } from 'vitest';
import type { ConditionResult } from '../../../../src/lib/core/rules';
import { dayFromIso } from '../../../../src/lib/core/dates';
import {
	actionText,
	bandText,
	evidenceText,
	moneyText,
	ownerText,
	ruleNameText
} from '../../../../src/lib/ui/playbook/rule-labels';
import { en } from './translator';

const d = (iso: string) => dayFromIso(iso) as number;

describe('rule labels', () => {
	it('translates default names and codes, and shows a person’s own text as written', () => {
		expect(ruleNameText(en, { kind: 'code', code: 'default-inactive-14' })).toBe(
			'14 days inactive'
		);
		expect(ruleNameText(en, { kind: 'text', text: 'VIP quiet' })).toBe('VIP quiet');
		expect(ruleNameText(en, { kind: 'text', text: '  ' })).toBe('New rule');
		expect(ownerText(en, { kind: 'role', role: 'product-manager' })).toBe('Product manager');
		expect(ownerText(en, { kind: 'person', person: 'Aiko' })).toBe('Aiko');
		expect(actionText(en, { code: 'win-back', text: 'call first' })).toBe(
			'Make a win-back offer: call first'
		);
		expect(actionText(en, { code: 'my-own', text: null })).toBe('my-own');
		expect(bandText(en, null)).toBe('No score');
	});

	it('formats money in its currency, JPY without decimals', () => {
		expect(moneyText(en, 123456, 'USD')).toBe('$1,234.56');
		expect(moneyText(en, 1200, 'JPY')).toBe('¥1,200');
		expect(moneyText(en, null, 'USD')).toBe('—');
	});

	it('writes inactivity evidence with its days and last active day', () => {
		const result: ConditionResult = {
			conditionId: 'inactive',
			kind: 'inactive',
			holds: true,
			unavailable: null,
			params: { days: 14 },
			evidence: {
				kind: 'inactive',
				metric: '*',
				lastActiveDay: d('2026-10-01'),
				sinceDay: d('2026-10-02'),
				daysInactive: 21
			}
		};
		expect(evidenceText(en, result)).toBe('No “All events” event for 21 days (last on 2026-10-01)');
	});

	it('says why a condition cannot be evaluated', () => {
		const result: ConditionResult = {
			conditionId: 'risk',
			kind: 'risk-above',
			holds: false,
			unavailable: 'no-risk-signal',
			params: { risk: 0.5 },
			evidence: null
		};
		expect(evidenceText(en, result)).toBe('cannot be evaluated: the risk model is not available');
	});

	it('writes ticket-burst evidence with its window', () => {
		const result: ConditionResult = {
			conditionId: 'tickets',
			kind: 'tickets-in-window',
			holds: true,
			unavailable: null,
			params: { count: 3, days: 10 },
			evidence: {
				kind: 'tickets-in-window',
				count: 4,
				fromDay: d('2026-10-22'),
				toDay: d('2026-10-31'),
				ticketIds: ['T1', 'T2', 'T3', 'T4']
			}
		};
		expect(evidenceText(en, result)).toBe('4 tickets opened from 2026-10-22 to 2026-10-31');
	});
});
