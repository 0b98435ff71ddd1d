// Synthetic workspace exports for the analytics, model and rules benchmarks: accounts,
// subscriptions (three plan intervals per account), daily activity rollups, tickets and NPS, as
// the CSV files a person would import (the sample data's headers, so the importer maps them by
// itself). Sized by account count and by the number of stored activity rows (the importer adds
// one `*` row per account-day to the per-event rows). Deterministic for a seed.
// generateSample() in src/lib/core/sample-data.ts is richer but writes ~280 activity rows per
// account (28 million at 100,000 accounts), far past the 1,000,000 rollups the targets are for.
import { SAMPLE_CSV_HEADERS } from '../src/lib/core/sample-data';
import { isoFromDay } from '../src/lib/core/dates';
import type { DayNumber, EntityName } from '../src/lib/core/types';

export interface WorkspaceOptions {
	accounts: number;
	/** Activity rows stored after the import (event rows plus one `*` row per account-day). */
	activityRollups: number;
	/** Last day of the history. */
	endDay: DayNumber;
	/** Length of the history in days (default 730: two years). */
	days?: number;
	seed?: number;
}

export interface WorkspaceFile {
	entity: EntityName;
	fileName: string;
	text: string;
	/** Data rows written. */
	rows: number;
}

const PLANS = [
	{ name: 'Starter', mrr: 4900 },
	{ name: 'Growth', mrr: 14900 },
	{ name: 'Business', mrr: 49900 },
	{ name: 'Enterprise', mrr: 149900 }
];
const SEGMENTS = ['SMB', 'Mid-market', 'Enterprise'];
const OWNERS = ['Aiko', 'Ben', 'Chloe', 'Daichi', 'Emma', 'Farid', 'Grace', 'Hana'];
const COUNTRIES = ['JP', 'US', 'DE', 'GB', 'FR', 'BR', 'IN'];
const INDUSTRIES = ['Software', 'Retail', 'Finance', 'Health', 'Education', 'Media'];
const REASONS = [
	'price',
	'missing_feature',
	'switched_competitor',
	'no_longer_needed',
	'payment_failed'
];
const EVENTS = [
	'login',
	'report_viewed',
	'dashboard_opened',
	'search',
	'export',
	'invoice_viewed',
	'user_invited',
	'integration_synced',
	'api_call',
	'file_uploaded',
	'comment_added',
	'settings_changed',
	'filter_applied',
	'report_exported',
	'page_view',
	'logout',
	'alert_created',
	'share_link',
	'onboarding_done'
];
const EOL = '\r\n';

