// A seeded, deterministic sample history of a B2B SaaS business (accounts, subscriptions,
// payments, daily product activity, support tickets, NPS), so Churn Desk can be tried on one
// click without data of one's own. Same seed and options give byte-identical CSV files.
//
// How it is built: each account draws from its own random stream (seed, account number), and
// generation is linear in accounts × days (no step looks at other accounts' rows). An account's commercial life is
// simulated one billing cycle at a time (churn, plan changes, add-ons, failed payments,
// reactivation); activity, tickets and NPS are then drawn around that life, so that usage fades,
// tickets pile up and scores drop before many (not all) churns, as in real data.
import { firstDayOfMonth, isoFromDay, monthIndexFromYm, weekdayOfDay, ymdFromDay } from './dates';
import { seededRandom, type Random } from './random';
import type { ChurnType, DayNumber, EntityName, PaymentStatus } from './types';

export interface SampleOptions {
	/** Same seed and options give byte-identical output. Default 1. */
	seed?: number;
	/** Number of accounts. Default 2000. */
	accounts?: number;
	/** Length of the history in months, ending on endDay. Default 24. */
	months?: number;
	/** Last day of the history (the UI passes yesterday). Nothing is dated after it. */
	endDay: DayNumber;
}

export const CANCEL_REASONS = [
	'too_expensive',
	'missing_features',
	'switched_service',
	'unused',
	'customer_service',
	'too_complex',
	'other'
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];
/** Cancel reason of a subscription ended by dunning after failed payments (Stripe's wording). */
export const PAYMENT_FAILED_REASON = 'payment_failed';

export const SAMPLE_EVENTS = [
	'login',
	'dashboard_view',
	'report_run',
	'export',
	'invite_user',
	'api_call',
	'onboarding_connect_data',
	'onboarding_invite_team',
	'onboarding_first_report'
] as const;
export type SampleEvent = (typeof SAMPLE_EVENTS)[number];

export const SAMPLE_SEGMENTS = ['SMB', 'Mid-market', 'Enterprise'] as const;
export type SampleSegment = (typeof SAMPLE_SEGMENTS)[number];

/** Main plans by tier (index), then add-ons. */
export const SAMPLE_PLANS = ['Starter', 'Growth', 'Business', 'Enterprise'] as const;
export const SAMPLE_ADDONS = ['API Add-on', 'Premium Support'] as const;

/**
 * `upgraded` / `downgraded`: ended by a plan change (the next row starts the day after);
 * `canceled`: ended by churn or by cancelling an add-on; `past_due`: still running, in dunning.
 */
export type SampleSubscriptionStatus =
	'active' | 'past_due' | 'canceled' | 'upgraded' | 'downgraded';
export type SampleTicketStatus = 'open' | 'pending' | 'solved' | 'closed';
export type SampleTicketPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface SampleAccount {
	customerId: string;
	companyName: string;
	/** Current main plan (the last one for churned accounts). */
	plan: string;
	segment: SampleSegment;
	owner: string;
	signupDay: DayNumber;
	/** End of the last subscription when churned at endDay; null when active or reactivated. */
	churnDay: DayNumber | null;
	churnReason: string | null;
	churnType: ChurnType | null;
	/** MRR at endDay (sum of running subscriptions), minor units; 0 when churned. */
	mrrMinor: number;
	currency: string;
	/** ISO 3166-1 alpha-2. */
	country: string;
	industry: string;
	/** Current seats. */
	seats: number;
}

export interface SampleSubscription {
	subscriptionId: string;
	customerId: string;
	plan: string;
	mrrMinor: number;
	currency: string;
	startDay: DayNumber;
	/** Last day of service, or null while running. */
	endDay: DayNumber | null;
	status: SampleSubscriptionStatus;
	cancelReason: string | null;
}

export interface SamplePayment {
	paymentId: string;
	customerId: string;
	day: DayNumber;
	amountMinor: number;
	currency: string;
	status: PaymentStatus;
}

/**
 * Daily activity, one row per account, day and event, columnar: there are several hundred
 * thousand rows, and objects would cost ten times the memory. Rows are grouped by account, then
 * ordered by day and by SAMPLE_EVENTS. `users` is the distinct users of the account-day (the
 * same on every row of that account-day).
 */
export interface SampleActivity {
	length: number;
	/** Index into SampleData.accounts. */
	account: Int32Array;
	day: Int32Array;
	/** Index into SAMPLE_EVENTS. */
	event: Uint8Array;
	count: Int32Array;
	users: Int32Array;
}

export interface SampleTicket {
	ticketId: string;
	customerId: string;
	createdDay: DayNumber;
	/** Null while unresolved (status open or pending). */
	solvedDay: DayNumber | null;
	status: SampleTicketStatus;
	priority: SampleTicketPriority;
	subject: string;
	satisfaction: 'good' | 'bad' | null;
}

export interface SampleNps {
	responseId: string;
	customerId: string;
	day: DayNumber;
	score: number;
	comment: string | null;
}

export interface SampleData {
	/** First day of the history (inclusive). */
	startDay: DayNumber;
	/** Last day of the history (inclusive). */
	endDay: DayNumber;
	accounts: SampleAccount[];
	subscriptions: SampleSubscription[];
	payments: SamplePayment[];
	activity: SampleActivity;
	tickets: SampleTicket[];
	nps: SampleNps[];
}

const CURRENCY = 'USD';

// ---------------------------------------------------------------------------------------------
// Vocabulary. Names are built from parts so 2,000 accounts rarely share one.

const INDUSTRIES = [
	'Software',
	'Logistics',
	'Manufacturing',
	'Retail',
	'Healthcare',
	'Finance',
	'Real Estate',
	'Consulting',
	'Media',
	'Food & Beverage',
	'Education'
] as const;
type Industry = (typeof INDUSTRIES)[number];

