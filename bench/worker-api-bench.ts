// The worker API methods the screens call, on a workspace the core bench loaded. Each method gets
// an API object of its own (createApi, as the app's worker does), so its first call pays for what
// a screen pays after a reload: reading the committed blocks and building the dataset, then the
// core work. Later calls show the per-dataVersion caches. Called by name and loosely typed on
// purpose: the areas' methods are still changing, and a method that is missing or fails is
// reported as such instead of stopping the bench.
import { defaultPlaybook } from '../src/lib/core/playbook';
import { ChurnDb } from '../src/lib/db/ChurnDb';
import { createApi } from '../src/lib/worker/api';

type Method = (request?: unknown, progress?: unknown) => Promise<unknown>;
type LooseApi = Record<string, Method | undefined>;

interface Call {
	/** Run once before timing: the screen as it was before the person's change. */
	warmup?: { method: string; request?: unknown }[];
	/** What the screen asks for; several calls make one figure (e.g. every rule's backtest). */
	steps: { method: string; request?: unknown }[];
}

const round = (n: number) => Number(n.toFixed(3));
/** A method whose first call takes longer than this runs twice only (cold, then warm). */
const SLOW_SECONDS = 20;

/** A short description of a reply that signals failure, or null for a success. */
function failureOf(reply: unknown): string | null {
	if (reply === null || reply === undefined) return 'no result';
	if (typeof reply === 'object' && 'ok' in reply && (reply as { ok: unknown }).ok === false)
		return `code ${String((reply as { code?: unknown }).code)}`;
	return null;
}

async function timeCall(dbName: string, call: Call, repeats: number) {
	let db: ChurnDb | null = null;
	const api = createApi({
		openDb: () => (db = new ChurnDb({ name: dbName }))
	}) as unknown as LooseApi;
	const missing = [...(call.warmup ?? []), ...call.steps]
		.filter((s) => typeof api[s.method] !== 'function')
		.map((s) => s.method);
	const all: number[] = [];
	try {
		if (missing.length > 0) return { missing };
		await (api.ready as Method)();
		for (const step of call.warmup ?? []) await (api[step.method] as Method)(step.request);
		for (let i = 0; i < repeats; i++) {
			const t = performance.now();
			for (const step of call.steps) {
				const reply = await (api[step.method] as Method)(step.request);
				const failure = failureOf(reply);
				if (failure) return { failed: `${step.method}: ${failure}` };
			}
			all.push((performance.now() - t) / 1000);
			// Keeps the whole bench within minutes when one method is very slow.
			if (all[0] > SLOW_SECONDS && all.length >= 2) break;
		}
	} catch (e) {
		return { error: e instanceof Error ? e.message : String(e) };
	} finally {
		(db as ChurnDb | null)?.close();
	}
	const sorted = [...all].sort((a, b) => a - b);
	return {
		first: round(all[0]),
		median: round(sorted[Math.floor((sorted.length - 1) / 2)]),
		all: all.map(round)
	};
}

export async function workerApiTimings(
	workspace: 'main' | 'model',
	dbName: string,
	repeats: number,
	endDay: number
): Promise<Record<string, unknown>> {
	void endDay;
	const calls: Record<string, Call> =
		workspace === 'main'
			? {
					overview: { steps: [{ method: 'overview' }] },
					analyticsOverview: { steps: [{ method: 'analyticsOverview', request: {} }] },
					// A filter change on a warm overview: the first figure is what the repaint waits
					// for (a new filtered copy of the dataset, then the KPIs); later ones are cached.
					analyticsOverviewFilterChange: {
						warmup: [{ method: 'analyticsOverview', request: {} }],
						steps: [
							{ method: 'analyticsOverview', request: { filters: { segments: ['Enterprise'] } } }
						]
					},
					retentionCohorts: {
						steps: [
							{
								method: 'retentionCohorts',
								request: {
									grain: 'month',
									basis: 'subscription',
									measure: 'logo',
									convention: 'exact',
									minCohortSize: 30
								}
							}
						]
					},
					retentionSurvival: {
						steps: [
							{
								method: 'retentionSurvival',
								request: { segmentBy: 'segment', source: 'auto', unit: 'month' }
							}
						]
					},
					alertInboxView: { steps: [{ method: 'alertInboxView' }] },
					playbookRuleBacktestAllDefaults: {
						steps: defaultPlaybook().map((rule) => ({
							method: 'playbookRuleBacktest',
							request: { rule }
						}))
					}
				}
			: {
					riskTrainDated90: {
						steps: [
							{ method: 'riskTrain', request: { jobId: 'bench', kind: 'dated', horizonDays: 90 } }
						]
					}
				};
	const out: Record<string, unknown> = {};
	for (const [name, call] of Object.entries(calls))
		out[name] = await timeCall(dbName, call, repeats);
	return out;
}
