// `npm run bench`: performance figures as JSON, each beside a baseline measured in the same run.
// Import baseline: PapaParse alone parsing the same file in a dedicated worker of headless
// Chromium (header: false, 1 MB chunks). The real pipeline measurement plugs into
// measureImportPipeline() below.
import { spawnSync } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	createProfileDir,
	launchChromium,
	launchPersistent,
	removeProfileDir
} from '../tests/e2e/chromium.js';
import { repoRoot, startStaticServer } from '../tests/e2e/static-server.js';
import { writeActivityCsv } from './activity-csv.mjs';
import {
	installLongTaskProbe,
	longTasks,
	startHeapSampler,
	startRendererMemorySampler,
	startWorkerHeapSampler
} from './probes.mjs';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const dataDir = process.env.CHURN_DESK_DATA ?? path.resolve(repoRoot, '../shared/data');
const MB = 1024 * 1024;
/** The app build the bench serves (never the shared build/, which others may be rebuilding). */
const appOut = path.resolve(repoRoot, process.env.CHURN_DESK_OUT ?? '.out/bench');
/** @param {string} line */
const log = (line) => process.stderr.write(`${line}\n`);

// An unknown switch Chromium ignores; it marks this run's browser so its renderers can be found.
const BROWSER_MARKER = `--churn-desk-bench=${process.pid}`;

const round = (n, digits = 2) => (n === null ? null : Number(n.toFixed(digits)));

/** Stand-ins for the memory samplers in a timed round: they report nothing. */
const NO_HEAP = { stop: async () => ({ peakBytes: 0, peakBackingBytes: 0, seen: false }) };
const NO_RSS = { stop: () => ({ peakBytes: 0 }) };

/**
 * PapaParse alone on `file` in a dedicated worker; the page receives the file through its file
 * input, as a person's pick would. With `sample`, the memory samplers run during the parse.
 * @param {import('playwright-core').Browser} browser
 * @param {import('../tests/e2e/static-server.js').StaticServer} server
 * @param {string} file
 * @param {{ sample?: boolean }} [options]
 */
async function measurePapaParseBaseline(browser, server, file, options = {}) {
	const context = await browser.newContext();
	await installLongTaskProbe(context);
	const page = await context.newPage();
	try {
		await page.goto(server.url('/__bench/'));
		await page.locator('#file').setInputFiles(file);
		const heap = options.sample ? await startHeapSampler(page) : NO_HEAP;
		const renderers = options.sample ? startRendererMemorySampler(BROWSER_MARKER) : NO_RSS;
		const result = await page.evaluate(
			() =>
				new Promise((resolve, reject) => {
					const input = /** @type {HTMLInputElement} */ (document.getElementById('file'));
					const worker = new Worker('./papaparse-worker.js');
					worker.onmessage = (event) =>
						event.data.error ? reject(new Error(event.data.error)) : resolve(event.data);
					worker.onerror = (event) => reject(new Error(event.message));
					worker.postMessage({ file: input.files[0] });
				})
		);
		const { peakBytes } = await heap.stop();
		const rendererPeak = renderers.stop().peakBytes;
		const tasks = await longTasks(page);
		const bytes = (await stat(file)).size;
		const seconds = result.ms / 1000;
		return {
			seconds: round(seconds, 3),
			// header: false counts the header row, and a final newline yields one empty row.
			rowsParsed: result.rows,
			rowsPerSecond: Math.round(result.rows / seconds),
			mbPerSecond: round(bytes / MB / seconds),
			peakPageHeapMB: options.sample ? round(peakBytes / MB, 1) : null,
			peakRendererRssMB: rendererPeak ? round(rendererPeak / MB, 0) : null,
			longestMainThreadTaskMs: round(tasks.longestMs, 0)
		};
	} finally {
		await context.close();
	}
}

