// Issue #5, alert inbox: on the sample data a person acknowledges one alert and snoozes another
// with the keyboard, reloads and finds both states kept, then exports the open alerts as CSV and
// the follow-ups as an .ics file whose content matches.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createGuardedContext,
	emptyReport,
	launchChromium,
	startAppServer,
	type NetworkGuard,
	type StaticServer
} from './harness';
import { AlertsPage } from './pages/PlaybookAreaPages';

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

describe('alert inbox on the sample data', () => {
	let context: BrowserContext;
	let guard: NetworkGuard;
	let alerts: AlertsPage;
	let acknowledged = '';
	let snoozed = '';
	// A fixed date far enough ahead: the snooze outlasts the data's last day.
	const snoozeDay = '2099-01-15';

	beforeAll(async () => {
		({ context, guard } = await createGuardedContext(browser, server));
		alerts = new AlertsPage(await context.newPage(), server);
		await alerts.openWithSample('en');
	});

	afterAll(async () => {
		await context?.close();
	});

	it('acknowledges and snoozes alerts, and keeps both after a reload', async () => {
		[acknowledged, snoozed] = await alerts.keys(2);
		expect(await alerts.status(acknowledged)).toBe('Open');
		await alerts.acknowledge(acknowledged);
		await alerts.snooze(snoozed, snoozeDay);
		await alerts.page.reload();
		await alerts.waitForHeading('Alerts');
		await alerts.rows().first().waitFor({ timeout: 90_000 });
		expect(await alerts.status(acknowledged)).toBe('Acknowledged');
		expect(await alerts.status(snoozed)).toBe(`Snoozed until ${snoozeDay}`);
	});

	it('exports the open alerts as CSV with both states', async () => {
		const csv = await alerts.exportCsv();
		const lines = csv.trimEnd().split('\r\n');
		expect(lines[0]).toBe(
			'"Account ID","Name","Segment","Rule","Raised","Status","Snooze until","Owner","Action","Why","Notes"'
		);
		const [, ackAccount] = acknowledged.split('|');
		const [, snoozedAccount] = snoozed.split('|');
		expect(lines.some((l) => l.startsWith(`"${ackAccount}"`) && l.includes('"Acknowledged"'))).toBe(
			true
		);
		expect(
			lines.some((l) => l.startsWith(`"${snoozedAccount}"`) && l.includes(`"${snoozeDay}"`))
		).toBe(true);
		// Only alerts still to act on: nothing marked done.
		expect(lines.some((l) => l.includes('"Done"'))).toBe(false);
	});

	it('exports follow-ups as an .ics file, the snoozed one on its snooze day', async () => {
		const { name, text } = await alerts.exportIcs();
		expect(name).toBe('alerts-follow-ups.ics');
		expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
		expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
		// Unfold continuation lines before looking for a component's properties.
		const unfolded = text.replace(/\r\n /g, '');
		const events = unfolded.split('BEGIN:VEVENT').slice(1);
		const snoozedEvent = events.find((e) => e.includes(`UID:${snoozed}@churn-desk`));
		expect(snoozedEvent).toContain('DTSTART;VALUE=DATE:20990115');
		expect(events.some((e) => e.includes(`UID:${acknowledged}@churn-desk`))).toBe(true);
		const report = await guard.report();
		expect(report).toEqual(emptyReport);
	});

	it('shows 100 rows at a time, the next ones on request, and filters by status', async () => {
		expect(await alerts.rows().count()).toBe(100);
		await alerts.showMore(100);
		const keys = await alerts
			.rows()
			.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alert-key')));
		// The second page continues the first: 200 rows, none twice.
		expect(keys.length).toBe(200);
		expect(new Set(keys).size).toBe(200);
		await alerts.filterStatus('acknowledged');
		const statuses = await alerts
			.rows()
			.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
		expect(statuses).toContain('acknowledged');
		expect(statuses.every((s) => s === 'acknowledged')).toBe(true);
		expect(await guard.report()).toEqual(emptyReport);
	});
});
