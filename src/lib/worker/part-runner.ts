// Runs the second part of a split import in a worker of its own (a second core), and stops it
// on cancel; then hashes the file there. Only the import worker uses it; the split itself is
// import/split.ts.
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

/**
 * A worker ready for the next call: started ahead of a run (loading it takes about 0.1 s), or
 * kept from a run that finished, for the hash that follows it.
 */
let spare: Started | null = null;

/** Runs `call` in the spare worker (or a new one); keeps the worker when `keep` says so. */
async function inWorker<T>(
	call: (api: ReturnType<typeof wrap<ImportPartApi>>, failed: Promise<never>) => Promise<T>,
	keep: (result: T) => boolean
): Promise<T> {
	const started = spare ?? start();
	spare = null;
	let kept = false;
	try {
		const result = await call(wrap<ImportPartApi>(started.worker), started.failed);
		if (keep(result) && !spare) {
			spare = started;
			kept = true;
		}
		return result;
	} finally {
		if (!kept) started.worker.terminate();
	}
}

export const partInWorker: PartRunner = Object.assign(
	(...[bytes, options, onProgress, signal]: Parameters<PartRunner>) =>
		inWorker(
			(api, failed) =>
				new Promise<ImportOutcome>((resolve, reject) => {
					if (signal?.aborted) return resolve({ ok: false, code: 'cancelled', params: {} });
					signal?.addEventListener(
						'abort',
						() => resolve({ ok: false, code: 'cancelled', params: {} }),
						{ once: true }
					);
					// A worker that cannot start must not leave the import waiting.
					failed.catch(reject);
					api.run(bytes, options, proxy(onProgress)).then(resolve, reject);
				}),
			// A cancelled run is stopped (the worker may still be reading); a finished one waits.
			(outcome) => !signal?.aborted && outcome.ok
		),
	{
		warm() {
			spare ??= start();
		},
		hash(file: Blob) {
			return inWorker(
				(api, failed) => Promise.race([api.sha256(file), failed]),
				() => false
			);
		}
	}
);
