// The bench-only bundle: bench/page/lib.html and its worker (bench/page/bench-worker.ts), which
// imports the project's src/lib modules directly. Built into .out/bench-lib/ by bench/run.mjs:
//   npx vite build --config bench/vite.bench.config.ts
// No SvelteKit here: core, import and db are plain TypeScript.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
	root: here('./page'),
	base: './',
	publicDir: false,
	logLevel: 'warn',
	worker: { format: 'es' },
	build: {
		outDir: here('../.out/bench-lib'),
		emptyOutDir: true,
		// Readable stack traces when a bench run fails.
		minify: false,
		sourcemap: true,
		rollupOptions: { input: here('./page/lib.html') }
	}
});
