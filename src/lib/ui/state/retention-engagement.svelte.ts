// The engagement view's state: metric, weeks, comparison window and horizon, and the worker's
// latest reply (latest wins).
import { worker } from '../../client/worker-client';
import type { DatasetFilters } from '../../core/filters';
import type {
	EngagementReply,
	EngagementRequest,
	RetentionFields
} from '../../worker/retention-api';

export class EngagementState {
	metric = $state('*');
	weeks = $state(12);
	windowWeeks = $state(8);
	horizonDays = $state(90);

	fields = $state.raw<RetentionFields | null>(null);
	reply = $state.raw<EngagementReply | null>(null);
	loading = $state(false);

	request = $derived<EngagementRequest>({
		metric: this.metric,
		weeks: this.weeks,
		windowWeeks: this.windowWeeks,
		horizonDays: this.horizonDays
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
		const reply = await worker().retentionEngagement(request);
		if (stamp !== this.stamp) return;
		this.reply = reply;
		this.loading = false;
	}
}
