// The cohort view's state: the options the person chose, the worker's latest reply, and the
// accounts behind a chosen cell. Queries are stamped: a slow reply that is no longer the newest
// is dropped (latest wins).
import { worker } from '../../client/worker-client';
import type { CohortConvention, CohortMeasure } from '../../core/cohorts';
import type { DatasetFilters } from '../../core/filters';
import type { Grain } from '../../core/periods';
import type {
	CellAccount,
	CohortReply,
	CohortRequest,
	RetentionFields
} from '../../worker/retention-api';

const MIN_SIZE_KEY = 'churn-desk:cohort-min-size';
const DEFAULT_MIN_SIZE = 30;
/** Rows of a cell's account list shown on the page; the CSV has them all. */
export const CELL_ACCOUNTS_SHOWN = 100;

export type CohortBasisChoice = 'subscription' | 'activity';

export interface SelectedCell {
	cohort: number;
	label: string;
	k: number;
	segment: string | null;
	retained: boolean;
}

/**
 * The basis to use when the person has not chosen one: subscriptions when any account has paid,
 * else activity (a shop's transaction log has activity but no subscriptions).
 */
export function defaultCohortBasis(fields: RetentionFields | null): CohortBasisChoice {
	if (fields && fields.subscriptionCustomers === 0 && fields.activityAccounts > 0) {
		return 'activity';
	}
	return 'subscription';
}

function savedMinSize(): number {
	try {
		const n = Number(localStorage.getItem(MIN_SIZE_KEY));
		return Number.isInteger(n) && n > 0 ? n : DEFAULT_MIN_SIZE;
	} catch {
		return DEFAULT_MIN_SIZE;
	}
}

export class CohortsState {
	grain = $state<Grain>('month');
	/** Null until the person picks one: then the default follows the data. */
	chosenBasis = $state<CohortBasisChoice | null>(null);
	metric = $state('*');
	measure = $state<CohortMeasure>('logo');
	convention = $state<CohortConvention>('exact');
	segmentBy = $state('');
	minCohortSize = $state(typeof localStorage === 'undefined' ? DEFAULT_MIN_SIZE : savedMinSize());

	fields = $state.raw<RetentionFields | null>(null);
	reply = $state.raw<CohortReply | null>(null);
	/** The request the shown reply answers (options may already have moved on). */
	shown = $state.raw<CohortRequest | null>(null);
	loading = $state(false);
	selected = $state.raw<SelectedCell | null>(null);
	cellAccounts = $state.raw<{ total: number; accounts: CellAccount[] } | null>(null);

	basis = $derived<CohortBasisChoice>(this.chosenBasis ?? defaultCohortBasis(this.fields));
	request = $derived<CohortRequest>({
		grain: this.grain,
		basis: this.basis,
		metric: this.metric,
		measure: this.measure,
		convention: this.convention,
		segmentBy: this.segmentBy || null,
		minCohortSize: this.minCohortSize
	});

	private stamp = 0;
	private cellStamp = 0;

	setMinCohortSize(value: number): void {
		if (!Number.isInteger(value) || value < 1) return;
		this.minCohortSize = value;
		try {
			localStorage.setItem(MIN_SIZE_KEY, String(value));
		} catch {
			// Storage may be disabled: the value lasts for this page.
		}
	}

	/** Fetches the fields (once per data version) and the cohort tables for the options. */
	async load(filters: DatasetFilters, dataVersion: number | undefined): Promise<void> {
		// Read every option before the first await, so a caller's $effect tracks them all.
		const request = { ...this.request, filters: $state.snapshot(filters) as DatasetFilters };
		const stamp = ++this.stamp;
		if (dataVersion === undefined) return;
		this.loading = true;
		if (this.fields?.dataVersion !== dataVersion) {
			const fields = await worker().retentionFields();
			if (stamp !== this.stamp) return;
			this.fields = fields;
			// The default basis may have changed with the data: ask again with it.
			if (this.chosenBasis === null && defaultCohortBasis(fields) !== request.basis) {
				request.basis = defaultCohortBasis(fields);
			}
		}
		const reply = await worker().retentionCohorts(request);
		if (stamp !== this.stamp) return;
		this.reply = reply;
		this.shown = request;
		this.loading = false;
		this.selected = null;
		this.cellAccounts = null;
	}

	/** Lists the accounts behind a cell: those retained in it, or the whole cohort. */
	async select(cell: SelectedCell, filters: DatasetFilters): Promise<void> {
		this.selected = cell;
		this.cellAccounts = null;
		const stamp = ++this.cellStamp;
		const page = await worker().retentionCohortAccounts({
			// The cell belongs to the table on screen: ask with the options that made it.
			...(this.shown ?? this.request),
			filters: $state.snapshot(filters) as DatasetFilters,
			cohort: cell.cohort,
			k: cell.k,
			segment: cell.segment,
			retained: cell.retained,
			limit: CELL_ACCOUNTS_SHOWN
		});
		if (stamp !== this.cellStamp) return;
		this.cellAccounts = { total: page.total, accounts: page.accounts };
	}

	/** Every account behind the selected cell, for the CSV. */
	async allCellAccounts(filters: DatasetFilters): Promise<CellAccount[]> {
		const cell = this.selected;
		if (!cell) return [];
		const page = await worker().retentionCohortAccounts({
			// The cell belongs to the table on screen: ask with the options that made it.
			...(this.shown ?? this.request),
			filters: $state.snapshot(filters) as DatasetFilters,
			cohort: cell.cohort,
			k: cell.k,
			segment: cell.segment,
			retained: cell.retained
		});
		return page.accounts;
	}

	closeCell(): void {
		this.selected = null;
		this.cellAccounts = null;
		this.cellStamp++;
	}
}
