// Big CSV files the e2e tests import, generated once per content into os.tmpdir() (never
// committed): reused across test files and runs when already there with the expected size.
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const E2E_FIXTURES = path.resolve(import.meta.dirname, '../fixtures/e2e');
export const BAD_INPUTS = path.resolve(import.meta.dirname, '../fixtures/bad-inputs');

async function cached(name: string, make: () => string): Promise<string> {
	const file = path.join(os.tmpdir(), `churn-desk-e2e-${name}`);
	const text = make();
	const size = Buffer.byteLength(text);
	if (existsSync(file) && statSync(file).size === size) return file;
	await writeFile(file, text);
	return file;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** ISO date of day `i` counted from 2024-01-01 (UTC), for generated rows. */
function isoDay(i: number): string {
	return new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
}

/**
 * An activity CSV of `rows` raw events: `accounts` accounts × days × 3 event names, every row a
 * distinct (account, day, event), so the rollup keeps one row per event and counts are exact:
 * stored rows = rows.
 */
export function activityCsv(rows: number, accounts = 1000, tag = 'a'): Promise<string> {
	return cached(`activity-${tag}-${rows}.csv`, () => {
		const events = ['login', 'export', 'invite'];
		const lines = ['account_id,date,event,count'];
		for (let i = 0; i < rows; i++) {
			const account = i % accounts;
			const slot = Math.floor(i / accounts);
			const event = events[slot % 3];
			const day = Math.floor(slot / 3);
			lines.push(`${tag.toUpperCase()}${pad(account, 5)},${isoDay(day)},${event},${(i % 7) + 1}`);
		}
		return lines.join('\n') + '\n';
	});
}

/**
 * An accounts CSV of `rows` accounts with an `industry` attribute. Used where a file must be
 * bigger than a quota: `padding` characters of note per row make it as big as needed.
 */
export function accountsCsv(rows: number, padding = 0, tag = 'q'): Promise<string> {
	return cached(`accounts-${tag}-${rows}-${padding}.csv`, () => {
		// Pseudo-random letters (a fixed LCG): storage compression must not shrink the notes away.
		let state = 12345;
		const letter = () => {
			state = (Math.imul(state, 1103515245) + 12345) >>> 0;
			return String.fromCharCode(97 + ((state >>> 16) % 26));
		};
		const lines = ['customer_id,company_name,plan,signup_date,mrr,note'];
		for (let i = 0; i < rows; i++) {
			let note = '';
			for (let k = 0; k < padding; k++) note += letter();
			lines.push(
				`${tag.toUpperCase()}${pad(i, 7)},Company ${i},${['Basic', 'Pro'][i % 2]},${isoDay(i % 600)},${10 + (i % 90)},${note}`
			);
		}
		return lines.join('\n') + '\n';
	});
}

/**
 * Activity with dates `DD/MM/YYYY` whose first ~300 KB (more than the preview reads) all have a
 * day ≤ 12, and only later days above 12: day-first can only be seen past the head.
 */
export function dayFirstActivityCsv(): Promise<string> {
	return cached('activity-day-first.csv', () => {
		const lines = ['account_id,date,event,count'];
		// 12,000 rows of about 32 bytes ≈ 380 KB on days 1..12 of months 1..12.
		for (let i = 0; i < 12_000; i++) {
			const day = (i % 12) + 1;
			const month = (Math.floor(i / 12) % 12) + 1;
			lines.push(`D${pad(i % 500, 4)},${pad(day, 2)}/${pad(month, 2)}/2025,login,1`);
		}
		for (let i = 0; i < 4_000; i++) {
			const day = (i % 16) + 13;
			lines.push(`D${pad(i % 500, 4)},${pad(day, 2)}/03/2025,login,1`);
		}
		return lines.join('\n') + '\n';
	});
}