const JA_NAME_STEMS = [
	'さくら',
	'ひかり',
	'あおぞら',
	'みらい',
	'やまと',
	'こだま',
	'はやぶさ',
	'つばさ',
	'ミドリ',
	'アサヒ',
	'フジ',
	'ソラ',
	'青葉',
	'日向',
	'北斗',
	'大和',
	'東雲',
	'若葉',
	'星野',
	'朝日',
	'富士見',
	'白石',
	'高砂',
	'千代田',
	'湊',
	'桜井',
	'光陽',
	'三葉',
	'緑川',
	'新星',
	'銀河',
	'丸の内'
];
const JA_NAME_SUFFIXES: Record<Industry, readonly string[]> = {
	Software: ['テック', 'システムズ', 'ネットワークス', 'ラボ', 'ソフト'],
	Logistics: ['ロジスティクス', '物流', '運輸'],
	Manufacturing: ['製作所', '工業', '精機'],
	Retail: ['ストア', 'リテール', '商店'],
	Healthcare: ['メディカル', 'ヘルスケア', '薬品'],
	Finance: ['ファイナンス', 'キャピタル', '証券'],
	'Real Estate': ['不動産', 'ホーム', '地所'],
	Consulting: ['コンサルティング', 'パートナーズ', '総研'],
	Media: ['メディア', 'デザイン', '出版'],
	'Food & Beverage': ['フーズ', '食品', '酒造'],
	Education: ['学習舎', 'エデュケーション', 'スクール']
};
const EN_NAME_STEMS = [
	'Acme',
	'Hoshino',
	'Northwind',
	'Bluebird',
	'Summit',
	'Evergreen',
	'Pioneer',
	'Redwood',
	'Silverline',
	'Brightpath',
	'Harbor',
	'Maple',
	'Orion',
	'Cobalt',
	'Granite',
	'Juniper',
	'Lakeside',
	'Meridian',
	'Nimbus',
	'Oakridge',
	'Pinnacle',
	'Quartz',
	'Riverbend',
	'Sterling',
	'Tidewater',
	'Vantage',
	'Willow',
	'Zenith',
	'Sakura',
	'Kitsune',
	'Aoba',
	'Falcon'
];
const EN_NAME_NOUNS: Record<Industry, readonly string[]> = {
	Software: ['Analytics', 'Software', 'Labs', 'Systems', 'Cloud', 'Data'],
	Logistics: ['Logistics', 'Freight', 'Shipping'],
	Manufacturing: ['Manufacturing', 'Industries', 'Works', 'Robotics'],
	Retail: ['Retail', 'Outfitters', 'Goods', 'Market'],
	Healthcare: ['Health', 'Medical', 'Care'],
	Finance: ['Capital', 'Financial', 'Payments'],
	'Real Estate': ['Realty', 'Properties', 'Homes'],
	Consulting: ['Consulting', 'Partners', 'Advisors'],
	Media: ['Media', 'Studio', 'Publishing'],
	'Food & Beverage': ['Foods', 'Coffee', 'Kitchens', 'Brewing'],
	Education: ['Learning', 'Academy', 'Education']
};
// The ", LLC" form puts a comma in a name on purpose: the CSV must quote it.
const EN_NAME_FORMS = ['', ' Inc.', ' Ltd', ', LLC', ' Co.'];

const JA_OWNERS = ['佐藤 美咲', '鈴木 健太', '高橋 陽菜', '田中 翔', '伊藤 彩', '渡辺 大輔'];
const EN_OWNERS = [
	'Emily Carter',
	'James Wilson',
	'Priya Shah',
	'Lukas Becker',
	'Chloe Martin',
	'Daniel Kim'
];

const COUNTRIES = ['JP', 'US', 'GB', 'DE', 'SG', 'AU', 'CA', 'FR', 'KR', 'TW'];
const COUNTRY_WEIGHTS = [55, 15, 6, 5, 5, 4, 3, 3, 2, 2];

type Lang = 'ja' | 'en';
type TicketTopic = 'howto' | 'bug' | 'billing' | 'feature' | 'account';
const TICKET_TOPICS: readonly TicketTopic[] = ['howto', 'bug', 'billing', 'feature', 'account'];
const TOPIC_WEIGHTS_CALM = [35, 25, 15, 15, 10];
// Before a troubled churn: more bugs, billing questions and "how do we cancel".
const TOPIC_WEIGHTS_TROUBLED = [10, 35, 20, 15, 20];
const TICKET_SUBJECTS: Record<Lang, Record<TicketTopic, readonly string[]>> = {
	ja: {
		howto: [
			'ユーザーの権限設定について',
			'データ連携の設定方法を教えてください',
			'レポートを社外と共有したい',
			'ダッシュボードのフィルタの使い方'
		],
		bug: [
			'ダッシュボードが表示されない',
			'CSVエクスポートで文字化けする',
			'レポートの数値が合わない',
			'グラフの読み込みが非常に遅い'
		],
		billing: [
			'請求書の宛名を変更したい',
			'クレジットカードの更新方法',
			'請求額が想定と違う',
			'年払いへの切り替えについて'
		],
		feature: ['Slack連携の要望', 'APIの上限を上げたい', 'Salesforce連携はありますか'],
		account: ['ログインできない（SSO）', '解約手続きについて', '担当者変更の連絡']
	},
	en: {
		howto: [
			'How to set user permissions',
			'How do I connect our data warehouse?',
			'Sharing a report with a client',
			'Question about dashboard filters'
		],
		bug: [
			'Dashboard not loading',
			'Export fails with a timeout',
			'Report totals do not match',
			'Charts are very slow to load'
		],
		billing: [
			'Update billing address on invoice',
			'Card declined, how do I update it?',
			'Charged twice this month',
			'Switching to annual billing'
		],
		feature: [
			'Feature request: Slack integration',
			'Need a higher API rate limit',
			'Do you integrate with Salesforce?'
		],
		account: ['Cannot log in (SSO)', 'Question about cancelling our plan', 'New admin contact']
	}
};

type NpsGroup = 'detractor' | 'passive' | 'promoter';
const NPS_COMMENTS: Record<Lang, Record<NpsGroup, readonly string[]>> = {
	ja: {
		detractor: [
			'価格が高すぎる。利用頻度に見合わない',
			'バグが多く、レポートの数値が信用できない',
			'サポートの返信が遅い',
			'画面が複雑で使いこなせない',
			'必要な機能が足りない（Salesforce連携など）',
			'値上げ後の料金に納得できない'
		],
		passive: [
			'概ね満足だが、動作がやや重い',
			'機能は十分。価格がもう少し安ければ',
			'使えているが、エクスポートを改善してほしい',
			'特に不満はない'
		],
		promoter: [
			'とても使いやすく、チーム全員が毎日使っている',
			'サポートが迅速で丁寧',
			'レポート作成の時間が半分になった',
			'他社にも勧めたい'
		]
	},
	en: {
		detractor: [
			'Too expensive for what we use.',
			'Too many bugs, the numbers in reports are often wrong.',
			'Support takes days to answer.',
			'Hard to use, my team gave up.',
			'Missing features we need, e.g. a Salesforce sync.',
			'The price increase was not worth it.'
		],
		passive: [
			'Does the job, but it is slow at times.',
			'Good, though a bit pricey.',
			// A quote and a line break inside one cell, as free-text survey exports have.
			'Fine overall. The "export to Excel" button could be better.\nPlease add SSO.',
			'No complaints.'
		],
		promoter: [
			'Love it, the whole team uses it daily.',
			'Great support, quick and friendly.',
			'Cut our reporting time in half!',
			'Would recommend to any SaaS team.'
		]
	}
};

