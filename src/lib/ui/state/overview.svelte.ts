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
	/** The request `result` answers. */
	private shownKey: string | null = null;
	/** The request on its way and its reply. */
	private pending: { key: string; reply: Promise<OverviewResult> } | null = null;

	/** The period the figures show, as a picker choice. */
	shownPeriod = $derived.by((): PeriodChoice | null => {
		if (this.period) return this.period;
		const p = this.result?.kpis.period;
		return p ? { kind: 'month', month: p.endMonth } : null;
	});

	/**
	 * Asks for the figures of the filters, the period and the stored choices, for data at least as
	 * new as `dataVersion` (undefined: not known yet, right after a reload). The same question
	 * asked again while its reply is on its way, or already answered for that data, is not sent
	 * again: the page asks once before the workspace counts arrive and once after.
	 */
	async load(filters: DatasetFilters, dataVersion?: number): Promise<void> {
		const span = this.period ? periodSpan(this.period) : {};
		const request = {
			filters,
			...span,
			seriesMonths: 12,
			snapshotSegmentBy: this.snapshotSegmentBy
		};
		const key = JSON.stringify([request, this.revision]);
		const stamp = ++this.stamp;
		const current = (result: OverviewResult | null) =>
			result !== null && (dataVersion === undefined || result.dataVersion >= dataVersion);
		if (this.shownKey === key && current(this.result)) {
			this.loading = false;
			return;
		}
		this.loading = true;
		try {
			let result = this.pending?.key === key ? await this.pending.reply : null;
			if (stamp !== this.stamp) return;
			if (!current(result)) {
				const reply = worker().analyticsOverview(request);
				const pending = { key, reply };
				this.pending = pending;
				const settled = () => {
					if (this.pending === pending) this.pending = null;
				};
				reply.then(settled, settled);
				result = await reply;
				// Latest wins: a slower reply to an older filter or period is dropped.
				if (stamp !== this.stamp) return;
			}
			this.result = result;
			this.shownKey = key;
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
