// Measurements taken from the browser while a benchmark runs: the longest main-thread task (a
// frozen page) and the peak JS heap. Benchmarks only: they may use timers; tests never do.

// Runs in every page before its scripts: keeps the longest 'longtask' entry (>= 50 ms by
// definition) so that a frozen main thread shows up as a number, and when it started. The
// long animation frames (>= 50 ms, with the scripts that ran in them) say what that task was:
// a longtask entry names no script.
const LONG_TASK_PROBE = `(() => {
	const state = { longestMs: 0, count: 0, longestAt: null, frames: [] };
	Object.defineProperty(globalThis, '__longTasks', { value: state });
	try {
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) {
				state.count += 1;
				if (entry.duration > state.longestMs) {
					state.longestMs = entry.duration;
					state.longestAt = entry.startTime;
				}
			}
		}).observe({ type: 'longtask', buffered: true });
	} catch {}
	try {
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) {
				if (state.frames.length >= 200) state.frames.shift();
				state.frames.push({
					start: entry.startTime,
					end: entry.startTime + entry.duration,
					scripts: entry.scripts.map((s) => s.invoker + ' ' + Math.round(s.duration) + ' ms')
				});
			}
		}).observe({ type: 'long-animation-frame', buffered: true });
	} catch {}
})();`;

import { execFileSync } from 'node:child_process';

/** @param {import('playwright-core').BrowserContext} context */
export function installLongTaskProbe(context) {
	return context.addInitScript(LONG_TASK_PROBE);
}

/**
 * Longest main-thread task so far (ms; 0 when none reached 50 ms), how many long tasks, when the
 * longest started (performance.now() time; null when none) and the scripts of the animation frame
 * it belongs to (empty when none is known).
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{ longestMs: number, count: number, longestAt: number | null, longestScripts: string[] }>}
 */
export function longTasks(page) {
	return page.evaluate(() => {
		const state = globalThis.__longTasks;
		if (!state) return { longestMs: 0, count: 0, longestAt: null, longestScripts: [] };
		const at = state.longestAt;
		const frame =
			at === null ? undefined : state.frames.find((f) => f.start <= at + 1 && at < f.end);
		return {
			longestMs: state.longestMs,
			count: state.count,
			longestAt: at,
			longestScripts: frame?.scripts ?? []
		};
	});
}

/**
 * Samples the page's JS heap (CDP Performance.getMetrics JSHeapUsedSize, with
 * performance.memory as a fallback) every `intervalMs` until stop(); stop() resolves with the peak.
 * @param {import('playwright-core').Page} page
 * @param {number} [intervalMs]
 */
export async function startHeapSampler(page, intervalMs = 100) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	let peakBytes = 0;
	let busy = false;
	const sample = async () => {
		if (busy) return;
		busy = true;
		try {
			const { metrics } = await cdp.send('Performance.getMetrics');
			const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
			peakBytes = Math.max(peakBytes, used);
		} catch {
			// The page may be navigating; the next sample will do.
		} finally {
			busy = false;
		}
	};
	await sample();
	const timer = setInterval(sample, intervalMs);
	return {
		async stop() {
			clearInterval(timer);
			await sample();
			await cdp.detach().catch(() => undefined);
			return { peakBytes };
		}
	};
}

/**
 * Samples the resident memory of the renderer processes of the browser started with the switch
 * `marker` (an unknown switch Chromium ignores, used to find the one browser of this run). The
 * dedicated worker lives in its page's renderer, and performance.memory does not exist in
 * workers, so this is what shows the worker's memory. stop() resolves with the peak total (bytes).
 * @param {string} marker e.g. '--churn-desk-bench=1234'
 * @param {number} [intervalMs]
 */
