// Edits of the health settings as pure functions: the page keeps the settings as one raw value
// and replaces it whole, so what is sent to the worker is always plain, cloneable data.
import type {
	BandThresholds,
	HealthComponentId,
	HealthComponentSetting,
	HealthSettings
} from '../../core/health';

export function withComponent(
	settings: HealthSettings,
	id: HealthComponentId,
	patch: Partial<Omit<HealthComponentSetting, 'feature'>>
): HealthSettings {
	return {
		...settings,
		components: { ...settings.components, [id]: { ...settings.components[id], ...patch } }
	};
}

export function withBands(settings: HealthSettings, bands: BandThresholds): HealthSettings {
	return { ...settings, bands };
}

/** Sets a segment's own thresholds, or removes them (null) so the default applies there. */
export function withSegmentBands(
	settings: HealthSettings,
	segment: string,
	bands: BandThresholds | null
): HealthSettings {
	const bandsBySegment = { ...settings.bandsBySegment };
	if (bands) bandsBySegment[segment] = bands;
	else delete bandsBySegment[segment];
	return { ...settings, bandsBySegment };
}

/** Why thresholds cannot be used, as a message code; null when they are fine. */
export function bandsProblem(bands: BandThresholds): 'health.bands.invalid' | null {
	const ok =
		Number.isFinite(bands.redBelow) &&
		Number.isFinite(bands.yellowBelow) &&
		bands.redBelow >= 0 &&
		bands.yellowBelow <= 100 &&
		bands.redBelow <= bands.yellowBelow;
	return ok ? null : 'health.bands.invalid';
}

/** Share of the total weight each enabled component has (what a weight of 25 really means). */
export function weightShares(settings: HealthSettings): Partial<Record<HealthComponentId, number>> {
	const entries = Object.entries(settings.components) as [
		HealthComponentId,
		HealthComponentSetting
	][];
	const total = entries.reduce((s, [, c]) => s + (c.enabled && c.weight > 0 ? c.weight : 0), 0);
	const out: Partial<Record<HealthComponentId, number>> = {};
	for (const [id, c] of entries)
		out[id] = total > 0 && c.enabled && c.weight > 0 ? c.weight / total : 0;
	return out;
}
