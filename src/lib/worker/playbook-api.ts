// Worker methods for playbook rules, the alert inbox, accounts, the account page, win-back and
// cases. Each takes one plain request object and returns display-sized plain data; the bulk data
// stays in the worker. Rows the person edits (rules, alert states, cases) are validated when read
// back: storage may hold rows from an older build or another tab.
import {
	alertInbox,
	alertStateAfter,
	isUntouchedState,
	ruleAlertRecords,
	sameRuleRecord,
	statesOfRuleRecord,
	type AlertAction,
	type AlertState,
	type RuleAlertRecord
} from '../core/alerts';
import { weekStartOfDay } from '../core/dates';
import { featureIndexOf } from '../core/features';
import { healthScoresAt, type HealthScore } from '../core/health';
import { accountMrrSeries } from '../core/mrr';
import { alertKey, defaultPlaybook, evaluateRules, type RuleEvaluation } from '../core/playbook';
import { ruleBacktest, type RuleBacktest } from '../core/rule-backtest';
import {
	CONDITION_KINDS,
	mrrOnDay,
	ruleIndexOf,
	ruleProblems,
	type ConditionNode,
	type Rule,
	type RuleProblem,
	type RuleSignals
} from '../core/rules';
import { accountTimeline } from '../core/timeline';
import { NULL_INT, type Dataset, type DayNumber } from '../core/types';
import { winBackList } from '../core/winback';
import { getSetting, putSetting } from '../db/batches';
import type { DatasetFilters } from '../core/filters';
import type { WorkerContext } from './context';
import { filteredDataset } from './filtered-dataset';
import { ROOT_CAUSES, type RootCause } from '../core/cases';

/** Settings key: the default playbook was written once; deleting every rule must not re-seed. */
const SEEDED_KEY = 'playbook.seeded';

export interface CaseData {
	rootCause: RootCause;
	notes: string;
	churnDay: DayNumber | null;
	/** Post-mortem signal codes and days at the time of saving. */
	signals: { code: string; day: DayNumber }[];
}

export interface StoredRule {
	position: number;
	rule: Rule;
}

// ---------------------------------------------------------------------------------------------
// Validation of rows read back.

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNodeShape(node: unknown, depth = 0): node is ConditionNode {
	if (!isRecord(node) || depth > 8) return false;
	if ('op' in node) {
		return (
			(node.op === 'and' || node.op === 'or') &&
			Array.isArray(node.children) &&
			node.children.every((c) => isNodeShape(c, depth + 1))
		);
	}
	if (typeof node.id !== 'string') return false;
	if (!(CONDITION_KINDS as readonly unknown[]).includes(node.kind)) return false;
	const metricOk =
		node.metric === undefined || node.metric === null || typeof node.metric === 'string';
	if (node.kind === 'health-below' && !Array.isArray(node.bands)) return false;
	if (node.kind === 'inactive' && typeof node.fallbackToAllEvents !== 'boolean') return false;
	return metricOk;
}

/** A rule as stored, or null when the row is not a rule this build can run. */
export function ruleFromStored(data: unknown): StoredRule | null {
	if (!isRecord(data) || typeof data.position !== 'number' || !isRecord(data.rule)) return null;
	const r = data.rule;
	const name = r.name;
	const owner = r.owner;
	const action = r.action;
	const ok =
		typeof r.id === 'string' &&
		typeof r.enabled === 'boolean' &&
		typeof r.successMetric === 'string' &&
		isRecord(name) &&
		((name.kind === 'code' && typeof name.code === 'string') ||
			(name.kind === 'text' && typeof name.text === 'string')) &&
		isRecord(owner) &&
		((owner.kind === 'role' && typeof owner.role === 'string') ||
			(owner.kind === 'person' && typeof owner.person === 'string')) &&
		isRecord(action) &&
		typeof action.code === 'string' &&
		(action.text === null || typeof action.text === 'string') &&
		isRecord(r.thresholds) &&
		isRecord(r.thresholds.bySegment) &&
		isNodeShape(r.trigger);
	if (!ok) return null;
	const rule = r as unknown as Rule;
	return ruleProblems(rule).length === 0 ? { position: data.position, rule } : null;
}

const STATUSES = ['open', 'acknowledged', 'snoozed', 'done'] as const;

/** An alert state as stored, or null when the row is not one. */
export function alertStateFromStored(data: unknown): AlertState | null {
	if (!isRecord(data)) return null;
	const ok =
		typeof data.key === 'string' &&
		typeof data.ruleId === 'string' &&
		typeof data.accountId === 'string' &&
		data.key === alertKey(data.ruleId, data.accountId) &&
		(STATUSES as readonly unknown[]).includes(data.status) &&
		(data.snoozedUntil === null || Number.isInteger(data.snoozedUntil)) &&
		(data.owner === null || typeof data.owner === 'string') &&
		typeof data.notes === 'string' &&
		typeof data.updatedAt === 'number' &&
		Number.isInteger(data.raisedDay) &&
		(data.closedReason === null ||
			data.closedReason === 'by-person' ||
			data.closedReason === 'condition-cleared');
	return ok ? (data as unknown as AlertState) : null;
}

