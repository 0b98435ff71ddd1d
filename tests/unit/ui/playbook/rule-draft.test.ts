import { describe, expect, it } from 'vitest';
import { ruleProblems, type ConditionGroup, type Rule } from '../../../../src/lib/core/rules';
import { defaultPlaybook } from '../../../../src/lib/core/playbook';
import {
	freshConditionId,
	newRule,
	nodeAt,
	numberFromInput,
	thresholdColumns,
	withAddedNode,
	withConditionKind,
	withConditionMetric,
	withConditionParam,
	withGroupOp,
	withSegmentOverride,
	withoutNode
} from '../../../../src/lib/ui/playbook/rule-draft';

const inactive14 = (): Rule => defaultPlaybook()[0];

describe('rule drafts', () => {
	it('makes a new rule that can run', () => {
		const rule = newRule('r1');
		expect(ruleProblems(rule)).toEqual([]);
		expect(rule.trigger).toMatchObject({ kind: 'inactive', id: 'c1', days: 14 });
	});

	it('sets a threshold without touching the original rule', () => {
		const rule = inactive14();
		const edited = withConditionParam(rule, [], 'days', 30);
		expect(edited.trigger).toMatchObject({ days: 30 });
		expect(rule.trigger).toMatchObject({ days: 14 });
	});

	it('turns a lone condition into an AND group when a condition is added, and back on removal', () => {
		const rule = inactive14();
		const two = withAddedNode(rule, [], 'nps-at-most');
		const group = two.trigger as ConditionGroup;
		expect(group.op).toBe('and');
		// The existing condition keeps its id 'inactive'; the new one gets the first free c-id.
		expect(group.children.map((c) => ('id' in c ? c.id : null))).toEqual(['inactive', 'c1']);
		const or = withGroupOp(two, [], 'or');
		expect((or.trigger as ConditionGroup).op).toBe('or');
		const back = withoutNode(two, [1]);
		expect(back.trigger).toEqual(rule.trigger);
	});

	it('adds a nested OR group and edits a condition inside it by path', () => {
		const two = withAddedNode(inactive14(), [], 'nps-at-most');
		const nested = withAddedNode(two, [], 'tickets-in-window', true);
		const inner = nodeAt(nested.trigger, [2]) as ConditionGroup;
		expect(inner.op).toBe('or');
		const edited = withConditionParam(nested, [2, 0], 'count', 5);
		expect(nodeAt(edited.trigger, [2, 0])).toMatchObject({ kind: 'tickets-in-window', count: 5 });
		expect(ruleProblems(edited)).toEqual([]);
	});

	it('changes a condition kind, keeping its id and dropping its segment overrides', () => {
		const rule = withSegmentOverride(inactive14(), 'Enterprise', 'inactive', 'days', 30);
		const changed = withConditionKind(rule, [], 'usage-drop');
		expect(changed.trigger).toMatchObject({ kind: 'usage-drop', id: 'inactive', percent: 30 });
		expect(changed.thresholds.bySegment).toEqual({});
	});

	it('sets and clears per-segment overrides, leaving no empty records', () => {
		const rule = inactive14();
		const set = withSegmentOverride(rule, 'SMB', 'inactive', 'days', 21);
		expect(set.thresholds.bySegment).toEqual({ SMB: { inactive: { days: 21 } } });
		expect(ruleProblems(set)).toEqual([]);
		const cleared = withSegmentOverride(set, 'SMB', 'inactive', 'days', null);
		expect(cleared.thresholds.bySegment).toEqual({});
	});

	it('sets the event of an inactivity condition (null = all events)', () => {
		const rule = withConditionMetric(inactive14(), [], 'login');
		expect(rule.trigger).toMatchObject({ metric: 'login' });
		expect(withConditionMetric(rule, [], null).trigger).toMatchObject({ metric: null });
	});

	it('lists every threshold parameter with its default value', () => {
		const two = withAddedNode(inactive14(), [], 'tickets-in-window');
		expect(thresholdColumns(two)).toEqual([
			{ conditionId: 'inactive', kind: 'inactive', param: 'days', value: 14 },
			{ conditionId: 'c1', kind: 'tickets-in-window', param: 'count', value: 3 },
			{ conditionId: 'c1', kind: 'tickets-in-window', param: 'days', value: 10 }
		]);
	});

	it('finds a free condition id and reads numbers from inputs', () => {
		const two = withAddedNode(newRule('r'), [], 'inactive');
		expect(freshConditionId(two.trigger)).toBe('c3');
		expect(numberFromInput('')).toBeNull();
		expect(numberFromInput('abc')).toBeNull();
		expect(numberFromInput(' 12.5 ')).toBe(12.5);
	});

	it('leaves a rule with an emptied threshold for ruleProblems to refuse', () => {
		const rule = withConditionParam(inactive14(), [], 'days', null);
		expect(ruleProblems(rule).map((p) => p.code)).toEqual(['bad-threshold']);
	});
});
