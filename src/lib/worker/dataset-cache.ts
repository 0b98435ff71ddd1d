// The worker's one in-memory dataset: the merged columnar blocks of the committed batches,
// rebuilt only when dataVersion changes (an import, an undo, in this tab or another).
import { buildDataset } from '../core/dataset';
import type { Dataset } from '../core/types';
import { getDataVersion, readCommittedSnapshot } from '../db/batches';
import type { ChurnDb } from '../db/ChurnDb';

type SnapshotReader = typeof readCommittedSnapshot;

export class DatasetCache {
	private version = -1;
	private dataset: Dataset | null = null;
	private building: Promise<Dataset> | null = null;

	constructor(
		private readonly db: ChurnDb,
		private readonly readSnapshot: SnapshotReader = readCommittedSnapshot
	) {}

	/**
	 * The current dataset, never older than the dataVersion stored when the call began; concurrent
	 * callers share one rebuild.
	 */
	async get(): Promise<{ dataset: Dataset; dataVersion: number }> {
		const current = await getDataVersion(this.db);
		if (this.dataset && this.version === current) {
			return { dataset: this.dataset, dataVersion: this.version };
		}
		for (;;) {
			// A rebuild already under way may have read an older snapshot than `current` (a commit
			// landed while it read): wait for it, then build again if it is still behind. Returning
			// it as it was left the last refresh after an import showing the state before it.
			this.building ??= (async () => {
				const snapshot = await this.readSnapshot(this.db);
				this.dataset = buildDataset(snapshot.batches);
				this.version = snapshot.dataVersion;
				return this.dataset;
			})().finally(() => {
				this.building = null;
			});
			await this.building;
			if (this.dataset && this.version >= current) {
				return { dataset: this.dataset, dataVersion: this.version };
			}
		}
	}
}
