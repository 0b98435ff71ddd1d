// The playbook page's state when the worker throws: a failed backtest is reported per rule (and
// clears on a successful retry) instead of "computing" forever; a failed rules read is reported.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultPlaybook } from '../../src/lib/core/playbook';

const calls = vi.hoisted(() => ({
	rules: vi.fn(),
	backtest: vi.fn()
}));

vi.mock('../../src/lib/client/worker-client', () => ({
	worker: () => ({
		playbookRules: calls.rules,
		playbookRuleBacktest: calls.backtest
	})
}));

const { PlaybookRules } = await import('../../src/lib/ui/state/playbook-rules.svelte');

const rules = defaultPlaybook().slice(0, 2);
const okReply = { ok: true as const, backtest: { status: 'ok', alerts: 3 } };

/** Lets the pending worker promises and their continuations run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('PlaybookRules when the worker fails', () => {
	beforeEach(() => {
		calls.rules.mockReset();
		calls.backtest.mockReset();
		calls.rules.mockResolvedValue({
			rules,
			skipped: 0,
			segments: [],
			owners: [],
			metrics: [],
			endDay: null
		});
	});

	it('reports a failed backtest for that rule only, and a retry that succeeds clears it', async () => {
		calls.backtest.mockImplementation(async ({ rule }: { rule: { id: string } }) => {
			if (rule.id === rules[0].id) throw new Error('boom');
			return okReply;
		});
		const state = new PlaybookRules();
		await state.load();
		await settle();
		expect(state.failures[rules[0].id]).toContain('boom');
		expect(state.pending[rules[0].id]).toBe(false);
		expect(state.backtests[rules[0].id]).toBeUndefined();
		expect(state.failures[rules[1].id]).toBeUndefined();
		expect(state.backtests[rules[1].id]).toEqual(okReply);

		calls.backtest.mockResolvedValue(okReply);
		await state.backtest(rules[0]);
		expect(state.failures[rules[0].id]).toBeUndefined();
		expect(state.backtests[rules[0].id]).toEqual(okReply);
	});

	it('reports a failed rules read, and a later load that succeeds clears it', async () => {
		calls.rules.mockRejectedValueOnce(new Error('db gone'));
		calls.backtest.mockResolvedValue(okReply);
		const state = new PlaybookRules();
		await state.load();
		expect(state.loadError).toContain('db gone');
		expect(state.loaded).toBe(false);
		await state.load();
		expect(state.loadError).toBeNull();
		expect(state.loaded).toBe(true);
		expect(state.rules.map((r) => r.id)).toEqual(rules.map((r) => r.id));
	});
});
