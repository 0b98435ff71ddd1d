// S2/S3 on the real build: every built page carries the policy of src/lib/csp.js in a <meta> tag
// with a hash for each inline script, and the server sends the same policy as a header on every
// response (pages, scripts, the worker) so that the Web Worker is covered too.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspHeader } from '../../src/lib/csp.js';
import { outsideSources, parsePolicy, scriptHashes, withoutHashes } from './csp-policy';
import { buildDir, startAppServer, type StaticServer } from './harness';

async function builtPages(dir = buildDir): Promise<string[]> {
	const pages: string[] = [];
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory() && entry.name !== '_app') pages.push(...(await builtPages(full)));
		else if (entry.isFile() && entry.name.endsWith('.html')) pages.push(full);
	}
	return pages;
}

function metaPolicyOf(html: string): string | null {
	return /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html)?.[1] ?? null;
}

/** The CSP hash of each inline <script> (no src attribute), over its exact text. */
function inlineScriptHashes(html: string): string[] {
	const hashes: string[] = [];
	for (const match of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
		if (/\ssrc=/i.test(match[1] ?? '')) continue;
		hashes.push(`'sha256-${createHash('sha256').update(match[2], 'utf8').digest('base64')}'`);
	}
	return hashes;
}

const appPolicy = withoutHashes(parsePolicy(cspHeader()));

describe('the built pages', () => {
	it('include the app shell and the SPA fallback', async () => {
		const names = (await builtPages()).map((p) => path.relative(buildDir, p));
		expect(names).toContain('index.html');
		expect(names).toContain('404.html');
	});

	it('each carry the app policy in a <meta> tag, with a hash for every inline script', async () => {
		for (const file of await builtPages()) {
			const html = await readFile(file, 'utf8');
			const meta = metaPolicyOf(html);
			expect(meta, file).not.toBeNull();
			const policy = parsePolicy(meta ?? '');
			expect(withoutHashes(policy), file).toEqual(appPolicy);
			expect(outsideSources(policy), file).toEqual([]);
			const inline = inlineScriptHashes(html);
			expect(inline.length, file).toBeGreaterThan(0);
			expect(scriptHashes(policy).sort(), file).toEqual([...new Set(inline)].sort());
		}
	});
});

describe('the server header', () => {
	let server: StaticServer;

	beforeAll(async () => {
		server = await startAppServer();
	});

	afterAll(async () => {
		await server?.close();
	});

	it('is the app policy plus the hashes of the built pages, with no outside source', async () => {
		const hashes = new Set<string>();
		for (const file of await builtPages()) {
			for (const h of scriptHashes(parsePolicy(metaPolicyOf(await readFile(file, 'utf8')) ?? ''))) {
				hashes.add(h);
			}
		}
		const header = parsePolicy(server.csp ?? '');
		expect(withoutHashes(header)).toEqual(appPolicy);
		expect(scriptHashes(header).sort()).toEqual([...hashes].sort());
		expect(outsideSources(header)).toEqual([]);
	});

	it('is sent with pages, scripts, the service worker, the manifest and the fallback', async () => {
		const index = await readFile(path.join(buildDir, 'index.html'), 'utf8');
		const script = /href="\.\/(_app\/immutable\/[^"]+\.js)"/.exec(index)?.[1];
		expect(script).toBeTruthy();
		for (const pathname of [
			'/',
			`/${script}`,
			'/service-worker.js',
			'/manifest.webmanifest',
			'/no-such-page/'
		]) {
			const response = await fetch(server.url(pathname));
			await response.arrayBuffer();
			expect([pathname, response.headers.get('content-security-policy')]).toEqual([
				pathname,
				server.csp
			]);
		}
	});

	it('serves the types a static host would', async () => {
		const expected: Record<string, RegExp> = {
			'/': /^text\/html/,
			'/service-worker.js': /^text\/javascript/,
			'/manifest.webmanifest': /^application\/manifest\+json/,
			'/icon-192.png': /^image\/png$/,
			'/icon.svg': /^image\/svg\+xml$/
		};
		for (const [pathname, type] of Object.entries(expected)) {
			const response = await fetch(server.url(pathname));
			await response.arrayBuffer();
			expect([pathname, response.status]).toEqual([pathname, 200]);
			expect(response.headers.get('content-type'), pathname).toMatch(type);
		}
	});

	it('answers an unknown path with 404.html and a folder without its slash with a redirect', async () => {
		const missing = await fetch(server.url('/no-such-page/'));
		const fallback = await readFile(path.join(buildDir, '404.html'), 'utf8');
		expect(missing.status).toBe(404);
		expect(await missing.text()).toBe(fallback);
		const folder = await fetch(server.url('/_app?x=1'), { redirect: 'manual' });
		await folder.arrayBuffer();
		expect(folder.status).toBe(308);
		expect(folder.headers.get('location')).toBe('/_app/?x=1');
	});
});
