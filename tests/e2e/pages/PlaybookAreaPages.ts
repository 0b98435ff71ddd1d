// Page models of the playbook area: the alert inbox, the playbook with its backtests, the
// accounts list, the account page with its post-mortem, and the case library. Verbs a person
// would use; waits on roles, text and test ids, never on time.
import { readFile } from 'node:fs/promises';
import type { Download, Locator } from 'playwright-core';
import type { Locale } from '../../../src/lib/i18n/messages';
import { textOf } from '../routes';
import { AppPage } from './AppPage';

const LONG = 90_000;
/** Generating and importing the sample workspace through the real pipeline. */
const SAMPLE = 180_000;

/** The text of a downloaded file (without a leading BOM). */
export async function downloadedText(download: Download): Promise<string> {
	const file = await download.path();
	return (await readFile(file, 'utf8')).replace(/^\ufeff/, '');
}

/** Clicks "Try with sample data" on a page of this area (its empty state offers it). */
async function loadSampleHere(app: AppPage, lang: Locale): Promise<void> {
	await app.page.getByRole('button', { name: textOf('empty.sample', lang), exact: true }).click();
	await app.page
		.getByRole('button', { name: textOf('empty.sample', lang), exact: true })
		.waitFor({ state: 'detached', timeout: SAMPLE });
}

export class AlertsPage extends AppPage {
	lang: Locale = 'en';

	/** Opens the inbox in an empty workspace and loads the sample data from its empty state. */
	async openWithSample(lang: Locale = 'en'): Promise<void> {
		this.lang = lang;
		await this.open('/alerts/', { lang, heading: textOf('pb.alerts.title', lang) });
		await loadSampleHere(this, lang);
		await this.page.getByTestId('alert-counts').waitFor({ state: 'visible', timeout: LONG });
	}

	async openAlerts(lang: Locale = 'en'): Promise<void> {
		this.lang = lang;
		await this.open('/alerts/', { lang, heading: textOf('pb.alerts.title', lang) });
		await this.page.getByTestId('alert-counts').waitFor({ state: 'visible', timeout: LONG });
	}

	rows(): Locator {
		return this.page.locator('tr[data-alert-key]');
	}

	row(key: string): Locator {
		return this.page.locator(`tr[data-alert-key="${key}"]`);
	}

	async keys(count: number): Promise<string[]> {
		await this.rows().first().waitFor({ state: 'visible', timeout: LONG });
		const keys: string[] = [];
		for (let i = 0; i < count; i++) {
			keys.push((await this.rows().nth(i).getAttribute('data-alert-key')) ?? '');
		}
		return keys;
	}

	async status(key: string): Promise<string> {
		return (await this.row(key).getByTestId('alert-status').textContent())?.trim() ?? '';
	}

	/** Opens the row's actions with the keyboard (focus + Enter), as a keyboard user would. */
	async openActions(key: string): Promise<Locator> {
		const toggle = this.row(key).getByRole('button', { name: /^Actions for / });
		await toggle.focus();
		await this.page.keyboard.press('Enter');
		const group = this.page.locator(`[id="actions-${key}"]`);
		await group.waitFor({ state: 'visible' });
		return group;
	}

	async acknowledge(key: string): Promise<void> {
		const group = await this.openActions(key);
		await group.getByRole('button', { name: textOf('pb.alerts.acknowledge', this.lang) }).click();
		await this.waitForStatus(key, textOf('pb.alerts.status.acknowledged', this.lang));
	}

	async snooze(key: string, isoDay: string): Promise<void> {
		const group = await this.openActions(key);
		await group.getByLabel(textOf('pb.alerts.snoozeUntil', this.lang)).fill(isoDay);
		await group
			.getByRole('button', { name: textOf('pb.alerts.snooze', this.lang), exact: true })
			.click();
		await this.waitForStatus(
			key,
			textOf('pb.alerts.snoozedUntil', this.lang).replace('{day}', isoDay)
		);
	}

	async waitForStatus(key: string, text: string): Promise<void> {
		await this.row(key).getByTestId('alert-status').filter({ hasText: text }).waitFor();
	}

	/** Presses "show more" with the keyboard and waits for the rows to grow past `before`. */
	async showMore(before: number): Promise<void> {
		const button = this.page.getByRole('button', { name: /^Show \d+ more/ });
		await button.focus();
		await this.page.keyboard.press('Enter');
		await this.rows().nth(before).waitFor({ state: 'visible', timeout: LONG });
	}

	/** Chooses a status in the status filter and waits for the worker's reply to be drawn. */
	async filterStatus(status: string): Promise<void> {
		await this.page.getByLabel(textOf('pb.alerts.filter.status', this.lang)).selectOption(status);
		await this.page
			.locator(`tr[data-alert-key]:not([data-status="${status}"])`)
			.first()
			.waitFor({ state: 'detached', timeout: LONG });
	}

	async exportCsv(): Promise<string> {
		const [download] = await Promise.all([
			this.page.waitForEvent('download'),
			this.page.getByRole('button', { name: textOf('pb.alerts.exportCsv', this.lang) }).click()
		]);
		return downloadedText(download);
	}

