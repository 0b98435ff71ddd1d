// What the whole app shows about the workspace: the overview model, the import history, the
// database's health (closed by a newer tab). Refreshed on every data change from any tab.
import { onDataChanged, proxy, watchWorker, worker } from '../../client/worker-client';
import type { BatchSummary, OverviewModel } from '../../worker/api';
import { dayFromEpochMs } from '../../core/dates';

export class Workspace {
	overview = $state.raw<OverviewModel | null>(null);
	batches = $state.raw<BatchSummary[]>([]);
	loaded = $state(false);
	/**
	 * Whether any import is live, known from the import history alone: before `loaded`, which
	 * also waits for the overview model (the worker's dataset build after a reload). The overview
	 * page uses it to ask for its figures at once, so they wait on the same build.
	 */
	hasData = $state<boolean | null>(null);
	closedByNewerTab = $state(false);
	upgradeBlocked = $state(false);
	startupError = $state.raw<{ code: string; detail?: string } | null>(null);
	/** Why the last Undo did not happen, if it did not. */
	undoError = $state.raw<{ code: string; detail?: string } | null>(null);
	sampleProgress = $state.raw<{ file: string; done: number; total: number } | null>(null);
	message = $state.raw<{
		key: 'sample.done' | 'history.undoDone';
		params: Record<string, string | number>;
	} | null>(null);
	private stamp = 0;
	private started = false;

	isEmpty = $derived(this.loaded && this.batches.every((b) => b.undoneAt !== null));

	/** Connects to the worker once; later calls do nothing. */
	start(): void {
		if (this.started) return;
		this.started = true;
		watchWorker((event) => {
			if (event.type === 'db-closed') this.closedByNewerTab = true;
			if (event.type === 'db-blocked') this.upgradeBlocked = true;
		});
		onDataChanged(() => void this.refresh());
		void this.refresh();
	}

	async refresh(): Promise<void> {
		// Latest wins: a slow reply that is no longer the newest is dropped.
		const stamp = ++this.stamp;
		const ready = await worker().ready();
		if (!ready.ok) {
			this.startupError = { code: ready.code, detail: ready.detail };
			this.loaded = true;
			return;
		}
		// The history first: a small read that does not wait for the dataset build.
		const history = worker().batches();
		const model = worker().overview();
		void history.then(
			(batches) => {
				if (stamp === this.stamp) this.hasData = batches.some((b) => b.undoneAt === null);
			},
			() => undefined
		);
		const [overview, batches] = await Promise.all([model, history]);
		if (stamp !== this.stamp) return;
		this.overview = overview;
		this.batches = batches;
		this.loaded = true;
	}

	async loadSample(): Promise<boolean> {
		this.sampleProgress = { file: '', done: 0, total: 1 };
		try {
			// Yesterday in the browser's zone: the sample's history ends where a real export would.
			const endDay = dayFromEpochMs(Date.now(), -new Date().getTimezoneOffset()) - 1;
			const outcome = await worker().loadSample(
				{ endDay },
				proxy((p: { file: string; done: number; total: number }) => {
					this.sampleProgress = p;
				})
			);
			if (outcome.ok) {
				this.message = { key: 'sample.done', params: { files: outcome.files, rows: outcome.rows } };
			} else {
				this.startupError = { code: outcome.code };
			}
			await this.refresh();
			return outcome.ok;
		} finally {
			this.sampleProgress = null;
		}
	}

	async undo(batch: BatchSummary): Promise<void> {
		this.undoError = null;
		try {
			const outcome = await worker().undo({ batchId: batch.id });
			if (outcome.ok) {
				this.message = { key: 'history.undoDone', params: { file: batch.fileName } };
			} else {
				// Refused (closed by a newer tab, storage full, already undone): say why; the
				// history below still shows the batch as it is.
				this.undoError = {
					code: outcome.code,
					detail: 'detail' in outcome ? outcome.detail : undefined
				};
				return;
			}
		} catch (e) {
			this.undoError = { code: 'unknown', detail: String(e) };
			return;
		}
		await this.refresh();
	}
}

export const workspace = new Workspace();
