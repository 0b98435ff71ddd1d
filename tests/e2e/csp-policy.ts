// Reading a Content-Security-Policy string back into directives, to compare the header, the
// built pages' <meta> tags and src/lib/csp.js.

/** Directive name to its source list, in order, as written. */
export type Policy = Map<string, string[]>;

export function parsePolicy(text: string): Policy {
	const policy: Policy = new Map();
	for (const part of text.split(';')) {
		const [name, ...sources] = part.trim().split(/\s+/);
		if (name) policy.set(name.toLowerCase(), sources);
	}
	return policy;
}

const KEYWORDS = new Set([
	"'self'",
	"'none'",
	"'unsafe-inline'",
	"'wasm-unsafe-eval'",
	"'strict-dynamic'"
]);
const SCHEMES = new Set(['data:', 'blob:']);

/**
 * Sources that name another place: anything that is not a quoted keyword, a hash, or the
 * data:/blob: schemes (which stay on this machine).
 */
export function outsideSources(policy: Policy): string[] {
	const outside: string[] = [];
	for (const [name, sources] of policy) {
		for (const source of sources) {
			const local =
				KEYWORDS.has(source) ||
				SCHEMES.has(source) ||
				/^'sha(256|384|512)-[A-Za-z0-9+/=]+'$/.test(source);
			if (!local) outside.push(`${name} ${source}`);
		}
	}
	return outside;
}

/** The script-src hashes of a policy. */
export function scriptHashes(policy: Policy): string[] {
	return (policy.get('script-src') ?? []).filter((s) => s.startsWith("'sha"));
}

/** The policy without script-src hashes, for comparing pages that differ only by them. */
export function withoutHashes(policy: Policy): Policy {
	const copy: Policy = new Map();
	for (const [name, sources] of policy)
		copy.set(
			name,
			sources.filter((s) => !s.startsWith("'sha"))
		);
	return copy;
}
