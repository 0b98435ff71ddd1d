// The analytics, model and rules benchmarks, independent of where they run: the bench worker
// (bench/page/bench-worker.ts) runs them in Chromium against a real IndexedDB; Node can run them
// against fake-indexeddb to try changes. Data goes in as a person's would: generated CSV text
// through the real import pipeline (runImport), then commitBatch. Every figure is timed with
// performance.now() around one call, repeated; `first` runs on a freshly built dataset, so it
// includes the indexes the core functions build once per dataset (customer base, rule index).
import { cohortRetention } from '../src/lib/core/cohorts';
import { buildDataset } from '../src/lib/core/dataset';
import { monthIndexOfDay } from '../src/lib/core/dates';
import { datedChurnModel } from '../src/lib/core/evaluation';
import { featureIndexOf, trainingSet } from '../src/lib/core/features';
import { kpis } from '../src/lib/core/kpis';
import { defaultPlaybook, evaluateRules } from '../src/lib/core/playbook';
import { playbookBacktest } from '../src/lib/core/rule-backtest';
import { survivalBySegment } from '../src/lib/core/survival';
import type { Dataset } from '../src/lib/core/types';
import { commitBatch, readCommittedSnapshot } from '../src/lib/db/batches';
import type { ChurnDb } from '../src/lib/db/ChurnDb';
import { runImport, type ByteSource } from '../src/lib/import/pipeline';
import { previewCsv } from '../src/lib/import/preview';
import { workspaceCsv, type WorkspaceFile } from './workspace-csv';

export interface Timing {
	/** Seconds of the first call. */
	first: number;
	/** Median seconds over all calls. */
	median: number;
	all: number[];
}

export interface CoreBenchOptions {
	openDb: (name: string) => ChurnDb;
	/** Accounts of the analytics and rules workspace (default 100,000). */
	accounts?: number;
	/** Stored activity rows of that workspace (default 1,000,000). */
	activityRollups?: number;
	/** Accounts of the model workspace (default 20,000; 24 months). */
	modelAccounts?: number;
	repeats?: number;
	/** Last day of the generated histories. */
	endDay: number;
	log?: (line: string) => void;
	/**
	 * The database of the 100,000-account workspace (default: a unique name). The browser bench
	 * passes the app's own name, so the app opened afterwards in the same profile shows it.
	 */
	mainDbName?: string;
	/** Extra timings on the loaded workspaces (the worker API, when it exists). */
	extra?: (workspace: 'main' | 'model', dbName: string) => Promise<unknown>;
}

const now = () => performance.now();
const round = (n: number, digits = 3) => Number(n.toFixed(digits));

function timingOf(all: number[]): Timing {
	const sorted = [...all].sort((a, b) => a - b);
	return {
		first: round(all[0]),
		median: round(sorted[Math.floor((sorted.length - 1) / 2)]),
		all: all.map((x) => round(x))
	};
}

/** Runs `f` `repeats` times; `setup` (not timed) runs before each call. */
async function timed<S, R>(
	repeats: number,
	setup: () => S | Promise<S>,
	f: (state: S) => R | Promise<R>
): Promise<{ timing: Timing; last: R }> {
	const all: number[] = [];
	let last!: R;
	for (let i = 0; i < repeats; i++) {
		const state = await setup();
		const t = now();
		last = await f(state);
		all.push((now() - t) / 1000);
	}
	return { timing: timingOf(all), last };
}

function textSource(text: string): ByteSource {
	const bytes = new TextEncoder().encode(text);
	const chunk = 1 << 20;
	return {
		size: bytes.length,
		async *chunks() {
			for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
		}
	};
}

interface LoadedFile {
	entity: string;
	rows: number;
	megabytes: number;
	storedRows: number;
	importSeconds: number;
	commitSeconds: number;
}

