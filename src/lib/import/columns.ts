// Which entity a file holds and which of its columns feed which field, from the header names
// alone. Synonyms come from the exports people already have (Stripe, Chargebee, Paddle,
// Recurly, Baremetrics, HubSpot, Salesforce, Zendesk, Freshdesk, GA4, kintone, public churn
// datasets) in English and Japanese; see docs in shared/reference/export-formats.md.
import { ENTITY_FIELDS, ENTITY_NAMES, type EntityName } from '../core/types';

/**
 * Header as compared: NFKC (full-width → ASCII), lower case, BOM and zero-width characters
 * removed, a time-zone suffix like `(UTC)` dropped, spaces, `_`, `-`, `.`, `・` and `/` removed.
 */
export function normalizeHeader(header: string): string {
	return header
		.normalize('NFKC')
		.replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
		.toLowerCase()
		.replace(/\((utc|gmt|jst|[+-]\d{1,2}(:?\d{2})?)\)/g, '')
		.replace(/[\s_\-./・:]+/g, '');
}

/** Synonyms per entity and field, best first: a header earlier in a list wins the field. */
const SYNONYMS: Record<EntityName, Record<string, readonly string[]>> = {
	accounts: {
		id: [
			'customer_id',
			'customerID',
			'account_id',
			'accountID',
			'id',
			'Record ID',
			'Account ID',
			'External ID',
			'customer_oid',
			'account_code',
			'customers.id',
			'client_id',
			'company_id',
			'organization_id',
			'user_id',
			'顧客ID',
			'顧客コード',
			'顧客番号',
			'取引先ID',
			'取引先コード',
			'得意先コード',
			'会社ID',
			'アカウントID',
			'レコード番号'
		],
		name: [
			'company_name',
			'company',
			'account_name',
			'customer_name',
			'name',
			'Company name',
			'Account Name',
			'Organization',
			'organization_name',
			'business_name',
			'会社名',
			'企業名',
			'顧客名',
			'取引先名',
			'得意先名',
			'社名',
			'名前'
		],
		plan: [
			'plan',
			'plan_name',
			'current_plan',
			'pricing_plan',
			'tier',
			'package',
			'プラン',
			'料金プラン',
			'プラン名'
		],
		segment: ['segment', 'customer_segment', 'tier_segment', 'セグメント', '区分', '顧客区分'],
		owner: [
			'owner',
			'account_owner',
			'csm',
			'customer_success_manager',
			'Company owner',
			'account_manager',
			'Contact owner',
			'担当者',
			'担当',
			'営業担当',
			'CS担当'
		],
		signupDay: [
			'signup_date',
			'signup_day',
			'signed_up_at',
			'sign_up_date',
			'signup',
			'start_date',
			'created_at',
			'Created',
			'Create Date',
			'Created Date',
			'customer_since',
			'first_seen',
			'subscription_started_at',
			'activated_at',
			'joined_at',
			'登録日',
			'契約日',
			'契約開始日',
			'利用開始日',
			'作成日',
			'作成日時',
			'申込日'
		],
		churnDay: [
			'churn_date',
			'churned_at',
			'churn_day',
			'canceled_at',
			'cancelled_at',
			'Canceled At',
			'cancel_date',
			'cancellation_date',
			'ended_at',
			'end_date',
			'subscription_canceled_at',
			'Canceled On',
			'解約日',
			'退会日',
			'契約終了日',
			'終了日'
		],
		churnReason: [
			'churn_reason',
			'cancel_reason',
			'cancellation_reason',
			'Cancellation Reason',
			'reason',
			'Reason Code',
			'churn_reason_code',
			'解約理由',
			'退会理由'
		],
		churnType: ['churn_type', 'churn_kind', 'cancellation_type', '解約種別', '解約タイプ'],
		mrrMinor: [
			'mrr',
			'current_mrr',
			'mrr_usd',
			'monthly_revenue',
			'monthly_recurring_revenue',
			'MonthlyCharges',
			'monthly_charges',
			'monthly_fee',
			'monthly_amount',
			'月額',
			'月額料金',
			'MRR(円)',
			'月次売上'
		],
		currency: ['currency', 'currency_code', 'plan_currency', '通貨'],
		tenureMonths: [
			'tenure_months',
			'tenure',
			'months_active',
			'months_subscribed',
			'lifetime_months',
			'tenure (months)',
			'契約月数',
			'継続月数',
			'利用月数'
		],
		churned: [
			'churned',
			'churn',
			'is_churned',
			'churn_flag',
			'Exited',
			'attrition',
			'attrition_flag',
			'has_churned',
			'cancelled',
			'解約',
			'解約フラグ',
			'解約済み',
			'退会'
		]
	},
	subscriptions: {
		id: [
			'subscription_id',
			'subscriptionID',
			'subscriptions.id',
			'subscription_oid',
			'sub_id',
			'subscription_uuid',
			'uuid',
			'id',
			'契約ID',
			'契約番号',
			'サブスクリプションID'
		],
		accountId: [
			'customer_id',
			'customerID',
			'Customer',
			'account_id',
			'customers.id',
			'customer_oid',
			'account_code',
			'client_id',
			'company_id',
			'顧客ID',
			'顧客コード',
			'取引先ID',
			'得意先コード'
		],
		plan: [
			'plan',
			'plan_name',
			'plan_id',
			'subscriptions.plan_id',
			'plan_code',
			'price_id',
			'product',
			'プラン',
			'プラン名'
		],
		mrrMinor: [
			'mrr',
			'monthly_amount',
			'amount',
			'monthly_recurring_revenue',
			'unit_amount',
			'月額',
			'金額'
		],
		currency: ['currency', 'currency_code', 'plan_currency', '通貨'],
		startDay: [
			'start_date',
			'start',
			'Start Date',
			'started_at',
			'subscriptions.start_date',
			'subscriptions.started_at',
			'subscription_started_at',
			'activated_at',
			'current_term_start',
			'created_at',
			'Created',
			'subscriptions.created_at',
			'開始日',
			'契約開始日',
			'利用開始日'
		],
		endDay: [
			'end_date',
			'ended_at',
			'Ended At',
			'expires_at',
			'subscription_canceled_at',
			'canceled_at',
			'cancelled_at',
			'subscriptions.cancelled_at',
			'cancel_date',
			'終了日',
			'契約終了日',
			'解約日'
		],
		status: [
			'status',
			'state',
			'subscriptions.status',
			'subscription_status',
			'ステータス',
			'状態'
		],
		cancelReason: [
			'cancel_reason',
			'cancellation_reason',
			'Cancellation Reason',
			'churn_reason',
			'expiration_reason',
			'Reason Code',
			'解約理由'
		]
	},
	payments: {
		id: [
			'payment_id',
			'charge_id',
			'transaction_id',
			'invoice_id',
			'id',
			'Invoice ID',
			'支払ID',
			'決済ID',
			'請求番号',
			'請求書番号'
		],
		accountId: [
			'customer_id',
			'customerID',
			'Customer',
			'account_id',
			'account_code',
			'customers.id',
			'client_id',
			'company_id',
			'顧客ID',
			'顧客コード',
			'取引先ID',
			'得意先コード'
		],
		day: [
			'date',
			'payment_date',
			'paid_at',
			'charged_at',
			'Created date',
			'Created',
			'created_at',
			'billed_at',
			'transaction_date',
			'invoice_date',
			'支払日',
			'決済日',
			'入金日',
			'請求日',
			'日付'
		],
		amountMinor: [
			'amount',
			'amount_paid',
			'paid_amount',
			'total',
			'payment_amount',
			'charge_amount',
			'金額',
			'支払金額',
			'請求金額',
			'合計金額'
		],
		currency: ['currency', 'currency_code', '通貨'],
		status: [
			'status',
			'payment_status',
			'charge_status',
			'state',
			'ステータス',
			'支払状況',
			'入金状況'
		]
	},
	activity: {
		accountId: [
			'account_id',
			'accountID',
			'customer_id',
			'customerID',
			'company_id',
			'group_id',
			'organization_id',
			'tenant_id',
			'workspace_id',
			'client_id',
			'顧客ID',
			'顧客コード',
			'アカウントID'
		],
		day: [
			'date',
			'day',
			'event_date',
			'activity_date',
			'timestamp',
			'event_time',
			'event_timestamp',
			'time',
			'occurred_at',
			'created_at',
			'InvoiceDate',
			'received_at',
			'usage_date',
			'日付',
			'日時',
			'利用日'
		],
		metric: [
			'event',
			'event_name',
			'event_type',
			'metric',
			'action',
			'feature',
			'activity',
			'イベント',
			'イベント名',
			'操作'
		],
		count: [
			'count',
			'event_count',
			'events',
			'quantity',
			'Quantity',
			'value',
			'total_events',
			'回数',
			'件数',
			'数量'
		],
		userId: ['user_id', 'userID', 'distinct_id', 'user_pseudo_id', 'member_id', 'ユーザーID'],
		users: ['users', 'active_users', 'distinct_users', 'unique_users', 'user_count', 'ユーザー数']
	},
	tickets: {
		id: [
			'ticket_id',
			'ticketID',
			'Ticket Id',
			'Id',
			'id',
			'case_id',
			'case_number',
			'conversation_id',
			'チケットID',
			'問い合わせID',
			'問合せ番号'
		],
		accountId: [
			'customer_id',
			'customerID',
			'account_id',
			'organization_id',
			'company_id',
			'Organization',
			'Requester external id',
			'Company Name',
			'Account Name',
			'顧客ID',
			'顧客コード',
			'取引先ID'
		],
		openedDay: [
			'created_at',
			'Created at',
			'Created time',
			'opened_at',
			'open_date',
			'created',
			'conversation_created_at',
			'Date/Time Opened',
			'submitted_at',
			'作成日',
			'作成日時',
			'受付日',
			'問い合わせ日'
		],
		resolvedDay: [
			'solved_at',
			'Solved at',
			'resolved_at',
			'Resolved time',
			'closed_at',
			'Closed time',
			'conversation_closed_at',
			'Date/Time Closed',
			'解決日',
			'完了日',
			'クローズ日'
		],
		status: [
			'status',
			'ticket_status',
			'conversation_state',
			'チケットステータス',
			'ステータス',
			'状態'
		],
		priority: ['priority', '優先度'],
		subject: ['subject', 'title', 'summary', 'チケット名', '件名', '題名'],
		satisfaction: [
			'satisfaction',
			'Satisfaction Score',
			'csat',
			'satisfaction_rating',
			'satisfaction_score',
			'rating',
			'満足度'
		]
	},
	nps: {
		id: ['response_id', 'Respondent ID', 'survey_response_id', 'id', '#', '回答ID', '回答番号'],
		accountId: [
			'customer_id',
			'customerID',
			'account_id',
			'company_id',
			'person',
			'email',
			'顧客ID',
			'顧客コード',
			'取引先ID'
		],
		day: [
			'date',
			'response_date',
			'responded_at',
			'submitted_at',
			'Submit Date',
			'created_at',
			'End Date',
			'survey_date',
			'回答日',
			'回答日時',
			'日付'
		],
		score: [
			'score',
			'nps',
			'nps_score',
			'rating',
			'likelihood_to_recommend',
			'スコア',
			'推奨度',
			'評価'
		],
		comment: [
			'comment',
			'comments',
			'feedback',
			'reason',
			'verbatim',
			'コメント',
			'自由記述',
			'理由'
		]
	}
};

