// Waiting for the browser to show a change before starting work that competes for the cores.

/** The wait when no frame comes: a hidden tab runs no animation frames. */
export const NO_FRAME_MS = 100;

/**
 * Resolves in the first task after the next frame, that is once what the current task changed is
 * on screen; or after NO_FRAME_MS when no frame comes (a hidden tab), so nothing waits for the
 * person to come back.
 */
export function afterNextPaint(): Promise<void> {
	return new Promise((resolve) => {
		// Whichever comes first withdraws the other.
		const settle = () => {
			cancelAnimationFrame(frame);
			clearTimeout(fallback);
			// The frame's callbacks run before it is painted: resolve in the task after it.
			setTimeout(resolve, 0);
		};
		const frame = requestAnimationFrame(settle);
		const fallback = setTimeout(settle, NO_FRAME_MS);
	});
}
