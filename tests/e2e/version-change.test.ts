// Non-negotiable (c), reliability.md F8: another tab opens the database at a newer version. The
// old tab must stop writing for good, say so with a Reload button, and turn an Undo or an
// import into a message — never a write in the old shape.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createGuardedContext,
	emptyReport,
	launchChromium,
	startAppServer,
	type StaticServer
} from './harness';
import { E2E_FIXTURES } from './generated-files';
import { ImportPage } from './pages/ImportPage';
import { openNewerVersion, storedBatches } from './raw-idb';
import { textOf } from './routes';

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
	server = await startAppServer([{ prefix: '/__fixtures/', dir: E2E_FIXTURES }]);
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
	await server?.close();
});

describe('a newer version in another tab', () => {
	it('stops the old tab: banner with Reload, and Undo or import fail with a message and write nothing', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const pageA = await context.newPage();
		const wizard = new ImportPage(pageA, server);
		await wizard.openImport('en');
		expect(await wizard.importFile(path.join(E2E_FIXTURES, 'plans_v1.csv'))).toBe('done');
		await wizard.waitForHistoryCount(1);

		const pageB = await context.newPage();
		await pageB.goto(server.url('/__fixtures/blank.html'));
		const before = await storedBatches(pageB);
		const newer = await openNewerVersion(pageB, before.version + 10);

		const banner = pageA
			.getByRole('alert')
			.filter({ hasText: textOf('banner.versionChange', 'en') });
		await banner.waitFor();
		const reload = await banner
			.getByRole('button', { name: textOf('banner.reload', 'en'), exact: true })
			.isVisible();

		// Undo in the old tab: refused with a message, the batch stays live.
		pageA.once('dialog', (dialog) => void dialog.accept());
		await wizard
			.history()
			.getByRole('button', { name: `${textOf('history.undo', 'en')}: plans_v1.csv` })
			.click();
		const undoMessage = wizard.history().getByRole('alert');
		await undoMessage.waitFor();
		const undoText = await undoMessage.textContent();

		// An import in the old tab: refused with a message at some step, never committed.
		const name = 'plans_v2.csv';
		await wizard.addFiles(path.join(E2E_FIXTURES, name));
		let step = await wizard.waitForStep(name, 'mapping', 'failed');
		if (step === 'mapping') step = await wizard.read(name);
		if (step === 'review') step = await wizard.confirm(name);
		const importText = await wizard.errorOf(name).textContent();

		const after = await storedBatches(pageB);
		const report = await guard.report();
		await context.close();

		expect(newer).toBe(before.version + 10);
		expect(reload).toBe(true);
		const refusals = [textOf('error.closed', 'en'), textOf('error.version-change', 'en')];
		expect(refusals).toContain(undoText?.trim());
		expect(step).toBe('failed');
		expect(refusals).toContain(importText?.trim());
		expect(after.batches).toEqual(before.batches);
		expect(after.blocks).toBe(before.blocks);
		expect(after.batches.map((b) => [b.fileName, b.undoneAt])).toEqual([['plans_v1.csv', null]]);
		expect(report).toEqual(emptyReport);
	});
});
