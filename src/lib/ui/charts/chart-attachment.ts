// Chart.js as a Svelte attachment: created when the canvas mounts, destroyed when it goes or
// when the configuration changes. Only the pieces of Chart.js we draw with are registered.
import {
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	Filler,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip,
	type ChartConfiguration
} from 'chart.js';

Chart.register(
	BarController,
	BarElement,
	CategoryScale,
	Filler,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip
);

/** Charts waiting for their frame, drawn at once if exported before (chartPng). */
const pending = new WeakMap<HTMLCanvasElement, () => void>();

/**
 * With `afterPaint`, the chart is drawn after the frame that shows the page around it instead of
 * at mount: a page whose charts take longer to draw than the rest of it (the overview's four)
 * shows its figures first. The canvas keeps its size meanwhile, so nothing moves.
 */
export function chart(config: ChartConfiguration, options: { afterPaint?: boolean } = {}) {
	return (canvas: HTMLCanvasElement) => {
		let instance: Chart | null = null;
		const draw = () => {
			pending.delete(canvas);
			instance ??= new Chart(canvas, config);
		};
		if (!options.afterPaint) {
			draw();
			return () => instance?.destroy();
		}
		pending.set(canvas, draw);
		// The first frame paints the page; the chart is drawn in a task after the next one.
		let timer: ReturnType<typeof setTimeout> | undefined;
		let frame = requestAnimationFrame(() => {
			frame = requestAnimationFrame(() => (timer = setTimeout(draw, 0)));
		});
		return () => {
			cancelAnimationFrame(frame);
			clearTimeout(timer);
			pending.delete(canvas);
			instance?.destroy();
		};
	};
}

/** A PNG data URL of what a canvas shows, for "export chart". */
export function chartPng(canvas: HTMLCanvasElement): string {
	pending.get(canvas)?.();
	return canvas.toDataURL('image/png');
}
