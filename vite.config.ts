import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { cspHeader } from './src/lib/csp.js';

export default defineConfig({
	plugins: [sveltekit()],
	worker: { format: 'es' },
	preview: {
		// The header covers the worker; the page's <meta> adds script hashes of its own.
		headers: { 'Content-Security-Policy': cspHeader() }
	},
	test: {
		include: ['tests/unit/**/*.test.ts', 'tests/db/**/*.test.ts', 'tests/worker/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		testTimeout: 60_000,
		pool: 'forks'
	}
});