// ---------------------------------------------------------------------------------------------
// Commercial model.

interface SegmentModel {
	share: number;
	/** Tier weights for Starter, Growth, Business, Enterprise. */
	tierWeights: readonly number[];
	seatsMin: number;
	seatsMax: number;
	/** Monthly hazards at a billing date. */
	voluntary: number;
	involuntary: number;
	downgradeChurn: number;
	/** Tickets per account-month. */
	tickets: number;
}

const SEGMENT_MODELS: Record<SampleSegment, SegmentModel> = {
	SMB: {
		share: 55,
		tierWeights: [62, 33, 5, 0],
		seatsMin: 1,
		seatsMax: 15,
		voluntary: 0.021,
		involuntary: 0.006,
		downgradeChurn: 0.005,
		tickets: 0.12
	},
	'Mid-market': {
		share: 32,
		tierWeights: [10, 45, 40, 5],
		seatsMin: 12,
		seatsMax: 80,
		voluntary: 0.013,
		involuntary: 0.004,
		downgradeChurn: 0.003,
		tickets: 0.3
	},
	Enterprise: {
		share: 13,
		tierWeights: [0, 5, 40, 55],
		seatsMin: 60,
		seatsMax: 400,
		voluntary: 0.007,
		involuntary: 0.002,
		downgradeChurn: 0,
		tickets: 0.7
	}
};
const SEGMENT_SHARES = SAMPLE_SEGMENTS.map((s) => SEGMENT_MODELS[s].share);

const VOLUNTARY_REASON_WEIGHTS = [28, 17, 15, 18, 7, 8, 7];
const DOWNGRADE_REASON_WEIGHTS = [45, 5, 0, 30, 0, 10, 10];
/** Reasons after which a churn is "troubled": tickets pile up and NPS drops before it. */
const TROUBLED_REASONS: readonly string[] = ['customer_service', 'missing_features', 'too_complex'];

/** MRR of a main plan in minor units; Enterprise is priced per seat ($1,000 + $10 a seat). */
function planMrrMinor(tier: number, seats: number): number {
	if (tier === 0) return 4_900;
	if (tier === 1) return 19_900;
	if (tier === 2) return 59_900;
	return 100_000 + seats * 1_000;
}
const ADDON_MRR_MINOR = [9_900, 24_900];

// ---------------------------------------------------------------------------------------------
// Generation.

interface Profile {
	index: number;
	customerId: string;
	signupDay: DayNumber;
	segment: SampleSegment;
	country: string;
	lang: Lang;
	industry: Industry;
	companyName: string;
	owner: string;
	/** 0.15..1: how much the account uses the product; low engagement churns more. */
	engagement: number;
	tier: number;
	seats: number;
}

interface SubDraft {
	account: number;
	plan: string;
	tier: number;
	seats: number;
	addon: boolean;
	mrrMinor: number;
	startDay: DayNumber;
	endDay: DayNumber | null;
	status: SampleSubscriptionStatus;
	cancelReason: string | null;
}

interface ChurnDraft {
	/** Last day of service. */
	day: DayNumber;
	type: ChurnType;
	reason: string;
	/** Usage fades from this day to the churn; null when it does not. */
	fadeStart: DayNumber | null;
	/** More tickets and detractor scores before this churn. */
	troubled: boolean;
}

interface Span {
	start: DayNumber;
	end: DayNumber;
}

interface Life {
	subs: SubDraft[];
	churns: ChurnDraft[];
	/** Paying periods, each from a (re)start to its churn or endDay. */
	spells: Span[];
	/** Periods on the free plan after a downgrade churn (light usage continues). */
	free: Span[];
}

interface PaymentDraft {
	account: number;
	day: DayNumber;
	amountMinor: number;
	status: PaymentStatus;
}

interface TicketDraft extends Omit<SampleTicket, 'ticketId' | 'customerId'> {
	account: number;
}

interface NpsDraft extends Omit<SampleNps, 'responseId' | 'customerId'> {
	account: number;
}

/** Growable typed columns for activity rows (half a million rows: arrays of numbers churn GC). */
interface ActivityColumns {
	length: number;
	account: Int32Array;
	day: Int32Array;
	event: Uint8Array;
	count: Int32Array;
	users: Int32Array;
}

function activityColumns(capacity: number): ActivityColumns {
	return {
		length: 0,
		account: new Int32Array(capacity),
		day: new Int32Array(capacity),
		event: new Uint8Array(capacity),
		count: new Int32Array(capacity),
		users: new Int32Array(capacity)
	};
}

/**
 * First day of a history of `months` calendar months that ends on endDay: the day after endDay,
 * `months` months earlier (2025-06-30 and 24 months: 2023-07-01).
 */
export function sampleStartDay(endDay: DayNumber, months: number): DayNumber {
	const { year, month, day } = ymdFromDay(endDay + 1);
	return billingDay(monthIndexFromYm(year, month) - months, day);
}

/** The day in a month that matches an anchor day-of-month, clamped to the month's length. */
function billingDay(monthIndex: number, anchorDayOfMonth: number): DayNumber {
	const first = firstDayOfMonth(monthIndex);
	const length = firstDayOfMonth(monthIndex + 1) - first;
	return first + Math.min(anchorDayOfMonth, length) - 1;
}

/**
 * The whole sample history for the window of `months` months ending on `endDay`. Rows of each
 * entity are ordered by date (accounts by signup, activity by account then day), with ids in that
 * order. The same options always give the same data.
 */
