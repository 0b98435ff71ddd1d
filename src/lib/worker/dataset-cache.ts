// The worker's one in-memory dataset: the merged columnar blocks of the committed batches,
// rebuilt only when dataVersion changes (an import, an undo, in this tab or another).
import { buildDataset } from '../core/dataset';
import type { Dataset } from '../core/types';
import { getDataVersion, readCommittedSnapshot } from '../db/batches';
import type { ChurnDb } from '../db/ChurnDb';

export class DatasetCache {
	private version = -1;
	private dataset: Dataset | null = null;
	private building: Promise<Dataset> | null = null;

	constructor(private readonly db: ChurnDb) {}

	/** The current dataset; concurrent callers share one rebuild. */
	async get(): Promise<{ dataset: Dataset; dataVersion: number }> {
		const current = await getDataVersion(this.db);
		if (this.dataset && current === this.version) {
			return { dataset: this.dataset, dataVersion: this.version };
		}
		if (!this.building) {
			this.building = (async () => {
				const snapshot = await readCommittedSnapshot(this.db);
				this.dataset = buildDataset(snapshot.batches);
				this.version = snapshot.dataVersion;
				return this.dataset;
			})().finally(() => {
				this.building = null;
			});
		}
		const dataset = await this.building;
		return { dataset, dataVersion: this.version };
	}
}
