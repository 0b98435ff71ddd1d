import { describe, expect, it } from 'vitest';
import { deltaText, figureText, moneyText } from '../../../../src/lib/ui/overview/figure-format';

const en = { locale: 'en', currency: 'USD' };

describe('figure text', () => {
	it('writes rates as percentages with one decimal', () => {
		expect(figureText(en, 'percent', 0.2037)).toBe('20.4%');
		expect(figureText(en, 'percent', -0.015)).toBe('-1.5%');
		// Snapshot churn keeps two decimals: 2,037 ÷ 10,000.
		expect(figureText(en, 'percent', 2037 / 10000, 2)).toBe('20.37%');
	});

	it('writes money from minor units in the workspace currency', () => {
		expect(figureText(en, 'money', 123456)).toBe('$1,234.56');
		// Yen has no minor unit: 1234 minor = ¥1,234.
		expect(moneyText({ locale: 'ja', currency: 'JPY' }, 1234)).toBe('￥1,234');
	});

	it('falls back to the bare amount for an unknown currency code', () => {
		expect(figureText({ locale: 'en', currency: 'XXXX' }, 'money', 150)).toBe('1.50');
	});

	it('shows undefined and infinite figures as a dash', () => {
		expect(figureText(en, 'ratio', null)).toBe('—');
		expect(figureText(en, 'ratio', Infinity)).toBe('—');
		expect(figureText(en, 'count', 2037)).toBe('2,037');
	});

	it('writes rate changes in points and money changes as amounts, unsigned', () => {
		expect(deltaText(en, 'percent', -0.012)).toBe('1.2');
		expect(deltaText(en, 'money', -5000)).toBe('$50.00');
		expect(deltaText(en, 'count', 12)).toBe('12');
	});
});
