// The entry file run as `npx tsx src/cli/sample.ts` would be, in a child process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const TSX_CLI = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const dir = mkdtempSync(join(tmpdir(), 'churn-desk-sample-cli-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runEntry(args: string[]) {
	return spawnSync(process.execPath, [TSX_CLI, 'src/cli/sample.ts', ...args], {
		cwd: ROOT,
		encoding: 'utf8'
	});
}

describe('src/cli/sample.ts through tsx', () => {
	it('writes the six files and exits 0', () => {
		const result = runEntry(['--out', dir, '--accounts', '30', '--end', '2025-06-30']);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(result.stdout.split('\n').filter((l) => l.endsWith('.csv'))).toHaveLength(6);
		const nps = readFileSync(join(dir, 'nps.csv'), 'utf8');
		expect(nps.startsWith('回答ID,顧客ID,回答日,スコア,コメント\r\n')).toBe(true);
	});

	it('exits non-zero with a clear message on a bad argument', () => {
		const result = runEntry(['--out', dir, '--months', 'zero']);
		expect(result.status).toBe(2);
		expect(result.stderr).toContain('--months must be a whole number from 1 to 240, not "zero"');
	});
});
