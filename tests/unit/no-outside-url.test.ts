// S9: no outside URL anywhere in src/ (code, comments, markup, styles), so nothing can point the
// app at another origin by accident. Allowed: XML namespace names, which are identifiers that are
// never fetched, and the local machine.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../../src', import.meta.url));

const ALLOWED = [
	/^https?:\/\/www\.w3\.org\//,
	/^https?:\/\/localhost(:\d+)?(\/|$)/,
	/^https?:\/\/127\.0\.0\.1(:\d+)?(\/|$)/
];

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? filesUnder(full) : [full];
	});
}

/** Each URL in `text` that the allow-list does not cover, as `file:line url`. */
function outsideUrls(file: string, text: string): string[] {
	const found: string[] = [];
	text.split('\n').forEach((line, index) => {
		for (const match of line.matchAll(/https?:\/\/[^\s'"`<>)\]}]*/gi)) {
			if (!ALLOWED.some((pattern) => pattern.test(match[0]))) {
				found.push(`${path.relative(srcDir, file)}:${index + 1} ${match[0]}`);
			}
		}
	});
	return found;
}

describe('src/', () => {
	it('has files to check', () => {
		expect(filesUnder(srcDir).length).toBeGreaterThan(0);
	});

	it('contains no URL of another origin', () => {
		const found = filesUnder(srcDir).flatMap((file) =>
			outsideUrls(file, readFileSync(file, 'latin1'))
		);
		expect(found).toEqual([]);
	});

	it('would report an outside URL (the check itself works)', () => {
		expect(outsideUrls(path.join(srcDir, 'x.ts'), "fetch('https://cdn.example/lib.js')")).toEqual([
			'x.ts:1 https://cdn.example/lib.js'
		]);
		expect(outsideUrls(path.join(srcDir, 'x.svg'), 'xmlns="http://www.w3.org/2000/svg"')).toEqual(
			[]
		);
	});
});
