// Strings of churn and retention analytics: KPIs, churn split, filters, definitions, accounts.
export const en = {
	// Filter bar (shared by every view).
	'filters.title': 'Filters',
	'filters.from': 'From',
	'filters.to': 'To',
	'filters.plan': 'Plan',
	'filters.segment': 'Segment',
	'filters.owner': 'Owner',
	'filters.attribute': 'Attribute',
	'filters.chooseAttribute': 'Filter by an attribute…',
	'filters.clear': 'Clear filters',
	'filters.none': 'No filter: all accounts.',
	'filters.active': 'Filtered: {count} accounts',
	'filters.remove': 'Remove filter {name}',
	'filters.dateRange': '{from} to {to}',
	'filters.selected': '{count} selected',
	'filters.open': 'open'
} as const;

export const ja: Record<keyof typeof en, string> = {
	'filters.title': '絞り込み',
	'filters.from': '開始日',
	'filters.to': '終了日',
	'filters.plan': 'プラン',
	'filters.segment': 'セグメント',
	'filters.owner': '担当者',
	'filters.attribute': '属性',
	'filters.chooseAttribute': '属性で絞り込む…',
	'filters.clear': '絞り込みを解除',
	'filters.none': '絞り込みなし：すべてのアカウント。',
	'filters.active': '絞り込み中：{count} アカウント',
	'filters.remove': '絞り込み「{name}」を外す',
	'filters.dateRange': '{from} 〜 {to}',
	'filters.selected': '{count} 件選択',
	'filters.open': '指定なし'
};
