import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { cspDirectives } from './src/lib/csp.js';

// CHURN_DESK_OUT moves the build and SvelteKit's working folder elsewhere, so that several
// builds of one working tree (parallel work, a benchmark) do not overwrite each other. It must
// be a folder inside the project (e.g. `.out/bench`), so the build still finds node_modules.
const out = process.env.CHURN_DESK_OUT;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(
			out
				? { pages: `${out}/build`, assets: `${out}/build`, fallback: '404.html' }
				: { fallback: '404.html' }
		),
		...(out ? { outDir: `${out}/kit` } : {}),
		// Prerendered pages get hashes in a <meta> tag; the preview server sends the same policy as
		// a header too, because a meta CSP does not cover the Web Worker.
		csp: { mode: 'hash', directives: cspDirectives },
		serviceWorker: { register: false }
	}
};

export default config;
