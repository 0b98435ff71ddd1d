// Entry of `npm run sample -- --out DIR` (run through tsx): writes the seeded sample CSV files.
import { runSampleCli } from './sample-cli';

process.exitCode = runSampleCli(process.argv.slice(2), {
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text),
	nowMs: () => Date.now()
});
