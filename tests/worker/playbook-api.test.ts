// The playbook area of the worker API in Node with fake-indexeddb, on the generated sample
// workspace: rules seeded and edited, alert states kept across a re-import, alerts that close
// themselves, cases filed from a post-mortem.
import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/lib/worker/api';
import { ChurnDb } from '../../src/lib/db/ChurnDb';
import { dayFromIso } from '../../src/lib/core/dates';
import { DEFAULT_RULE_IDS } from '../../src/lib/core/playbook';
import type { InactiveCondition, Rule } from '../../src/lib/core/rules';
import {
	OPEN_RECORD_ID,
	alertStateFromStored,
	caseFromStored,
	ruleFromStored
} from '../../src/lib/worker/playbook-api';

let dbCount = 0;
const opened: ChurnDb[] = [];
let clock = Date.UTC(2026, 10, 1, 12);

function makeApi() {
	const name = `playbook-api-test-${dbCount++}`;
	const api = createApi({
		openDb: () => {
			const db = new ChurnDb({ name });
			opened.push(db);
			return db;
		},
		now: () => clock
	});
	return api;
}

afterAll(() => {
	for (const db of opened.splice(0)) db.close();
});

const END_DAY = dayFromIso('2026-10-31')!;

/** One sample workspace shared by tests that touch different rows (loading it is slow). */
let shared: Promise<ReturnType<typeof makeApi>> | null = null;
function sharedSampleApi() {
	shared ??= sampleApi();
	return shared;
}

async function sampleApi() {
	const api = makeApi();
	const loaded = await api.loadSample({ endDay: END_DAY });
	expect(loaded.ok).toBe(true);
	return api;
}

function withInactiveDays(rule: Rule, days: number): Rule {
	const trigger = { ...(rule.trigger as InactiveCondition), days };
	return { ...rule, trigger };
}

describe('playbook rules', () => {
	it('gives every one of several calls at once the seeded defaults', async () => {
		const api = makeApi();
		const replies = await Promise.all([1, 2, 3, 4].map(() => api.playbookRules()));
		for (const reply of replies) expect(reply.rules.map((r) => r.id)).toEqual(DEFAULT_RULE_IDS);
	});
	it('seeds the default playbook on first use, in order, and keeps an edit', async () => {
		const api = makeApi();
		const first = await api.playbookRules();
		expect(first.rules.map((r) => r.id)).toEqual([...DEFAULT_RULE_IDS]);
		const edited = withInactiveDays(first.rules[0], 21);
		expect(await api.playbookSaveRule({ rule: edited })).toEqual({ ok: true });
		const again = await api.playbookRules();
		expect((again.rules[0].trigger as InactiveCondition).days).toBe(21);
		expect(again.rules.map((r) => r.id)).toEqual([...DEFAULT_RULE_IDS]);
	});

	it('refuses a rule with a bad threshold and stores nothing', async () => {
		const api = makeApi();
		const { rules } = await api.playbookRules();
		const bad = withInactiveDays(rules[0], -1);
		const outcome = await api.playbookSaveRule({ rule: bad });
		expect(outcome.ok).toBe(false);
		expect((await api.playbookRules()).rules[0]).toEqual(rules[0]);
	});

	it('deletes a rule, gives it back for undo, does not re-seed, and resets to defaults', async () => {
		const api = makeApi();
		const { rules } = await api.playbookRules();
		const deleted = await api.playbookDeleteRule({ ruleId: rules[2].id });
		expect(deleted.ok && deleted.deleted?.position).toBe(2);
		expect((await api.playbookRules()).rules).toHaveLength(rules.length - 1);
		if (deleted.ok && deleted.deleted) {
			await api.playbookSaveRule({
				rule: deleted.deleted.rule,
				position: deleted.deleted.position
			});
		}
		expect((await api.playbookRules()).rules.map((r) => r.id)).toEqual(rules.map((r) => r.id));
		for (const r of rules) await api.playbookDeleteRule({ ruleId: r.id });
		expect((await api.playbookRules()).rules).toEqual([]);
		await api.playbookResetRules();
		expect((await api.playbookRules()).rules.map((r) => r.id)).toEqual([...DEFAULT_RULE_IDS]);
	});

	it('backtests a drafted threshold: a longer inactivity raises fewer alerts', async () => {
		const api = await sharedSampleApi();
		const { rules } = await api.playbookRules();
		const short = await api.playbookRuleBacktest({ rule: withInactiveDays(rules[0], 7) });
		const long = await api.playbookRuleBacktest({ rule: withInactiveDays(rules[0], 60) });
		if (!short.ok || !long.ok) throw new Error('backtest refused');
		expect(short.backtest.status).toBe('ok');
		expect(short.backtest.alerts).toBeGreaterThan(long.backtest.alerts);
		expect(short.backtest.alerts).toBe(short.backtest.months.reduce((n, m) => n + m.alerts, 0));
	});
});

