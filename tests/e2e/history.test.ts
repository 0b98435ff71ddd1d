// Issue #2, point 4: the import history lists each batch (file, entity, rows, time); Undo brings
// back exactly the state before the batch; importing the same file again changes nothing.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
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
import { activityCsv, E2E_FIXTURES } from './generated-files';
import { ImportPage, messagePattern } from './pages/ImportPage';
import { OverviewPage } from './pages/OverviewPage';
import { storedBatches } from './raw-idb';

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
	server = await startAppServer();
	browser = await launchChromium();
});

afterAll(async () => {
	await browser?.close();
	await server?.close();
});

describe('import history', () => {
	it('undoing v2 of an accounts file brings back v1’s plan; the same file twice is a no-op', async () => {
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		const wizard = new ImportPage(page, server);
		const overview = new OverviewPage(page, server);
		await wizard.openImport('en');

		// v1: P1, P2, P3 all on Basic.
		expect(await wizard.importFile(path.join(E2E_FIXTURES, 'plans_v1.csv'))).toBe('done');
		await wizard.waitForHistoryCount(1);
		await overview.openOverview('en');
		await overview.waitForOverview();
		const v1Counts = await overview.counts();
		const v1Plans = await overview.planTable();

		// v2 replaces P1's row: Enterprise.
		await wizard.openImport('en');
		expect(await wizard.importFile(path.join(E2E_FIXTURES, 'plans_v2.csv'))).toBe('done');
		const history = await wizard.waitForHistoryCount(2);
		await overview.openOverview('en');
		await overview.waitForOverview();
		const v2Plans = await overview.planTable();

		await wizard.openImport('en');
		await wizard.waitForHistoryCount(2);
		await wizard.undo('plans_v2.csv');
		const afterUndo = await wizard.historyRows();
		await overview.openOverview('en');
		await overview.waitForOverview();
		const undoneCounts = await overview.counts();
		const undonePlans = await overview.planTable();

		// The same bytes again: recognised, nothing written, no new batch.
		await wizard.openImport('en');
		await wizard.waitForHistoryCount(2);
		await wizard.addFiles(path.join(E2E_FIXTURES, 'plans_v1.csv'));
		const again = await wizard.readAndConfirm('plans_v1.csv');
		const duplicateText = await wizard.statusOf('plans_v1.csv').textContent();
		await page.reload();
		const afterDuplicate = await wizard.waitForHistoryCount(2);
		await overview.openOverview('en');
		await overview.waitForOverview();
		const finalPlans = await overview.planTable();
		const report = await guard.report();
		await context.close();

		// Newest first.
		expect(history.map((h) => [h.fileName, h.entity, h.rows, h.rejected, h.undone])).toEqual([
			['plans_v2.csv', 'Accounts', 1, 0, false],
			['plans_v1.csv', 'Accounts', 3, 0, false]
		]);
		for (const row of history) expect(row.when).toMatch(/\d{4}.*\d{1,2}:\d{2}/);
		expect(v1Plans).toEqual({ Basic: 3 });
		expect(v2Plans).toEqual({ Basic: 2, Enterprise: 1 });
		expect(afterUndo.map((h) => [h.fileName, h.undone])).toEqual([
			['plans_v2.csv', true],
			['plans_v1.csv', false]
		]);
		expect(undoneCounts).toEqual(v1Counts);
		expect(undonePlans).toEqual(v1Plans);
		expect(again).toBe('duplicate');
		expect(duplicateText).toMatch(messagePattern('import.duplicate'));
		expect(afterDuplicate).toHaveLength(2);
		expect(finalPlans).toEqual(v1Plans);
		expect(report).toEqual(emptyReport);
	});

	it('knows a big activity file imported again, by the hash of a file read in two parts', async () => {
		// 300,000 rows (about 9 MB): read in two parts, and hashed whole in the second part's
		// worker once its part is read (import/split.ts, OnHashable).
		const file = await activityCsv(300_000, 1000, 'h');
		const sha = createHash('sha256')
			.update(await readFile(file))
			.digest('hex');
		const { context, guard } = await createGuardedContext(browser, server);
		const page = await context.newPage();
		const wizard = new ImportPage(page, server);
		await wizard.openImport('en');
		const name = path.basename(file);
		await wizard.addFiles(file);
		const steps = [await wizard.waitForPreview(name), await wizard.read(name)];
		const parts = await wizard.partsRead(name);
		steps.push(await wizard.confirm(name));
		await wizard.waitForHistoryCount(1);
		const stored = await storedBatches(page);
		await wizard.addFiles(file);
		const again = await wizard.readAndConfirm(name);
		const after = await storedBatches(page);
		const report = await guard.report();
		await context.close();

		expect(steps).toEqual(['mapping', 'review', 'done']);
		expect(parts).toBe(2);
		expect(stored.batches.map((b) => [b.fileName, b.sha256])).toEqual([[name, sha]]);
		expect(again).toBe('duplicate');
		expect(after).toEqual(stored);
		expect(report).toEqual(emptyReport);
	});
});