/** Imports the files through runImport and commits each as one batch. */
async function loadWorkspace(db: ChurnDb, files: WorkspaceFile[]): Promise<LoadedFile[]> {
	const out: LoadedFile[] = [];
	for (const f of files) {
		const source = textSource(f.text);
		const head = new Uint8Array(256 * 1024);
		let filled = 0;
		for await (const c of source.chunks()) {
			const n = Math.min(c.length, head.length - filled);
			head.set(c.subarray(0, n), filled);
			filled += n;
			if (filled === head.length) break;
		}
		const preview = previewCsv(head.subarray(0, filled), { isWholeFile: filled === source.size });
		if (!preview.ok) throw new Error(`${f.fileName}: preview ${preview.code}`);
		const t = now();
		const outcome = await runImport(source, {
			entity: f.entity,
			mapping: preview.mapping,
			encoding: preview.encoding,
			delimiter: preview.delimiter,
			dateOrders: preview.dateOrders,
			headers: preview.headers,
			currency: 'USD'
		});
		const imported = now();
		if (!outcome.ok) throw new Error(`${f.fileName}: import ${outcome.code}`);
		if (outcome.rowsRejected > 0)
			throw new Error(
				`${f.fileName}: ${outcome.rowsRejected} rows rejected, first ${JSON.stringify(outcome.rejects[0])}`
			);
		const committed = await commitBatch(
			db,
			{
				fileName: f.fileName,
				entity: f.entity,
				// Unique per run: the bench measures writing, not the duplicate check.
				sha256: `bench-${f.fileName}-${Date.now()}-${Math.random()}`,
				sizeBytes: source.size,
				encoding: outcome.encoding,
				mappingSignature: preview.headers.join('\u001f'),
				rowsRead: outcome.rowsRead,
				rowsAccepted: outcome.rowsAccepted,
				rowsRejected: outcome.rowsRejected,
				minDay: outcome.minDay,
				maxDay: outcome.maxDay
			},
			outcome.blocks
		);
		if (!committed.ok) throw new Error(`${f.fileName}: commit ${committed.code}`);
		out.push({
			entity: f.entity,
			rows: f.rows,
			megabytes: round(source.size / 1024 / 1024, 1),
			storedRows: outcome.blocks.reduce((n, b) => n + b.rowCount, 0),
			importSeconds: round((imported - t) / 1000),
			commitSeconds: round((now() - imported) / 1000)
		});
	}
	return out;
}

function countsOf(dataset: Dataset) {
	return {
		accounts: dataset.accounts.length,
		subscriptions: dataset.subscriptions.length,
		activity: dataset.activity.length,
		tickets: dataset.tickets.length,
		nps: dataset.nps.length
	};
}

/** Reading the committed blocks alone, and building the dataset from them: the baselines. */
async function baselinesOf(db: ChurnDb, repeats: number) {
	const read = await timed(
		repeats,
		() => null,
		() => readCommittedSnapshot(db)
	);
	const build = await timed(
		repeats,
		() => null,
		() => buildDataset(read.last.batches)
	);
	return { read, build, batches: read.last.batches };
}

const sum = (a: Timing, b: Timing): Timing => timingOf(a.all.map((x, i) => x + (b.all[i] ?? 0)));