/** Reserved account id of the row holding a rule's untouched alerts (see readStates). */
export const OPEN_RECORD_ID = '\u0000open';

/** A rule's record of untouched alerts as stored, or null when the row is not one. */
export function ruleAlertRecordFromStored(data: unknown): RuleAlertRecord | null {
	if (!isRecord(data) || data.version !== 1) return null;
	const { accountIds, raisedDays, updatedAts, cleared } = data;
	if (
		!Array.isArray(accountIds) ||
		!(raisedDays instanceof Int32Array) ||
		!(updatedAts instanceof Float64Array) ||
		!(cleared instanceof Uint8Array)
	)
		return null;
	const n = accountIds.length;
	if (raisedDays.length !== n || updatedAts.length !== n || cleared.length !== n) return null;
	if (!accountIds.every((id) => typeof id === 'string')) return null;
	return { accountIds: accountIds as string[], raisedDays, updatedAts, cleared };
}

/** A case as stored, or null when the row is not one. */
export function caseFromStored(data: unknown): CaseData | null {
	if (!isRecord(data)) return null;
	const ok =
		(ROOT_CAUSES as readonly unknown[]).includes(data.rootCause) &&
		typeof data.notes === 'string' &&
		(data.churnDay === null || Number.isInteger(data.churnDay)) &&
		Array.isArray(data.signals) &&
		data.signals.every((s) => isRecord(s) && typeof s.code === 'string' && Number.isInteger(s.day));
	return ok ? (data as unknown as CaseData) : null;
}

// ---------------------------------------------------------------------------------------------
// Derived data cached per dataset object (a new one comes with every dataVersion).

interface Derived {
	health: Map<string, HealthScore>;
	signals: RuleSignals;
	endDay: DayNumber | null;
	segments: string[];
	owners: string[];
}

const derivedCache = new WeakMap<Dataset, Derived>();

function derivedOf(dataset: Dataset): Derived {
	let d = derivedCache.get(dataset);
	if (d) return d;
	const index = ruleIndexOf(dataset);
	const endDay = index.dataEndDay;
	const health = new Map<string, HealthScore>();
	const healthSignal = new Map<string, { score: number; band: string }>();
	if (endDay !== null && dataset.accounts.length > 0) {
		const scores = healthScoresAt(dataset, featureIndexOf(dataset), endDay);
		for (const s of scores.scores) {
			health.set(s.accountId, s);
			if (s.score !== null && s.band !== null) {
				healthSignal.set(s.accountId, { score: s.score, band: s.band });
			}
		}
	}
	const segments = new Set<string>();
	const owners = new Set<string>();
	for (const a of dataset.accounts) {
		if (a.segment !== null) segments.add(a.segment);
		if (a.owner !== null) owners.add(a.owner);
	}
	d = {
		health,
		// Health is known for the data's last day; risk needs the model (not offered here yet).
		signals: health.size > 0 ? { health: healthSignal } : {},
		endDay,
		segments: [...segments].sort(),
		owners: [...owners].sort()
	};
	derivedCache.set(dataset, d);
	return d;
}

function isChurned(dataset: Dataset, a: number): boolean {
	const index = ruleIndexOf(dataset);
	const churn = index.churnDay[a];
	const back = index.reactivationDay[a];
	if (churn !== NULL_INT) return back === NULL_INT || back < churn;
	return dataset.accounts[a].churned === true;
}

function currentMrrMinor(dataset: Dataset, a: number, endDay: DayNumber | null): number | null {
	const index = ruleIndexOf(dataset);
	if (index.has.subscriptions && endDay !== null) return mrrOnDay(index, a, endDay);
	return dataset.accounts[a].mrrMinor;
}

// ---------------------------------------------------------------------------------------------

export type AccountSortKey =
	'id' | 'name' | 'plan' | 'segment' | 'owner' | 'mrr' | 'status' | 'band';

export interface AccountListRow {
	id: string;
	name: string | null;
	plan: string | null;
	segment: string | null;
	owner: string | null;
	mrrMinor: number | null;
	currency: string | null;
	status: 'active' | 'churned';
	band: string | null;
	healthScore: number | null;
}

export interface InboxRow {
	key: string;
	ruleId: string;
	accountId: string;
	accountName: string | null;
	segment: string | null;
	accountOwner: string | null;
	band: string | null;
	status: AlertState['status'];
	snoozedUntil: DayNumber | null;
	owner: string | null;
	notes: string;
	raisedDay: DayNumber;
	raisedDayKnown: boolean;
	closedReason: AlertState['closedReason'];
	change: string;
	/** False when the rule's trigger no longer holds (the alert closed itself). */
	holds: boolean;
	evidence: NonNullable<ReturnType<typeof evaluateRules>['alerts'][number]['evidence']>;
	updatedAt: number;
}

const BAND_RANK: Record<string, number> = { red: 0, yellow: 1, green: 2 };

