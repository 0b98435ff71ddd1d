// Pure edits of a playbook rule as the editor makes them. A node of the trigger is addressed by
// its path of child positions from the root ([] = the root). Every edit returns a new rule.
import {
	THRESHOLD_PARAMS,
	conditionsOf,
	isConditionGroup,
	type Condition,
	type ConditionKind,
	type ConditionNode,
	type Rule
} from '../../core/rules';

/** A new condition of a kind with the default playbook's kind of numbers. */
export function defaultCondition(kind: ConditionKind, id: string): Condition {
	switch (kind) {
		case 'inactive':
			return { kind, id, days: 14, metric: null, fallbackToAllEvents: true };
		case 'usage-drop':
			return { kind, id, percent: 30, metric: null };
		case 'health-below':
			return { kind, id, score: 70, bands: [] };
		case 'risk-above':
			return { kind, id, risk: 0.5 };
		case 'nps-at-most':
			return { kind, id, score: 6, maxAgeDays: null };
		case 'tickets-in-window':
			return { kind, id, count: 3, days: 10 };
		case 'ticket-unresolved':
			return { kind, id, days: 5 };
		case 'onboarding-missed':
			return { kind, id, days: 14, metric: null };
		case 'payment-unrecovered':
			return { kind, id, days: 7 };
		case 'no-expansion':
			return { kind, id, days: 182 };
		case 'churned-within':
			return { kind, id, days: 45 };
	}
}

/** A condition id not used in the trigger yet: `c1`, `c2`, ... */
export function freshConditionId(trigger: ConditionNode): string {
	const used = new Set(conditionsOf(trigger).map((c) => c.id));
	let i = 1;
	while (used.has(`c${i}`)) i++;
	return `c${i}`;
}

/** A new enabled rule, inactive for 14 days, owned by the customer success manager. */
export function newRule(id: string): Rule {
	return {
		id,
		name: { kind: 'text', text: '' },
		enabled: true,
		trigger: defaultCondition('inactive', 'c1'),
		action: { code: 'custom', text: null },
		owner: { kind: 'role', role: 'customer-success-manager' },
		successMetric: 'return-to-activity-rate',
		thresholds: { bySegment: {} }
	};
}

export function nodeAt(root: ConditionNode, path: readonly number[]): ConditionNode | null {
	let node: ConditionNode = root;
	for (const i of path) {
		if (!isConditionGroup(node) || i < 0 || i >= node.children.length) return null;
		node = node.children[i];
	}
	return node;
}

function replaceAt(
	root: ConditionNode,
	path: readonly number[],
	replace: (node: ConditionNode) => ConditionNode | null
): ConditionNode | null {
	if (path.length === 0) return replace(root);
	if (!isConditionGroup(root)) return root;
	const [head, ...rest] = path;
	const children: ConditionNode[] = [];
	root.children.forEach((child, i) => {
		const next = i === head ? replaceAt(child, rest, replace) : child;
		if (next !== null) children.push(next);
	});
	return { op: root.op, children };
}

function withTrigger(rule: Rule, trigger: ConditionNode | null): Rule {
	return trigger === null ? rule : { ...rule, trigger };
}

/** Sets a numeric (or null) parameter of the condition at `path`. */
export function withConditionParam(
	rule: Rule,
	path: readonly number[],
	param: string,
	value: number | null
): Rule {
	return withTrigger(
		rule,
		replaceAt(rule.trigger, path, (n) =>
			isConditionGroup(n) ? n : ({ ...n, [param]: value } as Condition)
		)
	);
}

/** Sets the event metric of an inactivity, usage or onboarding condition (null = all events). */
export function withConditionMetric(
	rule: Rule,
	path: readonly number[],
	metric: string | null
): Rule {
	return withTrigger(
		rule,
		replaceAt(rule.trigger, path, (n) =>
			!isConditionGroup(n) && 'metric' in n ? ({ ...n, metric } as Condition) : n
		)
	);
}