	async exportIcs(): Promise<{ name: string; text: string }> {
		const [download] = await Promise.all([
			this.page.waitForEvent('download'),
			this.page.getByRole('button', { name: textOf('pb.alerts.exportIcs', this.lang) }).click()
		]);
		return { name: download.suggestedFilename(), text: await downloadedText(download) };
	}
}

export class PlaybookPage extends AppPage {
	lang: Locale = 'en';

	async openWithSample(lang: Locale = 'en'): Promise<void> {
		this.lang = lang;
		await this.open('/playbook/', { lang, heading: textOf('pb.playbook.title', lang) });
		await loadSampleHere(this, lang);
	}

	async openPlaybook(lang: Locale = 'en'): Promise<void> {
		this.lang = lang;
		await this.open('/playbook/', { lang, heading: textOf('pb.playbook.title', lang) });
	}

	rule(ruleId: string): Locator {
		return this.page.locator(`article[data-rule-id="${ruleId}"]`);
	}

	/** The backtest's alert count sentence of a rule, once computed. */
	async backtestAlerts(ruleId: string): Promise<string> {
		const figure = this.rule(ruleId).getByTestId('backtest-alerts');
		await this.explainTimeout(figure.waitFor({ state: 'visible', timeout: LONG }));
		return (await figure.textContent())?.trim() ?? '';
	}

	/** A wait that, when it times out, fails with what the page showed instead. */
	private async explainTimeout(wait: Promise<void>): Promise<void> {
		try {
			await wait;
		} catch (error) {
			const shown = await this.page
				.locator('main')
				.innerText({ timeout: 5_000 })
				.catch((e: unknown) => `(page text unavailable: ${String(e)})`);
			throw new Error(`${String(error)}\n--- the page showed ---\n${shown.slice(0, 3000)}`);
		}
	}

	async backtestPrecision(ruleId: string): Promise<string> {
		return (await this.rule(ruleId).getByTestId('backtest-precision').textContent())?.trim() ?? '';
	}

	daysInput(ruleId: string): Locator {
		return this.rule(ruleId)
			.getByLabel(textOf('pb.param.days', this.lang), { exact: true })
			.first();
	}

	async setDays(ruleId: string, days: number): Promise<void> {
		await this.daysInput(ruleId).fill(String(days));
	}

	/** Waits until the rule's alert count differs from `before`, and returns it. */
	async waitForBacktestChange(ruleId: string, before: string): Promise<string> {
		const figure = this.rule(ruleId).getByTestId('backtest-alerts');
		await this.explainTimeout(
			figure.filter({ hasNotText: before }).waitFor({ state: 'visible', timeout: LONG })
		);
		return (await figure.textContent())?.trim() ?? '';
	}
}

export class AccountPages extends AppPage {
	lang: Locale = 'en';

	async openAccountsWithSample(lang: Locale = 'en'): Promise<void> {
		this.lang = lang;
		await this.open('/accounts/', { lang, heading: textOf('pb.accounts.title', lang) });
		await loadSampleHere(this, lang);
		await this.page.locator('table.data tbody tr').first().waitFor({ timeout: LONG });
	}

	async openAccounts(lang: Locale = 'en'): Promise<void> {
		this.lang = lang;
		await this.open('/accounts/', { lang, heading: textOf('pb.accounts.title', lang) });
		await this.page.locator('table.data tbody tr').first().waitFor({ timeout: LONG });
	}

	/** Sorts by status, churned first, and opens the first account. Returns its id. */
	async openFirstChurned(): Promise<string> {
		const status = this.page.getByRole('button', { name: 'Status' });
		await status.click();
		await this.page.locator('th[aria-sort="ascending"]').waitFor();
		await status.click();
		await this.page.locator('th[aria-sort="descending"]').waitFor();
		const first = this.page.locator('table.data tbody tr').first();
		await first.getByText(textOf('pb.status.churned', this.lang), { exact: true }).waitFor();
		const link = first.getByRole('link');
		const id = ((await link.textContent()) ?? '').trim();
		await link.click();
		await this.page
			.getByRole('heading', { level: 2, name: textOf('pb.account.postMortem', this.lang) })
			.waitFor({ timeout: LONG });
		return id;
	}

	async saveCase(rootCauseLabel: string, notes: string): Promise<void> {
		await this.page.getByLabel(textOf('pb.account.rootCause', this.lang)).selectOption({
			label: rootCauseLabel
		});
		await this.page.getByLabel(textOf('pb.account.notes', this.lang)).fill(notes);
		await this.page.getByRole('button', { name: textOf('pb.account.saveCase', this.lang) }).click();
		await this.waitForText(textOf('pb.account.caseSaved', this.lang));
	}

	async openCases(): Promise<void> {
		await this.open('/cases/', { lang: this.lang, heading: textOf('pb.cases.title', this.lang) });
	}

	caseOf(accountId: string): Locator {
		return this.page.locator(`article[data-account-id="${accountId}"]`);
	}
}
