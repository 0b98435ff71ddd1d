// An English translator for pure label builders, built on the message tables like the app's.
import { format, MESSAGES, type MessageKey } from '../../../../src/lib/i18n/messages';
import { isoFromDay } from '../../../../src/lib/core/dates';
import type { Translator } from '../../../../src/lib/ui/playbook/rule-labels';

export const en: Translator = {
	locale: 'en',
	t: (key, params) => format(MESSAGES.en[key], params),
	has: (key: string): key is MessageKey => Object.hasOwn(MESSAGES.en, key),
	number: (value, digits = 0) =>
		new Intl.NumberFormat('en', {
			maximumFractionDigits: digits,
			minimumFractionDigits: digits
		}).format(value),
	day: (day) => (day === null ? '—' : isoFromDay(day))
};
