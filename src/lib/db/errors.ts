// One place that turns Dexie / IndexedDB failures into codes the UI translates (ja/en).
// Expected failures travel as data; only bugs are thrown (a thrown Error loses its fields
// when it crosses Comlink).

export type DbErrorCode =
	/** The browser's storage for this site is full (F1). */
	| 'quota'
	/** Another tab opened a newer schema; this connection must stop writing (F8). */
	| 'version-change'
	/** The connection was closed (after a version change, or by the app). */
	| 'closed'
	/** IndexedDB could not be opened at all (private mode, disabled storage: F4). */
	| 'open-failed'
	/** A schema upgrade failed; the database stays at its previous version (F7). */
	| 'upgrade-failed'
	/** Anything else: the transaction aborted and nothing of it was written. */
	| 'failed';

export interface DbFailure {
	ok: false;
	code: DbErrorCode;
	/** Error names and the engine's message, for a "details" disclosure; not for display as is. */
	detail: string;
}

interface ErrorLike {
	name?: unknown;
	message?: unknown;
	inner?: unknown;
	failures?: unknown;
}

function asErrorLike(e: unknown): ErrorLike | null {
	return typeof e === 'object' && e !== null ? (e as ErrorLike) : null;
}

function nameOf(e: unknown): string {
	const like = asErrorLike(e);
	return like && typeof like.name === 'string' ? like.name : '';
}

/**
 * The names of an error and of everything wrapped in it: Dexie puts the cause in `inner`
 * (an AbortError whose inner is a QuotaExceededError), a BulkError lists per-row `failures`.
 */
export function errorNames(e: unknown, depth = 0): string[] {
	const like = asErrorLike(e);
	if (!like || depth > 4) return [];
	const names = [nameOf(e)];
	if (like.inner) names.push(...errorNames(like.inner, depth + 1));
	if (Array.isArray(like.failures)) {
		for (const failure of like.failures) names.push(...errorNames(failure, depth + 1));
	}
	return names.filter((n) => n !== '');
}

/** The failure code and detail of any error Dexie or IndexedDB can raise. */
export function classifyDbError(e: unknown): DbFailure {
	const names = errorNames(e);
	const like = asErrorLike(e);
	const message = like && typeof like.message === 'string' ? like.message : String(e);
	const detail = `${names.join(' < ') || 'Error'}: ${message}`;
	const has = (name: string) => names.includes(name);
	let code: DbErrorCode;
	// Order matters: a quota failure usually arrives wrapped in an AbortError, and an upgrade or
	// open failure may wrap a DatabaseClosedError.
	if (has('QuotaExceededError')) code = 'quota';
	else if (has('VersionChangeError') || has('VersionError')) code = 'version-change';
	else if (has('UpgradeError')) code = 'upgrade-failed';
	else if (has('DatabaseClosedError')) code = 'closed';
	else if (has('OpenFailedError') || has('MissingAPIError') || has('InvalidStateError'))
		code = 'open-failed';
	else code = 'failed';
	return { ok: false, code, detail };
}