export type InboxStatusFilter = AlertState['status'] | 'active' | 'all';

/** What the inbox page asks for: filters (null or absent: any) and a page of rows. */
export interface InboxRequest {
	/** Default 'active' (every status but done). */
	status?: InboxStatusFilter;
	ruleId?: string | null;
	/** An effective owner as in `facets.owners` ('person:<name>' or 'role:<role>'). */
	owner?: string | null;
	segment?: string | null;
	/** A band, or 'none' for accounts without a score. */
	band?: string | null;
	accountId?: string | null;
	offset?: number;
	/** Default 100, at most 1000. */
	limit?: number;
	/** Page the last merged inbox instead of merging afresh (show more, after an action). */
	reuse?: boolean;
}

/** A plain open alert for the CSV and .ics exports (evidence: the conditions that hold). */
export type InboxExportRow = Omit<InboxRow, 'evidence' | 'change' | 'updatedAt'> & {
	evidence: InboxRow['evidence'];
};

type InboxItem = ReturnType<typeof alertInbox>['items'][number];

interface InboxRun {
	dataset: Dataset;
	d: Derived;
	rules: Rule[];
	ev: RuleEvaluation;
	merged: ReturnType<typeof alertInbox>;
}

function statusMatches(status: AlertState['status'], filter: InboxStatusFilter): boolean {
	return filter === 'all' || (filter === 'active' ? status !== 'done' : status === filter);
}

/** The effective owner code of an alert: its own owner, else its rule's. */
function ownerCodeOf(state: AlertState, rule: Rule | undefined): string {
	if (state.owner !== null) return `person:${state.owner}`;
	if (!rule) return 'none';
	return rule.owner.kind === 'person' ? `person:${rule.owner.person}` : `role:${rule.owner.role}`;
}