/** Normalised header → { field, rank } per entity, built once. */
const LOOKUP: Record<EntityName, Map<string, { field: string; rank: number }>> = (() => {
	const out = {} as Record<EntityName, Map<string, { field: string; rank: number }>>;
	for (const entity of ENTITY_NAMES) {
		const map = new Map<string, { field: string; rank: number }>();
		for (const spec of ENTITY_FIELDS[entity]) {
			(SYNONYMS[entity][spec.key] ?? []).forEach((synonym, rank) => {
				const key = normalizeHeader(synonym);
				if (!map.has(key)) map.set(key, { field: spec.key, rank });
			});
		}
		out[entity] = map;
	}
	return out;
})();

/**
 * Headers that name a unit other than the field's: a tenure in years must not become
 * tenureMonths (12× too small), so it stays an attribute.
 */
function contradictsUnit(field: string, header: string): boolean {
	return (
		field === 'tenureMonths' && /year|yrs|年数|年/.test(header.normalize('NFKC').toLowerCase())
	);
}

/**
 * Known public layouts whose header names mislead. Churn_Modelling (bank churn): `Tenure` is in
 * years, so it is kept as the attribute `attr:Tenure` rather than converted (×12 would claim a
 * precision of months the data does not have).
 */
const LAYOUT_OVERRIDES: readonly { allOf: readonly string[]; unmap: readonly string[] }[] = [
	{ allOf: ['customerid', 'surname', 'exited', 'tenure', 'creditscore'], unmap: ['tenure'] }
];

