// A static file server that behaves like the hosts Churn Desk is deployed to: index.html per
// folder, a redirect to the trailing slash, 404.html as the fallback, real MIME types, and the
// app's Content-Security-Policy header on every response (a <meta> policy does not cover the Web
// Worker, reliability.md finding 4). Plain JS so that bench/run.mjs (plain Node) can use it too.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { cspHeader } from '../../src/lib/csp.js';
import { pageScriptHashes } from '../../src/lib/csp-build.js';

export { pageScriptHashes };

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The build under test: `build/`, or `$CHURN_DESK_OUT/build` when the build was moved. */
export const buildDir = process.env.CHURN_DESK_OUT
	? path.resolve(repoRoot, process.env.CHURN_DESK_OUT, 'build')
	: path.join(repoRoot, 'build');

/**
 * The app's policy as a header, for the build in `root`. A page obeys every policy it is given
 * (header AND meta), so the header must allow the pages' inline bootstrap scripts too: it carries
 * the script hashes that SvelteKit wrote into the built pages' <meta> policies (a handful, one
 * per distinct bootstrap), which lets one header serve the whole site on any static host.
 * @param {string} [root]
 */
export async function appCspHeader(root = buildDir) {
	return cspHeader(await pageScriptHashes(root));
}

/** @type {Record<string, string>} */
const MIME_TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.webmanifest': 'application/manifest+json; charset=utf-8',
	'.wasm': 'application/wasm',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.webp': 'image/webp',
	'.woff2': 'font/woff2',
	'.txt': 'text/plain; charset=utf-8',
	'.csv': 'text/csv; charset=utf-8',
	'.map': 'application/json; charset=utf-8'
};

/** @param {string} file */
export function mimeTypeOf(file) {
	return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * @typedef {object} Mount
 * @property {string} prefix URL path prefix, starting and ending with '/', e.g. '/__canary/'
 * @property {string} dir folder on disk served under the prefix
 * @property {string | null} [csp] header for this mount; null sends none; default the app's
 * @property {Record<string, string>} [headers] extra response headers for this mount
 */

/**
 * @typedef {object} StaticServer
 * @property {string} origin e.g. 'http://127.0.0.1:41234'
 * @property {string | null} csp the header sent with the root folder's responses
 * @property {(pathname: string) => string} url absolute URL of a path on this server
 * @property {string[]} served pathnames answered so far, in order (for assertions and debugging)
 * @property {() => Promise<void>} close
 */

/**
 * @param {{ root?: string, csp?: string | null, mounts?: Mount[] }} [options]
 * @returns {Promise<StaticServer>}
 */
export async function startStaticServer(options = {}) {
	const root = path.resolve(options.root ?? buildDir);
	const appCsp = await appCspHeader(root);
	const rootCsp = options.csp === undefined ? appCsp : options.csp;
	const mounts = (options.mounts ?? []).map((m) => ({ ...m, dir: path.resolve(m.dir) }));
	/** @type {string[]} */
	const served = [];

	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		served.push(url.pathname);
		const mount = mounts.find((m) => url.pathname.startsWith(m.prefix));
		const base = mount ? mount.dir : root;
		const csp = mount ? (mount.csp === undefined ? appCsp : mount.csp) : rootCsp;
		/** @type {Record<string, string>} */
		const headers = { 'X-Content-Type-Options': 'nosniff', ...(mount?.headers ?? {}) };
		if (csp) headers['Content-Security-Policy'] = csp;
		const rest = mount ? url.pathname.slice(mount.prefix.length - 1) : url.pathname;
		respond(req, res, base, rest, url.search, headers).catch(() => {
			if (!res.headersSent) res.writeHead(500, headers);
			res.end();
		});
	});
	// Keep-alive sockets would hold close() open after the browser is gone.
	server.keepAliveTimeout = 1000;
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(undefined));
	});
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('no TCP address');
	const origin = `http://127.0.0.1:${address.port}`;
	return {
		origin,
		csp: rootCsp,
		url: (pathname) => new URL(pathname, origin).href,
		served,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} base
 * @param {string} pathname
 * @param {string} search
 * @param {Record<string, string>} headers
 */
async function respond(req, res, base, pathname, search, headers) {
	if (req.method !== 'GET' && req.method !== 'HEAD') {
		res.writeHead(405, { ...headers, Allow: 'GET, HEAD' });
		res.end();
		return;
	}
	let decoded;
	try {
		decoded = decodeURIComponent(pathname);
	} catch {
		res.writeHead(400, headers);
		res.end();
		return;
	}
	const file = path.join(base, decoded);
	// path.join normalises '..'; anything that lands outside the folder is not ours to serve.
	if (file !== base && !file.startsWith(base + path.sep)) {
		res.writeHead(403, headers);
		res.end();
		return;
	}
	const found = await statOrNull(file);
	if (found?.isDirectory()) {
		if (!pathname.endsWith('/')) {
			// Static hosts redirect a folder to its trailing slash (trailingSlash 'always').
			res.writeHead(308, { ...headers, Location: `${pathname}/${search}` });
			res.end();
			return;
		}
		const index = path.join(file, 'index.html');
		const indexStat = await statOrNull(index);
		if (indexStat?.isFile()) return sendFile(req, res, index, indexStat.size, 200, headers);
	} else if (found?.isFile()) {
		return sendFile(req, res, file, found.size, 200, headers);
	}
	const fallback = path.join(base, '404.html');
	const fallbackStat = await statOrNull(fallback);
	if (fallbackStat?.isFile()) return sendFile(req, res, fallback, fallbackStat.size, 404, headers);
	res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
	res.end('Not found');
}

/** @param {string} file */
async function statOrNull(file) {
	try {
		return await stat(file);
	} catch {
		return null;
	}
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} file
 * @param {number} size
 * @param {number} status
 * @param {Record<string, string>} headers
 */
function sendFile(req, res, file, size, status, headers) {
	const immutable = file.includes(`${path.sep}_app${path.sep}immutable${path.sep}`);
	res.writeHead(status, {
		...headers,
		'Content-Type': mimeTypeOf(file),
		'Content-Length': String(size),
		'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache'
	});
	if (req.method === 'HEAD') {
		res.end();
		return;
	}
	createReadStream(file).pipe(res);
}
