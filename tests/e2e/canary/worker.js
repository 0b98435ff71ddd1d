// Test-only dedicated worker: fetches the URL it is sent and reports the outcome, and reports each
// CSP violation seen here as its own message (a violation in a worker fires in the worker, not in
// the page, and it may come after the fetch has already failed).
self.addEventListener('securitypolicyviolation', (event) => {
	self.postMessage({ violation: `${event.effectiveDirective} ${event.blockedURI}` });
});

self.addEventListener('message', async (event) => {
	let outcome;
	try {
		const response = await fetch(String(event.data));
		outcome = `status ${response.status}`;
	} catch (error) {
		outcome = `failed ${error instanceof Error ? error.name : 'unknown'}`;
	}
	self.postMessage({ outcome });
});
