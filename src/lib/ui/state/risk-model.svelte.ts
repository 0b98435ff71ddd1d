// The model view's state: training options, the running job (progress, cancel), the latest
// result, and the at-risk list query with its latest page (latest wins).
import { proxy, worker } from '../../client/worker-client';
import type { DatasetFilters } from '../../core/filters';
import type {
	RiskListResult,
	RiskProgress,
	RiskSetup,
	RiskSort,
	RiskTrainRequest,
	RiskTrainResult
} from '../../worker/risk-api';

export const RISK_PAGE_SIZE = 25;

export class ModelState {
	setup = $state.raw<RiskSetup | null>(null);
	kind = $state<'dated' | 'snapshot'>('dated');
	horizonDays = $state(90);
	/** '' = the imported churned flag; else an attribute name. */
	label = $state('');
	/** Columns the person unticked. */
	unticked = $state.raw<string[]>([]);
	folds = $state(5);

	progress = $state.raw<RiskProgress | null>(null);
	result = $state.raw<RiskTrainResult | null>(null);
	private jobId: string | null = null;
	private jobCount = 0;

	search = $state('');
	segment = $state('');
	minRiskPercent = $state(0);
	sort = $state<RiskSort>('risk');
	descending = $state(true);
	offset = $state(0);
	list = $state.raw<RiskListResult | null>(null);

	training = $derived(this.progress !== null);
	view = $derived(this.result?.ok ? this.result.view : null);

	private setupStamp = 0;
	/** Data version and filters the setup (and any result) belongs to. */
	private setupKey = '';
	private listStamp = 0;

	async loadSetup(filters: DatasetFilters, dataVersion: number | undefined): Promise<void> {
		const request = { filters: $state.snapshot(filters) as DatasetFilters };
		const stamp = ++this.setupStamp;
		if (dataVersion === undefined) return;
		const setup = await worker().riskSetup(request);
		if (stamp !== this.setupStamp) return;
		const key = `${setup.dataVersion}|${JSON.stringify(request.filters)}`;
		const changed = key !== this.setupKey;
		this.setupKey = key;
		this.setup = setup;
		if (changed) {
			// New data or filters: the old result no longer describes them.
			this.result = null;
			this.list = null;
			this.kind = setup.dated ? 'dated' : 'snapshot';
			this.label = setup.labels.some((l) => l.name === null) ? '' : (setup.labels[0]?.name ?? '');
			this.unticked = [];
		}
	}

	toggleFeature(name: string, on: boolean): void {
		this.unticked = on ? this.unticked.filter((n) => n !== name) : [...this.unticked, name];
	}

	/** Feature columns offered for the chosen label: usable ones, the label itself excluded. */
	usableColumns = $derived(
		(this.setup?.columns ?? []).filter((c) => c.dropped === null && c.name !== this.label)
	);
	droppedColumns = $derived(
		(this.setup?.columns ?? []).filter((c) => c.dropped !== null && c.name !== this.label)
	);

	async train(filters: DatasetFilters): Promise<void> {
		if (this.jobId) return;
		const jobId = `risk-${++this.jobCount}-${Date.now()}`;
		this.jobId = jobId;
		const base = { jobId, filters: $state.snapshot(filters) as DatasetFilters };
		const request: RiskTrainRequest =
			this.kind === 'dated'
				? { ...base, kind: 'dated', horizonDays: this.horizonDays }
				: {
						...base,
						kind: 'snapshot',
						label: this.label === '' ? null : this.label,
						features: this.usableColumns
							.map((c) => c.name)
							.filter((n) => !this.unticked.includes(n)),
						folds: this.folds
					};
		this.progress = { step: 'features', done: 0, total: 1 };
		try {
			const result = await worker().riskTrain(
				request,
				proxy((p: RiskProgress) => {
					if (this.jobId === jobId) this.progress = p;
				})
			);
			this.result = result;
			this.offset = 0;
		} finally {
			this.jobId = null;
			this.progress = null;
		}
	}

	async cancel(): Promise<void> {
		if (this.jobId) await worker().riskCancel({ jobId: this.jobId });
	}

	private listRequest() {
		return {
			key: this.view?.key ?? '',
			search: this.search,
			segment: this.segment === '' ? null : this.segment,
			minRisk: Math.max(0, Math.min(100, this.minRiskPercent || 0)) / 100,
			sort: this.sort,
			descending: this.descending
		};
	}

	async loadList(): Promise<void> {
		const request = { ...this.listRequest(), offset: this.offset, limit: RISK_PAGE_SIZE };
		const stamp = ++this.listStamp;
		if (request.key === '') {
			this.list = null;
			return;
		}
		const list = await worker().riskList(request);
		if (stamp !== this.listStamp) return;
		this.list = list;
	}

	sortBy(column: RiskSort): void {
		if (this.sort === column) this.descending = !this.descending;
		else {
			this.sort = column;
			this.descending = column === 'risk';
		}
		this.offset = 0;
	}

	async csv(): Promise<string | null> {
		const request = this.listRequest();
		return request.key === '' ? null : worker().riskCsv(request);
	}
}
