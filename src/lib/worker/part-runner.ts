// Runs the second part of a split import in a worker of its own (a second core), and stops it
// on cancel. Only the import worker uses it; the split itself is import/split.ts.
import { proxy, wrap } from 'comlink';
import type { ImportOutcome } from '../import/pipeline';
import type { PartRunner } from '../import/split';
import type { ImportPartApi } from './import-part';

interface Started {
	worker: Worker;
	/** Rejects when the worker cannot start (a blocked script); never resolves. */
	failed: Promise<never>;
}

function start(): Started {
	const worker = new Worker(new URL('./import-part.ts', import.meta.url), { type: 'module' });
	// Listening from the start: an error before the run begins must not be missed.
	const failed = new Promise<never>((_, reject) =>
		worker.addEventListener('error', (e) => reject(new Error(`import part: ${e.message}`)))
	);
	failed.catch(() => undefined);
	return { worker, failed };
}

/** A worker started ahead of its run (loading it takes about 0.1 s). */
let spare: Started | null = null;

export const partInWorker: PartRunner = Object.assign(
	async (...[bytes, options, onProgress, signal]: Parameters<PartRunner>) => {
		const { worker, failed } = spare ?? start();
		spare = null;
		try {
			return await new Promise<ImportOutcome>((resolve, reject) => {
				if (signal?.aborted) return resolve({ ok: false, code: 'cancelled', params: {} });
				signal?.addEventListener(
					'abort',
					() => resolve({ ok: false, code: 'cancelled', params: {} }),
					{ once: true }
				);
				// A worker that cannot start must not leave the import waiting.
				failed.catch(reject);
				wrap<ImportPartApi>(worker).run(bytes, options, proxy(onProgress)).then(resolve, reject);
			});
		} finally {
			worker.terminate();
		}
	},
	{
		warm() {
			spare ??= start();
		}
	}
);
