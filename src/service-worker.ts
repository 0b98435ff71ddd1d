/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Offline support: precache the whole build on install, answer the app's own assets from the
// cache, and navigations from the network first with the cached page as the offline fallback.
// Requests to any other origin are left alone (there should be none; the e2e guard proves it).
import { base, build, files, prerendered, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

// One cache per deployment, so a new version never serves a mix of old and new files.
const CACHE = `churn-desk-${version}`;
// adapter-static's SPA fallback: a page with absolute asset paths that renders any route, so it
// can answer an offline navigation to a path that was never prerendered (e.g. a new ?id= page).
const FALLBACK = `${base}/404.html`;
const PRECACHE = [...new Set([...build, ...files, ...prerendered, FALLBACK])];
const ASSETS = new Set([...build, ...files]);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(CACHE)
			.then((cache) => cache.addAll(PRECACHE))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;

	if (request.mode === 'navigate') {
		event.respondWith(networkFirst(request, url));
	} else if (ASSETS.has(url.pathname)) {
		event.respondWith(cacheFirst(request));
	}
	// Anything else of our own (e.g. _app/version.json) goes to the network as usual.
});

async function cacheFirst(request: Request): Promise<Response> {
	const cache = await caches.open(CACHE);
	const cached = await cache.match(request, { ignoreSearch: true });
	return cached ?? fetch(request);
}

async function networkFirst(request: Request, url: URL): Promise<Response> {
	const cache = await caches.open(CACHE);
	try {
		const response = await fetch(request);
		// Keep the freshest copy of prerendered pages for the next offline visit.
		if (response.ok && prerendered.includes(url.pathname)) {
			await cache.put(url.pathname, response.clone());
		}
		return response;
	} catch (error) {
		const cached = (await cache.match(url.pathname)) ?? (await cache.match(FALLBACK));
		if (cached) return cached;
		throw error;
	}
}