export function generateSample(options: SampleOptions): SampleData {
	const seed = options.seed ?? 1;
	const accountCount = Math.max(0, Math.floor(options.accounts ?? 2000));
	const months = Math.max(1, Math.floor(options.months ?? 24));
	const endDay = options.endDay;
	const startDay = sampleStartDay(endDay, months);
	const calendar = activityCalendar(startDay, endDay);

	const signups = signupDays(seededRandom(seed, 0), accountCount, startDay, endDay);
	const idWidth = Math.max(5, String(accountCount).length);
	const usedNames = new Set<string>();

	const accounts: SampleAccount[] = [];
	const subs: SubDraft[] = [];
	const payments: PaymentDraft[] = [];
	const tickets: TicketDraft[] = [];
	const nps: NpsDraft[] = [];
	// About 300 rows per account at the defaults; the columns double when that is too little.
	const activity = activityColumns(Math.max(1024, accountCount * 300));

	for (let i = 0; i < accountCount; i++) {
		// Stream 0 drew the signup days; account i has stream i + 1 of its own.
		const rng = seededRandom(seed, i + 1);
		const customerId = `C${String(i + 1).padStart(idWidth, '0')}`;
		const profile = accountProfile(rng, i, customerId, signups[i], usedNames);
		const life = simulateLife(rng, profile, endDay, payments);
		for (const sub of life.subs) subs.push(sub);
		accounts.push(accountRow(profile, life));
		drawActivity(rng, profile, life, calendar, activity);
		drawTickets(rng, profile, life, endDay, tickets);
		drawNps(rng, profile, life, nps);
	}

	const customerIdOf = (account: number): string => accounts[account].customerId;
	// Exports list rows by date; ids follow that order. Sort is stable: ties stay in account order.
	subs.sort((a, b) => a.startDay - b.startDay);
	payments.sort((a, b) => a.day - b.day);
	tickets.sort((a, b) => a.createdDay - b.createdDay);
	nps.sort((a, b) => a.day - b.day);

	return {
		startDay,
		endDay,
		accounts,
		subscriptions: subs.map((s, n) => ({
			subscriptionId: `S${String(n + 1).padStart(6, '0')}`,
			customerId: customerIdOf(s.account),
			plan: s.plan,
			mrrMinor: s.mrrMinor,
			currency: CURRENCY,
			startDay: s.startDay,
			endDay: s.endDay,
			status: s.status,
			cancelReason: s.cancelReason
		})),
		payments: payments.map((p, n) => ({
			paymentId: `P${String(n + 1).padStart(7, '0')}`,
			customerId: customerIdOf(p.account),
			day: p.day,
			amountMinor: p.amountMinor,
			currency: CURRENCY,
			status: p.status
		})),
		activity: {
			length: activity.length,
			account: activity.account.slice(0, activity.length),
			day: activity.day.slice(0, activity.length),
			event: activity.event.slice(0, activity.length),
			count: activity.count.slice(0, activity.length),
			users: activity.users.slice(0, activity.length)
		},
		tickets: tickets.map(({ account, ...t }, n) => ({
			ticketId: `T${String(n + 1).padStart(6, '0')}`,
			customerId: customerIdOf(account),
			...t
		})),
		nps: nps.map(({ account, ...r }, n) => ({
			responseId: `N${String(n + 1).padStart(6, '0')}`,
			customerId: customerIdOf(account),
			...r
		}))
	};
}

/**
 * Signup days, ascending. A fifth of the accounts form the base in the first three weeks; the
 * rest arrive over the window at a rate that grows by 80% from start to end; most on weekdays.
 */
function signupDays(
	rng: Random,
	count: number,
	startDay: DayNumber,
	endDay: DayNumber
): DayNumber[] {
	const span = Math.max(1, endDay - startDay - 6);
	const baseSpan = Math.min(21, span);
	const growth = 0.8;
	const days: DayNumber[] = [];
	for (let i = 0; i < count; i++) {
		let day: DayNumber;
		if (rng.chance(0.2)) day = startDay + Math.floor(rng.next() * baseSpan);
		else {
			// Inverse of the CDF of a density proportional to 1 + growth·x on [0, 1).
			const u = rng.next();
			const x = (Math.sqrt(1 + 2 * growth * u * (1 + growth / 2)) - 1) / growth;
			day = startDay + Math.floor(x * span);
		}
		const weekday = weekdayOfDay(day);
		if (weekday >= 5 && rng.chance(0.7)) day = Math.max(startDay, day - (weekday - 4));
		days.push(day);
	}
	return days.sort((a, b) => a - b);
}

function accountProfile(
	rng: Random,
	index: number,
	customerId: string,
	signupDay: DayNumber,
	usedNames: Set<string>
): Profile {
	const segment = rng.weighted(SAMPLE_SEGMENTS, SEGMENT_SHARES);
	const model = SEGMENT_MODELS[segment];
	const country = rng.weighted(COUNTRIES, COUNTRY_WEIGHTS);
	const japanese = country === 'JP';
	const lang: Lang = japanese && rng.chance(0.9) ? 'ja' : 'en';
	const industry = rng.pick(INDUSTRIES);
	const nameLang: Lang = japanese && rng.chance(0.85) ? 'ja' : 'en';
	let companyName = '';
	// Retry a few times to avoid a duplicate name; a rare duplicate remains, as in real CRMs.
	for (let attempt = 0; attempt < 12; attempt++) {
		companyName = companyNameOf(rng, nameLang, industry);
		if (!usedNames.has(companyName)) break;
	}
	usedNames.add(companyName);
	const owner = japanese && rng.chance(0.85) ? rng.pick(JA_OWNERS) : rng.pick(EN_OWNERS);
	const engagement = Math.min(1, Math.max(0.15, 0.62 + 0.2 * rng.normal()));
	const tier = rng.weighted([0, 1, 2, 3], model.tierWeights);
	// Squared uniform: most accounts are small within their segment.
	const u = rng.next();
	const seats = model.seatsMin + Math.floor(u * u * (model.seatsMax - model.seatsMin + 1));
	return {
		index,
		customerId,
		signupDay,
		segment,
		country,
		lang,
		industry,
		companyName,
		owner,
		engagement,
		tier,
		seats
	};
}

function companyNameOf(rng: Random, lang: Lang, industry: Industry): string {
	if (lang === 'ja') {
		const core = rng.pick(JA_NAME_STEMS) + rng.pick(JA_NAME_SUFFIXES[industry]);
		const form = rng.next();
		if (form < 0.55) return `株式会社${core}`;
		return form < 0.95 ? `${core}株式会社` : `合同会社${core}`;
	}
	const stem = rng.pick(EN_NAME_STEMS);
	return `${stem} ${rng.pick(EN_NAME_NOUNS[industry])}${rng.pick(EN_NAME_FORMS)}`;
}

function openSub(
	subs: SubDraft[],
	profile: Profile,
	tier: number,
	seats: number,
	startDay: DayNumber
): SubDraft {
	const sub: SubDraft = {
		account: profile.index,
		plan: SAMPLE_PLANS[tier],
		tier,
		seats,
		addon: false,
		mrrMinor: planMrrMinor(tier, seats),
		startDay,
		endDay: null,
		status: 'active',
		cancelReason: null
	};
	subs.push(sub);
	return sub;
}

