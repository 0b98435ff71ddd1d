// Synthetic-size smoke test: 100,000 accounts and about 1.5 million activity rows. Checks only
// that results are sane (no timing assertions: speed is measured in bench/, not in tests).
import { describe, expect, it } from 'vitest';
import { alertInbox } from '../../../src/lib/core/alerts';
import { defaultPlaybook, evaluateRules } from '../../../src/lib/core/playbook';
import { playbookBacktest } from '../../../src/lib/core/rule-backtest';
import { winBackList } from '../../../src/lib/core/winback';
import { accountTimeline } from '../../../src/lib/core/timeline';
import { SYNTHETIC_DAYS, SYNTHETIC_START, syntheticDataset } from './playbook-synthetic';

describe('playbook at 100,000 accounts', () => {
	const ds = syntheticDataset(100_000);
	const asOf = SYNTHETIC_START + SYNTHETIC_DAYS - 1;
	const rules = defaultPlaybook();

	it('raises at most one alert per rule and account, none raised after today', () => {
		const result = evaluateRules(ds, rules, asOf);
		expect(result.accounts).toBe(100_000);
		expect(result.alerts.length).toBeGreaterThan(0);
		expect(new Set(result.alerts.map((a) => a.key)).size).toBe(result.alerts.length);
		expect(result.alerts.every((a) => a.raisedDay <= asOf && a.raisedDay >= SYNTHETIC_START)).toBe(
			true
		);
		const sorted = result.alerts.every(
			(a, i) => i === 0 || a.raisedDay <= result.alerts[i - 1].raisedDay
		);
		expect(sorted).toBe(true);
		const perRule = result.rules.reduce((t, r) => t + r.alerts, 0);
		expect(perRule).toBe(result.alerts.length);
		const inbox = alertInbox([], result.alerts, { today: asOf, now: 0 });
		expect(inbox.counts.open).toBe(result.alerts.length);
	});

	it('backtests every applicable rule with rates inside 0..1 and counts that add up', () => {
		for (const b of playbookBacktest(ds, rules)) {
			if (b.status !== 'ok') continue;
			expect(b.alertsFollowedByChurn).toBeLessThanOrEqual(b.alertsJudged);
			expect(b.alertsJudged).toBeLessThanOrEqual(b.alerts);
			expect(b.churnsFlagged).toBeLessThanOrEqual(b.churns);
			expect(b.months.reduce((t, m) => t + m.alerts, 0)).toBe(b.alerts);
			if (b.precision !== null) expect(b.precision >= 0 && b.precision <= 1).toBe(true);
			if (b.recall !== null) expect(b.recall >= 0 && b.recall <= 1).toBe(true);
			if (b.leadTimeMedianDays !== null) {
				expect(b.leadTimeMedianDays > 0 && b.leadTimeMedianDays <= b.horizonDays).toBe(true);
			}
		}
		expect(
			playbookBacktest(ds, rules).filter((b) => b.status === 'ok').length
		).toBeGreaterThanOrEqual(5);
	});

	it('lists churned accounts in exactly one band of each dimension', () => {
		const list = winBackList(ds, { asOfDay: asOf });
		const sum = (xs: { accounts: number }[]) => xs.reduce((t, s) => t + s.accounts, 0);
		expect(list.rows.length).toBe(list.counts.stillGone);
		expect(sum(list.byReason)).toBe(list.rows.length);
		expect(sum(list.byValue)).toBe(list.rows.length);
		expect(sum(list.byDaysSince)).toBe(list.rows.length);
	});

	it('builds a sorted timeline for an account', () => {
		const t = accountTimeline(ds, 'acc-7');
		const days = t?.events.map((e) => e.day) ?? [];
		expect(days.length).toBeGreaterThan(0);
		expect(days.every((d, i) => i === 0 || d >= days[i - 1])).toBe(true);
	});
});
