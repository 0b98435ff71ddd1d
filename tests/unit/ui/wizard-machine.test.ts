import { describe, expect, it } from 'vitest';
import {
	isSettled,
	transition,
	type WizardEvent,
	type WizardStep
} from '../../../src/lib/ui/import/wizard-machine';

describe('import wizard transitions', () => {
	const allowed: [WizardStep, WizardEvent, WizardStep][] = [
		['previewing', 'previewed', 'mapping'],
		['previewing', 'preview-failed', 'failed'],
		['mapping', 'repreview', 'previewing'],
		['mapping', 'start', 'reading'],
		['reading', 'read', 'review'],
		['reading', 'read-duplicate', 'duplicate'],
		['reading', 'cancel', 'cancelled'],
		['reading', 'read-failed', 'failed'],
		['review', 'confirm', 'committing'],
		['review', 'discard', 'cancelled'],
		['committing', 'committed', 'done'],
		['committing', 'commit-failed', 'failed'],
		['failed', 'back', 'mapping']
	];
	it.each(allowed)('%s --%s--> %s', (from, event, to) => {
		expect(transition(from, event)).toBe(to);
	});

	const refused: [WizardStep, WizardEvent][] = [
		['mapping', 'confirm'], // nothing read yet
		['reading', 'confirm'], // a half-read file cannot be committed
		['committing', 'cancel'], // the transaction is all or nothing; it cannot stop half-way
		['done', 'confirm'], // a second commit of the same read
		['review', 'start']
	];
	it.each(refused)('refuses %s --%s-->', (from, event) => {
		expect(transition(from, event)).toBeNull();
	});

	it('counts done, duplicate and cancelled as settled, failed as not', () => {
		expect(['done', 'duplicate', 'cancelled'].every((s) => isSettled(s as WizardStep))).toBe(true);
		expect(isSettled('failed')).toBe(false);
	});
});
