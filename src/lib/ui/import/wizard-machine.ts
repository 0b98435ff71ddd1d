// One file's import as a state machine: which step it is in, and which events move it on.
// Pure, so the allowed moves are tested by a table; the Svelte state class only calls
// `transition` and talks to the worker.

export type WizardStep =
	| 'previewing' // reading the head of the file
	| 'mapping' // preview shown: encoding, delimiter, entity and columns can be corrected
	| 'reading' // the whole file streams through the worker, with progress and Cancel
	| 'review' // counts and rejected rows shown; the person confirms or discards
	| 'committing' // one transaction writes the batch
	| 'done'
	| 'duplicate' // the same file was already imported: nothing to do
	| 'cancelled'
	| 'failed';

export type WizardEvent =
	| 'previewed'
	| 'preview-failed'
	| 'repreview' // encoding or delimiter changed: read the head again
	| 'start'
	| 'read'
	| 'read-duplicate'
	| 'read-failed'
	| 'cancel'
	| 'confirm'
	| 'committed'
	| 'commit-duplicate'
	| 'commit-failed'
	| 'discard'
	| 'back'; // from a failure or review to the mapping again

const TABLE: Record<WizardStep, Partial<Record<WizardEvent, WizardStep>>> = {
	previewing: { previewed: 'mapping', 'preview-failed': 'failed', cancel: 'cancelled' },
	mapping: { repreview: 'previewing', start: 'reading', discard: 'cancelled' },
	reading: {
		read: 'review',
		'read-duplicate': 'duplicate',
		'read-failed': 'failed',
		cancel: 'cancelled'
	},
	review: { confirm: 'committing', discard: 'cancelled', back: 'mapping' },
	committing: { committed: 'done', 'commit-duplicate': 'duplicate', 'commit-failed': 'failed' },
	done: {},
	duplicate: {},
	cancelled: { back: 'mapping' },
	failed: { back: 'mapping', repreview: 'previewing' }
};

/** The next step, or null when the event is not allowed in this step. */
export function transition(step: WizardStep, event: WizardEvent): WizardStep | null {
	return TABLE[step][event] ?? null;
}

/** Steps in which the file is finished with, one way or another. */
export function isSettled(step: WizardStep): boolean {
	return step === 'done' || step === 'duplicate' || step === 'cancelled';
}
