import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterNextPaint, NO_FRAME_MS } from '../../../../src/lib/ui/common/after-paint';

// Animation frames stand-in: frames run only when the test says so (a hidden tab runs none).
let frames: Map<number, FrameRequestCallback>;
let nextFrame: number;

function runFrame() {
	const callbacks = [...frames.values()];
	frames.clear();
	for (const callback of callbacks) callback(performance.now());
}

beforeEach(() => {
	vi.useFakeTimers();
	frames = new Map();
	nextFrame = 1;
	vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
		frames.set(nextFrame, callback);
		return nextFrame++;
	});
	vi.stubGlobal('cancelAnimationFrame', (id: number) => frames.delete(id));
});

afterEach(() => {
	vi.useRealTimers();
	vi.unstubAllGlobals();
});

describe('afterNextPaint', () => {
	it('resolves in the task after the next frame, not in the frame', async () => {
		let done = false;
		void afterNextPaint().then(() => (done = true));
		await vi.advanceTimersByTimeAsync(0);
		expect(done).toBe(false); // no frame yet
		runFrame();
		await Promise.resolve();
		expect(done).toBe(false); // in the frame: not painted yet
		await vi.advanceTimersByTimeAsync(0);
		expect(done).toBe(true);
		expect(vi.getTimerCount()).toBe(0); // the fallback timer was cleared
	});

	it('resolves without a frame after the fallback wait (a hidden tab), once', async () => {
		let calls = 0;
		void afterNextPaint().then(() => calls++);
		await vi.advanceTimersByTimeAsync(NO_FRAME_MS - 1);
		expect(calls).toBe(0);
		await vi.advanceTimersByTimeAsync(1); // the fallback fires...
		expect(calls).toBe(0);
		// ...and resolves in the task after it (fake timers delay a 0 ms timer set in a tick by 1 ms)
		await vi.advanceTimersByTimeAsync(1);
		expect(calls).toBe(1);
		expect(frames.size).toBe(0); // the frame request was withdrawn
		runFrame();
		await vi.advanceTimersByTimeAsync(NO_FRAME_MS);
		expect(calls).toBe(1);
	});
});
