// Every route reachable from the app shell, in one place: the no-outside-request test walks them
// all in each language. Add a route here when its page lands.
export interface AppRoute {
	/** Path relative to the site root, with the trailing slash the app uses. */
	path: string;
	/** The level-1 heading the page shows once rendered (same in both languages for now). */
	heading: string | RegExp;
}

export const appRoutes: AppRoute[] = [{ path: '/', heading: 'Churn Desk' }];

/** UI languages; the shell reads `?lang=` (and localStorage `churn-desk:lang`). */
export const languages = ['en', 'ja'] as const;
export type Language = (typeof languages)[number];
