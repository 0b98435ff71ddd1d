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

export function chart(config: ChartConfiguration) {
	return (canvas: HTMLCanvasElement) => {
		const instance = new Chart(canvas, config);
		return () => instance.destroy();
	};
}

/** A PNG data URL of what a canvas shows, for "export chart". */
export function chartPng(canvas: HTMLCanvasElement): string {
	return canvas.toDataURL('image/png');
}
