// Page-side storage helpers (F2): `navigator.storage.persist()` is not available in workers,
// so the page calls these. Each is guarded: older browsers and some embedded views have no
// StorageManager, and a call may reject (e.g. a sandboxed frame).

/** The parts of StorageManager we use; injected in tests. */
export interface StorageManagerLike {
	persist?: () => Promise<boolean>;
	persisted?: () => Promise<boolean>;
	estimate?: () => Promise<{ usage?: number; quota?: number }>;
}

export type PersistenceOutcome =
	{ ok: true; persisted: boolean } | { ok: false; code: 'unsupported' | 'failed' };

export interface StorageStatus {
	/** Null when the browser cannot tell. */
	persisted: boolean | null;
	/**
	 * Bytes this site uses, or null when unknown. The quota is left out on purpose: the figure
	 * browsers report is not the real limit (reliability finding 8), so it would mislead.
	 */
	usageBytes: number | null;
}

function pageStorage(): StorageManagerLike | undefined {
	return typeof navigator === 'undefined' ? undefined : navigator.storage;
}

/** Asks the browser to keep this site's data under storage pressure (best-effort otherwise). */
export async function requestPersistence(
	storage: StorageManagerLike | undefined = pageStorage()
): Promise<PersistenceOutcome> {
	if (!storage?.persist) return { ok: false, code: 'unsupported' };
	try {
		return { ok: true, persisted: await storage.persist() };
	} catch {
		return { ok: false, code: 'failed' };
	}
}

/** Whether storage is persistent, and how much this site uses; never rejects. */
export async function storageStatus(
	storage: StorageManagerLike | undefined = pageStorage()
): Promise<StorageStatus> {
	let persisted: boolean | null = null;
	let usageBytes: number | null = null;
	if (storage?.persisted) {
		try {
			persisted = await storage.persisted();
		} catch {
			persisted = null;
		}
	}
	if (storage?.estimate) {
		try {
			const usage = (await storage.estimate()).usage;
			usageBytes = typeof usage === 'number' && Number.isFinite(usage) ? usage : null;
		} catch {
			usageBytes = null;
		}
	}
	return { persisted, usageBytes };
}
