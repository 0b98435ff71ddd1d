// Node-only (reads the build folder): the script hashes SvelteKit wrote into the built pages'
// <meta> policies. A page obeys both the header and the meta policy, so a header sent by a
// server must allow those inline bootstrap scripts too. Used by vite.config.ts (preview) and the
// e2e server; never imported by browser code.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The distinct script-src hashes in the <meta> CSP of every .html file under `root`.
 * @param {string} root
 * @returns {Promise<string[]>}
 */
export async function pageScriptHashes(root) {
	/** @type {Set<string>} */
	const hashes = new Set();
	for (const file of await htmlFilesUnder(root)) {
		const html = await readFile(file, 'utf8');
		const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/i.exec(html);
		const scriptSrc = meta?.[1].split(';').find((d) => d.trim().startsWith('script-src '));
		for (const token of scriptSrc?.trim().split(/\s+/) ?? []) {
			if (/^'sha(256|384|512)-/.test(token)) hashes.add(token);
		}
	}
	return [...hashes].sort();
}

/**
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
async function htmlFilesUnder(dir) {
	/** @type {string[]} */
	const found = [];
	let entries;
	try {
		entries = await readdir(dir, { withFileTypes: true });
	} catch {
		return found;
	}
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		// _app holds only hashed assets, never pages.
		if (entry.isDirectory() && entry.name !== '_app') found.push(...(await htmlFilesUnder(full)));
		else if (entry.isFile() && entry.name.endsWith('.html')) found.push(full);
	}
	return found;
}
