// The churn split view's state: the months shown and the worker's split (latest query wins).
import { worker } from '../../client/worker-client';
import type { DatasetFilters } from '../../core/filters';
import type { ChurnSplit, MetricChoices } from '../../worker/analytics-api';
import type { SplitMeasure } from './churn-split';

export class ChurnSplitState {
	monthCount = $state(12);
	measure = $state<SplitMeasure>('accounts');
	result = $state.raw<ChurnSplit | null>(null);
	loading = $state(false);
	revision = $state(0);
	private stamp = 0;

	async load(filters: DatasetFilters): Promise<void> {
		const stamp = ++this.stamp;
		this.loading = true;
		try {
			const result = await worker().analyticsChurnSplit({
				filters,
				monthCount: this.monthCount
			});
			if (stamp !== this.stamp) return;
			this.result = result;
		} finally {
			if (stamp === this.stamp) this.loading = false;
		}
	}

	async setChoices(change: Partial<MetricChoices>): Promise<void> {
		await worker().analyticsSetMetricChoices(change);
		this.revision++;
	}
}
