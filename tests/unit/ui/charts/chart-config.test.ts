import { describe, expect, it } from 'vitest';
import type { ActiveElement, ChartEvent } from 'chart.js';
import {
	barChartConfig,
	clickHandlerOf,
	lineChartConfig
} from '../../../../src/lib/ui/charts/chart-config';

describe('chart configs', () => {
	it('draws lines with gaps for missing values, one colour per series', () => {
		const c = lineChartConfig(
			['a', 'b'],
			[
				{ label: 'x', values: [1, null] },
				{ label: 'y', values: [2, 3] }
			]
		);
		expect(c.type).toBe('line');
		expect(c.data.datasets[0].data).toEqual([1, null]);
		expect(c.data.datasets[0].spanGaps).toBe(false);
		expect(c.data.datasets[0].borderColor).not.toBe(c.data.datasets[1].borderColor);
		expect(c.options?.plugins?.legend?.display).toBe(true);
	});

	it('stacks bars on both axes when asked', () => {
		const c = barChartConfig(['a'], [{ label: 'x', values: [1] }], { stacked: true });
		expect(c.options?.scales?.x?.stacked).toBe(true);
		expect(c.options?.scales?.y?.stacked).toBe(true);
		expect(c.options?.onClick).toBeUndefined();
	});

	it('reports the series and index of the first element clicked, and nothing for a miss', () => {
		const calls: [number, number][] = [];
		const handler = clickHandlerOf((s, i) => calls.push([s, i]));
		const event = {} as ChartEvent;
		handler(event, [{ datasetIndex: 2, index: 5 } as ActiveElement]);
		handler(event, []);
		expect(calls).toEqual([[2, 5]]);
		const bar = barChartConfig(['a'], [{ label: 'x', values: [1] }], { onPointClick: () => {} });
		expect(typeof bar.options?.onClick).toBe('function');
	});
});
