// S2/S3: the one policy in src/lib/csp.js keeps every fetch, script and worker on the origin.
import { describe, expect, it } from 'vitest';
import { cspDirectives, cspHeader } from '../../src/lib/csp.js';
import { outsideSources, parsePolicy } from '../e2e/csp-policy';

describe('cspDirectives', () => {
	it('allows only the origin for content, scripts, fetches, workers and the manifest', () => {
		for (const name of [
			'default-src',
			'script-src',
			'connect-src',
			'worker-src',
			'manifest-src',
			'font-src',
			'base-uri',
			'form-action'
		]) {
			expect([name, cspDirectives[name]]).toEqual([name, ['self']]);
		}
	});

	it('forbids plugins', () => {
		expect(cspDirectives['object-src']).toEqual(['none']);
	});

	it('lets images come only from the origin, data: and blob: (charts exported as images)', () => {
		expect(cspDirectives['img-src']).toEqual(['self', 'data:', 'blob:']);
	});
});

describe('cspHeader', () => {
	it('quotes keywords and leaves schemes bare', () => {
		const policy = parsePolicy(cspHeader());
		expect(policy.get('default-src')).toEqual(["'self'"]);
		expect(policy.get('object-src')).toEqual(["'none'"]);
		expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
	});

	it('names no outside host in any directive', () => {
		expect(outsideSources(parsePolicy(cspHeader()))).toEqual([]);
	});

	it('writes every directive of cspDirectives once', () => {
		const policy = parsePolicy(cspHeader());
		expect([...policy.keys()].sort()).toEqual(Object.keys(cspDirectives).sort());
	});

	it('adds extra script sources (page hashes) to script-src only', () => {
		const hash = "'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='";
		const policy = parsePolicy(cspHeader([hash]));
		expect(policy.get('script-src')).toEqual(["'self'", hash]);
		expect(policy.get('default-src')).toEqual(["'self'"]);
	});
});
