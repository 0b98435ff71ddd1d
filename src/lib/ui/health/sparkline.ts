// A weekly health sparkline as SVG polyline points, built here so the component only draws it.
// Weeks without a score (not active yet, nothing known) break the line instead of dropping to 0.

export interface Sparkline {
	/** One `points` attribute per unbroken run of known scores. */
	runs: string[];
	/** The last known point, for a dot; null when no score is known. */
	last: { x: number; y: number } | null;
}

/**
 * Points for scores 0..`max` drawn left to right in a width × height box (y grows down, so
 * `max` is at the top). A run of one score is drawn as a dot by the caller.
 */
export function sparklineOf(
	scores: readonly (number | null)[],
	width: number,
	height: number,
	max = 100
): Sparkline {
	const step = scores.length > 1 ? width / (scores.length - 1) : 0;
	const runs: string[] = [];
	let current: string[] = [];
	let last: Sparkline['last'] = null;
	scores.forEach((score, i) => {
		if (score === null) {
			if (current.length > 0) runs.push(current.join(' '));
			current = [];
			return;
		}
		const clamped = Math.min(max, Math.max(0, score));
		const x = round(i * step);
		const y = round(height - (clamped / max) * height);
		current.push(`${x},${y}`);
		last = { x, y };
	});
	if (current.length > 0) runs.push(current.join(' '));
	return { runs, last };
}

function round(v: number): number {
	return Math.round(v * 10) / 10;
}