function openAddon(rng: Random, subs: SubDraft[], profile: Profile, startDay: DayNumber): SubDraft {
	const kind = rng.chance(0.6) ? 0 : 1;
	const sub: SubDraft = {
		account: profile.index,
		plan: SAMPLE_ADDONS[kind],
		tier: -1,
		seats: 0,
		addon: true,
		mrrMinor: ADDON_MRR_MINOR[kind],
		startDay,
		endDay: null,
		status: 'active',
		cancelReason: null
	};
	subs.push(sub);
	return sub;
}

function closeSub(
	sub: SubDraft,
	lastDay: DayNumber,
	status: SampleSubscriptionStatus,
	reason: string | null
): void {
	sub.endDay = lastDay;
	sub.status = status;
	sub.cancelReason = reason;
}

/**
 * One charge for a billing date: usually paid; 3% declined then recovered by a retry a few days
 * later (when that is still inside the window); about 1% refunded.
 */
function charge(
	rng: Random,
	payments: PaymentDraft[],
	account: number,
	day: DayNumber,
	amountMinor: number,
	endDay: DayNumber
): PaymentDraft {
	const r = rng.next();
	if (r < 0.03) {
		const failed: PaymentDraft = { account, day, amountMinor, status: 'failed' };
		payments.push(failed);
		const retry = day + rng.int(1, 5);
		if (retry > endDay) return failed;
		const recovered: PaymentDraft = { account, day: retry, amountMinor, status: 'paid' };
		payments.push(recovered);
		return recovered;
	}
	const payment: PaymentDraft = {
		account,
		day,
		amountMinor,
		status: r < 0.04 ? 'refunded' : 'paid'
	};
	payments.push(payment);
	return payment;
}

/** The account's commercial life, one billing cycle at a time, from signup to endDay. */
function simulateLife(
	rng: Random,
	profile: Profile,
	endDay: DayNumber,
	payments: PaymentDraft[]
): Life {
	const model = SEGMENT_MODELS[profile.segment];
	const e = profile.engagement;
	const life: Life = { subs: [], churns: [], spells: [], free: [] };
	let tier = profile.tier;
	let seats = profile.seats;
	let spellStart = profile.signupDay;
	let reactivations = 0;

	for (;;) {
		let main = openSub(life.subs, profile, tier, seats, spellStart);
		let addon: SubDraft | null = null;
		const anchor = ymdFromDay(spellStart);
		const anchorMonth = monthIndexFromYm(anchor.year, anchor.month);
		let lastMainCharge = charge(rng, payments, profile.index, spellStart, main.mrrMinor, endDay);
		let churn: ChurnDraft | null = null;

		for (let k = 1; ; k++) {
			const bill = billingDay(anchorMonth + k, anchor.day);
			if (bill > endDay) break;
			// Hazards at this billing date; the first months are riskier, engaged accounts safer.
			const hVoluntary = model.voluntary * (1.8 - e) * (k <= 3 ? 1.5 : 1);
			const hInvoluntary = model.involuntary;
			const hDowngradeChurn = tier <= 1 ? model.downgradeChurn * (1.6 - e) : 0;
			const hUpgrade = 0.02 * (0.4 + e);
			const hDowngrade = tier > 0 ? 0.01 * (1.6 - e) : 0;
			const hAddon = addon ? 0.04 : tier >= 1 ? 0.015 : 0;
			let u = rng.next();

			if ((u -= hVoluntary) < 0) {
				const reason = rng.weighted(CANCEL_REASONS, VOLUNTARY_REASON_WEIGHTS);
				churn = {
					day: bill - 1,
					type: 'voluntary',
					reason,
					fadeStart: rng.chance(0.78) ? bill - 1 - rng.int(28, 70) : null,
					troubled: rng.chance(TROUBLED_REASONS.includes(reason) ? 0.8 : 0.35)
				};
				// Some cancellations come with a refund of the last charge.
				if (lastMainCharge.status === 'paid' && rng.chance(0.12)) {
					lastMainCharge.status = 'refunded';
				}
				break;
			}
			if ((u -= hInvoluntary) < 0) {
				// Dunning: the charge and two retries fail; service stops ten days after the due date.
				for (const sub of addon ? [main, addon] : [main]) {
					for (const offset of [0, 3, 7]) {
						if (bill + offset > endDay) break;
						payments.push({
							account: profile.index,
							day: bill + offset,
							amountMinor: sub.mrrMinor,
							status: 'failed'
						});
					}
				}
				// Churn days stay before endDay, so "running at endDay" means "no end day".
				if (bill + 9 >= endDay) {
					main.status = 'past_due';
					if (addon) addon.status = 'past_due';
					break;
				}
				churn = {
					day: bill + 9,
					type: 'involuntary',
					reason: PAYMENT_FAILED_REASON,
					fadeStart: rng.chance(0.1) ? bill + 9 - rng.int(28, 56) : null,
					troubled: rng.chance(0.05)
				};
				break;
			}
			if ((u -= hDowngradeChurn) < 0) {
				const reason = rng.weighted(CANCEL_REASONS, DOWNGRADE_REASON_WEIGHTS);
				churn = {
					day: bill - 1,
					type: 'downgrade',
					reason,
					fadeStart: rng.chance(0.7) ? bill - 1 - rng.int(28, 70) : null,
					troubled: rng.chance(0.3)
				};
				break;
			}
			if ((u -= hUpgrade) < 0) {
				// Enterprise has no higher plan: it expands by seats, priced per seat.
				closeSub(main, bill - 1, 'upgraded', null);
				if (tier < 3) tier++;
				seats += Math.max(1, Math.round(seats * 0.25));
				main = openSub(life.subs, profile, tier, seats, bill);
			} else if ((u -= hDowngrade) < 0) {
				closeSub(main, bill - 1, 'downgraded', null);
				tier--;
				seats = Math.max(1, seats - Math.max(1, Math.round(seats * 0.25)));
				main = openSub(life.subs, profile, tier, seats, bill);
			} else if ((u -= hAddon) < 0) {
				if (addon) {
					closeSub(addon, bill - 1, 'canceled', rng.chance(0.6) ? 'unused' : 'too_expensive');
					addon = null;
				} else addon = openAddon(rng, life.subs, profile, bill);
			}
			lastMainCharge = charge(rng, payments, profile.index, bill, main.mrrMinor, endDay);
			if (addon) charge(rng, payments, profile.index, bill, addon.mrrMinor, endDay);
		}

		if (!churn) {
			life.spells.push({ start: spellStart, end: endDay });
			return life;
		}
		closeSub(main, churn.day, 'canceled', churn.reason);
		if (addon) closeSub(addon, churn.day, 'canceled', churn.reason);
		life.churns.push(churn);
		life.spells.push({ start: spellStart, end: churn.day });

		const comeBack = rng.chance(
			churn.type === 'involuntary' ? 0.25 : churn.type === 'downgrade' ? 0.2 : 0.1
		);
		const restart = churn.day + 1 + rng.int(14, 300);
		const keepsFree = churn.type === 'downgrade' && rng.chance(0.6);
		if (comeBack && reactivations < 2 && restart <= endDay) {
			if (keepsFree) life.free.push({ start: churn.day + 1, end: restart - 1 });
			reactivations++;
			spellStart = restart;
			// A returning customer often restarts one plan lower; a fixed card restarts as it was.
			if (churn.type !== 'involuntary' && tier > 0 && rng.chance(0.4)) tier--;
			continue;
		}
		if (keepsFree && churn.day < endDay) life.free.push({ start: churn.day + 1, end: endDay });
		return life;
	}
}

