import { describe, expect, it } from 'vitest';
import { sparklineOf } from '../../../../src/lib/ui/health/sparkline';

describe('sparklineOf', () => {
	it('maps scores 0..100 into the box, top is 100', () => {
		// 3 points over width 10: x = 0, 5, 10; height 20: y = 20 - score/100 × 20.
		expect(sparklineOf([0, 50, 100], 10, 20)).toEqual({
			runs: ['0,20 5,10 10,0'],
			last: { x: 10, y: 0 }
		});
	});

	it('breaks the line at unknown weeks instead of drawing them as zero', () => {
		// x step 10 / 3; the null at index 1 splits the run; the last known is index 3.
		const s = sparklineOf([40, null, 60, 80], 9, 10);
		expect(s.runs).toEqual(['0,6', '6,4 9,2']);
		expect(s.last).toEqual({ x: 9, y: 2 });
	});

	it('clamps out-of-range scores and returns no points when nothing is known', () => {
		expect(sparklineOf([150, -5], 4, 10).runs).toEqual(['0,0 4,10']);
		expect(sparklineOf([null, null], 4, 10)).toEqual({ runs: [], last: null });
	});
});
