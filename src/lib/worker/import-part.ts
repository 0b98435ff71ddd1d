// A second import worker, started by the first for the second part of a large activity file
// (see import/split.ts): it reads its bytes through the same pipeline and sends back counts and
// the rollup's tables (transferred, not copied). Then, while the first worker merges the parts,
// it hashes the whole file.
import { expose, transfer } from 'comlink';
import { blobSource, sha256OfBlob } from '../import/byte-source';
import {
	runImport,
	type ImportOptions,
	type ImportOutcome,
	type ImportProgress
} from '../import/pipeline';

const api = {
	async run(
		bytes: Blob,
		options: ImportOptions,
		onProgress: (p: ImportProgress) => void
	): Promise<ImportOutcome> {
		const outcome = await runImport(blobSource(bytes), options, onProgress);
		if (!outcome.ok || !outcome.rollup) return outcome;
		const { rows, users } = outcome.rollup;
		const buffers = [rows.account, rows.day, rows.metric, rows.count, rows.users]
			.concat([users.account, users.day])
			.map((a) => a.buffer as ArrayBuffer);
		return transfer(outcome, [...buffers, users.user.buffer]);
	},

	sha256(file: Blob): Promise<string> {
		return sha256OfBlob(file);
	}
};
expose(api);

export type ImportPartApi = typeof api;