function accountRow(profile: Profile, life: Life): SampleAccount {
	let lastEnd: DayNumber = -Infinity;
	let running = false;
	let mrrMinor = 0;
	let plan: string = SAMPLE_PLANS[profile.tier];
	let seats = profile.seats;
	for (const sub of life.subs) {
		if (sub.endDay === null) {
			running = true;
			mrrMinor += sub.mrrMinor;
		} else if (sub.endDay > lastEnd) lastEnd = sub.endDay;
		if (!sub.addon) {
			// Subs are pushed in time order: the last main one is the current (or final) plan.
			plan = sub.plan;
			seats = sub.seats;
		}
	}
	const lastChurn = life.churns[life.churns.length - 1];
	const churned = !running && lastChurn !== undefined;
	return {
		customerId: profile.customerId,
		companyName: profile.companyName,
		plan,
		segment: profile.segment,
		owner: profile.owner,
		signupDay: profile.signupDay,
		churnDay: churned ? lastEnd : null,
		churnReason: churned ? lastChurn.reason : null,
		churnType: churned ? lastChurn.type : null,
		mrrMinor,
		currency: CURRENCY,
		country: profile.country,
		industry: profile.industry,
		seats
	};
}

// ---------------------------------------------------------------------------------------------
// Activity.

interface ActivityCalendar {
	startDay: DayNumber;
	/** Weekday × season factor per day of the window, for Japanese and other accounts. */
	japan: Float64Array;
	other: Float64Array;
}

const WEEKDAY_FACTORS = [1.0, 1.05, 1.05, 1.0, 0.9, 0.2, 0.14];

/** Seasonal dips: year end everywhere, Golden Week and Obon in Japan, August holidays elsewhere. */
function activityCalendar(startDay: DayNumber, endDay: DayNumber): ActivityCalendar {
	const length = Math.max(0, endDay - startDay + 1);
	const japan = new Float64Array(length);
	const other = new Float64Array(length);
	for (let i = 0; i < length; i++) {
		const day = startDay + i;
		const { month, day: dom } = ymdFromDay(day);
		const md = month * 100 + dom;
		const weekday = WEEKDAY_FACTORS[weekdayOfDay(day)];
		let jp = 1;
		if (md >= 1229 || md <= 103) jp = 0.15;
		else if (md >= 429 && md <= 505) jp = 0.35;
		else if (md >= 811 && md <= 816) jp = 0.4;
		else if (month === 8) jp = 0.92;
		let rest = 1;
		if (md >= 1224 || md <= 101) rest = 0.3;
		else if ((md >= 1220 && md <= 1223) || md === 102) rest = 0.7;
		else if (month === 8) rest = 0.75;
		japan[i] = weekday * jp;
		other[i] = weekday * rest;
	}
	return { startDay, japan, other };
}

const EVENT_INDEX = Object.fromEntries(SAMPLE_EVENTS.map((e, i) => [e, i])) as Record<
	SampleEvent,
	number
>;

interface Milestone {
	day: DayNumber;
	event: number;
}

/** Onboarding milestones in the first weeks; engaged accounts complete more of them. */
function onboardingMilestones(rng: Random, profile: Profile, life: Life): Milestone[] {
	const e = profile.engagement;
	const first = life.spells[0];
	// Accounts that will leave within four months mostly never finished onboarding.
	const earlyChurn = life.churns.length > 0 && life.churns[0].day - profile.signupDay < 120;
	const damp = earlyChurn ? 0.5 : 1;
	const milestones: Milestone[] = [];
	const add = (event: SampleEvent, p: number, from: number, to: number): void => {
		const day = profile.signupDay + rng.int(from, to);
		if (rng.chance(p * damp) && day <= first.end) {
			milestones.push({ day, event: EVENT_INDEX[event] });
		}
	};
	add('onboarding_connect_data', 0.55 + 0.4 * e, 0, 10);
	add('onboarding_invite_team', profile.seats > 1 ? 0.35 + 0.45 * e : 0.05, 2, 20);
	add('onboarding_first_report', 0.45 + 0.45 * e, 1, 25);
	return milestones.sort((a, b) => a.day - b.day || a.event - b.event);
}

interface UsagePeriod extends Span {
	tier: number;
	seats: number;
	free: boolean;
}

