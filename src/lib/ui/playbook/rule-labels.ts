// Text of rules, conditions and their evidence in the UI language. Pure: the translator is
// passed in (the app passes `i18n`; tests pass one built on the message tables).
import type { ConditionResult, Rule, RuleName, RuleOwner } from '../../core/rules';
import { fromMinor } from '../../core/money';
import { numberFormat } from '../../i18n/intl-cache';
import type { MessageKey } from '../../i18n/messages';

export interface Translator {
	locale: string;
	t: (key: MessageKey, params?: Record<string, string | number>) => string;
	has: (key: string) => key is MessageKey;
	number: (value: number, digits?: number) => string;
	day: (day: number | null) => string;
}

/** The message under `prefix + code`, else the code itself (a person's own text). */
export function codeText(tr: Translator, prefix: string, code: string): string {
	const key = prefix + code;
	return tr.has(key) ? tr.t(key) : code;
}

export function ruleNameText(tr: Translator, name: RuleName): string {
	if (name.kind === 'text') return name.text.trim() || tr.t('pb.playbook.newRule');
	return codeText(tr, 'pb.rule.', name.code);
}

export function ownerText(tr: Translator, owner: RuleOwner): string {
	return owner.kind === 'role' ? codeText(tr, 'pb.role.', owner.role) : owner.person;
}

export function actionText(tr: Translator, action: Rule['action']): string {
	const base = codeText(tr, 'pb.action.', action.code);
	return action.text ? `${base}: ${action.text}` : base;
}

export function successText(tr: Translator, metric: string): string {
	return codeText(tr, 'pb.success.', metric);
}

export function bandText(tr: Translator, band: string | null): string {
	return codeText(tr, 'pb.band.', band ?? 'none');
}

/** Money in its currency (minor units in), or the bare number when the currency is unknown. */
export function moneyText(tr: Translator, minor: number | null, currency: string | null): string {
	if (minor === null) return '—';
	if (!currency) return tr.number(minor / 100, 2);
	try {
		return numberFormat(tr.locale, { style: 'currency', currency }).format(
			fromMinor(minor, currency)
		);
	} catch {
		return tr.number(fromMinor(minor, currency), 2);
	}
}

/** Why a condition holds (or not) on the day, in one line. */
export function evidenceText(
	tr: Translator,
	result: ConditionResult,
	currency: string | null = null
): string {
	if (result.unavailable) {
		return tr.t('pb.ev.unavailable', {
			reason: codeText(tr, 'pb.unavailable.', result.unavailable)
		});
	}
	const e = result.evidence;
	if (!e) return tr.t('pb.ev.notMet');
	const n = (v: number | null, digits = 0): string => (v === null ? '—' : tr.number(v, digits));
	const metric = (m: string): string => (m === '*' ? tr.t('pb.playbook.allEvents') : m);
	switch (e.kind) {
		case 'inactive':
			return tr.t('pb.ev.inactive', {
				metric: metric(e.metric),
				days: n(e.daysInactive),
				last: tr.day(e.lastActiveDay)
			});
		case 'usage-drop':
			return tr.t('pb.ev.usage-drop', {
				recent: n(e.recentWeeklyAverage, 1),
				baseline: n(e.baselineWeeklyAverage, 1),
				drop: n(e.dropPercent)
			});
		case 'health-below':
			return tr.t('pb.ev.health-below', { score: n(e.score), band: bandText(tr, e.band) });
		case 'risk-above':
			return tr.t('pb.ev.risk-above', { risk: n(e.risk, 2) });
		case 'nps-at-most':
			return tr.t('pb.ev.nps-at-most', { score: n(e.score), day: tr.day(e.responseDay) });
		case 'tickets-in-window':
			return tr.t('pb.ev.tickets-in-window', {
				count: n(e.count),
				from: tr.day(e.fromDay),
				to: tr.day(e.toDay)
			});
		case 'ticket-unresolved':
			return tr.t('pb.ev.ticket-unresolved', {
				ticket: e.ticketId ?? '—',
				days: n(e.ageDays),
				open: n(e.openTickets)
			});
		case 'onboarding-missed':
			return tr.t('pb.ev.onboarding-missed', {
				deadline: tr.day(e.deadlineDay),
				missing: e.missing.join(', ') || '—'
			});
		case 'payment-unrecovered':
			return tr.t('pb.ev.payment-unrecovered', {
				payment: e.paymentId ?? '—',
				day: tr.day(e.failedDay),
				days: n(e.daysSinceFailure)
			});
		case 'no-expansion':
			return tr.t('pb.ev.no-expansion', {
				days: n(e.daysWithoutExpansion),
				mrr: moneyText(tr, e.mrrMinor, currency)
			});
		case 'churned-within':
			return tr.t('pb.ev.churned-within', {
				day: tr.day(e.churnDay),
				days: n(e.daysSinceChurn),
				reason: e.churnReason ?? '—'
			});
	}
}
