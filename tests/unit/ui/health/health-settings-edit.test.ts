import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_SETTINGS } from '../../../../src/lib/core/health';
import {
	bandsProblem,
	weightShares,
	withComponent,
	withSegmentBands
} from '../../../../src/lib/ui/health/health-settings-edit';

describe('health settings edits', () => {
	it('changes one component and leaves the original untouched', () => {
		const next = withComponent(DEFAULT_HEALTH_SETTINGS, 'usage', { weight: 50, enabled: false });
		expect(next.components.usage).toMatchObject({
			weight: 50,
			enabled: false,
			feature: 'activeDays28'
		});
		expect(DEFAULT_HEALTH_SETTINGS.components.usage.weight).toBe(25);
		expect(next.components.nps).toBe(DEFAULT_HEALTH_SETTINGS.components.nps);
	});

	it('adds and removes a segment’s own thresholds', () => {
		const own = withSegmentBands(DEFAULT_HEALTH_SETTINGS, 'SMB', { redBelow: 30, yellowBelow: 60 });
		expect(own.bandsBySegment).toEqual({ SMB: { redBelow: 30, yellowBelow: 60 } });
		expect(withSegmentBands(own, 'SMB', null).bandsBySegment).toEqual({});
	});

	it('flags crossed or out-of-range thresholds', () => {
		expect(bandsProblem({ redBelow: 40, yellowBelow: 70 })).toBeNull();
		expect(bandsProblem({ redBelow: 70, yellowBelow: 40 })).toBe('health.bands.invalid');
		expect(bandsProblem({ redBelow: 40, yellowBelow: 101 })).toBe('health.bands.invalid');
	});

	it('gives each enabled weight its share of the total', () => {
		// Defaults sum to 25+20+10+10+5+10+15+5+5 (tenure) = 105; turning usage off leaves 80.
		const shares = weightShares(
			withComponent(DEFAULT_HEALTH_SETTINGS, 'usage', { enabled: false })
		);
		expect(shares.usage).toBe(0);
		expect(shares.trend).toBeCloseTo(20 / 80, 12);
	});
});