describe('alert inbox', () => {
	it('keeps an acknowledged state across a re-import of the data', async () => {
		const api = await sampleApi();
		const inbox = await api.alertInboxView({ ruleId: 'default-inactive-14' });
		if (!inbox) throw new Error('no inbox');
		const target = inbox.rows.find((r) => r.holds);
		if (!target) throw new Error('no inactivity alert in the sample');
		clock += 1000;
		const acted = await api.alertAct({ key: target.key, action: { type: 'acknowledge' } });
		expect(acted.ok).toBe(true);
		// Re-import: undo the NPS file and import the sample again (only that file comes back).
		const batches = await api.batches();
		const nps = batches.find((b) => b.entity === 'nps');
		if (!nps) throw new Error('no nps batch');
		expect((await api.undo({ batchId: nps.id })).ok).toBe(true);
		expect((await api.loadSample({ endDay: END_DAY })).ok).toBe(true);
		const after = await api.alertInboxView({ status: 'acknowledged' });
		const row = after?.rows.find((r) => r.key === target.key);
		expect(row?.status).toBe('acknowledged');
		expect(row?.holds).toBe(true);
	});

	it('closes an alert whose rule no longer holds and says why', async () => {
		const api = await sampleApi();
		const before = await api.alertInboxView({ ruleId: 'default-inactive-14', limit: 20 });
		const open = before?.rows.filter((r) => r.holds) ?? [];
		expect(open.length).toBeGreaterThan(0);
		const { rules } = await api.playbookRules();
		// No account can be quiet for 100 years: every alert of this rule clears.
		await api.playbookSaveRule({ rule: withInactiveDays(rules[0], 36500) });
		const after = await api.alertInboxView({
			ruleId: 'default-inactive-14',
			status: 'done',
			limit: 1000
		});
		for (const o of open) {
			const row = after?.rows.find((r) => r.key === o.key);
			expect(row).toMatchObject({
				holds: false,
				status: 'done',
				closedReason: 'condition-cleared',
				change: 'condition-cleared'
			});
		}
	});

	it('stores untouched alerts as one record per rule and a row only for what a person did', async () => {
		const api = await sampleApi();
		const db = opened[opened.length - 1];
		const inbox = await api.alertInboxView();
		if (!inbox) throw new Error('no inbox');
		const rows = await db.alertStates.toArray();
		// Nobody acted yet: every row is a rule's record, at most one per rule with alerts.
		const ruleIds = inbox.facets.rules.map((r) => r.value);
		expect(rows.every((r) => r.accountId === OPEN_RECORD_ID)).toBe(true);
		expect(rows.map((r) => r.ruleId).sort()).toEqual([...ruleIds].sort());
		expect(inbox.allAlerts).toBeGreaterThan(rows.length);
		const target = inbox.rows.find((r) => r.holds);
		if (!target) throw new Error('no alert');
		clock += 1000;
		await api.alertAct({ key: target.key, action: { type: 'assign', owner: 'kim' } });
		const again = await api.alertInboxView();
		const after = await db.alertStates.toArray();
		const personRows = after.filter((r) => r.accountId !== OPEN_RECORD_ID);
		expect(personRows.map((r) => `${r.ruleId}|${r.accountId}`)).toEqual([target.key]);
		expect(again?.rows.find((r) => r.key === target.key)?.owner).toBe('kim');
		expect(again?.allAlerts).toBe(inbox.allAlerts);
	});

	it('moves untouched rows of an older build into the rule records', async () => {
		const api = await sampleApi();
		const db = opened[opened.length - 1];
		const first = await api.alertInboxView();
		const target = first?.rows.find((r) => r.holds);
		if (!first || !target) throw new Error('no alert');
		// An older build wrote one row per alert; write one such untouched row by hand.
		await db.alertStates.put({
			ruleId: target.ruleId,
			accountId: target.accountId,
			data: {
				key: target.key,
				ruleId: target.ruleId,
				accountId: target.accountId,
				status: 'open',
				snoozedUntil: null,
				owner: null,
				notes: '',
				updatedAt: target.updatedAt,
				raisedDay: target.raisedDay,
				closedReason: null
			},
			updatedAt: target.updatedAt
		});
		const again = await api.alertInboxView();
		expect(again?.rows.find((r) => r.key === target.key)?.status).toBe('open');
		expect(await db.alertStates.get([target.ruleId, target.accountId])).toBeUndefined();
	});

	it('pages, filters and counts in the worker, and exports the open alerts', async () => {
		const api = await sharedSampleApi();
		const first = await api.alertInboxView({ status: 'all', limit: 7 });
		if (!first) throw new Error('no inbox');
		expect(first.rows).toHaveLength(Math.min(7, first.total));
		// Every alert has one status: the status counts add up to all alerts.
		const c = first.counts;
		expect(c.open + c.acknowledged + c.snoozed + c.done).toBe(first.allAlerts);
		expect(first.total).toBe(first.allAlerts);
		// Two pages in a row continue each other in inbox order (newest first).
		const second = await api.alertInboxView({ status: 'all', offset: 7, limit: 7, reuse: true });
		const both = [...first.rows, ...(second?.rows ?? [])];
		expect(new Set(both.map((r) => r.key)).size).toBe(both.length);
		for (let i = 1; i < both.length; i++) {
			expect(both[i - 1].raisedDay).toBeGreaterThanOrEqual(both[i].raisedDay);
		}
		// A facet's count is the total of the view filtered by it.
		const rule = first.facets.rules[0];
		const owner = first.facets.owners[0];
		const byRule = await api.alertInboxView({ status: 'all', ruleId: rule.value, reuse: true });
		const byOwner = await api.alertInboxView({ status: 'all', owner: owner.value, reuse: true });
		expect(byRule?.total).toBe(rule.count);
		expect(byRule?.rows.every((r) => r.ruleId === rule.value)).toBe(true);
		expect(byOwner?.total).toBe(owner.count);
		expect(first.facets.rules.reduce((n, f) => n + f.count, 0)).toBe(first.total);
		// The export holds the open alerts only: not done and still holding.
		const open = await api.alertInboxExport({ reuse: true });
		const active = await api.alertInboxView({ reuse: true });
		expect(open.every((r) => r.status !== 'done' && r.holds)).toBe(true);
		expect(open.length).toBeLessThanOrEqual(active?.total ?? 0);
		expect(open.length).toBeGreaterThan(0);
		expect(open.every((r) => r.evidence.every((e) => e.holds))).toBe(true);
	});

	it('snoozes an alert until a day and stores it', async () => {
		const api = await sharedSampleApi();
		const inbox = await api.alertInboxView();
		const target = inbox?.rows.find((r) => r.holds);
		if (!inbox || !target) throw new Error('no alert');
		const untilDay = inbox.asOfDay + 7;
		await api.alertAct({ key: target.key, action: { type: 'snooze', untilDay } });
		const after = await api.alertInboxView({ status: 'snoozed' });
		expect(after?.rows.find((r) => r.key === target.key)).toMatchObject({
			status: 'snoozed',
			snoozedUntil: untilDay
		});
	});
});

