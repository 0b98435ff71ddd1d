// A static SPA shell: every page renders in the browser, prerendered as an empty shell.
export const ssr = false;
export const prerender = true;
export const trailingSlash = 'always';
