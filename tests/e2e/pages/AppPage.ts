// The base page model: opens app paths on the harness server and waits for what a person would
// see (roles and text), never for time.
import type { Locator, Page } from 'playwright-core';
import type { StaticServer } from '../static-server.js';

export type AriaRole = Parameters<Page['getByRole']>[0];

export class AppPage {
	constructor(
		readonly page: Page,
		readonly server: StaticServer
	) {}

	/**
	 * Opens `path` (optionally in a language), waits for the shell (the brand link in the header)
	 * and then for the page's h1, by name when given.
	 */
	async open(
		path: string,
		options: { lang?: string; heading?: string | RegExp } = {}
	): Promise<void> {
		const url = new URL(path, this.server.origin);
		if (options.lang) url.searchParams.set('lang', options.lang);
		await this.page.goto(url.href);
		await this.waitForShell();
		await this.waitForHeading(options.heading);
	}

	/** The app shell: its header's brand link, named after the app in every language. */
	brand(): Locator {
		return this.page.getByRole('banner').getByRole('link', { name: 'Churn Desk', exact: true });
	}

	async waitForShell(): Promise<Locator> {
		const brand = this.brand();
		await brand.waitFor({ state: 'visible' });
		return brand;
	}

	/** The level-1 heading, by name when given. */
	heading(name?: string | RegExp): Locator {
		return this.page.getByRole('heading', { level: 1, ...(name === undefined ? {} : { name }) });
	}

	async waitForHeading(name?: string | RegExp): Promise<Locator> {
		const heading = this.heading(name);
		await heading.waitFor({ state: 'visible' });
		return heading;
	}

	async waitForRole(role: AriaRole, name?: string | RegExp): Promise<Locator> {
		const target = this.page.getByRole(role, name === undefined ? {} : { name }).first();
		await target.waitFor({ state: 'visible' });
		return target;
	}

	async waitForText(text: string | RegExp): Promise<Locator> {
		const target = this.page.getByText(text).first();
		await target.waitFor({ state: 'visible' });
		return target;
	}

	/** The document language the app set (`<html lang>`). */
	documentLanguage(): Promise<string | null> {
		return this.page.locator('html').getAttribute('lang');
	}
}
