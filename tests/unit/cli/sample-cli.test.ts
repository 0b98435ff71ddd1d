import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSampleArgs, runSampleCli, sampleArgsMessage } from '../../../src/cli/sample-cli';
import { dayFromYmd } from '../../../src/lib/core/dates';

const TODAY = dayFromYmd(2025, 7, 1);

describe('parseSampleArgs', () => {
	it('defaults to seed 1, 2,000 accounts, 24 months ending yesterday', () => {
		expect(parseSampleArgs(['--out', 'x'], TODAY)).toEqual({
			ok: true,
			options: { outDir: 'x', seed: 1, accounts: 2000, months: 24, endDay: TODAY - 1 }
		});
	});

	it('reads every flag, as "--flag value" or "--flag=value"', () => {
		const args = ['--out=dir', '--seed', '-7', '--accounts=30', '--months', '6'];
		args.push('--end', '2024-02-29');
		expect(parseSampleArgs(args, TODAY)).toEqual({
			ok: true,
			options: { outDir: 'dir', seed: -7, accounts: 30, months: 6, endDay: dayFromYmd(2024, 2, 29) }
		});
	});

	it.each([
		[['--seed', '1'], { code: 'missing-out' }],
		[['--out', 'x', '--acounts', '5'], { code: 'unknown-argument', argument: '--acounts' }],
		[['--out'], { code: 'missing-value', flag: '--out' }],
		[['--out', 'x', '--seed', '--months', '3'], { code: 'missing-value', flag: '--seed' }],
		[
			['--out', 'x', '--accounts', '0'],
			{ code: 'bad-integer', flag: '--accounts', value: '0', min: 1, max: 1_000_000 }
		],
		[
			['--out', 'x', '--months', '2.5'],
			{ code: 'bad-integer', flag: '--months', value: '2.5', min: 1, max: 240 }
		],
		[['--out', 'x', '--end', '2025-2-3'], { code: 'bad-date', flag: '--end', value: '2025-2-3' }],
		[
			['--out', 'x', '--end', '2025-02-30'],
			{ code: 'bad-date', flag: '--end', value: '2025-02-30' }
		],
		[['--out', 'x', '--end', '30/6/2025'], { code: 'bad-date', flag: '--end', value: '30/6/2025' }],
		[['-h'], { code: 'help' }]
	])('refuses %j with a code', (argv, error) => {
		expect(parseSampleArgs(argv, TODAY)).toEqual({ ok: false, ...error });
	});

	it('explains a bad value with the flag, the value and the allowed range', () => {
		const message = sampleArgsMessage({
			code: 'bad-integer',
			flag: '--months',
			value: 'abc',
			min: 1,
			max: 240
		});
		expect(message).toContain('--months');
		expect(message).toContain('"abc"');
		expect(message).toContain('1 to 240');
	});
});

describe('runSampleCli', () => {
	const dirs: string[] = [];
	const tempDir = (): string => {
		const dir = mkdtempSync(join(tmpdir(), 'churn-desk-sample-'));
		dirs.push(dir);
		return dir;
	};
	afterEach(() => {
		for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
	});
	const run = (argv: string[]) => {
		const out: string[] = [];
		const err: string[] = [];
		const code = runSampleCli(argv, {
			stdout: (t) => out.push(t),
			stderr: (t) => err.push(t),
			nowMs: () => Date.UTC(2025, 6, 1, 9)
		});
		return { code, stdout: out.join(''), stderr: err.join('') };
	};

	it('creates the folder and writes six files, one summary line each', () => {
		const out = join(tempDir(), 'nested', 'sample');
		const result = run(['--out', out, '--accounts', '40', '--months', '6']);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('');
		expect(readdirSync(out).sort()).toEqual([
			'accounts.csv',
			'activity.csv',
			'nps.csv',
			'payments.csv',
			'subscriptions.csv',
			'tickets.csv'
		]);
		const accounts = readFileSync(join(out, 'accounts.csv'), 'utf8').split('\r\n');
		// Header + 40 rows + the empty string after the final line end.
		expect(accounts).toHaveLength(42);
		const lines = result.stdout.trim().split('\n');
		expect(lines.filter((l) => l.startsWith('accounts.csv'))[0]).toMatch(/\b40 rows\b/);
		// Six file lines and one line saying what was generated; the end defaults to yesterday.
		expect(lines).toHaveLength(7);
		expect(lines[6]).toBe('seed 1, 40 accounts, 6 months, 2025-01-01 to 2025-06-30');
	});

	it('writes the same bytes for the same arguments', () => {
		const a = tempDir();
		const b = tempDir();
		run(['--out', a, '--accounts', '25', '--seed', '9', '--end', '2024-12-31']);
		run(['--out', b, '--accounts', '25', '--seed', '9', '--end', '2024-12-31']);
		for (const name of readdirSync(a)) {
			expect(readFileSync(join(b, name))).toEqual(readFileSync(join(a, name)));
		}
	});

	it('exits 2 with a message and writes nothing on a bad argument', () => {
		const dir = tempDir();
		const result = run(['--out', dir, '--end', 'yesterday']);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('--end must be a calendar date written YYYY-MM-DD');
		expect(readdirSync(dir)).toEqual([]);
	});

	it('exits 1 when the folder cannot be created', () => {
		const file = join(tempDir(), 'a-file');
		writeFileSync(file, 'x');
		const result = run(['--out', file, '--accounts', '5']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('could not write');
	});

	it('prints the usage and exits 0 on --help', () => {
		const result = run(['--help']);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('--out DIR');
	});
});
