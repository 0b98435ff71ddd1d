// State of the accounts list, the account page, the case library and the win-back page. Worker
// replies are kept raw and replaced whole; each load is stamped so only the newest reply lands.
import { worker } from '../../client/worker-client';
import type { DatasetFilters } from '../../core/filters';
import type { RootCause } from '../../core/cases';
import type { AccountSortKey } from '../../worker/playbook-api';
import type { WorkerApi } from '../../worker/api';

type Reply<K extends keyof WorkerApi> = Awaited<ReturnType<WorkerApi[K]>>;
export type AccountsPage = Reply<'accountsPage'>;
export type AccountDetail = Reply<'accountDetail'>;
export type CasesList = Reply<'casesList'>;
export type WinBackView = NonNullable<Reply<'winBackView'>>;

const SEARCH_DEBOUNCE_MS = 250;

export class AccountsList {
	page = $state.raw<AccountsPage | null>(null);
	query = $state('');
	sort = $state<AccountSortKey>('id');
	descending = $state(false);
	pageIndex = $state(0);
	/** The URL's filters, set by the view before each load. */
	filters: DatasetFilters = {};
	private stamp = 0;
	private timer: ReturnType<typeof setTimeout> | undefined;

	async load(): Promise<void> {
		const stamp = ++this.stamp;
		const page = await worker().accountsPage({
			query: this.query,
			sort: this.sort,
			descending: this.descending,
			page: this.pageIndex,
			pageSize: 50,
			filters: this.filters
		});
		if (stamp === this.stamp) this.page = page;
	}

	search(query: string): void {
		this.query = query;
		this.pageIndex = 0;
		clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.load(), SEARCH_DEBOUNCE_MS);
	}

	sortBy(key: AccountSortKey): void {
		if (this.sort === key) this.descending = !this.descending;
		else {
			this.sort = key;
			this.descending = key === 'mrr';
		}
		this.pageIndex = 0;
		void this.load();
	}

	goTo(pageIndex: number): void {
		this.pageIndex = pageIndex;
		void this.load();
	}
}

export class AccountPage {
	detail = $state.raw<AccountDetail | null>(null);
	saved = $state<number | null>(null);
	private stamp = 0;

	async load(accountId: string): Promise<void> {
		const stamp = ++this.stamp;
		const detail = await worker().accountDetail({ accountId });
		if (stamp === this.stamp) this.detail = detail;
	}

	async saveCase(accountId: string, rootCause: RootCause, notes: string): Promise<boolean> {
		const outcome = await worker().caseSave({ accountId, rootCause, notes });
		if (!outcome.ok) return false;
		this.saved = outcome.id;
		await this.load(accountId);
		return true;
	}
}

export class CaseLibrary {
	list = $state.raw<CasesList | null>(null);
	query = $state('');
	rootCause = $state<RootCause | null>(null);
	savedId = $state<number | null>(null);
	private stamp = 0;

	async load(): Promise<void> {
		const stamp = ++this.stamp;
		const list = await worker().casesList({ query: this.query, rootCause: this.rootCause });
		if (stamp === this.stamp) this.list = list;
	}

	async update(id: number, notes: string, rootCause: RootCause): Promise<void> {
		const outcome = await worker().caseUpdate({ id, notes, rootCause });
		if (outcome.ok) this.savedId = id;
		await this.load();
	}

	async remove(id: number): Promise<void> {
		await worker().caseDelete({ id });
		await this.load();
	}
}

export class WinBack {
	view = $state.raw<WinBackView | null>(null);
	loaded = $state(false);

	filters: DatasetFilters = {};
	private stamp = 0;

	async load(): Promise<void> {
		const stamp = ++this.stamp;
		const view = await worker().winBackView({ limit: 200, filters: this.filters });
		if (stamp !== this.stamp) return;
		this.view = view;
		this.loaded = true;
	}

	/** Every row of the list (under the same filters), for the CSV. */
	async allRows(): Promise<WinBackView['rows']> {
		const all = await worker().winBackView({
			limit: Number.MAX_SAFE_INTEGER,
			filters: this.filters
		});
		return all?.rows ?? [];
	}
}
