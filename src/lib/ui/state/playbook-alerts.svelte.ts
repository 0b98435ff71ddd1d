// The alert inbox page's state: the worker filters, counts and pages the inbox (it can hold
// 100k+ alerts); the page holds the rows shown so far, the filters, and a person's actions
// (each stored at once, then the shown rows are refreshed from the worker's snapshot).
// Latest wins: a reply to an older request (filters changed meanwhile) is dropped.
import { worker } from '../../client/worker-client';
import type { AlertAction } from '../../core/alerts';
import type { WorkerApi } from '../../worker/api';
import { NO_FILTERS, type InboxFilters } from '../alerts/inbox-rows';

export type InboxView = NonNullable<Awaited<ReturnType<WorkerApi['alertInboxView']>>>;
export type InboxRow = InboxView['rows'][number];
export type InboxExportRow = Awaited<ReturnType<WorkerApi['alertInboxExport']>>[number];

/** Rows asked for at once ("show more" asks for the next ones). */
export const INBOX_PAGE = 100;
/** The most rows one reply carries (the worker's limit). */
const MAX_REPLY = 1000;

function requestOf(filters: InboxFilters) {
	return {
		status: filters.status,
		ruleId: filters.ruleId,
		owner: filters.owner,
		segment: filters.segment,
		band: filters.band
	};
}

export class PlaybookAlerts {
	view = $state.raw<InboxView | null>(null);
	/** Rows shown so far (the first page, then each "show more"). */
	rows = $state.raw<InboxRow[]>([]);
	loaded = $state(false);
	filters = $state<InboxFilters>({ ...NO_FILTERS });
	/** Key of the alert whose actions are open. */
	expanded = $state<string | null>(null);
	private stamp = 0;

	/**
	 * The first page for the current filters. `reuse` pages the worker's last merge (filters
	 * changed, or after an action); otherwise the worker merges the stored states afresh.
	 */
	async load(options: { reuse?: boolean; limit?: number } = {}): Promise<void> {
		const stamp = ++this.stamp;
		const view = await worker().alertInboxView({
			...requestOf(this.filters),
			offset: 0,
			limit: Math.min(options.limit ?? INBOX_PAGE, MAX_REPLY),
			reuse: options.reuse ?? false
		});
		if (stamp !== this.stamp) return;
		this.view = view;
		this.rows = view?.rows ?? [];
		this.loaded = true;
	}

	/** The next page, appended. */
	async more(): Promise<void> {
		if (!this.view) return;
		const stamp = ++this.stamp;
		const view = await worker().alertInboxView({
			...requestOf(this.filters),
			offset: this.rows.length,
			limit: INBOX_PAGE,
			reuse: true
		});
		if (stamp !== this.stamp || !view) return;
		this.view = view;
		this.rows = [...this.rows, ...view.rows];
	}

	/** Every open alert passing the filters, for the CSV and .ics exports. */
	exportRows(): Promise<InboxExportRow[]> {
		return worker().alertInboxExport({ ...requestOf(this.filters), reuse: true });
	}

	async act(key: string, action: AlertAction): Promise<void> {
		const outcome = await worker().alertAct({ key, action });
		if (!outcome.ok || !this.view) return;
		const s = outcome.state;
		this.rows = this.rows.map((r) =>
			r.key === key
				? {
						...r,
						status: s.status,
						snoozedUntil: s.snoozedUntil,
						owner: s.owner,
						notes: s.notes,
						closedReason: s.closedReason,
						updatedAt: s.updatedAt
					}
				: r
		);
		// Counts, facets and the filter (a done alert leaves the active list) come from the worker.
		await this.load({ reuse: true, limit: Math.max(INBOX_PAGE, this.rows.length) });
	}
}