function drawActivity(
	rng: Random,
	profile: Profile,
	life: Life,
	calendar: ActivityCalendar,
	out: ActivityColumns
): void {
	const e = profile.engagement;
	const factors = profile.country === 'JP' ? calendar.japan : calendar.other;
	const milestones = onboardingMilestones(rng, profile, life);
	const fades: Span[] = [];
	for (const c of life.churns) {
		if (c.fadeStart !== null) fades.push({ start: c.fadeStart, end: c.day });
	}
	const apiAddons: Span[] = [];
	const periods: UsagePeriod[] = [];
	for (const sub of life.subs) {
		const end = sub.endDay ?? calendar.startDay + factors.length - 1;
		if (sub.addon) {
			if (sub.plan === SAMPLE_ADDONS[0]) apiAddons.push({ start: sub.startDay, end });
		} else {
			periods.push({ start: sub.startDay, end, tier: sub.tier, seats: sub.seats, free: false });
		}
	}
	for (const f of life.free) {
		periods.push({ ...f, tier: 0, seats: Math.min(3, profile.seats), free: true });
	}
	periods.sort((a, b) => a.start - b.start);

	const userShare = 0.12 + 0.5 * e;
	for (const period of periods) {
		const seats = period.seats;
		const activeBase = period.free ? 0.08 : 0.08 + 0.36 * e + Math.min(0.3, seats / 150);
		for (let day = period.start; day <= period.end; day++) {
			let m = factors[day - calendar.startDay];
			for (const fade of fades) {
				if (day >= fade.start && day <= fade.end) {
					m *= 1 - (0.85 * (day - fade.start + 1)) / (fade.end - fade.start + 1);
				}
			}
			let milestoneHere = false;
			for (const ms of milestones) if (ms.day === day) milestoneHere = true;
			if (!milestoneHere && rng.next() >= activeBase * m) continue;

			// Fewer people log in on quiet days: the day's factor scales users, half as strongly as
			// it scales presence.
			const users = Math.min(
				seats,
				1 + Math.floor(seats * userShare * (0.5 + 0.5 * Math.min(1.1, m)) * rng.next())
			);
			const a = profile.index;
			const logins = users + Math.floor(users * 0.6 * rng.next());
			pushActivity(out, a, day, EVENT_INDEX.login, logins, users);
			if (rng.chance(0.75)) {
				pushActivity(out, a, day, EVENT_INDEX.dashboard_view, users * rng.int(1, 4), users);
			}
			if (rng.chance(0.2 + 0.35 * e)) {
				const reports = 1 + Math.floor(users * 0.5 * rng.next());
				pushActivity(out, a, day, EVENT_INDEX.report_run, reports, users);
			}
			if (rng.chance(0.1)) pushActivity(out, a, day, EVENT_INDEX.export, rng.int(1, 3), users);
			let invites = rng.chance(0.012) ? 1 : 0;
			for (const ms of milestones) {
				if (ms.day === day && ms.event === EVENT_INDEX.onboarding_invite_team) {
					invites = Math.max(invites, Math.min(Math.max(1, seats - 1), rng.int(2, 6)));
				}
			}
			if (invites > 0) pushActivity(out, a, day, EVENT_INDEX.invite_user, invites, users);
			let api = !period.free && period.tier >= 2;
			for (const span of apiAddons) if (day >= span.start && day <= span.end) api = true;
			if (api && rng.chance(0.8)) {
				const calls = Math.max(1, Math.round(rng.int(20, 150) * (period.tier + 1) * m));
				pushActivity(out, a, day, EVENT_INDEX.api_call, calls, users);
			}
			for (const ms of milestones) {
				if (ms.day === day) pushActivity(out, a, day, ms.event, 1, users);
			}
		}
	}
}

function pushActivity(
	out: ActivityColumns,
	account: number,
	day: DayNumber,
	event: number,
	count: number,
	users: number
): void {
	let n = out.length;
	if (n === out.account.length) {
		const grown = activityColumns(n * 2);
		grown.account.set(out.account);
		grown.day.set(out.day);
		grown.event.set(out.event);
		grown.count.set(out.count);
		grown.users.set(out.users);
		Object.assign(out, grown);
	}
	out.account[n] = account;
	out.day[n] = day;
	out.event[n] = event;
	out.count[n] = count;
	out.users[n++] = users;
	out.length = n;
}

// ---------------------------------------------------------------------------------------------
// Tickets and NPS.

/** The churn that follows `day` within `horizon` days, if any. */
function churnAhead(life: Life, day: DayNumber, horizon: number): ChurnDraft | null {
	for (const c of life.churns) if (c.day >= day && c.day - day <= horizon) return c;
	return null;
}

const PRIORITIES: readonly SampleTicketPriority[] = ['low', 'normal', 'high', 'urgent'];
const PRIORITY_WEIGHTS = [30, 45, 18, 7];
/** Days to solve, by priority: [min, max]. */
const SOLVE_DAYS: Record<SampleTicketPriority, [number, number]> = {
	low: [1, 20],
	normal: [0, 10],
	high: [0, 5],
	urgent: [0, 2]
};

function drawTickets(
	rng: Random,
	profile: Profile,
	life: Life,
	endDay: DayNumber,
	out: TicketDraft[]
): void {
	const perWeek = SEGMENT_MODELS[profile.segment].tickets / 4.35;
	for (const spell of life.spells) {
		for (let week = spell.start; week <= spell.end; week += 7) {
			const ahead = churnAhead(life, week, 60);
			const troubled = ahead !== null && ahead.troubled;
			const onboarding = week - spell.start < 30 ? 2 : 1;
			const rate = perWeek * onboarding * (troubled ? 4 : 1);
			// Two draws a week let a troubled account open more than one ticket in it.
			for (let draw = 0; draw < 2; draw++) {
				if (!rng.chance(rate / 2)) continue;
				const created = week + rng.int(0, 6);
				if (created > spell.end) continue;
				const topic = rng.weighted(
					TICKET_TOPICS,
					troubled ? TOPIC_WEIGHTS_TROUBLED : TOPIC_WEIGHTS_CALM
				);
				const priority = rng.weighted(PRIORITIES, PRIORITY_WEIGHTS);
				const [lo, hi] = SOLVE_DAYS[priority];
				const solved = created + rng.int(lo, hi);
				const stuck = rng.chance(0.05);
				if (stuck || solved > endDay) {
					out.push({
						account: profile.index,
						createdDay: created,
						solvedDay: null,
						status: rng.chance(0.6) ? 'open' : 'pending',
						priority,
						subject: rng.pick(TICKET_SUBJECTS[profile.lang][topic]),
						satisfaction: null
					});
					continue;
				}
				const rated = rng.chance(0.45);
				out.push({
					account: profile.index,
					createdDay: created,
					solvedDay: solved,
					// Solved tickets close automatically after two weeks, as in Zendesk.
					status: solved < endDay - 14 ? 'closed' : 'solved',
					priority,
					subject: rng.pick(TICKET_SUBJECTS[profile.lang][topic]),
					satisfaction: rated ? (rng.chance(troubled ? 0.45 : 0.85) ? 'good' : 'bad') : null
				});
			}
		}
	}
}