// Installed in every page of the import context before its scripts: records when the overview
// card of the activity count first shows a number (performance.now() counts from the start of the
// navigation, so after a reload it is the time to the overview).
const OVERVIEW_PROBE = `(() => {
	const state = { activityShownMs: null, activityText: null };
	Object.defineProperty(globalThis, '__overview', { value: state });
	const look = () => {
		const value = document.querySelector('.card.count[data-entity="activity"] .value');
		const text = value ? value.textContent.trim() : '';
		if (state.activityShownMs === null && /[1-9]/.test(text)) {
			state.activityShownMs = performance.now();
			state.activityText = text;
		}
	};
	new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

// Installed on the import page right before the click on "Read file": time stamps of the clicks,
// of the review (the "Import N rows" button appears) and of the done status, and the review's
// rollup line (read here so that the bench clicks "Import" as soon as it can: the app writes
// the blocks while the review is shown, and time the bench spends reading the page would be
// counted nowhere).
const IMPORT_MARKS = () => {
	const marks = {};
	Object.defineProperty(globalThis, '__importMarks', { value: marks, configurable: true });
	document.addEventListener(
		'click',
		(event) => {
			const button = event.target instanceof Element ? event.target.closest('button') : null;
			const text = button?.textContent?.trim() ?? '';
			if (text === 'Read file') marks.readClicked ??= performance.now();
			if (/^Import [\d,]+ rows$/.test(text)) marks.confirmClicked ??= performance.now();
		},
		true
	);
	const look = () => {
		if (marks.review === undefined) {
			for (const b of document.querySelectorAll('button')) {
				if (/^Import [\d,]+ rows$/.test(b.textContent.trim())) {
					marks.review = performance.now();
					marks.confirmText = b.textContent.trim();
				}
			}
		}
		if (marks.rollupText === undefined) {
			const line = document.querySelector('li[data-parts]');
			if (line && /daily activity rows after rolling up/.test(line.textContent)) {
				marks.rollupText = line.textContent;
				marks.parts = Number(line.getAttribute('data-parts'));
			}
		}
		if (marks.done === undefined) {
			for (const s of document.querySelectorAll('[role="status"]')) {
				if (/^Imported /.test(s.textContent.trim())) marks.done = performance.now();
			}
		}
	};
	new MutationObserver(look).observe(document.body, {
		subtree: true,
		childList: true,
		characterData: true
	});
};

/** @param {string} text e.g. '1,234,567' */
const countOf = (text) => Number(String(text).replace(/[^0-9]/g, ''));
const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length === 0 ? null : s[Math.floor((s.length - 1) / 2)];
};

/**
 * The real import through the app UI, in a fresh on-disk profile: /import/, the file input,
 * "Read file", the review ("Import N rows"), confirm, the "Imported … rows" status. Time stamps
 * come from the page. With `reloads`, the page then opens the overview and is reloaded that many
 * times; each reload is timed from the navigation start to the activity count on its card. With
 * `sample`, the memory samplers run during the import.
 * @param {import('../tests/e2e/static-server.js').StaticServer} server
 * @param {string} file
 * @param {{ reloads?: number, sample?: boolean }} [options]
 */
async function measureImportPipeline(server, file, options = {}) {
	const profileDir = await createProfileDir();
	const marker = `${BROWSER_MARKER}-import`;
	const context = await launchPersistent(profileDir, { args: [marker], locale: 'en-US' });
	try {
		await installLongTaskProbe(context);
		await context.addInitScript(OVERVIEW_PROBE);
		const page = context.pages()[0] ?? (await context.newPage());
		const workerHeap = options.sample ? await startWorkerHeapSampler(page) : NO_HEAP;
		await page.goto(server.url('/import/'));
		await page.getByRole('heading', { name: 'Import CSV files' }).waitFor();
		await page.getByTestId('file-input').setInputFiles(file);
		const read = page.getByRole('button', { name: 'Read file' });
		await read.waitFor();
		// Online Retail's first rows do not tell day-first from month-first: answer as a person would.
		const dayFirst = page.getByRole('radio', { name: /^Day first/ });
		if ((await dayFirst.count()) > 0) await dayFirst.first().check();
		const entity = await page
			.getByLabel('This file holds')
			.inputValue()
			.catch(() => null);

		// The probe's self-check: a deliberate 120 ms task must show up, or a 0 below means nothing.
		// A task of the page's own (setTimeout), not the evaluation's: that is what a long task is.
		await page.evaluate(() => {
			setTimeout(() => {
				const until = performance.now() + 120;
				while (performance.now() < until);
			}, 0);
		});
		// Entries reach the observer some time after the task: wait for it (at most 5 s).
		await page
			.waitForFunction(() => (globalThis.__longTasks?.longestMs ?? 0) >= 100, null, {
				timeout: 5000
			})
			.catch(() => undefined);
		const selfCheckMs = (await longTasks(page)).longestMs;
		await page.evaluate(() => {
			const probe = globalThis.__longTasks;
			if (probe) Object.assign(probe, { longestMs: 0, count: 0, longestAt: null, frames: [] });
		});
		await page.evaluate(IMPORT_MARKS);
		const heap = options.sample ? await startHeapSampler(page) : NO_HEAP;
		const renderers = options.sample ? startRendererMemorySampler(marker) : NO_RSS;
		await read.click({ timeout: 30_000 });
		const confirm = page.getByRole('button', { name: /^Import [\d,]+ rows$/ });
		await confirm.waitFor({ timeout: 600_000 });
		await confirm.click();
		await page
			.getByRole('status')
			.filter({ hasText: /^Imported / })
			.waitFor({ timeout: 600_000 });
		const marks = await page.evaluate(() => ({ ...globalThis.__importMarks }));
		const rollupText = marks.rollupText ?? null;
		// 2 when the app read the file in two parts at once (import/split.ts).
		const parts = marks.parts ?? null;
		const tasks = await longTasks(page);
		const pageHeap = await heap.stop();
		const worker = await workerHeap.stop();
		const rendererPeak = renderers.stop().peakBytes;

		const bytes = (await stat(file)).size;
		const readSeconds = (marks.review - marks.readClicked) / 1000;
		const commitSeconds = (marks.done - marks.confirmClicked) / 1000;
		const seconds = readSeconds + commitSeconds;
		const rowsAccepted = countOf(marks.confirmText ?? '');
		const result = {
			seconds: round(seconds, 3),
			readToReviewSeconds: round(readSeconds, 3),
			confirmToDoneSeconds: round(commitSeconds, 3),
			// Not counted above: the review shown, waiting for the click (the blocks are written
			// meanwhile). wallSeconds is click on "Read file" to done, that wait included.
			reviewToConfirmSeconds: round((marks.confirmClicked - marks.review) / 1000, 3),
			wallSeconds: round((marks.done - marks.readClicked) / 1000, 3),
			rowsAccepted,
			rowsPerSecond: Math.round(rowsAccepted / seconds),
			mbPerSecond: round(bytes / MB / seconds),
			rollupRows: rollupText === null ? null : countOf(rollupText),
			partsReadAtOnce: parts,
			peakPageHeapMB: options.sample ? round(pageHeap.peakBytes / MB, 1) : null,
			peakWorkerHeapMB: worker.seen ? round(worker.peakBytes / MB, 1) : null,
			peakWorkerBackingStorageMB: worker.seen ? round(worker.peakBackingBytes / MB, 1) : null,
			peakRendererRssMB: rendererPeak ? round(rendererPeak / MB, 0) : null,
			longestMainThreadTaskMs: round(tasks.longestMs, 0),
			mainThreadLongTasks: tasks.count,
			// What the longest task was: when it started (seconds after the click on "Read file")
			// and the scripts of its animation frame.
			longestTaskAfterClickSeconds:
				tasks.longestAt === null ? null : round((tasks.longestAt - marks.readClicked) / 1000, 3),
			longestTaskScripts: tasks.longestScripts,
			longTaskProbeSelfCheckMs: round(selfCheckMs, 0),
			entityChosen: entity
		};
		if (options.reloads) {
			await page.goto(server.url('/'));
			await page.waitForFunction(() => globalThis.__overview?.activityShownMs !== null);
			const times = [];
			let shown = null;
			for (let i = 0; i < options.reloads; i++) {
				await page.reload();
				await page.waitForFunction(() => globalThis.__overview?.activityShownMs !== null, null, {
					timeout: 60_000
				});
				const o = await page.evaluate(() => ({ ...globalThis.__overview }));
				times.push(o.activityShownMs / 1000);
				shown = o.activityText;
			}
			result.reload = {
				firstSeconds: round(times[0], 3),
				medianSeconds: round(median(times), 3),
				allSeconds: times.map((t) => round(t, 3)),
				activityCountShown: shown
			};
		}
		return result;
	} finally {
		await context.close();
		await removeProfileDir(profileDir);
	}
}

// Installed in the core bench's context once its worker has filled the app's database: time
// stamps (performance.now(), from the navigation start) of the overview's steps after a reload.
// The shell (nav), the workspace counts (the worker's overview: read and build the dataset), the
// KPI cards (analyticsOverview on that dataset, then rendering), and the frame after the cards:
// a rAF callback runs before the frame's paint, a task queued from it runs after.
const OVERVIEW_KPI_PROBE = `(() => {
	const marks = {
		shellMs: null, countsMs: null, kpisMs: null, kpisPaintedMs: null,
		accountsText: null, activeCustomersText: null
	};
	Object.defineProperty(globalThis, '__overviewKpis', { value: marks });
	const shown = (selector) => {
		const el = document.querySelector(selector);
		const text = el ? el.textContent.trim() : '';
		return /[1-9]/.test(text) ? text : null;
	};
	const look = () => {
		const now = performance.now();
		if (marks.shellMs === null && document.querySelector('nav.side')) marks.shellMs = now;
		if (marks.countsMs === null) {
			const text = shown('.card.count[data-entity="accounts"] .value');
			if (text) Object.assign(marks, { countsMs: now, accountsText: text });
		}
		if (marks.kpisMs === null) {
			const text = shown('.card.kpi[data-kpi="activeCustomers"] .value');
			if (text) {
				Object.assign(marks, { kpisMs: now, activeCustomersText: text });
				observer.disconnect();
				requestAnimationFrame(() => setTimeout(() => (marks.kpisPaintedMs = performance.now()), 0));
			}
		}
	};
	const observer = new MutationObserver(look);
	observer.observe(document, { subtree: true, childList: true, characterData: true });
})();`;

/**
 * The app's overview on the workspace the core bench left in the app's database (same origin,
 * same profile): one first visit (warm-up: HTTP cache, service worker, compiled code), then
 * `reloads` reloads, each timed from the navigation start to the painted KPI cards.
 * @param {import('playwright-core').Page} page
 * @param {import('../tests/e2e/static-server.js').StaticServer} server
 * @param {number} reloads
 */
async function measureOverviewAfterReload(page, server, reloads) {
	const context = page.context();
	await installLongTaskProbe(context);
	await context.addInitScript(OVERVIEW_KPI_PROBE);
	const painted = () => (globalThis.__overviewKpis?.kpisPaintedMs ?? null) !== null;
	const marksOf = async () => {
		const m = await page.evaluate(() => ({ ...globalThis.__overviewKpis }));
		const s = (ms) => (ms === null ? null : round(ms / 1000, 3));
		return {
			seconds: s(m.kpisPaintedMs),
			shellSeconds: s(m.shellMs),
			countsSeconds: s(m.countsMs),
			kpisInDomSeconds: s(m.kpisMs),
			longestMainThreadTaskMs: round((await longTasks(page)).longestMs, 0),
			accountsText: m.accountsText,
			activeCustomersText: m.activeCustomersText
		};
	};
	try {
		await page.goto(server.url('/'));
		await page.waitForFunction(painted, null, { timeout: 300_000 });
		const warmUp = await marksOf();
		const runs = [];
		for (let i = 0; i < reloads; i++) {
			await page.reload();
			await page.waitForFunction(painted, null, { timeout: 120_000 });
			runs.push(await marksOf());
		}
		const times = runs.map((r) => r.seconds);
		const last = runs[runs.length - 1];
		return {
			firstSeconds: times[0],
			medianSeconds: round(median(times), 3),
			allSeconds: times,
			accountsShown: last.accountsText === null ? null : countOf(last.accountsText),
			activeCustomersShown: last.activeCustomersText,
			warmUpFirstVisitSeconds: warmUp.seconds,
			steps: runs.map(({ accountsText, activeCustomersText, ...steps }) => steps)
		};
	} catch (e) {
		// Reported instead of thrown: the core figures measured before stay in the report.
		return { error: e instanceof Error ? e.message : String(e) };
	}
}

/** Last day of the synthetic histories: fixed, so runs on different days compare. */
const CORE_END_DAY = Date.UTC(2026, 9, 31) / 86_400_000;

/**
 * Analytics, model and rules: the bench bundle's page (.out/bench-lib) starts its worker, which
 * generates the synthetic workspaces, imports and commits them into IndexedDB through the real
 * pipeline and times the core functions and the worker API methods. The 100k workspace goes into
 * the app's own database, so the app's overview is then timed after a reload in the same
 * throw-away on-disk profile (locale en-US, as the import runs).
 * @param {import('../tests/e2e/static-server.js').StaticServer} server
 */
async function measureCoreInWorker(server) {
	const profileDir = await createProfileDir();
	const context = await launchPersistent(profileDir, {
		args: [`${BROWSER_MARKER}-core`],
		locale: 'en-US'
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		page.on('console', (message) => {
			if (message.text().startsWith('[core bench]')) log(`  ${message.text().slice(13)}`);
		});
		const workerHeap = await startWorkerHeapSampler(page, 250);
		await page.goto(server.url('/__bench-lib/lib.html'));
		const result = await page.evaluate((options) => globalThis.runCoreBench(options), {
			accounts: 100_000,
			activityRollups: 1_000_000,
			modelAccounts: 20_000,
			repeats: 3,
			endDay: CORE_END_DAY
		});
		const heap = await workerHeap.stop();
		log('  the app: overview first paint after a reload, on the same workspace…');
		const overviewReload = await measureOverviewAfterReload(page, server, 3);
		return {
			...result,
			overviewReload,
			peakWorkerHeapMB: heap.seen ? round(heap.peakBytes / MB, 1) : null,
			peakWorkerBackingStorageMB: heap.seen ? round(heap.peakBackingBytes / MB, 1) : null
		};
	} finally {
		await context.close();
		await removeProfileDir(profileDir);
	}
}

/** Timed rounds of PapaParse alone then the app's import of the same file (BENCH_IMPORT_ROUNDS). */
const IMPORT_ROUNDS = Math.max(1, Number(process.env.BENCH_IMPORT_ROUNDS ?? 3));

/**
 * PapaParse alone and the app's import of `file`, alternating, IMPORT_ROUNDS times: one run of
 * each swings by a third on this machine (the baseline took 0.78 to 1.08 s on a quiet machine).
 * Each figure is the median round's (by total seconds); the longest main-thread task is the
 * worst of all rounds; every round's seconds are kept. The overview reloads are measured after
 * the first round's import.
 *
 * The timed rounds run without the memory samplers, and one more round of each, not timed,
 * runs with them: polling the heaps through CDP and running `ps` every 100 ms took CPU from an
 * import that keeps both cores busy (the 1M import's median round: 6.5 and 7.1 s with them, 4.9
 * to 6.0 s without, on this 2-core machine on 2026-12-02; docs/BENCH.md has the runs). The peak heaps
 * and memory come from that round; its seconds are kept beside them (`memoryRound`), so the cost
 * of watching stays visible.
 * @param {import('playwright-core').Browser} browser
 * @param {import('../tests/e2e/static-server.js').StaticServer} server
 * @param {string} file
 * @param {string} label
 * @param {number} [reloads]
 */
async function importRounds(browser, server, file, label, reloads = 0) {
	const baselines = [];
	const pipelines = [];
	for (let r = 0; r < IMPORT_ROUNDS; r++) {
		log(`${label}: PapaParse alone (round ${r + 1} of ${IMPORT_ROUNDS})…`);
		baselines.push(await measurePapaParseBaseline(browser, server, file));
		log(`${label}: the app import through the UI (round ${r + 1} of ${IMPORT_ROUNDS})…`);
		pipelines.push(
			await measureImportPipeline(server, file, r === 0 && reloads > 0 ? { reloads } : {})
		);
	}
	log(`${label}: both again with the memory samplers (not timed)…`);
	const sampledBaseline = await measurePapaParseBaseline(browser, server, file, { sample: true });
	const sampled = await measureImportPipeline(server, file, { sample: true });
	const middle = (runs) =>
		[...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor((runs.length - 1) / 2)];
	const worst = (key) => {
		const values = pipelines.map((p) => p[key]).filter((v) => typeof v === 'number');
		return values.length > 0 ? Math.max(...values) : null;
	};
	// The round with the longest task, for what that task was.
	const worstTask = pipelines.reduce((a, b) =>
		(b.longestMainThreadTaskMs ?? 0) > (a.longestMainThreadTaskMs ?? 0) ? b : a
	);
	return {
		baseline: {
			...middle(baselines),
			peakPageHeapMB: sampledBaseline.peakPageHeapMB,
			peakRendererRssMB: sampledBaseline.peakRendererRssMB
		},
		pipeline: {
			...middle(pipelines),
			longestMainThreadTaskMs: worst('longestMainThreadTaskMs'),
			mainThreadLongTasks: worst('mainThreadLongTasks'),
			longestTaskAfterClickSeconds: worstTask.longestTaskAfterClickSeconds,
			longestTaskScripts: worstTask.longestTaskScripts,
			peakPageHeapMB: sampled.peakPageHeapMB,
			peakWorkerHeapMB: sampled.peakWorkerHeapMB,
			peakWorkerBackingStorageMB: sampled.peakWorkerBackingStorageMB,
			peakRendererRssMB: sampled.peakRendererRssMB,
			memoryRound: {
				seconds: sampled.seconds,
				baselinePapaParseSeconds: sampledBaseline.seconds,
				ratio: round(sampled.seconds / sampledBaseline.seconds, 2),
				longestMainThreadTaskMs: sampled.longestMainThreadTaskMs
			},
			reload: pipelines[0].reload,
			rounds: {
				importSeconds: pipelines.map((p) => p.seconds),
				baselinePapaParseSeconds: baselines.map((b) => b.seconds),
				ratios: pipelines.map((p, i) => round(p.seconds / baselines[i].seconds, 2)),
				longestMainThreadTaskMs: pipelines.map((p) => p.longestMainThreadTaskMs)
			}
		}
	};
}

/** When and in which scripts the longest task of an import ran, for the summary. */
const taskOf = (run) =>
	run.longestTaskAfterClickSeconds === null || run.longestTaskAfterClickSeconds === undefined
		? ''
		: `, ${run.longestTaskAfterClickSeconds} s after the click: ${run.longestTaskScripts.join(', ') || 'no script'}`;

/** A few lines for people: each figure beside its baseline and its target. */
function summaryOf(report) {
	const lines = [];
	const a = report.import.activity1M;
	if (a) {
		lines.push(
			`import 1M activity: ${a.seconds} s (read to review ${a.readToReviewSeconds} s + confirm to done ${a.confirmToDoneSeconds} s), ` +
				`PapaParse alone ${a.baselinePapaParseSeconds} s: ratio ${a.ratio} (target <= 2); ` +
				`medians of ${a.rounds.importSeconds.length} rounds, each round's ratio ${a.rounds.ratios.join(', ')}`
		);
		lines.push(
			`  longest main-thread task ${a.longestMainThreadTaskMs} ms (target <= 50; each round's ${a.rounds.longestMainThreadTaskMs.join(', ')})${taskOf(a)}; peak JS heap page ${a.peakPageHeapMB} MB, worker ${a.peakWorkerHeapMB} MB (target < 600), ` +
				`in a round with the memory samplers on (${a.memoryRound.seconds} s, ratio ${a.memoryRound.ratio})`
		);
		const r = report.import.onlineRetail;
		if (r.skipped) lines.push(`import Online Retail: skipped (${r.skipped})`);
		else
			lines.push(
				`import Online Retail: ${r.seconds} s, PapaParse alone ${r.baselinePapaParseSeconds} s: ratio ${r.ratio}; longest task ${r.longestMainThreadTaskMs} ms${taskOf(r)}; worker heap ${r.peakWorkerHeapMB} MB`
			);
		lines.push(`reload to overview: ${report.import.reloadOverviewSeconds} s (target < 1.5)`);
	}
	const t = (timing) => (timing ? `first ${timing.first} s, median ${timing.median} s` : 'n/a');
	const an = report.analytics;
	if (an) {
		lines.push(
			`baselines (100k workspace): readCommittedSnapshot ${t(an.readCommittedSnapshotSeconds)}; buildDataset ${t(an.buildDatasetSeconds)}`
		);
		lines.push(`overview KPIs: ${t(an.overviewKpisSeconds)} (target < 1)`);
		lines.push(`cohort heatmap: ${t(an.cohortHeatmapSeconds)} (target < 0.3)`);
		lines.push(`survival split: ${t(an.survivalSplitSeconds)} (target < 0.3)`);
		const o = an.overviewFirstPaintAfterReload;
		if (o?.error)
			lines.push(`overview first paint after reload (100k workspace): failed (${o.error})`);
		else if (o)
			lines.push(
				`overview first paint after reload (100k workspace): first ${o.firstSeconds} s, median ${o.medianSeconds} s (target < 2); ` +
					`reading the rows from IndexedDB alone ${t(o.readCommittedSnapshotSeconds)}`
			);
	}
	if (report.rules)
		lines.push(`rules + backtests: ${t(report.rules.rulesAndBacktestsSeconds)} (target < 2)`);
	if (report.model) {
		lines.push(
			`model training + scoring (20k x 24 months): ${t(report.model.trainingAndScoringSeconds)} (target < 5); trainingSet alone ${t(report.model.trainingSetSeconds)}`
		);
	}
	lines.push(`bench took ${report.benchSeconds} s`);
	return lines.join('\n');
}

