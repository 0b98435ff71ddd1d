// `npm start` serves the build with `vite preview`: it must send the same policy as a header
// (the <meta> policy does not cover the worker), with the pages' script hashes so pages load.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appCspHeader, repoRoot } from './static-server.js';

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = createServer();
		s.listen(0, '127.0.0.1', () => {
			const port = (s.address() as { port: number }).port;
			s.close(() => resolve(port));
		});
	});
}

let preview: ChildProcess;
let origin: string;

beforeAll(async () => {
	const port = await freePort();
	origin = `http://127.0.0.1:${port}`;
	// Vite's own script, not `npx vite`: kill() then stops the server itself, where it stopped
	// only npx and left the server running after the suite.
	preview = spawn(
		process.execPath,
		[
			resolve(repoRoot, 'node_modules/vite/bin/vite.js'),
			'preview',
			'--host',
			'127.0.0.1',
			'--port',
			String(port),
			'--strictPort'
		],
		{
			cwd: repoRoot,
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	// Wait for the server to say it listens (no fixed sleep).
	await new Promise<void>((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			if (chunk.toString().includes(String(port))) resolve();
		};
		preview.stdout?.on('data', onData);
		preview.once('exit', (code) => reject(new Error(`vite preview exited with ${code}`)));
	});
});

afterAll(async () => {
	if (!preview || preview.exitCode !== null) return;
	const exited = new Promise((done) => preview.once('exit', done));
	preview.kill();
	await exited;
});

describe('vite preview (npm start)', () => {
	it('sends the app policy with the page hashes as a header on pages and scripts', async () => {
		const expected = await appCspHeader();
		const page = await fetch(`${origin}/`);
		expect(page.headers.get('content-security-policy')).toBe(expected);
		const html = await page.text();
		const script = /import\("(\.\/_app\/[^"]+)"\)/.exec(html)?.[1];
		expect(script).toBeTruthy();
		const asset = await fetch(new URL(script!, `${origin}/`));
		expect(asset.headers.get('content-security-policy')).toBe(expected);
	});
});
