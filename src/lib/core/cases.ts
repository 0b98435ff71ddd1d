// The case library's vocabulary: the root causes a churned account's post-mortem can be filed
// under. Core, because both the worker (validating stored cases) and the pages (the picker) use it.

/** Persisted codes: do not rename without a migration. */
export const ROOT_CAUSES = [
	'price',
	'product-fit',
	'missing-feature',
	'support',
	'onboarding',
	'payment-failure',
	'competitor',
	'business-closed',
	'other'
] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];
