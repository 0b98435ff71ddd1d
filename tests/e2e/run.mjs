// `npm run test:e2e` entry kept for the current package.json script: runs the e2e suite with its
// own Vitest config (same as `vitest run --config tests/e2e/vitest.config.ts`).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
const result = spawnSync(
	process.execPath,
	[vitest, 'run', '--config', 'tests/e2e/vitest.config.ts', ...process.argv.slice(2)],
	{ cwd: root, stdio: 'inherit' }
);
process.exit(result.status ?? 1);
