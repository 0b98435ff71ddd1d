// The e2e tests run against build/ as produced by `npm run build`; they never build it themselves.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildDir } from './static-server.js';

export default function assertBuildExists(): void {
	const index = path.join(buildDir, 'index.html');
	if (!existsSync(index)) {
		throw new Error(`e2e: ${index} is missing. Run \`npm run build\` before the e2e tests.`);
	}
}
