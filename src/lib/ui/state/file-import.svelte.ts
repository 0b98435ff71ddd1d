// One dropped file on its way into the workspace: rune state for the wizard's steps, methods
// that talk to the worker. Worker results are kept whole in $state.raw.
import { ENTITY_FIELDS, type EntityName } from '../../core/types';
import { proxy, worker } from '../../client/worker-client';
import type { Delim, Enc, ImportProgress, ImportReview, PreviewOk } from '../../worker/api';
import { transition, type WizardEvent, type WizardStep } from '../import/wizard-machine';
import { afterNextPaint } from '../common/after-paint';

export type DateOrderChoice = PreviewOk['dateOrders'][number];

export interface WizardError {
	code: string;
	params?: Record<string, string | number>;
}

let nextId = 0;

/**
 * A worker call whose rejection (a bug, or the worker gone) comes back as a failure the wizard
 * shows, instead of an unhandled rejection that leaves the file stuck in its step.
 */
async function settled<P extends Promise<unknown>>(
	call: () => P
): Promise<Awaited<P> | { ok: false; code: string; params: { detail: string } }> {
	try {
		return await call();
	} catch (e) {
		return { ok: false, code: 'unknown', params: { detail: String(e) } };
	}
}

export class FileImport {
	readonly id = `job-${Date.now()}-${nextId++}`;
	step = $state<WizardStep>('previewing');
	preview = $state.raw<PreviewOk | null>(null);
	error = $state.raw<WizardError | null>(null);
	encoding = $state<Enc | undefined>(undefined);
	delimiter = $state<Delim | undefined>(undefined);
	entity = $state<EntityName | null>(null);
	mapping = $state<(string | null)[]>([]);
	dateOrders = $state<Record<number, DateOrderChoice>>({});
	progress = $state.raw<ImportProgress | null>(null);
	review = $state.raw<ImportReview | null>(null);
	committedBatch = $state<number | null>(null);
	duplicateOf = $state<number | null>(null);
	remembered = $state(false);
	/** Set when the person picks an encoding or delimiter; otherwise the worker may re-sniff. */
	private encodingChosen = false;
	private delimiterChosen = false;

	/** Required fields of the chosen entity that no column is mapped to. */
	missingRequired = $derived.by(() => {
		if (!this.entity) return [];
		const mapped = new Set(this.mapping.filter((m): m is string => m !== null));
		return (
			ENTITY_FIELDS[this.entity]
				.filter((f) => f.required && !mapped.has(f.key))
				// A churn flag dataset needs no dates; the required-ness of the rest is the entity's.
				.map((f) => f.key)
		);
	});

	/**
	 * Columns mapped to a date field whose order (day-first or month-first) neither the head nor
	 * the scan of the file could settle: the person is asked. The question stays on screen once
	 * answered, so the answer can be seen and changed (and focus is not lost).
	 */
	dateQuestions = $derived.by(() => {
		const entity = this.entity;
		const scanned = this.preview?.dateOrders ?? {};
		if (!entity) return [];
		const dayFields = new Set(
			ENTITY_FIELDS[entity].filter((f) => f.type === 'day').map((f) => f.key)
		);
		return this.mapping
			.map((field, index) => ({ field, index }))
			.filter(({ field, index }) => field !== null && dayFields.has(field))
			.filter(({ index }) => scanned[index] === 'ambiguous')
			.map(({ index }) => index);
	});

	/** Questions not answered yet. */
	ambiguousDates = $derived(
		this.dateQuestions.filter((index) => this.dateOrders[index] === 'ambiguous')
	);

	canStart = $derived(
		this.step === 'mapping' &&
			this.entity !== null &&
			this.missingRequired.length === 0 &&
			this.ambiguousDates.length === 0
	);

	constructor(readonly file: File) {}

	private go(event: WizardEvent): boolean {
		const next = transition(this.step, event);
		if (next === null) return false;
		this.step = next;
		return true;
	}