/** Per source column, the field key it maps to for `entity`, or null (attribute / ignored). */
export function autoMapColumns(entity: EntityName, headers: readonly string[]): (string | null)[] {
	const normalized = headers.map(normalizeHeader);
	const present = new Set(normalized);
	const unmapped = new Set<string>();
	for (const layout of LAYOUT_OVERRIDES) {
		if (layout.allOf.every((h) => present.has(h))) layout.unmap.forEach((h) => unmapped.add(h));
	}
	const best = new Map<string, { column: number; rank: number }>();
	normalized.forEach((key, column) => {
		if (unmapped.has(key)) return;
		const hit = LOOKUP[entity].get(key);
		if (!hit || contradictsUnit(hit.field, headers[column])) return;
		const current = best.get(hit.field);
		if (!current || hit.rank < current.rank) best.set(hit.field, { column, rank: hit.rank });
	});
	const mapping: (string | null)[] = headers.map(() => null);
	for (const [field, { column }] of best) mapping[column] = field;
	return mapping;
}

export interface EntityScore {
	entity: EntityName;
	score: number;
	/** Fields matched by a header. */
	matched: number;
	/** Every required field has a column. */
	complete: boolean;
}

/**
 * Entities ranked by how well the headers fit them: a matched field counts 1, a matched
 * required field 2; entities missing a required field rank after complete ones.
 */
export function suggestEntity(headers: readonly string[]): {
	entity: EntityName | null;
	scores: EntityScore[];
} {
	const scores = ENTITY_NAMES.map((entity): EntityScore => {
		const mapping = autoMapColumns(entity, headers);
		const fields = new Set(mapping.filter((f): f is string => f !== null));
		const required = ENTITY_FIELDS[entity].filter((f) => f.required);
		const requiredHit = required.filter((f) => fields.has(f.key)).length;
		return {
			entity,
			score: fields.size + requiredHit,
			matched: fields.size,
			complete: requiredHit === required.length
		};
	});
	const ranked = [...scores].sort(
		(a, b) => Number(b.complete) - Number(a.complete) || b.score - a.score
	);
	const top = ranked[0];
	return { entity: top && top.complete ? top.entity : null, scores: ranked };
}

/**
 * A stable key for a header row, to remember how a person mapped a file of that shape: the
 * normalised headers in order, hashed (FNV-1a, 32-bit) with the column count.
 */
export function headerSignature(headers: readonly string[]): string {
	const text = headers.map(normalizeHeader).join('\u0001');
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return `${headers.length}-${hash.toString(16).padStart(8, '0')}`;
}
