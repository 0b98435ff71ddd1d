// The health view's state: the score settings being edited (one raw value, replaced whole), the
// list query, and the worker's latest list and backtest (latest wins). Settings edits apply at
// once to the list and the backtest; saving stores them for every view.
import { worker } from '../../client/worker-client';
import type { DatasetFilters } from '../../core/filters';
import { DEFAULT_HEALTH_SETTINGS, type HealthBand, type HealthSettings } from '../../core/health';
import type { WorkerApi } from '../../worker/api';
import type { HealthListRequest, HealthListResult, HealthSort } from '../../worker/risk-api';

export const HEALTH_PAGE_SIZE = 25;

export type HealthBacktestResult = Awaited<ReturnType<WorkerApi['healthBacktest']>>;

export class HealthState {
	settings = $state.raw<HealthSettings>(DEFAULT_HEALTH_SETTINGS);
	saved = $state.raw<HealthSettings | null>(null);
	storedReset = $state(false);
	message = $state<'health.settings.saved' | 'health.settings.invalid' | null>(null);

	band = $state<HealthBand | 'none' | ''>('');
	segment = $state('');
	search = $state('');
	sort = $state<HealthSort>('score');
	descending = $state(false);
	offset = $state(0);

	list = $state.raw<HealthListResult | null>(null);
	backtest = $state.raw<HealthBacktestResult | null>(null);
	loading = $state(false);
	backtestLoading = $state(false);

	dirty = $derived(
		this.saved !== null && JSON.stringify(this.saved) !== JSON.stringify(this.settings)
	);

	private listStamp = 0;
	private backtestStamp = 0;

	/** Reads the stored settings once; the list waits for them (no first list with defaults). */
	async loadSettings(): Promise<void> {
		if (this.saved) return;
		const stored = await worker().healthSettings();
		this.settings = stored.settings;
		this.saved = stored.settings;
		this.storedReset = stored.reset;
	}

	async loadList(filters: DatasetFilters, dataVersion: number | undefined): Promise<void> {
		// Everything the request depends on is read before the first await, so a caller's
		// $effect re-runs when any of it changes.
		const request: HealthListRequest = {
			settings: this.settings,
			filters: $state.snapshot(filters) as DatasetFilters,
			band: this.band === '' ? null : this.band,
			segment: this.segment === '' ? null : this.segment,
			search: this.search,
			sort: this.sort,
			descending: this.descending,
			offset: this.offset,
			limit: HEALTH_PAGE_SIZE
		};
		const ready = this.saved !== null;
		const stamp = ++this.listStamp;
		if (dataVersion === undefined || !ready) return;
		this.loading = true;
		const list = await worker().healthList(request);
		if (stamp !== this.listStamp) return;
		this.list = list;
		this.loading = false;
	}

	async loadBacktest(filters: DatasetFilters, dataVersion: number | undefined): Promise<void> {
		const request = {
			settings: this.settings,
			filters: $state.snapshot(filters) as DatasetFilters
		};
		const ready = this.saved !== null;
		const stamp = ++this.backtestStamp;
		if (dataVersion === undefined || !ready) return;
		this.backtestLoading = true;
		const result = await worker().healthBacktest(request);
		if (stamp !== this.backtestStamp) return;
		this.backtest = result;
		this.backtestLoading = false;
	}

	edit(next: HealthSettings): void {
		this.settings = next;
		this.message = null;
		this.offset = 0;
	}

	async save(): Promise<void> {
		const outcome = await worker().saveHealthSettings({ settings: this.settings });
		if (outcome.ok) {
			this.saved = this.settings;
			this.storedReset = false;
			this.message = 'health.settings.saved';
		} else this.message = 'health.settings.invalid';
	}

	resetToDefaults(): void {
		this.edit(DEFAULT_HEALTH_SETTINGS);
	}

	/** Same column again flips the order; a new column starts ascending (worst scores first). */
	sortBy(column: HealthSort): void {
		if (this.sort === column) this.descending = !this.descending;
		else {
			this.sort = column;
			this.descending = false;
		}
		this.offset = 0;
	}

	async csv(filters: DatasetFilters): Promise<string | null> {
		return worker().healthCsv({
			settings: this.settings,
			filters: $state.snapshot(filters) as DatasetFilters,
			band: this.band === '' ? null : this.band,
			segment: this.segment === '' ? null : this.segment,
			search: this.search,
			sort: this.sort,
			descending: this.descending
		});
	}
}
