// `npm run bench`: performance figures as JSON, each beside a baseline measured in the same run.
// Import baseline: PapaParse alone parsing the same file in a dedicated worker of headless
// Chromium (header: false, 1 MB chunks). The real pipeline measurement plugs into
// measureImportPipeline() below.
import { mkdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../tests/e2e/chromium.js';
import { repoRoot, startStaticServer } from '../tests/e2e/static-server.js';
import { writeActivityCsv } from './activity-csv.mjs';
import {
	installLongTaskProbe,
	longTasks,
	startHeapSampler,
	startRendererMemorySampler
} from './probes.mjs';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const dataDir = process.env.CHURN_DESK_DATA ?? path.resolve(repoRoot, '../shared/data');
const MB = 1024 * 1024;

// An unknown switch Chromium ignores; it marks this run's browser so its renderers can be found.
const BROWSER_MARKER = `--churn-desk-bench=${process.pid}`;

const round = (n, digits = 2) => (n === null ? null : Number(n.toFixed(digits)));

/**
 * PapaParse alone on `file` in a dedicated worker; the page receives the file through its file
 * input, as a person's pick would.
 * @param {import('playwright-core').Browser} browser
 * @param {import('../tests/e2e/static-server.js').StaticServer} server
 * @param {string} file
 */
async function measurePapaParseBaseline(browser, server, file) {
	const context = await browser.newContext();
	await installLongTaskProbe(context);
	const page = await context.newPage();
	try {
		await page.goto(server.url('/__bench/'));
		await page.locator('#file').setInputFiles(file);
		const heap = await startHeapSampler(page);
		const renderers = startRendererMemorySampler(BROWSER_MARKER);
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
			peakPageHeapMB: round(peakBytes / MB, 1),
			peakRendererRssMB: rendererPeak ? round(rendererPeak / MB, 0) : null,
			longestMainThreadTaskMs: round(tasks.longestMs, 0)
		};
	} finally {
		await context.close();
	}
}

/**
 * The real import through the app UI, measured the same way. Not wired yet: it will open the
 * import page, hand the file to its input, wait for the committed-import message, and return
 * { seconds, rowsPerSecond, mbPerSecond, rollupRows, peakPageHeapMB, longestMainThreadTaskMs }
 * using installLongTaskProbe / startHeapSampler / longTasks from ./probes.mjs.
 * @param {import('playwright-core').Browser} _browser
 * @param {import('../tests/e2e/static-server.js').StaticServer} _server
 * @param {string} _file
 * @returns {Promise<null | Record<string, number | null>>}
 */
async function measureImportPipeline(_browser, _server, _file) {
	return null;
}

async function main() {
	const tmp = path.join(os.tmpdir(), 'churn-desk-bench');
	await mkdir(tmp, { recursive: true });
	const activityFile = path.join(tmp, 'activity-1m.csv');
	const generatedAt = performance.now();
	const activity = await writeActivityCsv(activityFile);
	const generateSeconds = (performance.now() - generatedAt) / 1000;

	const server = await startStaticServer({
		mounts: [
			{ prefix: '/__bench/', dir: path.join(benchDir, 'page') },
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
				chromium: browser.version()
			},
			activity: {
				file: { rows: activity.rows, accounts: 100_000, megabytes: round(activity.bytes / MB, 1) },
				generateSeconds: round(generateSeconds, 2),
				baseline: {
					papaparseInWorker: await measurePapaParseBaseline(browser, server, activityFile)
				},
				pipeline: await measureImportPipeline(browser, server, activityFile)
			}
		};
		const retail = path.join(dataDir, 'online_retail_comma_utf8bom.csv');
		const retailStat = await stat(retail).catch(() => null);
		report.onlineRetail = retailStat
			? {
					file: { megabytes: round(retailStat.size / MB, 1) },
					baseline: { papaparseInWorker: await measurePapaParseBaseline(browser, server, retail) },
					pipeline: await measureImportPipeline(browser, server, retail)
				}
			: { skipped: `no ${retail}` };
		process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
	} finally {
		await browser.close();
		await server.close();
	}
}

await main();