function countInto(counts: Map<string, number>, key: string): void {
	counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sortedCounts(counts: Map<string, number>): { value: string; count: number }[] {
	return [...counts]
		.map(([value, count]) => ({ value, count }))
		.sort((x, y) => (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
}

/** The alerts of a merged inbox passing the filters, in inbox order, with counts and facets. */
function filteredInboxOf(run: InboxRun, request: InboxRequest) {
	const { dataset, d, rules, merged } = run;
	const index = ruleIndexOf(dataset);
	const rulesById = new Map(rules.map((r) => [r.id, r]));
	const status = request.status ?? 'active';
	const counts = { ...merged.counts, open: 0, acknowledged: 0, snoozed: 0, done: 0 };
	const byRule = new Map<string, number>();
	const byOwner = new Map<string, number>();
	const bySegment = new Map<string, number>();
	const byBand = new Map<string, number>();
	const matches: InboxItem[] = [];
	for (const item of merged.items) {
		const s = item.state;
		counts[s.status]++;
		if (!statusMatches(s.status, status)) continue;
		const a = index.accountIndexById.get(s.accountId);
		const segment = a === undefined ? null : dataset.accounts[a].segment;
		const band = d.health.get(s.accountId)?.band ?? 'none';
		const owner = ownerCodeOf(s, rulesById.get(s.ruleId));
		// Facets count the alerts of the chosen status, whatever the other filters.
		countInto(byRule, s.ruleId);
		countInto(byOwner, owner);
		if (segment !== null) countInto(bySegment, segment);
		countInto(byBand, band);
		if (
			(request.ruleId != null && s.ruleId !== request.ruleId) ||
			(request.owner != null && owner !== request.owner) ||
			(request.segment != null && segment !== request.segment) ||
			(request.band != null && band !== request.band) ||
			(request.accountId != null && s.accountId !== request.accountId)
		)
			continue;
		matches.push(item);
	}
	const facets = {
		rules: sortedCounts(byRule),
		owners: sortedCounts(byOwner),
		segments: sortedCounts(bySegment),
		bands: sortedCounts(byBand)
	};
	return { counts, facets, matches };
}

export function playbookApi(context: WorkerContext) {
	const { db } = context;
	const backtestCache = new Map<string, RuleBacktest>();
	let backtestVersion = -1;
	let evaluationCache: { key: string; evaluation: RuleEvaluation } | null = null;
	/**
	 * The last merged inbox, so that "show more" pages and the view after an action read the
	 * same snapshot instead of merging 100k+ alerts again (a first page always merges afresh).
	 */
	let inboxSnapshot: InboxRun | null = null;

	async function readRules(): Promise<{ rules: Rule[]; skipped: number }> {
		// One read-write transaction: two calls at once (the page loads twice when the data
		// arrives) must not both see no rules, the first seed them and the second read its
		// empty result after the seeded flag was set, and show "No rules".
		const rows = await db.transaction('rw', db.rules, db.settings, async () => {
			const found = await db.rules.toArray();
			if (found.length > 0 || (await getSetting(db, SEEDED_KEY)) === true) return found;
			await writeDefaults();
			return db.rules.toArray();
		});
		const stored: StoredRule[] = [];
		let skipped = 0;
		for (const row of rows) {
			const s = ruleFromStored(row.data);
			if (s) stored.push(s);
			else skipped++;
		}
		stored.sort((x, y) => x.position - y.position || (x.rule.id < y.rule.id ? -1 : 1));
		return { rules: stored.map((s) => s.rule), skipped };
	}

	async function writeDefaults(): Promise<void> {
		const now = context.now();
		await db.transaction('rw', db.rules, db.settings, async () => {
			await db.rules.clear();
			await db.rules.bulkPut(
				defaultPlaybook().map((rule, position) => ({
					id: rule.id,
					data: { position, rule } satisfies StoredRule,
					updatedAt: now
				}))
			);
			await db.settings.put({ key: SEEDED_KEY, value: true });
		});
	}

	/**
	 * Alert states as stored: rows for states a person decided (acknowledged, snoozed, done by
	 * hand, an owner, notes) and, per rule, ONE record of the alerts nobody touched (open, or
	 * closed because the condition cleared) under the reserved key [ruleId, OPEN_RECORD_ID].
	 * Why this shape: IndexedDB writes about 6,500 small records a second, so a row per alert
	 * made the first view of 150k alerts take most of a minute; a handful of records per rule is
	 * written and read in one go. Why in `alertStates` rather than `settings`: the record is alert
	 * state, so anything that clears or copies that table takes it along, and no schema change
	 * is needed (the reserved id starts with NUL, which no account id from a file carries, and
	 * older builds skip it because it is not a valid state row). A row wins over a record entry
	 * of the same key (alertAct writes the row at once; the next merge tidies the record).
	 */
	async function readStates(): Promise<{
		states: AlertState[];
		rowKeys: Set<string>;
		records: Map<string, RuleAlertRecord>;
	}> {
		const rows = await db.alertStates.toArray();
		const fromRows: AlertState[] = [];
		const records = new Map<string, RuleAlertRecord>();
		for (const r of rows) {
			if (r.accountId === OPEN_RECORD_ID) {
				const record = ruleAlertRecordFromStored(r.data);
				if (record) records.set(r.ruleId, record);
				continue;
			}
			const s = alertStateFromStored(r.data);
			if (s) fromRows.push(s);
		}
		const rowKeys = new Set(fromRows.map((s) => s.key));
		const states = fromRows;
		for (const [ruleId, record] of records) {
			for (const s of statesOfRuleRecord(ruleId, record)) if (!rowKeys.has(s.key)) states.push(s);
		}
		return { states, rowKeys, records };
	}

	/** Writes a merge's outcome: changed decided states as rows, the rest as per-rule records. */
	async function writeInbox(
		stored: Awaited<ReturnType<typeof readStates>>,
		merged: ReturnType<typeof alertInbox>
	): Promise<void> {
		const changed = new Set(merged.changed);
		const puts: AlertState[] = [];
		const deletes: [string, string][] = [];
		for (const s of merged.states) {
			if (!isUntouchedState(s)) {
				if (changed.has(s) || !stored.rowKeys.has(s.key)) puts.push(s);
			} else if (stored.rowKeys.has(s.key)) deletes.push([s.ruleId, s.accountId]);
		}
		const next = ruleAlertRecords(merged.states);
		const recordPuts: { ruleId: string; record: RuleAlertRecord }[] = [];
		for (const [ruleId, record] of next) {
			const old = stored.records.get(ruleId);
			if (!old || !sameRuleRecord(old, record)) recordPuts.push({ ruleId, record });
		}
		for (const ruleId of stored.records.keys()) {
			if (!next.has(ruleId)) deletes.push([ruleId, OPEN_RECORD_ID]);
		}
		if (puts.length + deletes.length + recordPuts.length === 0) return;
		const now = context.now();
		await db.transaction('rw', db.alertStates, async () => {
			if (deletes.length > 0) await db.alertStates.bulkDelete(deletes);
			await writeStates(puts);
			if (recordPuts.length > 0) {
				await db.alertStates.bulkPut(
					recordPuts.map(({ ruleId, record }) => ({
						ruleId,
						accountId: OPEN_RECORD_ID,
						data: { version: 1, ...record },
						updatedAt: now
					}))
				);
			}
		});
	}

	async function writeStates(states: readonly AlertState[]): Promise<void> {
		if (states.length === 0) return;
		await db.alertStates.bulkPut(
			states.map((s) => ({
				ruleId: s.ruleId,
				accountId: s.accountId,
				data: s,
				updatedAt: s.updatedAt
			}))
		);
	}

	async function evaluation(dataset: Dataset, dataVersion: number, rules: Rule[]) {
		const d = derivedOf(dataset);
		// Risk rules hold once the risk model has been trained on this very data.
		const risk = context.signals.risk?.dataVersion === dataVersion ? context.signals.risk : null;
		const key = `${dataVersion}|${risk?.stamp ?? 0}|${JSON.stringify(rules)}`;
		if (evaluationCache?.key === key) return evaluationCache.evaluation;
		const signals = risk ? { ...d.signals, risk: risk.byAccount } : d.signals;
		const evaluation = evaluateRules(dataset, rules, d.endDay ?? 0, signals);
		evaluationCache = { key, evaluation };
		return evaluation;
	}

	/** Today's inbox merged with stored states; changed states are written back. */
	async function inbox() {
		const { dataset, dataVersion } = await context.cache.get();
		const d = derivedOf(dataset);
		const { rules } = await readRules();
		if (d.endDay === null) return null;
		const ev = await evaluation(dataset, dataVersion, rules);
		const stored = await readStates();
		const merged = alertInbox(stored.states, ev.alerts, {
			today: d.endDay,
			now: context.now(),
			evaluatedRuleIds: ev.rules.filter((r) => r.status === 'ran').map((r) => r.ruleId)
		});
		await writeInbox(stored, merged);
		inboxSnapshot = { dataset, d, rules, ev, merged };
		return inboxSnapshot;
	}

	function inboxRow(
		dataset: Dataset,
		d: Derived,
		item: ReturnType<typeof alertInbox>['items'][number]
	): InboxRow {
		const index = ruleIndexOf(dataset);
		const a = index.accountIndexById.get(item.state.accountId);
		const account = a === undefined ? null : dataset.accounts[a];
		const s = item.state;
		return {
			key: s.key,
			ruleId: s.ruleId,
			accountId: s.accountId,
			accountName: account?.name ?? null,
			segment: account?.segment ?? null,
			accountOwner: account?.owner ?? null,
			band: d.health.get(s.accountId)?.band ?? null,
			status: s.status,
			snoozedUntil: s.snoozedUntil,
			owner: s.owner,
			notes: s.notes,
			raisedDay: s.raisedDay,
			raisedDayKnown: item.alert?.raisedDayKnown ?? true,
			closedReason: s.closedReason,
			change: item.change,
			holds: item.alert !== null,
			evidence: item.alert?.evidence ?? [],
			updatedAt: s.updatedAt
		};
	}

	/** Filtered view of a merged inbox, kept for the last filters so "show more" only slices. */
	let filteredCache: {
		run: InboxRun;
		key: string;
		value: ReturnType<typeof filteredInboxOf>;
	} | null = null;

	function filteredInbox(run: InboxRun, request: InboxRequest) {
		const key = JSON.stringify([
			request.status ?? 'active',
			request.ruleId ?? null,
			request.owner ?? null,
			request.segment ?? null,
			request.band ?? null,
			request.accountId ?? null
		]);
		if (filteredCache?.run === run && filteredCache.key === key) return filteredCache.value;
		const value = filteredInboxOf(run, request);
		filteredCache = { run, key, value };
		return value;
	}

	return {
		/** The playbook (seeded with the defaults on first use), with what rules can refer to. */
		async playbookRules() {
			await context.ready;
			const { dataset } = await context.cache.get();
			const d = derivedOf(dataset);
			const { rules, skipped } = await readRules();
			return {
				rules,
				skipped,
				segments: d.segments,
				owners: d.owners,
				metrics: dataset.activity.metrics.filter((m) => m !== '*'),
				endDay: d.endDay
			};
		},

		/** Saves (adds or replaces) a rule at a position (default: where it is, else last). */
		async playbookSaveRule(request: {
			rule: Rule;
			position?: number;
		}): Promise<{ ok: true } | { ok: false; code: 'invalid-rule'; problems: RuleProblem[] }> {
			await context.ready;
			const problems = ruleProblems(request.rule);
			if (problems.length > 0) return { ok: false, code: 'invalid-rule', problems };
			const existing = await db.rules.get(request.rule.id);
			const stored = existing ? ruleFromStored(existing.data) : null;
			let position = request.position ?? stored?.position;
			if (position === undefined) {
				const all = await db.rules.toArray();
				position =
					all.reduce((m, r) => Math.max(m, ruleFromStored(r.data)?.position ?? -1), -1) + 1;
			}
			await db.rules.put({
				id: request.rule.id,
				data: { position, rule: request.rule } satisfies StoredRule,
				updatedAt: context.now()
			});
			await putSetting(db, SEEDED_KEY, true);
			return { ok: true };
		},

		/** Deletes a rule; returns it with its position so the page can offer undo. */
		async playbookDeleteRule(request: { ruleId: string }) {
			await context.ready;
			const row = await db.rules.get(request.ruleId);
			if (!row) return { ok: false as const, code: 'not-found' as const };
			await db.rules.delete(request.ruleId);
			await putSetting(db, SEEDED_KEY, true);
			return { ok: true as const, deleted: ruleFromStored(row.data) };
		},

		/** Replaces the playbook with the shipped defaults (alert states are kept). */
		async playbookResetRules() {
			await context.ready;
			await writeDefaults();
			return { ok: true as const };
		},

		/** Backtest of one rule as drafted (not necessarily saved), cached per data version. */
		async playbookRuleBacktest(request: {
			rule: Rule;
			horizonDays?: number;
			filters?: DatasetFilters;
		}) {
			await context.ready;
			const problems = ruleProblems(request.rule);
			if (problems.length > 0)
				return { ok: false as const, code: 'invalid-rule' as const, problems };
			const { dataset, dataVersion, filtersKey } = await filteredDataset(context, request.filters);
			if (dataVersion !== backtestVersion) {
				backtestCache.clear();
				backtestVersion = dataVersion;
			}
			const horizonDays = request.horizonDays ?? 90;
			const { trigger, thresholds, id } = request.rule;
			const key = JSON.stringify([id, trigger, thresholds, horizonDays, filtersKey]);
			let result = backtestCache.get(key);
			if (!result) {
				result = ruleBacktest(dataset, request.rule, { horizonDays });
				if (backtestCache.size > 200) backtestCache.clear();
				backtestCache.set(key, result);
			}
			return { ok: true as const, backtest: result };
		},

		/**
		 * A page of today's alert inbox (as of the data's last day), stored states merged in,
		 * filtered and in inbox order (newest first), with the counts and facets the filters show.
		 */
		async alertInboxView(request: InboxRequest = {}) {
			await context.ready;
			const run = request.reuse && inboxSnapshot ? inboxSnapshot : await inbox();
			if (!run) return null;
			const { dataset, d, rules, ev } = run;
			const offset = Math.max(0, Math.floor(request.offset ?? 0));
			const limit = Math.min(Math.max(Math.floor(request.limit ?? 100), 1), 1000);
			const { counts, facets, matches } = filteredInbox(run, request);
			const page = matches.slice(offset, offset + limit);
			const total = matches.length;
			return {
				asOfDay: d.endDay as DayNumber,
				rows: page.map((item) => inboxRow(dataset, d, item)),
				offset,
				total,
				allAlerts: run.merged.items.length,
				counts,
				facets,
				rules: rules.map((r) => ({ id: r.id, name: r.name, owner: r.owner, action: r.action })),
				ruleRuns: ev.rules,
				segments: d.segments,
				healthKnown: d.health.size > 0
			};
		},

		/**
		 * Every open alert (not done, still holding) passing the filters, for the CSV and .ics
		 * exports: plain fields and only the evidence that holds (the page words the "why").
		 */
		async alertInboxExport(request: Omit<InboxRequest, 'offset' | 'limit'> = {}) {
			await context.ready;
			const run = request.reuse && inboxSnapshot ? inboxSnapshot : await inbox();
			if (!run) return [];
			const { dataset, d, rules, merged } = run;
			const index = ruleIndexOf(dataset);
			const rulesById = new Map(rules.map((r) => [r.id, r]));
			const status = request.status ?? 'active';
			const out: InboxExportRow[] = [];
			for (const item of merged.items) {
				const s = item.state;
				if (s.status === 'done' || item.alert === null || !statusMatches(s.status, status))
					continue;
				const a = index.accountIndexById.get(s.accountId);
				const account = a === undefined ? null : dataset.accounts[a];
				const band = d.health.get(s.accountId)?.band ?? null;
				if (
					(request.ruleId != null && s.ruleId !== request.ruleId) ||
					(request.owner != null && ownerCodeOf(s, rulesById.get(s.ruleId)) !== request.owner) ||
					(request.segment != null && (account?.segment ?? null) !== request.segment) ||
					(request.band != null && (band ?? 'none') !== request.band) ||
					(request.accountId != null && s.accountId !== request.accountId)
				)
					continue;
				out.push({
					key: s.key,
					ruleId: s.ruleId,
					accountId: s.accountId,
					accountName: account?.name ?? null,
					segment: account?.segment ?? null,
					accountOwner: account?.owner ?? null,
					band,
					status: s.status,
					snoozedUntil: s.snoozedUntil,
					owner: s.owner,
					notes: s.notes,
					raisedDay: s.raisedDay,
					raisedDayKnown: item.alert.raisedDayKnown,
					closedReason: s.closedReason,
					holds: true,
					evidence: (item.alert.evidence ?? []).filter((e) => e.holds)
				});
			}
			return out;
		},

		/** A person's action on one alert; the new state is stored and returned. */
		async alertAct(request: { key: string; action: AlertAction }) {
			await context.ready;
			const [ruleId, ...rest] = request.key.split('|');
			const accountId = rest.join('|');
			if (accountId === OPEN_RECORD_ID) return { ok: false as const, code: 'not-found' as const };
			const row = await db.alertStates.get([ruleId, accountId]);
			let state = row ? alertStateFromStored(row.data) : null;
			if (!state) {
				// Untouched alerts live in their rule's record; acting on one gives it a row.
				const recordRow = await db.alertStates.get([ruleId, OPEN_RECORD_ID]);
				const record = recordRow ? ruleAlertRecordFromStored(recordRow.data) : null;
				const i = record ? record.accountIds.indexOf(accountId) : -1;
				if (record && i >= 0) {
					const one = {
						accountIds: [accountId],
						raisedDays: record.raisedDays.subarray(i, i + 1),
						updatedAts: record.updatedAts.subarray(i, i + 1),
						cleared: record.cleared.subarray(i, i + 1)
					};
					state = statesOfRuleRecord(ruleId, one)[0];
				}
			}
			if (!state) return { ok: false as const, code: 'not-found' as const };
			const next = alertStateAfter(state, request.action, context.now());
			await writeStates([next]);
			if (inboxSnapshot) {
				// Keeps paging the snapshot consistent with what was just stored.
				const items = inboxSnapshot.merged.items;
				const i = items.findIndex((it) => it.state.key === request.key);
				if (i >= 0) items[i] = { ...items[i], state: next };
				filteredCache = null;
			}
			return { ok: true as const, state: next };
		},

		/** A page of accounts, searched (id, name, owner) and sorted. */
		async accountsPage(request: {
			query?: string;
			sort?: AccountSortKey;
			descending?: boolean;
			page?: number;
			pageSize?: number;
			filters?: DatasetFilters;
		}) {
			await context.ready;
			const { dataset } = await filteredDataset(context, request.filters);
			const d = derivedOf(dataset);
			const q = (request.query ?? '').trim().toLowerCase();
			const rows: AccountListRow[] = [];
			dataset.accounts.forEach((acc, a) => {
				if (
					q &&
					!acc.id.toLowerCase().includes(q) &&
					!(acc.name ?? '').toLowerCase().includes(q) &&
					!(acc.owner ?? '').toLowerCase().includes(q)
				)
					return;
				const h = d.health.get(acc.id);
				rows.push({
					id: acc.id,
					name: acc.name,
					plan: acc.plan,
					segment: acc.segment,
					owner: acc.owner,
					mrrMinor: currentMrrMinor(dataset, a, d.endDay),
					currency: acc.currency,
					status: isChurned(dataset, a) ? 'churned' : 'active',
					band: h?.band ?? null,
					healthScore: h?.score ?? null
				});
			});
			const sort = request.sort ?? 'id';
			const text = (r: AccountListRow): string | null =>
				sort === 'id'
					? r.id
					: sort === 'name'
						? r.name
						: sort === 'plan'
							? r.plan
							: sort === 'segment'
								? r.segment
								: sort === 'owner'
									? r.owner
									: sort === 'status'
										? r.status
										: null;
			const num = (r: AccountListRow): number | null =>
				sort === 'mrr'
					? r.mrrMinor
					: sort === 'band' && r.band
						? (BAND_RANK[r.band] ?? null)
						: null;
			const dir = request.descending ? -1 : 1;
			rows.sort((x, y) => {
				let c: number;
				if (sort === 'mrr' || sort === 'band') {
					const a = num(x);
					const b = num(y);
					// Unknown values last whatever the direction.
					if (a === null || b === null) c = a === null ? (b === null ? 0 : 1) : -1;
					else c = (a - b) * dir;
				} else {
					const a = text(x);
					const b = text(y);
					if (a === null || b === null) c = a === null ? (b === null ? 0 : 1) : -1;
					else c = a.localeCompare(b) * dir;
				}
				return c || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
			});
			const pageSize = Math.min(Math.max(request.pageSize ?? 50, 1), 500);
			const pages = Math.max(1, Math.ceil(rows.length / pageSize));
			const page = Math.min(Math.max(request.page ?? 0, 0), pages - 1);
			return {
				rows: rows.slice(page * pageSize, (page + 1) * pageSize),
				total: rows.length,
				allAccounts: dataset.accounts.length,
				page,
				pages,
				pageSize
			};
		},

		/** Everything the account page shows, or not-found. */
		async accountDetail(request: { accountId: string }) {
			await context.ready;
			const run = await inbox();
			const { dataset } = await context.cache.get();
			const index = ruleIndexOf(dataset);
			const a = index.accountIndexById.get(request.accountId);
			if (a === undefined) return { ok: false as const, code: 'account-not-found' as const };
			const d = derivedOf(dataset);
			const account = dataset.accounts[a];
			const id = account.id;
			// Weekly events over the last 52 weeks: the chart compares each week with its baseline.
			const weeks: { weekStartDay: DayNumber; events: number }[] = [];
			if (index.has.activity && d.endDay !== null) {
				const lastWeek = weekStartOfDay(d.endDay);
				const first = lastWeek - 7 * 51;
				for (let w = first; w <= lastWeek; w += 7) weeks.push({ weekStartDay: w, events: 0 });
				const s = index.allEvents;
				for (let i = s.offsets[a]; i < s.offsets[a + 1]; i++) {
					const wi = (weekStartOfDay(s.days[i]) - first) / 7;
					if (wi >= 0 && wi < weeks.length) weeks[wi].events += s.counts[i];
				}
			}
			const health = d.health.get(id) ?? null;
			const cases = await db.cases.where('accountId').equals(id).toArray();
			// Risk once a model has been trained on this very data (the risk area publishes it).
			const { dataVersion } = await context.cache.get();
			const published = context.signals.risk;
			const riskValue =
				published?.dataVersion === dataVersion ? published.byAccount.get(id) : undefined;
			return {
				ok: true as const,
				asOfDay: d.endDay,
				account: {
					...account,
					attributes: Object.entries(account.attributes).map(([name, value]) => ({ name, value }))
				},
				status: isChurned(dataset, a) ? ('churned' as const) : ('active' as const),
				mrrMinor: currentMrrMinor(dataset, a, d.endDay),
				health: health && {
					score: health.score,
					band: health.band,
					previousScore: health.previousScore,
					components: health.components,
					moves: health.moves
				},
				risk:
					riskValue === undefined
						? null
						: { risk: riskValue, factors: published?.factors.get(id) ?? [] },
				weeks,
				mrr: index.has.subscriptions ? accountMrrSeries(dataset, id) : [],
				payments: dataset.payments.filter((p) => p.accountId === id),
				tickets: dataset.tickets.filter((t) => t.accountId === id),
				nps: dataset.nps.filter((n) => n.accountId === id),
				alerts: run
					? run.merged.items
							.filter((i) => i.state.accountId === id)
							.map((i) => inboxRow(dataset, d, i))
					: [],
				alertRules: run ? run.rules.map((r) => ({ id: r.id, name: r.name })) : [],
				timeline: accountTimeline(dataset, id),
				cases: cases.flatMap((c) => {
					const data = caseFromStored(c.data);
					return data
						? [{ id: c.id, createdAt: c.createdAt, updatedAt: c.updatedAt, ...data }]
						: [];
				})
			};
		},

		/** Files a churned account's post-mortem as a case. */
		async caseSave(request: { accountId: string; rootCause: RootCause; notes: string }) {
			await context.ready;
			if (!(ROOT_CAUSES as readonly string[]).includes(request.rootCause)) {
				return { ok: false as const, code: 'bad-root-cause' as const };
			}
			const { dataset } = await context.cache.get();
			const timeline = accountTimeline(dataset, request.accountId);
			if (!timeline) return { ok: false as const, code: 'account-not-found' as const };
			const data: CaseData = {
				rootCause: request.rootCause,
				notes: request.notes,
				churnDay: timeline.postMortem?.churnDay ?? null,
				signals: (timeline.postMortem?.signals ?? []).map((s) => ({ code: s.code, day: s.day }))
			};
			const now = context.now();
			const id = await db.cases.add({
				accountId: request.accountId,
				data,
				createdAt: now,
				updatedAt: now
			});
			return { ok: true as const, id };
		},

		/** The case library, searched (account id, name, notes) and filtered by root cause. */
		async casesList(request: { query?: string; rootCause?: RootCause | null }) {
			await context.ready;
			const { dataset } = await context.cache.get();
			const index = ruleIndexOf(dataset);
			const q = (request.query ?? '').trim().toLowerCase();
			const rows = await db.cases.toArray();
			const all = rows.flatMap((row) => {
				const data = caseFromStored(row.data);
				if (!data) return [];
				const a = index.accountIndexById.get(row.accountId);
				const name = a === undefined ? null : dataset.accounts[a].name;
				return [
					{
						id: row.id,
						accountId: row.accountId,
						accountName: name,
						createdAt: row.createdAt,
						updatedAt: row.updatedAt,
						...data
					}
				];
			});
			const counts: Record<string, number> = {};
			for (const c of all) counts[c.rootCause] = (counts[c.rootCause] ?? 0) + 1;
			const shown = all
				.filter((c) => !request.rootCause || c.rootCause === request.rootCause)
				.filter(
					(c) =>
						!q ||
						c.accountId.toLowerCase().includes(q) ||
						(c.accountName ?? '').toLowerCase().includes(q) ||
						c.notes.toLowerCase().includes(q)
				)
				.sort((x, y) => y.updatedAt - x.updatedAt || y.id - x.id);
			return { cases: shown, total: all.length, counts };
		},

		async caseUpdate(request: { id: number; notes: string; rootCause: RootCause }) {
			await context.ready;
			const row = await db.cases.get(request.id);
			const data = row ? caseFromStored(row.data) : null;
			if (!row || !data) return { ok: false as const, code: 'not-found' as const };
			if (!(ROOT_CAUSES as readonly string[]).includes(request.rootCause)) {
				return { ok: false as const, code: 'bad-root-cause' as const };
			}
			await db.cases.update(request.id, {
				data: { ...data, notes: request.notes, rootCause: request.rootCause },
				updatedAt: context.now()
			});
			return { ok: true as const };
		},

		async caseDelete(request: { id: number }) {
			await context.ready;
			await db.cases.delete(request.id);
			return { ok: true as const };
		},

		/** Win-back segments as of the (filtered) data's last day, and the list (a page, or all for export). */
		async winBackView(request: { limit?: number; filters?: DatasetFilters }) {
			await context.ready;
			const { dataset } = await filteredDataset(context, request.filters);
			const d = derivedOf(dataset);
			if (d.endDay === null) return null;
			const list = winBackList(dataset, { asOfDay: d.endDay });
			const limit = request.limit ?? 200;
			return { ...list, rows: list.rows.slice(0, limit), totalRows: list.rows.length };
		}
	};
}
