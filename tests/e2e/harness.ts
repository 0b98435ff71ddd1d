// The e2e harness: the built app on a static server, Chromium, and contexts with a network guard
// that records everything trying to leave the origin (reliability.md finding 5 and S1).
import type {
	Browser,
	BrowserContext,
	BrowserContextOptions,
	ConsoleMessage,
	Page,
	Worker
} from 'playwright-core';
import {
	browserPidsOfProfile,
	chromePath,
	chromiumArgs,
	createProfileDir,
	reassertOffline,
	killAllOfProfile,
	killBrowserOfProfile,
	launchChromium,
	launchPersistent,
	processPidsOfProfile,
	profilePidsStorageFirst,
	removeProfileDir,
	waitForProfileGone
} from './chromium.js';
import { appCspHeader, buildDir, repoRoot, startStaticServer } from './static-server.js';
import type { Mount, StaticServer } from './static-server.js';

export {
	appCspHeader,
	browserPidsOfProfile,
	buildDir,
	chromePath,
	chromiumArgs,
	createProfileDir,
	reassertOffline,
	killAllOfProfile,
	killBrowserOfProfile,
	launchChromium,
	launchPersistent,
	processPidsOfProfile,
	profilePidsStorageFirst,
	removeProfileDir,
	repoRoot,
	startStaticServer,
	waitForProfileGone
};
export type { Mount, StaticServer };

/** What the guard saw. Every list must be empty at the end of an app test. */
export interface GuardReport {
	/** Requests to another origin, aborted before they left. */
	outsideRequests: string[];
	/** Every WebSocket opened, whatever its host (the app has no use for one). */
	websockets: string[];
	/** `securitypolicyviolation` events counted in pages and the workers we could reach. */
	cspViolations: string[];
	consoleErrors: string[];
	pageErrors: string[];
}

export interface NetworkGuard {
	/** The origin requests may go to. */
	readonly origin: string;
	/** Adds the page's and its workers' CSP violation counts, then returns a copy of everything. */
	report(): Promise<GuardReport>;
	/** Starts watching a page (done for every page the context opens). */
	watch(page: Page): void;
}

export interface GuardedContext {
	context: BrowserContext;
	guard: NetworkGuard;
}

export const emptyReport: GuardReport = {
	outsideRequests: [],
	websockets: [],
	cspViolations: [],
	consoleErrors: [],
	pageErrors: []
};

// Runs in every page and frame before any of its scripts: records CSP violations as strings.
const VIOLATION_PROBE = `(() => {
	const seen = [];
	Object.defineProperty(globalThis, '__cspViolations', { value: seen });
	globalThis.addEventListener('securitypolicyviolation', (e) => {
		seen.push(e.effectiveDirective + ' ' + e.blockedURI);
	});
})();`;

async function violationsIn(target: Page | Worker): Promise<string[]> {
	const read = () =>
		(globalThis as unknown as { __cspViolations?: string[] }).__cspViolations ?? [];
	try {
		// Narrowed by hand: evaluate's overloads on Page | Worker do not unify.
		return 'mainFrame' in target ? await target.evaluate(read) : await target.evaluate(read);
	} catch {
		// The page navigated away or the worker ended: what it saw is gone with it.
		return [];
	}
}

/**
 * Installs the guard on a context: `context.route('**\/*')` aborts and records every request to
 * another origin (pages, dedicated workers and service workers alike), sockets are recorded per
 * page and refused at context level, and each page counts CSP violations.
 */
export async function guardContext(context: BrowserContext, origin: string): Promise<NetworkGuard> {
	const report: GuardReport = {
		outsideRequests: [],
		websockets: [],
		cspViolations: [],
		consoleErrors: [],
		pageErrors: []
	};
	const pages = new Set<Page>();
	const workers = new Set<Worker>();

	await context.route('**/*', (route) => {
		const url = route.request().url();
		if (originOf(url) === origin) return route.continue();
		report.outsideRequests.push(url);
		return route.abort('blockedbyclient');
	});
	// Context-level socket routing: records and closes sockets before they connect.
	await context.routeWebSocket(
		(url) => url.origin !== origin.replace(/^http/, 'ws'),
		(ws) => {
			report.websockets.push(`routed ${ws.url()}`);
			return ws.close();
		}
	);
	await context.addInitScript(VIOLATION_PROBE);

	const watch = (page: Page): void => {
		if (pages.has(page)) return;
		pages.add(page);
		page.on('websocket', (ws) => report.websockets.push(ws.url()));
		recordPageProblems(page, report);
		page.on('worker', (worker) => {
			workers.add(worker);
			worker.on('close', () => workers.delete(worker));
			// Workers are out of reach of init scripts; install the probe as soon as it runs.
			worker.evaluate(VIOLATION_PROBE).catch(() => undefined);
		});
		page.on('close', () => pages.delete(page));
	};
	context.on('page', watch);
	for (const page of context.pages()) watch(page);

	return {
		origin,
		watch,
		async report() {
			const counted: string[] = [];
			for (const target of [...pages, ...workers]) counted.push(...(await violationsIn(target)));
			return {
				outsideRequests: [...report.outsideRequests],
				websockets: [...report.websockets],
				cspViolations: [...report.cspViolations, ...counted],
				consoleErrors: [...report.consoleErrors],
				pageErrors: [...report.pageErrors]
			};
		}
	};
}

/** What fails a test without being a network matter: uncaught errors and console.error. */
export interface PageProblems {
	consoleErrors: string[];
	pageErrors: string[];
}

/** Records the page's uncaught errors and console errors into `into` (for unrouted contexts too). */
export function recordPageProblems(
	page: Page,
	into: PageProblems = { consoleErrors: [], pageErrors: [] }
): PageProblems {
	page.on('pageerror', (error) => into.pageErrors.push(String(error.stack ?? error)));
	page.on('console', (message: ConsoleMessage) => {
		if (message.type() === 'error') into.consoleErrors.push(describe(message));
	});
	return into;
}

function describe(message: ConsoleMessage): string {
	const where = message.location();
	return `${message.text()} (${where.url}:${where.lineNumber})`;
}

export function originOf(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return 'invalid';
	}
}

/** A fresh incognito-like context with the guard on. */
export async function createGuardedContext(
	browser: Browser,
	server: StaticServer,
	options: BrowserContextOptions = {}
): Promise<GuardedContext> {
	const context = await browser.newContext({ serviceWorkers: 'allow', ...options });
	const guard = await guardContext(context, server.origin);
	return { context, guard };
}

/** A persistent context on `profileDir` with the guard on (for crash and reload tests). */
export async function createGuardedPersistentContext(
	profileDir: string,
	server: StaticServer,
	options: Parameters<typeof launchPersistent>[1] = {}
): Promise<GuardedContext> {
	const context = await launchPersistent(profileDir, options);
	const guard = await guardContext(context, server.origin);
	return { context, guard };
}

/** The static server for the built app; fails with a clear message when build/ is missing. */
export function startAppServer(mounts: Mount[] = []): Promise<StaticServer> {
	return startStaticServer({ root: buildDir, mounts });
}
