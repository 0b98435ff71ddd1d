import { describe, expect, it } from 'vitest';
import { MESSAGES, format, type MessageKey } from '../../../../src/lib/i18n/messages';
import type { RiskDriver } from '../../../../src/lib/core/model';
import { driverSentence, factorText, featureName } from '../../../../src/lib/ui/model/driver-text';

const en = (key: MessageKey, params?: Record<string, string | number>) =>
	format(MESSAGES.en[key], params);
const ja = (key: MessageKey, params?: Record<string, string | number>) =>
	format(MESSAGES.ja[key], params);
const number = (v: number, digits = 0) => v.toFixed(digits);

function driver(fields: Partial<RiskDriver>): RiskDriver {
	return {
		feature: 'openTickets',
		level: null,
		kind: 'per-sd',
		direction: 'raises',
		coefficient: Math.log(1.5),
		oddsRatio: 1.5,
		reference: null,
		...fields
	};
}

describe('driver sentences', () => {
	it('names the app’s own features and keeps attribute headers as they are', () => {
		expect(featureName('openTickets', en)).toBe('open tickets');
		expect(featureName('openTickets', ja)).toBe('未解決チケット数');
		expect(featureName('Geography', en)).toBe('Geography');
	});

	it('says which way a number pushes risk and by how much', () => {
		expect(driverSentence(driver({}), en, number)).toBe(
			'Higher open tickets raises the risk: odds × 1.50 per standard deviation.'
		);
		expect(driverSentence(driver({ direction: 'lowers', oddsRatio: 0.5 }), ja, number)).toBe(
			'未解決チケット数が高いほどリスクが下がります：標準偏差 1 つ分あたりオッズ × 0.50。'
		);
	});

	it('compares a category level with its reference, and translates the missing level', () => {
		const d = driver({
			feature: 'Contract',
			kind: 'level',
			level: 'Two year',
			reference: 'Month-to-month',
			direction: 'lowers',
			oddsRatio: 0.25
		});
		expect(driverSentence(d, en, number)).toBe(
			'Contract “Two year” lowers the risk: odds × 0.25 compared with “Month-to-month”.'
		);
		const m = driver({ feature: 'latestNps', kind: 'missing', level: '(missing)', oddsRatio: 2 });
		expect(
			driverSentence(
				driver({ feature: 'plan', kind: 'level', level: 'Pro', reference: 'Basic' }),
				en,
				number
			)
		).toBe('Plan “Pro” raises the risk: odds × 1.50 compared with “Basic”.');
		expect(driverSentence(m, en, number)).toBe(
			'Unknown latest NPS score raises the risk: odds × 2.00.'
		);
	});

	it('writes a factor with the account’s value or level', () => {
		expect(
			factorText(
				{ feature: 'failedPayments60', level: null, contribution: 1, value: 2 },
				en,
				number
			)
		).toBe('failed payments in 60 days: 2');
		expect(
			factorText({ feature: 'plan', level: '(other)', contribution: 1, value: null }, en, number)
		).toBe('plan: (other)');
		expect(
			factorText({ feature: 'latestNps', level: null, contribution: 1, value: null }, en, number)
		).toBe('latest NPS score: unknown');
	});
});