function drawNps(rng: Random, profile: Profile, life: Life, out: NpsDraft[]): void {
	const e = profile.engagement;
	for (const spell of life.spells) {
		// A survey two to three months in, then about every six months; 40% answer.
		for (let day = spell.start + rng.int(45, 100); day <= spell.end; day += rng.int(150, 200)) {
			if (!rng.chance(0.4)) continue;
			let mean = 3.2 + 6.8 * e;
			const ahead = churnAhead(life, day, 150);
			if (ahead && ahead.troubled) mean -= 3.5;
			else if (ahead && ahead.fadeStart !== null) mean -= 2;
			const score = Math.min(10, Math.max(0, Math.round(mean + 1.5 * rng.normal())));
			const group: NpsGroup = score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter';
			const commentRate = group === 'detractor' ? 0.7 : group === 'passive' ? 0.4 : 0.55;
			out.push({
				account: profile.index,
				day,
				score,
				comment: rng.chance(commentRate) ? rng.pick(NPS_COMMENTS[profile.lang][group]) : null
			});
		}
	}
}

// ---------------------------------------------------------------------------------------------
// CSV.

/** Headers of the sample files, exactly as the column auto-mapper expects them. */
export const SAMPLE_CSV_HEADERS: Record<EntityName, readonly string[]> = {
	accounts: [
		'customer_id',
		'company_name',
		'plan',
		'segment',
		'owner',
		'signup_date',
		'churn_date',
		'churn_reason',
		'churn_type',
		'mrr',
		'currency',
		'country',
		'industry',
		'seats'
	],
	subscriptions: [
		'subscription_id',
		'customer_id',
		'plan',
		'mrr',
		'currency',
		'start_date',
		'end_date',
		'status',
		'cancel_reason'
	],
	payments: ['payment_id', 'customer_id', 'date', 'amount', 'currency', 'status'],
	activity: ['account_id', 'date', 'event', 'count', 'users'],
	tickets: [
		'ticket_id',
		'customer_id',
		'created_at',
		'solved_at',
		'status',
		'priority',
		'subject',
		'satisfaction'
	],
	// Japanese headers on purpose: the auto-mapper must recognise them.
	nps: ['回答ID', '顧客ID', '回答日', 'スコア', 'コメント']
};

export interface SampleCsvFile {
	fileName: string;
	entity: EntityName;
	text: string;
}

/** Line ending of the sample files (RFC 4180). */
export const SAMPLE_CSV_EOL = '\r\n';

/** A CSV cell: quoted only when it holds a comma, quote, line break or edge space. */
function csvCell(text: string | null): string {
	if (text === null) return '';
	return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Minor units as a plain decimal in major units: 4900 -> `49.00`. */
function moneyText(minor: number): string {
	const sign = minor < 0 ? '-' : '';
	const abs = Math.abs(minor);
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * The sample as CSV files, one per entity, in ENTITY_NAMES order: UTF-8 text (no BOM), comma
 * separated, CRLF line ends (a final one too), dates `YYYY-MM-DD`, money in major units, empty
 * cell for null.
 */
export function sampleCsvFiles(data: SampleData): SampleCsvFile[] {
	// Formatting a date is the hot path of the activity file: format each day of the window once.
	const isoCache: string[] = [];
	for (let day = data.startDay; day <= data.endDay; day++) isoCache.push(isoFromDay(day));
	const iso = (day: DayNumber | null): string => {
		if (day === null) return '';
		return isoCache[day - data.startDay] ?? isoFromDay(day);
	};
	const file = (entity: EntityName, lines: string[]): SampleCsvFile => {
		const header = SAMPLE_CSV_HEADERS[entity].map(csvCell).join(',') + SAMPLE_CSV_EOL;
		const body = lines.length > 0 ? lines.join(SAMPLE_CSV_EOL) + SAMPLE_CSV_EOL : '';
		return { fileName: `${entity}.csv`, entity, text: header + body };
	};

	const accounts = data.accounts.map((a) =>
		[
			csvCell(a.customerId),
			csvCell(a.companyName),
			csvCell(a.plan),
			csvCell(a.segment),
			csvCell(a.owner),
			iso(a.signupDay),
			iso(a.churnDay),
			csvCell(a.churnReason),
			csvCell(a.churnType),
			moneyText(a.mrrMinor),
			csvCell(a.currency),
			csvCell(a.country),
			csvCell(a.industry),
			String(a.seats)
		].join(',')
	);
	const subscriptions = data.subscriptions.map((s) =>
		[
			csvCell(s.subscriptionId),
			csvCell(s.customerId),
			csvCell(s.plan),
			moneyText(s.mrrMinor),
			csvCell(s.currency),
			iso(s.startDay),
			iso(s.endDay),
			csvCell(s.status),
			csvCell(s.cancelReason)
		].join(',')
	);
	const payments = data.payments.map((p) =>
		[
			csvCell(p.paymentId),
			csvCell(p.customerId),
			iso(p.day),
			moneyText(p.amountMinor),
			csvCell(p.currency),
			csvCell(p.status)
		].join(',')
	);
	const act = data.activity;
	const accountIds = data.accounts.map((a) => csvCell(a.customerId));
	// Half a million rows: one joined line array per 8,192 rows (string += is five times slower
	// here), and the "account,date" prefix formatted once per account-day.
	const eventCells = SAMPLE_EVENTS.map((event) => `,${event},`);
	const activity: string[] = [];
	let lines: string[] = [];
	let prefix = '';
	for (let i = 0; i < act.length; i++) {
		if (i === 0 || act.account[i] !== act.account[i - 1] || act.day[i] !== act.day[i - 1]) {
			prefix = `${accountIds[act.account[i]]},${iso(act.day[i])}`;
		}
		lines.push(prefix + eventCells[act.event[i]] + act.count[i] + ',' + act.users[i]);
		if (lines.length === 8192) {
			activity.push(lines.join(SAMPLE_CSV_EOL));
			lines = [];
		}
	}
	if (lines.length > 0) activity.push(lines.join(SAMPLE_CSV_EOL));
	const tickets = data.tickets.map((t) =>
		[
			csvCell(t.ticketId),
			csvCell(t.customerId),
			iso(t.createdDay),
			iso(t.solvedDay),
			csvCell(t.status),
			csvCell(t.priority),
			csvCell(t.subject),
			csvCell(t.satisfaction)
		].join(',')
	);
	const nps = data.nps.map((r) =>
		[
			csvCell(r.responseId),
			csvCell(r.customerId),
			iso(r.day),
			String(r.score),
			csvCell(r.comment)
		].join(',')
	);
	return [
		file('accounts', accounts),
		file('subscriptions', subscriptions),
		file('payments', payments),
		file('activity', activity),
		file('tickets', tickets),
		file('nps', nps)
	];
}