/** Replaces the condition at `path` by a new one of another kind (same id), dropping overrides. */
export function withConditionKind(rule: Rule, path: readonly number[], kind: ConditionKind): Rule {
	const node = nodeAt(rule.trigger, path);
	if (node === null || isConditionGroup(node)) return rule;
	const next = withTrigger(
		rule,
		replaceAt(rule.trigger, path, () => defaultCondition(kind, node.id))
	);
	return withoutOverridesOf(next, node.id);
}

function withoutOverridesOf(rule: Rule, conditionId: string): Rule {
	const bySegment: Rule['thresholds']['bySegment'] = {};
	for (const [segment, overrides] of Object.entries(rule.thresholds.bySegment)) {
		const rest = Object.fromEntries(Object.entries(overrides).filter(([id]) => id !== conditionId));
		if (Object.keys(rest).length > 0) bySegment[segment] = rest;
	}
	return { ...rule, thresholds: { bySegment } };
}

export function withGroupOp(rule: Rule, path: readonly number[], op: 'and' | 'or'): Rule {
	return withTrigger(
		rule,
		replaceAt(rule.trigger, path, (n) => (isConditionGroup(n) ? { ...n, op } : n))
	);
}

/**
 * Adds a condition (or a group holding one) to the group at `path`; a lone condition at the
 * root becomes an AND group of itself and the new one.
 */
export function withAddedNode(
	rule: Rule,
	path: readonly number[],
	kind: ConditionKind,
	asGroup = false
): Rule {
	const id = freshConditionId(rule.trigger);
	const condition = defaultCondition(kind, id);
	const added: ConditionNode = asGroup ? { op: 'or', children: [condition] } : condition;
	if (path.length === 0 && !isConditionGroup(rule.trigger)) {
		return { ...rule, trigger: { op: 'and', children: [rule.trigger, added] } };
	}
	return withTrigger(
		rule,
		replaceAt(rule.trigger, path, (n) =>
			isConditionGroup(n) ? { ...n, children: [...n.children, added] } : n
		)
	);
}

/**
 * Removes the node at `path` (never the root) and the overrides of its conditions; a root group
 * left with one condition becomes that condition.
 */
export function withoutNode(rule: Rule, path: readonly number[]): Rule {
	if (path.length === 0) return rule;
	const node = nodeAt(rule.trigger, path);
	if (node === null) return rule;
	let next = withTrigger(
		rule,
		replaceAt(rule.trigger, path, () => null)
	);
	for (const c of conditionsOf(node)) next = withoutOverridesOf(next, c.id);
	const t = next.trigger;
	if (isConditionGroup(t) && t.children.length === 1 && !isConditionGroup(t.children[0])) {
		next = { ...next, trigger: t.children[0] };
	}
	return next;
}

/** Sets (number) or clears (null) a segment's override of a condition's parameter. */
export function withSegmentOverride(
	rule: Rule,
	segment: string,
	conditionId: string,
	param: string,
	value: number | null
): Rule {
	const bySegment = { ...rule.thresholds.bySegment };
	const overrides = { ...(bySegment[segment] ?? {}) };
	const params = { ...(overrides[conditionId] ?? {}) };
	if (value === null) delete params[param];
	else params[param] = value;
	if (Object.keys(params).length > 0) overrides[conditionId] = params;
	else delete overrides[conditionId];
	if (Object.keys(overrides).length > 0) bySegment[segment] = overrides;
	else delete bySegment[segment];
	return { ...rule, thresholds: { bySegment } };
}

/** The threshold parameters of each condition, for the per-segment table. */
export function thresholdColumns(
	rule: Rule
): { conditionId: string; kind: ConditionKind; param: string; value: number | null }[] {
	return conditionsOf(rule.trigger).flatMap((c) =>
		THRESHOLD_PARAMS[c.kind].map((param) => {
			const v = (c as unknown as Record<string, unknown>)[param];
			return { conditionId: c.id, kind: c.kind, param, value: typeof v === 'number' ? v : null };
		})
	);
}

/** A number typed in an input: null when empty or not a number. */
export function numberFromInput(text: string): number | null {
	if (text.trim() === '') return null;
	const v = Number(text);
	return Number.isFinite(v) ? v : null;
}