/**
 * Builds what the bench serves, unless BENCH_SKIP_BUILD=1: the app into $CHURN_DESK_OUT/build
 * (default .out/bench: never the shared build/) and the bench-only bundle into .out/bench-lib.
 * Their output is kept off stdout (shown on stderr only when a build fails): stdout is one JSON document.
 */
function buildAll() {
	if (process.env.BENCH_SKIP_BUILD === '1') return;
	const run = (args, env) => {
		log(
			`building: npx ${args.join(' ')}${env.CHURN_DESK_OUT ? ` (CHURN_DESK_OUT=${env.CHURN_DESK_OUT})` : ''}`
		);
		// Quiet unless it fails: the summary at the end of stderr is what a person reads.
		const result = spawnSync('npx', args, {
			cwd: repoRoot,
			env: { ...process.env, ...env },
			encoding: 'utf8',
			maxBuffer: 64 * 1024 * 1024
		});
		if (result.status !== 0) {
			process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
			throw new Error(`npx ${args.join(' ')} failed`);
		}
	};
	run(['vite', 'build'], { CHURN_DESK_OUT: path.relative(repoRoot, appOut) || '.' });
	run(['vite', 'build', '--config', 'bench/vite.bench.config.ts'], {});
}

async function main() {
	const startedAt = performance.now();
	buildAll();
	const tmp = path.join(os.tmpdir(), 'churn-desk-bench');
	await mkdir(tmp, { recursive: true });
	const activityFile = path.join(tmp, 'activity-1m.csv');
	const generatedAt = performance.now();
	const activity = await writeActivityCsv(activityFile);
	const generateSeconds = (performance.now() - generatedAt) / 1000;

	const server = await startStaticServer({
		root: path.join(appOut, 'build'),
		mounts: [
			{ prefix: '/__bench/', dir: path.join(benchDir, 'page') },
			{ prefix: '/__bench-lib/', dir: path.join(repoRoot, '.out/bench-lib'), csp: null },
			{ prefix: '/__vendor/papaparse/', dir: path.join(repoRoot, 'node_modules/papaparse') }
		]
	});
	const browser = await launchChromium([BROWSER_MARKER]);
	try {
		const report = {
			date: new Date().toISOString(),
			machine: {
				cpus: os.cpus().length,
				cpuModel: os.cpus()[0]?.model ?? null,
				memoryGB: round(os.totalmem() / 1024 ** 3, 1),
				node: process.version,
				chromium: browser.version(),
				// Other work on the machine skews every figure: compare runs at a similar load.
				loadAverage1mAtStart: round(os.loadavg()[0], 2),
				loadAverage1mAtEnd: null
			},
			import: {},
			analytics: null,
			model: null,
			rules: null
		};
		const withBaseline = (pipeline, baseline) => ({
			...pipeline,
			baselinePapaParseSeconds: baseline.seconds,
			ratio: round(pipeline.seconds / baseline.seconds, 2),
			baseline
		});
		// BENCH_ONLY=import or BENCH_ONLY=core runs one half (to try a change; the report says so).
		const only = process.env.BENCH_ONLY ?? null;
		if (only) report.only = only;
		if (only !== 'core') {
			const activityRounds = await importRounds(browser, server, activityFile, 'activity 1M', 3);
			const { reload, ...activityImport } = activityRounds.pipeline;
			const activityBaseline = activityRounds.baseline;
			report.import.activity1M = {
				file: {
					rows: activity.rows,
					accounts: 100_000,
					megabytes: round(activity.bytes / MB, 1),
					generateSeconds: round(generateSeconds, 2)
				},
				...withBaseline(activityImport, activityBaseline)
			};
			const retail = path.join(dataDir, 'online_retail_comma_utf8bom.csv');
			const retailStat = await stat(retail).catch(() => null);
			if (retailStat) {
				const { baseline, pipeline } = await importRounds(browser, server, retail, 'Online Retail');
				report.import.onlineRetail = {
					file: { megabytes: round(retailStat.size / MB, 1) },
					...withBaseline(pipeline, baseline)
				};
			} else {
				report.import.onlineRetail = { skipped: `no ${retail} (set CHURN_DESK_DATA)` };
			}
			report.import.reloadOverviewSeconds = reload?.firstSeconds ?? null;
			report.import.reloadOverview = reload ?? null;
		}
		if (only !== 'import') {
			log('analytics, model, rules in a worker of the bench bundle…');
			const lib = await measureCoreInWorker(server);
			report.analytics = lib.analytics;
			if (report.analytics) {
				// Beside the same run's baselines: reading the committed rows from IndexedDB alone,
				// and the worker API's cold calls the page waits for (read + build + work).
				report.analytics.overviewFirstPaintAfterReload = {
					...lib.overviewReload,
					readCommittedSnapshotSeconds: lib.analytics.readCommittedSnapshotSeconds ?? null,
					buildDatasetSeconds: lib.analytics.buildDatasetSeconds ?? null,
					workerApiColdSeconds: {
						overview: lib.workerApiMain?.overview?.first ?? null,
						analyticsOverview: lib.workerApiMain?.analyticsOverview?.first ?? null
					}
				};
			}
			report.model = lib.model;
			report.rules = lib.rules;
			report.workerApi = { main: lib.workerApiMain ?? null, model: lib.workerApiModel ?? null };
			report.workspace = {
				...lib.workspace,
				peakWorkerHeapMB: lib.peakWorkerHeapMB,
				peakWorkerBackingStorageMB: lib.peakWorkerBackingStorageMB
			};
		}
		report.machine.loadAverage1mAtEnd = round(os.loadavg()[0], 2);
		report.benchSeconds = round((performance.now() - startedAt) / 1000, 1);
		process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
		log(summaryOf(report));
	} finally {
		await browser.close();
		await server.close();
	}
}

await main();