describe('accounts and cases', () => {
	it('pages and sorts accounts, and files a churned account as a case', async () => {
		const api = await sharedSampleApi();
		const page = await api.accountsPage({ sort: 'status', page: 0, pageSize: 10 });
		expect(page.rows).toHaveLength(10);
		expect(page.total).toBe(page.allAccounts);
		const churned = await api.accountsPage({ sort: 'status', descending: true, pageSize: 500 });
		const target = churned.rows.find((r) => r.status === 'churned');
		if (!target) throw new Error('no churned account in the sample');
		const detail = await api.accountDetail({ accountId: target.id });
		if (!detail.ok) throw new Error('account not found');
		expect(detail.timeline?.postMortem).not.toBeNull();
		const saved = await api.caseSave({
			accountId: target.id,
			rootCause: 'price',
			notes: 'Too dear'
		});
		expect(saved.ok).toBe(true);
		const list = await api.casesList({ rootCause: 'price' });
		expect(list.cases.map((c) => c.accountId)).toEqual([target.id]);
		expect(list.cases[0].notes).toBe('Too dear');
		expect((await api.casesList({ rootCause: 'support' })).cases).toEqual([]);
		if (!saved.ok) return;
		await api.caseUpdate({ id: saved.id, notes: 'Price and support', rootCause: 'support' });
		expect((await api.casesList({ query: 'support' })).cases[0].rootCause).toBe('support');
		await api.caseDelete({ id: saved.id });
		expect((await api.casesList({})).total).toBe(0);
	});

	it('narrows the account list and win-back to the filtered segment', async () => {
		const api = await sharedSampleApi();
		const all = await api.accountsPage({ pageSize: 500 });
		const segment = all.rows.find((r) => r.segment !== null)?.segment;
		if (!segment) throw new Error('no segment in the sample');
		const filtered = await api.accountsPage({ pageSize: 500, filters: { segments: [segment] } });
		expect(filtered.total).toBeGreaterThan(0);
		expect(filtered.total).toBeLessThan(all.total);
		expect(filtered.rows.every((r) => r.segment === segment)).toBe(true);
		const winBack = await api.winBackView({ filters: { segments: [segment] } });
		expect(winBack?.rows.every((r) => r.segment === segment)).toBe(true);
	});

	it('answers not-found for an unknown account', async () => {
		const api = await sharedSampleApi();
		expect(await api.accountDetail({ accountId: 'no-such-account' })).toEqual({
			ok: false,
			code: 'account-not-found'
		});
	});
});

describe('rows read back from storage', () => {
	it('accepts only well-formed rules, states and cases', () => {
		expect(ruleFromStored({ position: 0, rule: { id: 'x' } })).toBeNull();
		expect(ruleFromStored(null)).toBeNull();
		expect(
			alertStateFromStored({
				key: 'r|a',
				ruleId: 'r',
				accountId: 'a',
				status: 'open',
				snoozedUntil: null,
				owner: null,
				notes: '',
				updatedAt: 1,
				raisedDay: 10,
				closedReason: null
			})
		).not.toBeNull();
		// The key must match rule and account.
		expect(
			alertStateFromStored({
				key: 'r|b',
				ruleId: 'r',
				accountId: 'a',
				status: 'open',
				snoozedUntil: null,
				owner: null,
				notes: '',
				updatedAt: 1,
				raisedDay: 10,
				closedReason: null
			})
		).toBeNull();
		expect(
			caseFromStored({ rootCause: 'nope', notes: '', churnDay: null, signals: [] })
		).toBeNull();
		expect(
			caseFromStored({
				rootCause: 'price',
				notes: 'n',
				churnDay: 5,
				signals: [{ code: 'x', day: 1 }]
			})
		).not.toBeNull();
	});
});
