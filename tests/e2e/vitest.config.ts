// End-to-end tests: the built app in headless Chromium. One file at a time (one browser each,
// on a 2-core machine), long timeouts for browser start and the service worker's precache.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	root: fileURLToPath(new URL('../..', import.meta.url)),
	test: {
		include: ['tests/e2e/**/*.test.ts'],
		environment: 'node',
		globalSetup: ['tests/e2e/global-setup.ts'],
		fileParallelism: false,
		maxWorkers: 1,
		pool: 'forks',
		expect: { requireAssertions: true },
		testTimeout: 120_000,
		hookTimeout: 120_000,
		teardownTimeout: 30_000
	}
});
