// The crash helpers the reliability tests rely on (F5): find the browser of one profile dir,
// SIGKILL it, and start again on the same dir.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	browserPidsOfProfile,
	createGuardedPersistentContext,
	createProfileDir,
	emptyReport,
	killBrowserOfProfile,
	removeProfileDir,
	startAppServer,
	type StaticServer
} from './harness';
import { AppPage } from './pages/AppPage';
import { textOf } from './routes';

let server: StaticServer;
let profileDir: string;

beforeAll(async () => {
	server = await startAppServer();
	profileDir = await createProfileDir();
});

afterAll(async () => {
	await server?.close();
	await removeProfileDir(profileDir);
});

describe('persistent profile crash helpers', () => {
	it('kills only the browser of the profile and relaunches on the same dir', async () => {
		const first = await createGuardedPersistentContext(profileDir, server);
		const closed = new Promise<void>((resolve) => first.context.once('close', () => resolve()));
		const page = first.context.pages()[0] ?? (await first.context.newPage());
		await new AppPage(page, server).open('/', { lang: 'en', heading: textOf('empty.title', 'en') });
		const before = browserPidsOfProfile(profileDir);

		const killed = killBrowserOfProfile(profileDir);
		await closed;
		const after = browserPidsOfProfile(profileDir);

		const second = await createGuardedPersistentContext(profileDir, server);
		const again = second.context.pages()[0] ?? (await second.context.newPage());
		await new AppPage(again, server).open('/', {
			lang: 'en',
			heading: textOf('empty.title', 'en')
		});
		const relaunched = browserPidsOfProfile(profileDir);
		const report = await second.guard.report();
		await second.context.close();

		expect(before).toEqual([killed]);
		expect(after).toEqual([]);
		expect(relaunched).toHaveLength(1);
		expect(relaunched[0]).not.toBe(killed);
		expect(report).toEqual(emptyReport);
	});
});
