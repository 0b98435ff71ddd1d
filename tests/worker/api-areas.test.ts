import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ChurnDb } from '../../src/lib/db/ChurnDb';
import { DatasetCache } from '../../src/lib/worker/dataset-cache';
import { analyticsApi } from '../../src/lib/worker/analytics-api';
import { retentionApi } from '../../src/lib/worker/retention-api';
import { riskApi } from '../../src/lib/worker/risk-api';
import { playbookApi } from '../../src/lib/worker/playbook-api';
import { createApi } from '../../src/lib/worker/api';

describe('worker api areas', () => {
	it('never define the same method name twice (a later spread would hide the earlier one)', async () => {
		const db = new ChurnDb({ name: 'areas-test' });
		const context = {
			db,
			cache: new DatasetCache(db),
			ready: Promise.resolve({ ok: true as const }),
			now: () => 0,
			signals: { risk: null }
		};
		const api = createApi({ openDb: () => new ChurnDb({ name: 'areas-test-2' }) });
		await api.ready();
		const areas = [
			analyticsApi(context),
			retentionApi(context),
			riskApi(context),
			playbookApi(context)
		];
		const names = areas.flatMap((a) => Object.keys(a));
		expect(new Set(names).size).toBe(names.length);
		// Every area method also reaches the composed API unchanged.
		for (const name of names) expect(Object.keys(api)).toContain(name);
		const coreNames = ['preview', 'readFile', 'confirmImport', 'overview', 'undo'];
		for (const name of coreNames) expect(names).not.toContain(name);
		db.close();
	});
});
