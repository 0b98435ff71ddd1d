// Strings of the retention views: cohorts, survival curves, engagement.
export const en = {} as const;

export const ja: Record<keyof typeof en, string> = {};