export async function runCoreBench(options: CoreBenchOptions) {
	const log = options.log ?? (() => undefined);
	const repeats = options.repeats ?? 3;
	const accounts = options.accounts ?? 100_000;
	const result: Record<string, unknown> = {};

	// ---- The 100,000-account workspace: analytics and rules.
	log(`generating ${accounts} accounts…`);
	let t = now();
	const files = workspaceCsv({
		accounts,
		activityRollups: options.activityRollups ?? 1_000_000,
		endDay: options.endDay
	});
	const generateSeconds = round((now() - t) / 1000);
	const mainName = options.mainDbName ?? `churn-desk-bench-main-${Date.now()}`;
	const db = options.openDb(mainName);
	log('importing and committing…');
	t = now();
	const loaded = await loadWorkspace(db, files);
	const loadSeconds = round((now() - t) / 1000);
	files.length = 0; // let the CSV text go
	const base = await baselinesOf(db, repeats);
	const fresh = () => buildDataset(base.batches);
	const probe = fresh();
	const endDay = options.endDay;
	const endMonth = monthIndexOfDay(endDay) - 1; // the last full month
	result.workspace = {
		generateSeconds,
		loadSeconds,
		files: loaded,
		dataset: countsOf(probe)
	};
	const baseline = {
		readCommittedSnapshotSeconds: base.read.timing,
		buildDatasetSeconds: base.build.timing
	};

	log('analytics…');
	const overview = await timed(repeats, fresh, (ds) =>
		kpis(ds, { period: { startMonth: endMonth, endMonth }, seriesMonths: 24 })
	);
	const cohorts = await timed(repeats, fresh, (ds) =>
		cohortRetention(ds, {
			grain: 'month',
			basis: 'subscription',
			measure: 'logo',
			convention: 'exact'
		})
	);
	const survival = await timed(repeats, fresh, (ds) =>
		survivalBySegment(ds, { segmentBy: 'segment' })
	);
	result.analytics = {
		overviewKpisSeconds: overview.timing,
		cohortHeatmapSeconds: cohorts.timing,
		survivalSplitSeconds: survival.timing,
		...baseline,
		check: {
			mrrMinor: overview.last.totals.current.mrrMinor,
			payingAccounts: overview.last.totals.current.payingAccounts,
			cohorts: cohorts.last.groups[0]?.rows.length ?? null,
			accountsInCohorts: cohorts.last.accountsInScope,
			survivalGroups: survival.last.groups.length
		}
	};

	log('rules…');
	const rules = defaultPlaybook();
	const evaluate = await timed(repeats, fresh, (ds) => evaluateRules(ds, rules, endDay));
	const backtests = await timed(repeats, fresh, (ds) => playbookBacktest(ds, rules));
	// Both on one dataset, as the playbook screen needs them: the rule index is built once.
	const both = await timed(repeats, fresh, (ds) => {
		const evaluation = evaluateRules(ds, rules, endDay);
		return { evaluation, backtests: playbookBacktest(ds, rules) };
	});
	result.rules = {
		rulesAndBacktestsSeconds: both.timing,
		evaluateRulesSeconds: evaluate.timing,
		playbookBacktestSeconds: backtests.timing,
		...baseline,
		check: {
			rules: rules.length,
			alerts: evaluate.last.alerts.length,
			perRule: evaluate.last.rules.map((r) => ({
				rule: r.ruleId,
				status: r.status,
				alerts: r.alerts
			})),
			backtestsOk: backtests.last.filter((b) => b.status === 'ok').length
		}
	};
	if (options.extra) result.workerApiMain = await options.extra('main', mainName);
	db.close();

	// ---- The 20,000-account workspace over 24 months: the churn model.
	const modelAccounts = options.modelAccounts ?? 20_000;
	log(`model workspace: ${modelAccounts} accounts…`);
	const modelName = `churn-desk-bench-model-${Date.now()}`;
	const modelDb = options.openDb(modelName);
	const modelFiles = workspaceCsv({
		accounts: modelAccounts,
		activityRollups: Math.round(
			((options.activityRollups ?? 1_000_000) * modelAccounts) / accounts
		),
		endDay,
		seed: 11
	});
	const modelLoaded = await loadWorkspace(modelDb, modelFiles);
	const modelBase = await baselinesOf(modelDb, repeats);
	const modelFresh = () => buildDataset(modelBase.batches);
	const index = await timed(repeats, modelFresh, (ds) => featureIndexOf(ds));
	const training = await timed(
		repeats,
		() => {
			const ds = modelFresh();
			return { ds, index: featureIndexOf(ds) };
		},
		(s) => trainingSet(s.ds, s.index, { horizonDays: 90 })
	);
	const model = await timed(
		repeats,
		() => {
			const ds = modelFresh();
			return { ds, index: featureIndexOf(ds) };
		},
		(s) => datedChurnModel(s.ds, s.index, { horizonDays: 90 })
	);
	result.model = {
		trainingAndScoringSeconds: sum(index.timing, model.timing),
		featureIndexSeconds: index.timing,
		datedChurnModelSeconds: model.timing,
		trainingSetSeconds: training.timing,
		readCommittedSnapshotSeconds: modelBase.read.timing,
		buildDatasetSeconds: modelBase.build.timing,
		workspace: { files: modelLoaded, dataset: countsOf(modelFresh()) },
		check: {
			trainingRows: training.last.summary.rows,
			positives: training.last.summary.positives,
			snapshots: training.last.summary.snapshots.length,
			scoredAccounts: model.last.risks.length,
			holdoutRows: model.last.holdout.testRows,
			holdoutRocAuc: round(model.last.holdout.evaluation.roc.auc)
		}
	};
	if (options.extra) result.workerApiModel = await options.extra('model', modelName);
	modelDb.close();
	return result;
}
