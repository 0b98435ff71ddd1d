// Generates the benchmark's activity export: 1,000,000 events of 100,000 accounts over two years,
// about 20 event names, columns account_id,timestamp,event,user_id (~60 MB). Deterministic: the
// same options give the same bytes, so runs compare.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const EVENT_NAMES = [
	'login',
	'logout',
	'page_view',
	'report_viewed',
	'report_exported',
	'dashboard_opened',
	'search',
	'filter_applied',
	'invoice_viewed',
	'invoice_paid',
	'user_invited',
	'user_removed',
	'integration_connected',
	'integration_synced',
	'api_call',
	'file_uploaded',
	'comment_added',
	'ticket_opened',
	'settings_changed',
	'export_scheduled'
];

/** A small fast seeded PRNG (mulberry32): enough for synthetic data, not for anything secret. */
function seededRandom(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Writes the CSV to `file`; resolves with { file, rows (data rows), bytes }.
 * @param {string} file
 * @param {{ rows?: number, accounts?: number, days?: number, seed?: number, startIso?: string }} [options]
 */
export async function writeActivityCsv(file, options = {}) {
	const rows = options.rows ?? 1_000_000;
	const accounts = options.accounts ?? 100_000;
	const days = options.days ?? 730;
	const random = seededRandom(options.seed ?? 20240101);
	const startMs = Date.parse(options.startIso ?? '2023-01-01T00:00:00Z');
	const out = createWriteStream(file);
	let bytes = 0;
	const write = async (text) => {
		bytes += Buffer.byteLength(text);
		if (!out.write(text)) await once(out, 'drain');
	};
	await write('account_id,timestamp,event,user_id\n');
	const BATCH = 10_000;
	for (let done = 0; done < rows; done += BATCH) {
		let text = '';
		for (let i = done; i < Math.min(rows, done + BATCH); i++) {
			// Skewed activity: a few accounts are busy, most are quiet, as in real products.
			const account = Math.floor(accounts * random() ** 2);
			const ms = startMs + Math.floor(random() * days * 86_400_000);
			const event = EVENT_NAMES[Math.floor(EVENT_NAMES.length * random() ** 1.5)];
			const user = account * 10 + Math.floor(random() * 8);
			const iso = new Date(ms).toISOString();
			const accountId = `acct_${String(account).padStart(6, '0')}`;
			text += `${accountId},${iso},${event},user_${String(user).padStart(7, '0')}\n`;
		}
		await write(text);
	}
	out.end();
	await once(out, 'finish');
	return { file, rows, bytes };
}
