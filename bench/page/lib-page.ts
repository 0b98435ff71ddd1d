// The page side of the core bench: starts the bench worker, relays its progress to the console
// (bench/run.mjs prints it on stderr) and hands its figures back to the caller.
interface BenchMessage {
	type: 'log' | 'done' | 'error';
	line?: string;
	result?: unknown;
	message?: string;
}

declare global {
	interface Window {
		runCoreBench(options: Record<string, unknown>): Promise<unknown>;
	}
}

window.runCoreBench = (options) =>
	new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./bench-worker.ts', import.meta.url), { type: 'module' });
		worker.onmessage = (event: MessageEvent<BenchMessage>) => {
			const data = event.data;
			if (data.type === 'log') console.info(`[core bench] ${data.line}`);
			else if (data.type === 'done') resolve(data.result);
			else reject(new Error(data.message));
		};
		worker.onerror = (event) => reject(new Error(event.message || 'worker error'));
		worker.postMessage(options);
	});

export {};