export function startRendererMemorySampler(marker, intervalMs = 100) {
	let peakBytes = 0;
	const sample = () => {
		let out;
		try {
			out = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' });
		} catch {
			return;
		}
		const procs = out
			.split('\n')
			.map((line) => line.trim().split(/\s+/))
			.filter((f) => f.length >= 4)
			.map(([pid, ppid, rss, ...args]) => ({ pid: +pid, ppid: +ppid, rssKB: +rss, args }));
		const root = procs.find(
			(p) => p.args.includes(marker) && !p.args.some((a) => a.startsWith('--type='))
		);
		if (!root) return;
		const tree = new Set([root.pid]);
		for (let grew = true; grew;) {
			grew = false;
			for (const p of procs) {
				if (!tree.has(p.pid) && tree.has(p.ppid)) {
					tree.add(p.pid);
					grew = true;
				}
			}
		}
		const total = procs
			.filter((p) => tree.has(p.pid) && p.args.includes('--type=renderer'))
			.reduce((sum, p) => sum + p.rssKB * 1024, 0);
		peakBytes = Math.max(peakBytes, total);
	};
	sample();
	const timer = setInterval(sample, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			sample();
			return { peakBytes };
		}
	};
}

/**
 * Samples the JS heap of the page's dedicated workers (Runtime.getHeapUsage through CDP: the
 * Performance domain does not exist in worker targets). The page's CDP session auto-attaches to
 * its workers in non-flattened mode, so the messages go through Target.sendMessageToTarget and
 * leave Playwright's own sessions alone. Call before the page creates its worker (before goto).
 * stop() resolves with the peak usedSize and the peak backingStorageSize (array buffers and
 * other storage outside the V8 heap: typed-array columns live there), in bytes, and whether a
 * worker was seen at all.
 * @param {import('playwright-core').Page} page
 * @param {number} [intervalMs]
 */
export async function startWorkerHeapSampler(page, intervalMs = 100) {
	const cdp = await page.context().newCDPSession(page);
	/** @type {Set<string>} */
	const sessions = new Set();
	/** @type {Map<number, (value: any) => void>} */
	const waiting = new Map();
	let nextId = 1;
	let peakUsed = 0;
	let peakBacking = 0;
	cdp.on('Target.attachedToTarget', (event) => {
		if (event.targetInfo.type === 'worker') sessions.add(event.sessionId);
	});
	cdp.on('Target.detachedFromTarget', (event) => sessions.delete(event.sessionId));
	cdp.on('Target.receivedMessageFromTarget', (event) => {
		const message = JSON.parse(event.message);
		const resolve = waiting.get(message.id);
		if (resolve) {
			waiting.delete(message.id);
			resolve(message.result ?? null);
		}
	});
	await cdp.send('Target.setAutoAttach', {
		autoAttach: true,
		waitForDebuggerOnStart: false,
		flatten: false
	});
	/** @param {string} sessionId */
	const heapUsage = (sessionId) =>
		new Promise((resolve) => {
			const id = nextId++;
			waiting.set(id, resolve);
			cdp
				.send('Target.sendMessageToTarget', {
					sessionId,
					message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' })
				})
				.catch(() => {
					waiting.delete(id);
					resolve(null);
				});
			// A worker that is busy answers when its current task yields; do not pile up requests.
			setTimeout(() => {
				if (waiting.delete(id)) resolve(null);
			}, 5000);
		});
	let busy = false;
	const sample = async () => {
		if (busy) return;
		busy = true;
		try {
			for (const sessionId of sessions) {
				const usage = await heapUsage(sessionId);
				if (!usage) continue;
				peakUsed = Math.max(peakUsed, usage.usedSize ?? 0);
				peakBacking = Math.max(peakBacking, usage.backingStorageSize ?? 0);
			}
		} finally {
			busy = false;
		}
	};
	const timer = setInterval(sample, intervalMs);
	return {
		async stop() {
			clearInterval(timer);
			await sample();
			const seen = sessions.size > 0 || peakUsed > 0;
			await cdp.detach().catch(() => undefined);
			return { peakBytes: peakUsed, peakBackingBytes: peakBacking, seen };
		}
	};
}
