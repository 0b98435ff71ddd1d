// Bench-only worker: PapaParse alone on a File, as the baseline for the import pipeline
// (header: false, 1 MB chunks, as the pipeline uses). Reports rows and time; memory is sampled
// from outside (performance.memory does not exist in Chromium's workers).
importScripts('/__vendor/papaparse/papaparse.min.js');

self.onmessage = (event) => {
	const file = event.data.file;
	const started = performance.now();
	let rows = 0;
	Papa.parse(file, {
		header: false,
		chunkSize: 1024 * 1024,
		chunk(results) {
			rows += results.data.length;
		},
		complete() {
			self.postMessage({ rows, ms: performance.now() - started });
		},
		error(error) {
			self.postMessage({ error: String(error) });
		}
	});
};
