// The alert inbox page's state: the inbox as the worker merged it, filters, and a person's
// actions (each stored at once; the row is replaced with the state the worker returns).
import { worker } from '../../client/worker-client';
import type { AlertAction } from '../../core/alerts';
import type { WorkerApi } from '../../worker/api';
import { NO_FILTERS, type InboxFilters } from '../alerts/inbox-rows';

export type InboxView = NonNullable<Awaited<ReturnType<WorkerApi['alertInboxView']>>>;
export type InboxRow = InboxView['rows'][number];

export class PlaybookAlerts {
	view = $state.raw<InboxView | null>(null);
	loaded = $state(false);
	filters = $state<InboxFilters>({ ...NO_FILTERS });
	/** Key of the alert whose actions are open. */
	expanded = $state<string | null>(null);
	private stamp = 0;

	async load(): Promise<void> {
		const stamp = ++this.stamp;
		const view = await worker().alertInboxView();
		if (stamp !== this.stamp) return;
		this.view = view;
		this.loaded = true;
	}

	async act(key: string, action: AlertAction): Promise<void> {
		const outcome = await worker().alertAct({ key, action });
		if (!outcome.ok || !this.view) return;
		const s = outcome.state;
		this.view = {
			...this.view,
			rows: this.view.rows.map((r) =>
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
			)
		};
	}
}
