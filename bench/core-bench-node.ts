// The analytics, model and rules benchmarks in Node against fake-indexeddb, to try a change
// quickly; the figures that count come from Chromium (`npm run bench`). Usage:
//   npx tsx bench/core-bench-node.ts [accounts] [activityRollups] [modelAccounts]
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ChurnDb } from '../src/lib/db/ChurnDb';
import { runCoreBench } from './core-bench';

const [accounts, rollups, modelAccounts] = process.argv.slice(2).map(Number);
const factory = new IDBFactory();
const result = await runCoreBench({
	openDb: (name) => new ChurnDb({ name, indexedDB: factory, IDBKeyRange }),
	accounts: accounts || undefined,
	activityRollups: rollups || undefined,
	modelAccounts: modelAccounts || undefined,
	// The same last day as bench/run.mjs, so figures compare.
	endDay: Date.UTC(2026, 9, 31) / 86_400_000,
	log: (line) => process.stderr.write(`${line}\n`)
});
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
