// The survival view's state: split, source and unit, and the worker's latest reply (latest wins).
import { worker } from '../../client/worker-client';
import type { DatasetFilters } from '../../core/filters';
import type { DurationUnit } from '../../core/survival';
import type { RetentionFields, SurvivalReply, SurvivalRequest } from '../../worker/retention-api';

export class SurvivalState {
	segmentBy = $state('');
	source = $state<SurvivalRequest['source']>('auto');
	unit = $state<DurationUnit>('month');

	fields = $state.raw<RetentionFields | null>(null);
	reply = $state.raw<SurvivalReply | null>(null);
	loading = $state(false);

	request = $derived<SurvivalRequest>({
		segmentBy: this.segmentBy || null,
		source: this.source,
		unit: this.unit
	});

	private stamp = 0;

	async load(filters: DatasetFilters, dataVersion: number | undefined): Promise<void> {
		// Options are read before the first await, so a caller's $effect tracks them.
		const request = { ...this.request, filters: $state.snapshot(filters) as DatasetFilters };
		const stamp = ++this.stamp;
		if (dataVersion === undefined) return;
		this.loading = true;
		if (this.fields?.dataVersion !== dataVersion) {
			const fields = await worker().retentionFields();
			if (stamp !== this.stamp) return;
			this.fields = fields;
		}
		const reply = await worker().retentionSurvival(request);
		if (stamp !== this.stamp) return;
		this.reply = reply;
		this.loading = false;
	}
}
