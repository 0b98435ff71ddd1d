import { describe, expect, it } from 'vitest';
import { requestPersistence, storageStatus } from '../../../src/lib/db/persistence';

describe('requestPersistence', () => {
	it('returns what persist() answered', async () => {
		expect(await requestPersistence({ persist: async () => true })).toEqual({
			ok: true,
			persisted: true
		});
		expect(await requestPersistence({ persist: async () => false })).toEqual({
			ok: true,
			persisted: false
		});
	});

	it('says unsupported without a StorageManager and failed when persist() rejects', async () => {
		expect(await requestPersistence(undefined)).toEqual({ ok: false, code: 'unsupported' });
		expect(await requestPersistence({})).toEqual({ ok: false, code: 'unsupported' });
		const rejecting = { persist: () => Promise.reject(new Error('sandboxed')) };
		expect(await requestPersistence(rejecting)).toEqual({ ok: false, code: 'failed' });
	});
});

describe('storageStatus', () => {
	it('reports persisted and usage, never the quota', async () => {
		const status = await storageStatus({
			persisted: async () => true,
			estimate: async () => ({ usage: 1234, quota: 999999 })
		});
		expect(status).toEqual({ persisted: true, usageBytes: 1234 });
	});

	it('reports nulls for what the browser cannot tell', async () => {
		expect(await storageStatus(undefined)).toEqual({ persisted: null, usageBytes: null });
		const failing = {
			persisted: () => Promise.reject(new Error('no')),
			estimate: async () => ({})
		};
		expect(await storageStatus(failing)).toEqual({ persisted: null, usageBytes: null });
	});
});
