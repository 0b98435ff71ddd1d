// The one Content-Security-Policy of the app. svelte.config.js puts it in the prerendered pages
// (<meta>, with script hashes) and vite.config.ts sends it as a header from the preview server,
// because a <meta> policy does not cover the Web Worker. Nothing may leave the origin.
/** @type {Record<string, string[]>} */
export const cspDirectives = {
	'default-src': ['self'],
	'script-src': ['self'],
	'style-src': ['self', 'unsafe-inline'],
	'img-src': ['self', 'data:', 'blob:'],
	'font-src': ['self'],
	'connect-src': ['self'],
	'worker-src': ['self'],
	'manifest-src': ['self'],
	'object-src': ['none'],
	'base-uri': ['self'],
	'form-action': ['self']
};

/**
 * The header form: keywords quoted, as CSP wants them.
 * @param {string[]} extraScriptSources more script-src sources (keywords or hashes)
 */
export function cspHeader(extraScriptSources = []) {
	const keyword = new Set(['self', 'none', 'unsafe-inline', 'unsafe-eval', 'strict-dynamic']);
	return Object.entries(cspDirectives)
		.map(([name, values]) => {
			const all = name === 'script-src' ? [...values, ...extraScriptSources] : values;
			return [name, ...all.map((v) => (keyword.has(v) ? `'${v}'` : v))].join(' ');
		})
		.join('; ');
}
