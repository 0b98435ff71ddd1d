// The overview's state: the chosen period, the worker's figures for it (latest query wins), and
// the person's definitions, inputs and goal, which the worker stores.
import { worker } from '../../client/worker-client';
import type { DatasetFilters } from '../../core/filters';
import type { MetricChoices, OverviewResult, RetentionGoal } from '../../worker/analytics-api';
import { periodSpan, type PeriodChoice } from '../overview/period';

export class OverviewState {
	/** Null until the person picks one: the worker's default (the latest complete month). */
	period = $state.raw<PeriodChoice | null>(null);
	/** Snapshot data: the field the churn rate is split by (undefined = the first offered). */
	snapshotSegmentBy = $state<string | null | undefined>(undefined);
	result = $state.raw<OverviewResult | null>(null);
	loading = $state(false);
	/** Bumped when a stored choice changes, so the view asks again. */
	revision = $state(0);
	private stamp = 0;

	/** The period the figures show, as a picker choice. */
	shownPeriod = $derived.by((): PeriodChoice | null => {
		if (this.period) return this.period;
		const p = this.result?.kpis.period;
		return p ? { kind: 'month', month: p.endMonth } : null;
	});

	async load(filters: DatasetFilters): Promise<void> {
		const stamp = ++this.stamp;
		this.loading = true;
		const span = this.period ? periodSpan(this.period) : {};
		try {
			const result = await worker().analyticsOverview({
				filters,
				...span,
				seriesMonths: 12,
				snapshotSegmentBy: this.snapshotSegmentBy
			});
			// Latest wins: a slower reply to an older filter or period is dropped.
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

	async setGoal(goal: RetentionGoal | null): Promise<boolean> {
		const outcome = await worker().analyticsSetRetentionGoal({ goal });
		this.revision++;
		return outcome.ok;
	}
}
