// How Chromium is started for e2e tests and benchmarks: the system browser (never a download),
// headless, with the background services off so it makes no request of its own.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const CANDIDATE_PATHS = [
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/usr/bin/google-chrome',
	'/usr/bin/google-chrome-stable'
];

/** The browser binary: env CHROME_PATH, else the first usual install path that exists. */
export function chromePath() {
	const fromEnv = process.env.CHROME_PATH;
	if (fromEnv) return fromEnv;
	const found = CANDIDATE_PATHS.find((p) => existsSync(p));
	if (!found)
		throw new Error(`No Chromium found; set CHROME_PATH (tried ${CANDIDATE_PATHS.join(', ')})`);
	return found;
}

// Without the background-networking flags Chromium calls home at start; the machine's closed
// network refuses those calls and the noise would hide real requests.
export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

/** @param {string[]} [extraArgs] */
export function launchChromium(extraArgs = []) {
	return chromium.launch({
		executablePath: chromePath(),
		headless: true,
		args: [...chromiumArgs, ...extraArgs]
	});
}

/** A fresh empty profile folder for a persistent context. */
export function createProfileDir() {
	return mkdtemp(path.join(os.tmpdir(), 'churn-desk-profile-'));
}

/** @param {string} dir */
export function removeProfileDir(dir) {
	return rm(dir, { recursive: true, force: true });
}

/**
 * A persistent context on `profileDir` (its own browser process). Relaunch on the same dir after
 * a kill to see what survived.
 * @param {string} profileDir
 * @param {import('playwright-core').LaunchOptions & import('playwright-core').BrowserContextOptions} [options]
 */
export function launchPersistent(profileDir, options = {}) {
	return chromium.launchPersistentContext(profileDir, {
		executablePath: chromePath(),
		headless: true,
		...options,
		args: [...chromiumArgs, ...(options.args ?? [])]
	});
}

/**
 * Pids of the browser (main) processes started on exactly this profile dir. Child processes
 * (renderers, GPU, utility) carry --type=...; the main process does not.
 * @param {string} profileDir
 * @returns {number[]}
 */
export function browserPidsOfProfile(profileDir) {
	const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
	const flag = `--user-data-dir=${profileDir}`;
	return out
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => {
			const args = line.split(/\s+/);
			return args.includes(flag) && !args.some((a) => a.startsWith('--type='));
		})
		.map((line) => Number(line.split(/\s+/)[0]))
		.filter((pid) => Number.isInteger(pid) && pid > 0);
}

/**
 * SIGKILLs the browser process of this profile dir, and only that one, as a crash would.
 * Returns the pid killed. Throws when there is not exactly one.
 * @param {string} profileDir
 */
export function killBrowserOfProfile(profileDir) {
	const pids = browserPidsOfProfile(profileDir);
	if (pids.length !== 1) {
		throw new Error(`expected one browser process for ${profileDir}, found ${pids.length}`);
	}
	process.kill(pids[0], 'SIGKILL');
	return pids[0];
}

/**
 * Pids of every process started for this profile dir: the browser and its children (renderers,
 * GPU, the network and storage services all carry the same --user-data-dir).
 * @param {string} profileDir
 * @returns {number[]}
 */
export function processPidsOfProfile(profileDir) {
	const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
	const flag = `--user-data-dir=${profileDir}`;
	return out
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line.split(/\s+/).includes(flag))
		.map((line) => Number(line.split(/\s+/)[0]))
		.filter((pid) => Number.isInteger(pid) && pid > 0);
}

/**
 * Pids of every process of this profile dir, the storage service first (where IndexedDB
 * commits): list them before the moment of the crash, since `ps` itself takes tens of ms.
 * @param {string} profileDir
 * @returns {number[]}
 */
export function profilePidsStorageFirst(profileDir) {
	const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
	const flag = `--user-data-dir=${profileDir}`;
	const lines = out
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line.split(/\s+/).includes(flag));
	return [
		...lines.filter((l) => l.includes('StorageService')),
		...lines.filter((l) => !l.includes('StorageService'))
	].map((line) => Number(line.split(/\s+/)[0]));
}

/**
 * SIGKILLs every process of this profile dir at once, as a crash of the whole browser would:
 * killing only the browser process lets the storage service finish a transaction it is in.
 * Pass the pids listed beforehand (profilePidsStorageFirst) to kill at a precise moment.
 * Returns the pids killed.
 * @param {string} profileDir
 * @param {number[]} [pids]
 */
export function killAllOfProfile(profileDir, pids = profilePidsStorageFirst(profileDir)) {
	const killed = [];
	for (const pid of pids) {
		try {
			process.kill(pid, 'SIGKILL');
			killed.push(pid);
		} catch {
			// Already gone (a child that died with its parent).
		}
	}
	return killed;
}

/**
 * Waits until no process of this profile dir is left, SIGKILLing any still there: a process the
 * browser started after the pids were listed (for killAllOfProfile) would outlive the crash and
 * could hold the profile's storage when the browser is launched on it again. Throws, naming them,
 * when some are still there after `timeoutMs`.
 * @param {string} profileDir
 * @param {number} [timeoutMs]
 */
export async function waitForProfileGone(profileDir, timeoutMs = 10_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const left = processPidsOfProfile(profileDir);
		if (left.length === 0) return;
		if (Date.now() > deadline)
			throw new Error(`processes of ${profileDir} left: ${left.join(', ')}`);
		killAllOfProfile(profileDir, left);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/**
 * Tells the page again that the network is off. Chromium 150 (Debian bookworm's) forgets the
 * emulated offline state of a page it reloads: requests still fail, but `navigator.onLine` reads
 * true (156 kept it). Playwright's setOffline(true) does nothing when the context is offline
 * already, so the condition is set again through a CDP session of the page.
 * @param {import('playwright-core').BrowserContext} context
 * @param {import('playwright-core').Page} page
 */
export async function reassertOffline(context, page) {
	const cdp = await context.newCDPSession(page);
	await cdp.send('Network.emulateNetworkConditions', {
		offline: true,
		latency: 0,
		downloadThroughput: -1,
		uploadThroughput: -1
	});
}
