import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { classifyDbError } from '../../../src/lib/db/errors';

describe('classifyDbError', () => {
	it('finds a quota error by name and as the inner error of an AbortError', () => {
		const direct = new DOMException('full', 'QuotaExceededError');
		const wrapped = new Dexie.AbortError('aborted', direct);
		expect(classifyDbError(direct).code).toBe('quota');
		expect(classifyDbError(wrapped)).toMatchObject({ ok: false, code: 'quota' });
		expect(classifyDbError(wrapped).detail).toContain('AbortError < QuotaExceededError');
	});

	it('finds a quota error among the failures of a BulkError', () => {
		const bulk = new Dexie.BulkError('bulk', [new DOMException('full', 'QuotaExceededError')]);
		expect(classifyDbError(bulk).code).toBe('quota');
	});

	it('maps closed, version-change, open and upgrade failures to their codes', () => {
		expect(classifyDbError(new Dexie.DatabaseClosedError()).code).toBe('closed');
		expect(classifyDbError(new Dexie.VersionChangeError()).code).toBe('version-change');
		expect(classifyDbError(new Dexie.OpenFailedError()).code).toBe('open-failed');
		expect(classifyDbError(new Dexie.UpgradeError()).code).toBe('upgrade-failed');
		expect(
			classifyDbError(new Dexie.OpenFailedError('x', new DOMException('y', 'InvalidStateError')))
				.code
		).toBe('open-failed');
	});

	it('calls anything else failed, including non-errors', () => {
		expect(classifyDbError(new Dexie.ConstraintError()).code).toBe('failed');
		expect(classifyDbError('boom')).toEqual({ ok: false, code: 'failed', detail: 'Error: boom' });
	});
});
