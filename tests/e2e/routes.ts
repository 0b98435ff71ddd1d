// Every route reachable from the app shell, in one place: the no-outside-request test walks them
// all in each language. Add a route here when its page lands.
import { MESSAGES, type Locale, type MessageKey } from '../../src/lib/i18n/messages';

export interface AppRoute {
	/** Path relative to the site root, with the trailing slash the app uses. */
	path: string;
	/** The message key of the level-1 heading the page shows in a fresh (empty) workspace. */
	headingKey: MessageKey;
}

export const appRoutes: AppRoute[] = [
	{ path: '/', headingKey: 'empty.title' },
	{ path: '/churn/', headingKey: 'churnSplit.title' },
	{ path: '/import/', headingKey: 'import.title' },
	{ path: '/settings/', headingKey: 'settings.title' },
	{ path: '/cohorts/', headingKey: 'cohorts.title' },
	{ path: '/survival/', headingKey: 'survival.title' },
	{ path: '/engagement/', headingKey: 'engagement.title' },
	{ path: '/health/', headingKey: 'health.title' },
	{ path: '/model/', headingKey: 'risk.title' },
	{ path: '/alerts/', headingKey: 'pb.alerts.title' },
	{ path: '/playbook/', headingKey: 'pb.playbook.title' },
	{ path: '/accounts/', headingKey: 'pb.accounts.title' },
	// Without ?id= the account page shows its own heading and a link to the list.
	{ path: '/account/', headingKey: 'pb.account.title' },
	{ path: '/cases/', headingKey: 'pb.cases.title' },
	{ path: '/winback/', headingKey: 'pb.winback.title' }
];

/** UI languages; the shell reads `?lang=` (and localStorage `churn-desk:lang`). */
export const languages: readonly Locale[] = ['en', 'ja'];

/** The text of a message in a language, as the page shows it. */
export function textOf(key: MessageKey, lang: Locale): string {
	return MESSAGES[lang][key];
}
