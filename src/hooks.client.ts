// The app's start in the browser: connect to the worker before the first page's code has even
// loaded, so the worker's own start and its first reads (after a reload, the whole dataset)
// overlap with the page's. The layout starts the workspace too; the second call does nothing.
import type { ClientInit } from '@sveltejs/kit';
import { workspace } from '$lib/ui/state/workspace.svelte';

export const init: ClientInit = () => {
	workspace.start();
};
