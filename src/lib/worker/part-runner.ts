// Runs the second part of a split import in a worker of its own (a second core), and stops it
// on cancel. Only the import worker uses it; the split itself is import/split.ts.
import { proxy, wrap } from 'comlink';
import type { ImportOutcome } from '../import/pipeline';
import type { PartRunner } from '../import/split';
import type { ImportPartApi } from './import-part';

export const partInWorker: PartRunner = async (bytes, options, onProgress, signal) => {
	const worker = new Worker(new URL('./import-part.ts', import.meta.url), { type: 'module' });
	try {
		return await new Promise<ImportOutcome>((resolve, reject) => {
			if (signal?.aborted) return resolve({ ok: false, code: 'cancelled', params: {} });
			signal?.addEventListener(
				'abort',
				() => resolve({ ok: false, code: 'cancelled', params: {} }),
				{ once: true }
			);
			// A worker that cannot start (a blocked script) must not leave the import waiting.
			worker.addEventListener('error', (e) => reject(new Error(`import part: ${e.message}`)));
			wrap<ImportPartApi>(worker).run(bytes, options, proxy(onProgress)).then(resolve, reject);
		});
	} finally {
		worker.terminate();
	}
};
