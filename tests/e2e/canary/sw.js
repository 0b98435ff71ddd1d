// Test-only service worker, scoped to the canary folder: fetches the URL it is sent and answers
// on the MessagePort that came with the message.
self.addEventListener('message', async (event) => {
	const port = event.ports[0];
	let outcome;
	try {
		const response = await fetch(String(event.data));
		outcome = `status ${response.status}`;
	} catch (error) {
		outcome = `failed ${error instanceof Error ? error.name : 'unknown'}`;
	}
	port.postMessage(outcome);
});
