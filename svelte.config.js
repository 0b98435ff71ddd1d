import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { cspDirectives } from './src/lib/csp.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ fallback: '404.html' }),
		// Prerendered pages get hashes in a <meta> tag; the preview server sends the same policy as
		// a header too, because a meta CSP does not cover the Web Worker.
		csp: { mode: 'hash', directives: cspDirectives },
		serviceWorker: { register: false }
	}
};

export default config;
