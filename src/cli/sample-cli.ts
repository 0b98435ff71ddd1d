// The sample-data command line: argument parsing and the run, kept apart from the entry file
// (sample.ts) so tests can call them in-process with their own output streams and clock.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dayFromEpochMs, dayFromIso, isoFromDay } from '../lib/core/dates';
import { generateSample, sampleCsvFiles } from '../lib/core/sample-data';
import type { DayNumber } from '../lib/core/types';

export interface SampleCliOptions {
	outDir: string;
	seed: number;
	accounts: number;
	months: number;
	endDay: DayNumber;
}

export type SampleArgsError =
	| { code: 'help' }
	| { code: 'missing-out' }
	| { code: 'unknown-argument'; argument: string }
	| { code: 'missing-value'; flag: string }
	| { code: 'bad-integer'; flag: string; value: string; min: number; max: number }
	| { code: 'bad-date'; flag: string; value: string };

export type SampleArgsResult =
	{ ok: true; options: SampleCliOptions } | ({ ok: false } & SampleArgsError);

const INTEGER_LIMITS = {
	'--seed': [-2147483648, 2147483647],
	'--accounts': [1, 1_000_000],
	'--months': [1, 240]
} as const;
type IntegerFlag = keyof typeof INTEGER_LIMITS;

const FLAGS = ['--out', '--seed', '--accounts', '--months', '--end'] as const;
type Flag = (typeof FLAGS)[number];

function isFlag(text: string): text is Flag {
	return (FLAGS as readonly string[]).includes(text);
}

/**
 * Options from the arguments after the script name. `--flag value` and `--flag=value` both work.
 * The history ends yesterday (`today - 1`) unless `--end YYYY-MM-DD` says otherwise.
 */
export function parseSampleArgs(argv: readonly string[], today: DayNumber): SampleArgsResult {
	const values = new Map<Flag, string>();
	for (let i = 0; i < argv.length; i++) {
		const argument = argv[i];
		if (argument === '--help' || argument === '-h') return { ok: false, code: 'help' };
		const eq = argument.indexOf('=');
		const name = eq > 0 ? argument.slice(0, eq) : argument;
		if (!isFlag(name)) return { ok: false, code: 'unknown-argument', argument };
		let value: string | undefined;
		if (eq > 0) value = argument.slice(eq + 1);
		else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
		if (value === undefined || value === '') {
			return { ok: false, code: 'missing-value', flag: name };
		}
		values.set(name, value);
	}
	const outDir = values.get('--out');
	if (outDir === undefined) return { ok: false, code: 'missing-out' };

	const integers = { '--seed': 1, '--accounts': 2000, '--months': 24 };
	for (const flag of Object.keys(INTEGER_LIMITS) as IntegerFlag[]) {
		const text = values.get(flag);
		if (text === undefined) continue;
		const [min, max] = INTEGER_LIMITS[flag];
		const n = Number(text);
		if (!/^-?\d+$/.test(text) || n < min || n > max) {
			return { ok: false, code: 'bad-integer', flag, value: text, min, max };
		}
		integers[flag] = n;
	}

	let endDay = today - 1;
	const endText = values.get('--end');
	if (endText !== undefined) {
		const day = dayFromIso(endText);
		if (day === null) return { ok: false, code: 'bad-date', flag: '--end', value: endText };
		endDay = day;
	}
	return {
		ok: true,
		options: {
			outDir,
			seed: integers['--seed'],
			accounts: integers['--accounts'],
			months: integers['--months'],
			endDay
		}
	};
}

export const SAMPLE_USAGE =
	'Usage: npm run sample -- --out DIR [--seed N] [--accounts N] [--months N] [--end YYYY-MM-DD]\n' +
	'Writes accounts, subscriptions, payments, activity, tickets and nps CSV files into DIR.\n' +
	'Defaults: --seed 1, --accounts 2000, --months 24, --end yesterday (UTC).';

/** A sentence for a parsing failure (the CLI is a developer tool: English only). */
export function sampleArgsMessage(error: SampleArgsError): string {
	switch (error.code) {
		case 'help':
			return SAMPLE_USAGE;
		case 'missing-out':
			return 'Missing --out DIR: the folder to write the CSV files into.';
		case 'unknown-argument':
			return `Unknown argument "${error.argument}".`;
		case 'missing-value':
			return `${error.flag} needs a value.`;
		case 'bad-integer':
			return (
				`${error.flag} must be a whole number from ${error.min} to ${error.max}, ` +
				`not "${error.value}".`
			);
		case 'bad-date':
			return `${error.flag} must be a calendar date written YYYY-MM-DD, not "${error.value}".`;
	}
}

export interface SampleCliIo {
	stdout(text: string): void;
	stderr(text: string): void;
	/** Milliseconds since the epoch; the default end day is the UTC day before. */
	nowMs(): number;
}

/** Runs the command; returns the process exit code (0 done, 2 bad arguments, 1 write failed). */
export function runSampleCli(argv: readonly string[], io: SampleCliIo): number {
	const parsed = parseSampleArgs(argv, dayFromEpochMs(io.nowMs()));
	if (!parsed.ok) {
		if (parsed.code === 'help') {
			io.stdout(`${SAMPLE_USAGE}\n`);
			return 0;
		}
		io.stderr(`sample: ${sampleArgsMessage(parsed)}\n${SAMPLE_USAGE}\n`);
		return 2;
	}
	const { outDir, seed, accounts, months, endDay } = parsed.options;
	const dir = resolve(outDir);
	const data = generateSample({ seed, accounts, months, endDay });
	try {
		mkdirSync(dir, { recursive: true });
		for (const file of sampleCsvFiles(data)) {
			const path = resolve(dir, file.fileName);
			writeFileSync(path, file.text, 'utf8');
			// Data rows: every row ends with CRLF, one of them the header's; quoted cells never hold
			// CRLF (only a bare LF), so counting CRLF counts rows.
			const rows = file.text.split('\r\n').length - 2;
			const bytes = Buffer.byteLength(file.text, 'utf8');
			const counts = `${String(rows).padStart(8)} rows ${String(bytes).padStart(10)} bytes`;
			io.stdout(`${file.fileName.padEnd(18)} ${counts}  ${path}\n`);
		}
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		io.stderr(`sample: could not write into ${dir}: ${reason}\n`);
		return 1;
	}
	io.stdout(
		`seed ${seed}, ${accounts} accounts, ${months} months, ` +
			`${isoFromDay(data.startDay)} to ${isoFromDay(endDay)}\n`
	);
	return 0;
}
