// Strings of health scores, the churn-risk model and backtests.
export const en = {} as const;

export const ja: Record<keyof typeof en, string> = {};
