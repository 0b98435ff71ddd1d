// The name a split field is shown under: built-in account fields are translated, imported
// columns (attributes) keep their header as written.
import { i18n } from '../../i18n/i18n.svelte';

const BUILT_IN = ['plan', 'segment', 'owner', 'churnType'] as const;

export function fieldLabel(field: string, attribute: boolean): string {
	if (!attribute && (BUILT_IN as readonly string[]).includes(field)) {
		return i18n.t(`field.${field as (typeof BUILT_IN)[number]}`);
	}
	return field;
}
