// One line of text per timeline event and post-mortem signal, in the UI language. Pure: the
// translator is passed in.
import type { PostMortemSignal, TimelineEvent } from '../../core/timeline';
import { moneyText, type Translator } from '../playbook/rule-labels';

export function timelineEventText(
	tr: Translator,
	e: TimelineEvent,
	currency: string | null
): string {
	const money = (minor: number) => moneyText(tr, minor, currency);
	switch (e.kind) {
		case 'signup':
			return tr.t('pb.tl.signup');
		case 'subscription-start':
		case 'subscription-change':
		case 'subscription-end':
			return tr.t(`pb.tl.${e.kind}`, {
				before: money(e.mrrBeforeMinor),
				after: money(e.mrrAfterMinor)
			});
		case 'payment':
			return tr.t('pb.tl.payment', {
				amount: moneyText(tr, e.amountMinor, e.currency ?? currency),
				status: e.status ?? '—'
			});
		case 'ticket-opened':
			return tr.t('pb.tl.ticket-opened', { subject: e.subject ?? e.ticketId ?? '—' });
		case 'ticket-resolved':
			return tr.t('pb.tl.ticket-resolved', { days: tr.number(e.daysOpen) });
		case 'nps':
			return tr.t('pb.tl.nps', { score: tr.number(e.score) });
		case 'activity-week':
			return tr.t('pb.tl.activity-week', {
				week: tr.day(e.weekStartDay),
				events: tr.number(e.events),
				days: tr.number(e.activeDays)
			});
		case 'churn':
			return tr.t('pb.tl.churn', { reason: e.reason ?? '—' });
	}
}

export function postMortemSignalText(tr: Translator, s: PostMortemSignal): string {
	const p = s.params;
	const text = (v: number | string | null | undefined): string =>
		v === null || v === undefined ? '—' : typeof v === 'number' ? tr.number(v) : v;
	switch (s.code) {
		case 'inactivity':
			return tr.t('pb.pm.inactivity', {
				days: text(p.days),
				last: typeof p.lastActiveDay === 'number' ? tr.day(p.lastActiveDay) : '—'
			});
		case 'usage-drop':
			return tr.t('pb.pm.usage-drop', { percent: text(p.percent) });
		case 'ticket-opened':
			return tr.t('pb.pm.ticket-opened', { ticket: text(p.ticketId) });
		case 'nps-response':
			return tr.t('pb.pm.nps-response', { score: text(p.score) });
		case 'payment-failed':
			return tr.t('pb.pm.payment-failed', { payment: text(p.paymentId) });
	}
}
