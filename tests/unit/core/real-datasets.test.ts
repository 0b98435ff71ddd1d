// The analytics on real public exports. The CSVs are parsed here with PapaParse into a Dataset
// (the import pipeline is separate); skipped when the data folder is absent.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { snapshotChurn } from '../../../src/lib/core/churn';
import { cohortRetention } from '../../../src/lib/core/cohorts';
import { dayFromYmd } from '../../../src/lib/core/dates';
import { survivalBySegment } from '../../../src/lib/core/survival';
import { account, activityTable, dataset } from './dataset-builder';

const dataDir = process.env.CHURN_DESK_DATA ?? resolve(__dirname, '../../../../shared/data');
const hasData = existsSync(resolve(dataDir, 'Churn_Modelling.csv'));
if (!hasData) console.info(`real-data tests skipped: no data folder at ${dataDir}`);

function rowsOf(file: string): Record<string, string>[] {
	const text = readFileSync(resolve(dataDir, file), 'utf8').replace(/^\uFEFF/, '');
	return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

function attributesOf(row: Record<string, string>): Record<string, string | null> {
	return Object.assign(Object.create(null) as Record<string, string | null>, row);
}

describe.skipIf(!hasData)('real datasets', () => {
	it('bank churn: 0.2037 overall and the published rates by Geography', () => {
		const rows = rowsOf('Churn_Modelling.csv');
		const d = dataset({
			accounts: rows.map((r) =>
				account(r.CustomerId, {
					churned: r.Exited === '1',
					tenureMonths: Number(r.Tenure) * 12,
					attributes: attributesOf(r)
				})
			)
		});
		const r = snapshotChurn(d, { segmentBy: 'Geography' });
		expect(r.overall).toEqual({ value: 0.2037, numerator: 2037, denominator: 10000 });
		const by = Object.fromEntries(
			r.groups.map((g) => [g.segment, [g.rate.numerator, g.rate.denominator]])
		);
		expect(by).toEqual({ France: [810, 5014], Germany: [814, 2509], Spain: [413, 2477] });
	});

	it('Telco: Kaplan–Meier on tenure and Churn, 7,043 customers and 1,869 churns', () => {
		const rows = rowsOf('WA_Fn-UseC_-Telco-Customer-Churn.csv');
		const d = dataset({
			accounts: rows.map((r) =>
				account(r.customerID, {
					tenureMonths: Number(r.tenure),
					churned: r.Churn === 'Yes',
					attributes: attributesOf(r)
				})
			)
		});
		const split = survivalBySegment(d, { atTimes: [0, 12, 24, 72] });
		const curve = split.groups[0].curve;
		expect([curve.n, curve.eventCount, split.excluded]).toEqual([7043, 1869, 0]);
		for (let i = 1; i < curve.survival.length; i++) {
			expect(curve.survival[i]).toBeLessThanOrEqual(curve.survival[i - 1]);
		}
		// 26.5% churned in all and tenure stops at 72 months: S stays above 0.5, no median.
		expect(curve.median).toBeNull();
		expect(curve.survival[curve.survival.length - 1]).toBeGreaterThan(0.5);
		expect(curve.atRiskAt[0].atRisk).toBe(7043);
		// Month-to-month contracts churn far sooner than two-year ones.
		const byContract = survivalBySegment(d, { segmentBy: 'Contract' });
		expect(byContract.groups.map((g) => g.segment)).toEqual([
			'Month-to-month',
			'Two year',
			'One year'
		]);
		expect(byContract.logRank?.df).toBe(2);
		expect(byContract.logRank?.pValue).toBeLessThan(1e-10);
	});

	it('Online Retail: monthly cohorts of first purchase add up to the customers left', () => {
		const rows = rowsOf('online_retail_comma_utf8bom.csv');
		const all = new Set<string>();
		const events: { accountId: string; day: number }[] = [];
		const kept = new Set<string>();
		for (const r of rows) {
			if (!r.CustomerID) continue;
			all.add(r.CustomerID);
			if (r.InvoiceNo.startsWith('C')) continue;
			const m = /^(\d{2})\/(\d{2})\/(\d{2}) /.exec(r.InvoiceDate);
			if (!m) throw new Error(`unexpected date ${r.InvoiceDate}`);
			events.push({
				accountId: r.CustomerID,
				day: dayFromYmd(2000 + Number(m[3]), Number(m[2]), Number(m[1]))
			});
			kept.add(r.CustomerID);
		}
		expect(all.size).toBe(4372);
		const r = cohortRetention(dataset({ activity: activityTable(events) }), {
			grain: 'month',
			basis: { metric: '*' },
			measure: 'logo',
			convention: 'exact'
		});
		const rowsOut = r.groups[0].rows;
		expect(rowsOut.reduce((s, row) => s + row.size, 0)).toBe(kept.size);
		expect(r.accountsInScope).toBe(kept.size);
		expect(rowsOut[0].label).toBe('2010-12');
		expect(rowsOut.length).toBe(13);
		// Every cohort's month 0 is 100% by construction; December 2011 is cut off on the 9th.
		expect(rowsOut.every((row) => row.cells[0].share === 1)).toBe(true);
		expect(rowsOut[rowsOut.length - 1].cells[0].incomplete).toBe(true);
		// December 2010 cohort without cancellations: 885 customers, 324 back in Jan, 286 in Feb
		// (948 / 362 / 317 is the widely quoted table that keeps cancellation lines).
		expect(rowsOut[0].cells.map((c) => c.numerator).slice(0, 3)).toEqual([885, 324, 286]);
	});
});