	async loadPreview(): Promise<void> {
		if (this.step !== 'previewing' && !this.go('repreview')) return;
		this.error = null;
		const result = await settled(() =>
			worker().preview({
				file: this.file,
				encoding: this.encodingChosen ? this.encoding : undefined,
				delimiter: this.delimiterChosen ? this.delimiter : undefined
			})
		);
		if (!result.ok) {
			this.error = { code: result.code, params: 'params' in result ? result.params : undefined };
			this.go('preview-failed');
			return;
		}
		this.preview = result;
		this.encoding = result.encoding;
		this.delimiter = result.delimiter;
		this.remembered = result.remembered;
		if (!this.entity || result.remembered) this.entity = result.suggestedEntity ?? null;
		this.mapping = [...result.mapping];
		this.dateOrders = { ...result.dateOrders };
		this.go('previewed');
	}

	setEncoding(encoding: Enc): void {
		this.encoding = encoding;
		this.encodingChosen = true;
		void this.loadPreview();
	}

	setDelimiter(delimiter: Delim): void {
		this.delimiter = delimiter;
		this.delimiterChosen = true;
		void this.loadPreview();
	}

	async start(): Promise<void> {
		const { preview, entity } = this;
		if (!this.canStart || !preview || !entity || !this.encoding || !this.delimiter) return;
		if (!this.go('start')) return;
		this.error = null;
		this.progress = { bytesRead: 0, totalBytes: this.file.size, rowsRead: 0 };
		// The read is asked for once the progress step is on screen. Asked for in the click's task,
		// its start (two workers loading, the workspace read) took the cores from that task, the
		// mapping step's teardown: a 55-73 ms main-thread task in 5 of 8 imports of a 1M-row file,
		// none in 8 with the wait (docs/BENCH.md, eleventh session). The wait is one frame.
		await afterNextPaint();
		if (this.step !== 'reading') return; // cancelled before the read was asked for
		const outcome = await settled(() =>
			worker().readFile(
				{
					jobId: this.id,
					file: this.file,
					fileName: this.file.name,
					entity,
					mapping: $state.snapshot(this.mapping),
					// Unless the person chose, the pipeline may fall back to another plausible encoding
					// when bytes past the previewed head do not decode (a CP1252 file whose first
					// 256 KB are ASCII).
					encoding: this.encodingChosen ? this.encoding : undefined,
					delimiter: this.delimiterChosen ? this.delimiter : undefined,
					dateOrders: $state.snapshot(this.dateOrders),
					headers: preview.headers
				},
				proxy((p: ImportProgress) => {
					this.progress = p;
				})
			)
		);
		if (this.step !== 'reading') return; // cancelled meanwhile
		if (!outcome.ok) {
			this.error = { code: outcome.code, params: outcome.params };
			this.go(outcome.code === 'cancelled' ? 'cancel' : 'read-failed');
			return;
		}
		this.review = outcome;
		if (outcome.duplicateOf !== null) {
			this.duplicateOf = outcome.duplicateOf;
			void worker().discardImport({ jobId: this.id });
			this.go('read-duplicate');
			return;
		}
		this.go('read');
	}

	async cancel(): Promise<void> {
		if (this.step === 'reading') {
			this.go('cancel');
			await worker().cancel({ jobId: this.id });
		} else if (this.step === 'mapping' || this.step === 'review') {
			await this.discard();
		}
	}

	async confirm(): Promise<void> {
		if (!this.go('confirm')) return;
		const outcome = await settled(() => worker().confirmImport({ jobId: this.id }));
		if (outcome.ok) {
			this.committedBatch = outcome.batchId;
			this.go('committed');
		} else if (outcome.code === 'duplicate' && 'batchId' in outcome) {
			this.duplicateOf = outcome.batchId;
			this.go('commit-duplicate');
		} else {
			this.error = {
				code: outcome.code,
				params:
					'detail' in outcome
						? { detail: outcome.detail }
						: 'params' in outcome
							? outcome.params
							: {}
			};
			this.go('commit-failed');
		}
	}

	async discard(): Promise<void> {
		if (!this.go('discard')) return;
		await worker().discardImport({ jobId: this.id });
	}

	back(): void {
		this.go('back');
	}

	/** The rejected rows as CSV text (every one, not only those shown). */
	async rejectsCsv(): Promise<string | null> {
		return worker().rejectsCsv({ jobId: this.id });
	}
}
