// Strings of playbook rules, alerts, account timeline, win-back, cases.
export const en = {} as const;

export const ja: Record<keyof typeof en, string> = {};
