// Strings of churn and retention analytics: KPIs, churn split, cohorts, survival, engagement, filters.
export const en = {} as const;

export const ja: Record<keyof typeof en, string> = {};
