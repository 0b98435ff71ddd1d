import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vitest/config';
import { cspHeader } from './src/lib/csp.js';
import { pageScriptHashes } from './src/lib/csp-build.js';

/**
 * Sends the app's Content-Security-Policy as a header from `vite preview` (`npm start`). The
 * header covers the worker, which a <meta> policy does not. A page obeys both, so the header
 * carries the built pages' inline-script hashes, read from build/. (`preview.headers` is not
 * applied to the responses SvelteKit's preview middleware serves, hence a plugin.)
 */
function cspHeaderOnPreview(): Plugin {
	return {
		name: 'churn-desk-csp-header',
		async configurePreviewServer(server) {
			const out = process.env.CHURN_DESK_OUT;
			const header = cspHeader(await pageScriptHashes(out ? `${out}/build` : 'build'));
			server.middlewares.use((_req, res, next) => {
				res.setHeader('Content-Security-Policy', header);
				next();
			});
		}
	};
}

export default defineConfig({
	plugins: [cspHeaderOnPreview(), sveltekit()],
	worker: { format: 'es' },
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/db/**/*.test.ts', 'tests/worker/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		testTimeout: 60_000,
		pool: 'forks'
	}
});
