// The playbook page's state: the rules as stored, each rule's backtest, saving edits (debounced,
// latest wins), delete with undo of the last delete, reset to the defaults.
import { worker } from '../../client/worker-client';
import type { DatasetFilters } from '../../core/filters';
import type { Rule, RuleProblem } from '../../core/rules';
import { ruleProblems } from '../../core/rules';
import type { WorkerApi } from '../../worker/api';
import { newRule } from '../playbook/rule-draft';

type RulesReply = Awaited<ReturnType<WorkerApi['playbookRules']>>;
export type BacktestReply = Awaited<ReturnType<WorkerApi['playbookRuleBacktest']>>;
export type DeletedRule = { rule: Rule; position: number };

/** Wait after the last keystroke before saving and backtesting. */
const DEBOUNCE_MS = 350;

export class PlaybookRules {
	rules = $state.raw<Rule[]>([]);
	meta = $state.raw<Omit<RulesReply, 'rules'> | null>(null);
	loaded = $state(false);
	/** Latest backtest reply per rule id; absent while the first one computes. */
	backtests = $state.raw<Record<string, BacktestReply>>({});
	/** Rules whose newest backtest is still computing. */
	pending = $state.raw<Record<string, boolean>>({});
	problems = $state.raw<Record<string, RuleProblem[]>>({});
	/** Why the newest backtest of a rule failed (the worker threw), until it is retried. */
	failures = $state.raw<Record<string, string>>({});
	/** Why the rules could not be read, until a reload succeeds. */
	loadError = $state<string | null>(null);
	lastDeleted = $state.raw<DeletedRule | null>(null);
	saved = $state(false);
	/** The URL's filters: backtests run on the filtered history. */
	filters: DatasetFilters = {};
	private timers = new Map<string, ReturnType<typeof setTimeout>>();
	private stamps = new Map<string, number>();
	private loadStamp = 0;

	async load(): Promise<void> {
		const stamp = ++this.loadStamp;
		let reply: RulesReply;
		try {
			reply = await worker().playbookRules();
		} catch (e) {
			// Said on the page with a retry, rather than "Loading…" forever.
			if (stamp === this.loadStamp) this.loadError = String(e);
			return;
		}
		if (stamp !== this.loadStamp) return;
		const { rules, ...meta } = reply;
		this.loadError = null;
		this.rules = rules;
		this.meta = meta;
		this.loaded = true;
		for (const r of rules) void this.backtest(r);
	}

	/** Replaces a rule in the list at once; saves and backtests it after a pause in typing. */
	edit(rule: Rule): void {
		this.rules = this.rules.map((r) => (r.id === rule.id ? rule : r));
		const problems = ruleProblems(rule);
		this.problems = { ...this.problems, [rule.id]: problems };
		this.saved = false;
		clearTimeout(this.timers.get(rule.id));
		if (problems.length > 0) return;
		this.pending = { ...this.pending, [rule.id]: true };
		this.timers.set(
			rule.id,
			setTimeout(() => {
				this.timers.delete(rule.id);
				void this.save(rule);
				void this.backtest(rule);
			}, DEBOUNCE_MS)
		);
	}

	private async save(rule: Rule): Promise<void> {
		const outcome = await worker().playbookSaveRule({ rule });
		if (outcome.ok) this.saved = true;
		else this.problems = { ...this.problems, [rule.id]: outcome.problems };
	}

	/** Backtests a rule as it is now (also the panel's retry after a failure). */
	async backtest(rule: Rule): Promise<void> {
		const stamp = (this.stamps.get(rule.id) ?? 0) + 1;
		this.stamps.set(rule.id, stamp);
		this.pending = { ...this.pending, [rule.id]: true };
		let reply: BacktestReply | null = null;
		let failure: string | null = null;
		try {
			reply = await worker().playbookRuleBacktest({ rule, filters: this.filters });
		} catch (e) {
			failure = String(e);
		}
		// Latest wins: a slower reply for an older draft is dropped.
		if (this.stamps.get(rule.id) !== stamp) return;
		const { [rule.id]: _previous, ...otherFailures } = this.failures;
		this.failures = failure === null ? otherFailures : { ...otherFailures, [rule.id]: failure };
		if (reply) this.backtests = { ...this.backtests, [rule.id]: reply };
		this.pending = { ...this.pending, [rule.id]: false };
	}

	async add(): Promise<string> {
		const id = `rule-${Date.now().toString(36)}`;
		const rule = newRule(id);
		this.rules = [...this.rules, rule];
		await worker().playbookSaveRule({ rule });
		void this.backtest(rule);
		return id;
	}

	async remove(ruleId: string): Promise<void> {
		clearTimeout(this.timers.get(ruleId));
		const outcome = await worker().playbookDeleteRule({ ruleId });
		if (outcome.ok && outcome.deleted) this.lastDeleted = outcome.deleted;
		this.rules = this.rules.filter((r) => r.id !== ruleId);
	}

	async undoDelete(): Promise<void> {
		const deleted = this.lastDeleted;
		if (!deleted) return;
		this.lastDeleted = null;
		await worker().playbookSaveRule({ rule: deleted.rule, position: deleted.position });
		await this.load();
	}

	async reset(): Promise<void> {
		for (const t of this.timers.values()) clearTimeout(t);
		this.timers.clear();
		this.lastDeleted = null;
		this.backtests = {};
		this.problems = {};
		await worker().playbookResetRules();
		await this.load();
	}
}