/** mulberry32: small, fast and seeded; enough for synthetic data. */
function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const money = (minor: number) =>
	`${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

/** The workspace as CSV files, in import order (accounts first). */
export function workspaceCsv(options: WorkspaceOptions): WorkspaceFile[] {
	const random = seededRandom(options.seed ?? 7);
	const days = options.days ?? 730;
	const end = options.endDay;
	const start = end - days + 1;
	const iso: string[] = [];
	for (let d = start - 1; d <= end + 1; d++) iso.push(isoFromDay(d));
	const dateOf = (day: number | null) => (day === null ? '' : iso[day - start + 1]);
	const idWidth = Math.max(6, String(options.accounts).length);

	const accounts: string[] = [];
	const subscriptions: string[] = [];
	const activity: string[] = [];
	const tickets: string[] = [];
	const nps: string[] = [];
	const lives: { id: string; signup: number; last: number; churns: boolean }[] = [];
	let lifeDaysTotal = 0;

	for (let a = 0; a < options.accounts; a++) {
		const id = `C${String(a + 1).padStart(idWidth, '0')}`;
		// Signups spread over the history, a little more in the recent half (growth).
		const signup = start + Math.floor((days - 30) * Math.sqrt(random()));
		const churns = random() < 0.3;
		const churnDay = churns ? Math.min(end, signup + 30 + Math.floor(random() * 500)) : null;
		const last = churnDay === null ? end : churnDay - 1;
		const segment = SEGMENTS[Math.floor(random() * random() * SEGMENTS.length)];
		let planAt = Math.floor(random() * random() * PLANS.length);
		// Three plan intervals: signup plan, a change, a second change (up or down).
		const cut1 = signup + Math.floor((last - signup + 1) / 3);
		const cut2 = signup + Math.floor((2 * (last - signup + 1)) / 3);
		const bounds = [
			[signup, Math.max(signup, cut1 - 1)],
			[Math.max(signup, cut1), Math.max(signup, cut2 - 1)],
			[Math.max(signup, cut2), last]
		];
		let mrr = 0;
		for (let s = 0; s < 3; s++) {
			const plan = PLANS[planAt];
			mrr = plan.mrr;
			const lastInterval = s === 2;
			const endDay = lastInterval ? (churnDay === null ? null : last) : bounds[s][1];
			const next = lastInterval
				? planAt
				: Math.max(0, Math.min(PLANS.length - 1, planAt + (random() < 0.7 ? 1 : -1)));
			const status = lastInterval
				? churnDay === null
					? 'active'
					: 'canceled'
				: next > planAt
					? 'upgraded'
					: next < planAt
						? 'downgraded'
						: 'upgraded';
			subscriptions.push(
				[
					`S${String(a * 3 + s + 1).padStart(idWidth + 1, '0')}`,
					id,
					plan.name,
					money(plan.mrr),
					'USD',
					dateOf(bounds[s][0]),
					dateOf(endDay),
					status,
					lastInterval && churns ? REASONS[Math.floor(random() * REASONS.length)] : ''
				].join(',')
			);
			planAt = next;
		}
		const reason = churns ? REASONS[Math.floor(random() * REASONS.length)] : '';
		accounts.push(
			[
				id,
				`Company ${a + 1}`,
				PLANS[planAt].name,
				segment,
				OWNERS[a % OWNERS.length],
				dateOf(signup),
				dateOf(churnDay),
				reason,
				churns ? (reason === 'payment_failed' ? 'involuntary' : 'voluntary') : '',
				money(churns ? 0 : mrr),
				'USD',
				COUNTRIES[Math.floor(random() * COUNTRIES.length)],
				INDUSTRIES[Math.floor(random() * INDUSTRIES.length)],
				String(1 + Math.floor(random() * 50))
			].join(',')
		);
		lives.push({ id, signup, last, churns });
		lifeDaysTotal += last - signup + 1;

		if (random() < 0.35) {
			const count = 1 + Math.floor(random() * 3);
			for (let t = 0; t < count; t++) {
				const opened = signup + Math.floor(random() * (last - signup + 1));
				const solved = random() < 0.85 ? Math.min(end, opened + Math.floor(random() * 8)) : null;
				tickets.push(
					[
						`T${a + 1}-${t + 1}`,
						id,
						dateOf(opened),
						dateOf(solved),
						solved === null ? 'open' : 'solved',
						random() < 0.2 ? 'high' : 'normal',
						'Question about billing',
						solved === null ? '' : String(1 + Math.floor(random() * 5))
					].join(',')
				);
			}
		}
		if (random() < 0.25) {
			const day = signup + Math.floor(random() * (last - signup + 1));
			const score = churns ? Math.floor(random() * 9) : 4 + Math.floor(random() * 7);
			nps.push([`N${a + 1}`, id, dateOf(day), String(score), ''].join(','));
		}
	}

	// Activity: each account gets a share of the stored rows in proportion to its life. An
	// account-day stores a `*` row and one event row (a second one every fifth day), so about
	// 2.2 stored rows per active day. Churners are busy early and fade before they leave.
	const perLifeDay = options.activityRollups / 2.2 / lifeDaysTotal;
	let stored = 0;
	for (const life of lives) {
		const span = life.last - life.signup + 1;
		let activeDays = Math.max(1, Math.round(span * perLifeDay * (0.5 + random())));
		activeDays = Math.min(activeDays, span);
		const used = new Set<number>();
		if (random() < 0.7) {
			const day = life.signup + Math.floor(random() * Math.min(14, span));
			activity.push(`${life.id},${dateOf(day)},onboarding_done,1,1`);
			used.add(day);
			stored += 2;
		}
		for (let k = 0; k < activeDays * 3 && used.size < activeDays; k++) {
			const u = random();
			const day = life.signup + Math.floor(span * (life.churns ? u * u : Math.sqrt(u)));
			if (used.has(day)) continue;
			used.add(day);
			const users = 1 + Math.floor(random() * 6);
			const first =
				random() < 0.6 ? 'login' : EVENTS[1 + Math.floor(random() * (EVENTS.length - 2))];
			activity.push(`${life.id},${dateOf(day)},${first},${1 + Math.floor(random() * 20)},${users}`);
			stored += 2;
			if (random() < 0.2) {
				const second = EVENTS[1 + Math.floor(random() * (EVENTS.length - 2))];
				if (second !== first) {
					activity.push(`${life.id},${dateOf(day)},${second},${1 + Math.floor(random() * 9)},1`);
					stored += 1;
				}
			}
		}
	}
	void stored;

	const file = (entity: EntityName, lines: string[]): WorkspaceFile => ({
		entity,
		fileName: `bench-${entity}.csv`,
		text: SAMPLE_CSV_HEADERS[entity].join(',') + EOL + lines.join(EOL) + EOL,
		rows: lines.length
	});
	return [
		file('accounts', accounts),
		file('subscriptions', subscriptions),
		file('activity', activity),
		file('tickets', tickets),
		file('nps', nps)
	];
}
