// Registers the service worker that makes Churn Desk work offline. SvelteKit's own registration
// is off (svelte.config.js) so that it happens here, only in production builds: in `vite dev`
// a caching worker would serve stale modules.
import { dev } from '$app/environment';
import { base } from '$app/paths';

export type ServiceWorkerStatus = 'registered' | 'unsupported' | 'dev' | 'failed';

/** Registers `service-worker.js` at the site root; never throws, says what happened. */
export async function registerServiceWorker(): Promise<ServiceWorkerStatus> {
	if (dev) return 'dev';
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return 'unsupported';
	try {
		// `base` is computed from the page's location (relative paths), so this also works when the
		// app is deployed in a subfolder.
		await navigator.serviceWorker.register(`${base}/service-worker.js`, { type: 'classic' });
		return 'registered';
	} catch {
		// Offline support is a bonus: private windows and some policies refuse service workers.
		return 'failed';
	}
}
