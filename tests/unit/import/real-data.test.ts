import { createReadStream, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnValue } from '../../../src/lib/core/columns';
import { runImport, type ByteSource, type ImportSuccess } from '../../../src/lib/import/pipeline';
import { previewCsv } from '../../../src/lib/import/preview';
import { blobSource } from '../../../src/lib/import/byte-source';
import { runImportSplit } from '../../../src/lib/import/split';

const DATA = process.env.CHURN_DESK_DATA ?? resolve(__dirname, '../../../../shared/data');
const hasData = existsSync(resolve(DATA, 'README.md'));
if (!hasData)
	console.info(`real datasets not found at ${DATA}: skipping the real-file import tests`);

function fileSource(path: string): ByteSource {
	return {
		size: statSync(path).size,
		async *chunks() {
			for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
				yield new Uint8Array(chunk as Buffer);
		}
	};
}

/** Imports a file the way the app does: preview head → suggested entity and mapping → import. */
async function importFile(name: string): Promise<ImportSuccess> {
	const path = resolve(DATA, name);
	const source = fileSource(path);
	const head = new Uint8Array(1 << 18);
	const { bytesRead } = await import('node:fs/promises')
		.then((fs) => fs.open(path))
		.then(async (fd) => {
			const r = await fd.read(head, 0, head.length, 0);
			await fd.close();
			return r;
		});
	const preview = previewCsv(head.subarray(0, bytesRead), {
		isWholeFile: bytesRead === source.size
	});
	if (!preview.ok || !preview.suggestedEntity) throw new Error(`preview failed for ${name}`);
	const outcome = await runImport(source, {
		entity: preview.suggestedEntity,
		mapping: preview.mapping,
		dateOrders: preview.dateOrders,
		headers: preview.headers,
		currency: 'USD'
	});
	if (!outcome.ok) throw new Error(`${name}: ${outcome.code}`);
	return outcome;
}

describe.skipIf(!hasData)('real public datasets', () => {
	it.each(['online_retail_comma_utf8bom.csv', 'online_retail_tab_cp1252.csv'])(
		'imports %s as activity: 135,080 rows without CustomerID rejected, 4,372 accounts',
		async (name) => {
			const outcome = await importFile(name);
			expect(outcome.blocks[0].entity).toBe('activity');
			expect(outcome).toMatchObject({
				rowsRead: 541_909,
				rowsRejected: 135_080,
				accountIds: 4_372
			});
			expect(
				outcome.rejects
					.slice(0, 100_000)
					.every((r) => r.reason === 'missing-required' && r.column === 'CustomerID')
			).toBe(true);
			// Day-first dates: 2010-12-01 to 2011-12-09 (day numbers 14944 and 15317).
			expect([outcome.minDay, outcome.maxDay]).toEqual([14944, 15317]);
		},
		120_000
	);
	it.each([
		['online_retail_comma_utf8bom.csv', 2],
		// ASCII for its first 3 MB, CP1252 further on: the one-go reading changes its guess there,
		// so the file is read in one go (the parts would have guessed UTF-8).
		['online_retail_tab_cp1252.csv', undefined]
	])(
		'reads %s in two parts at once when it can (%s), with the outcome of reading it in one go',
		async (name, parts) => {
			const bytes = await import('node:fs/promises').then((fs) => fs.readFile(resolve(DATA, name)));
			const file = new Blob([bytes]);
			const head = new Uint8Array(await file.slice(0, 1 << 18).arrayBuffer());
			const preview = previewCsv(head, { isWholeFile: false });
			if (!preview.ok || !preview.suggestedEntity) throw new Error(`preview failed for ${name}`);
			const dateColumn = preview.mapping.indexOf('day');
			const options = {
				entity: preview.suggestedEntity,
				mapping: preview.mapping,
				// Day first, as a person answers the date question.
				dateOrders: { ...preview.dateOrders, [dateColumn]: 'dmy' as const },
				headers: preview.headers,
				currency: 'USD'
			};
			const split = await runImportSplit(file, options, (part, o, progress, signal) =>
				runImport(blobSource(part), o, progress, signal)
			);
			const whole = await runImport(blobSource(file), options);
			if (!split.ok || !whole.ok) throw new Error('import failed');
			expect(split.parts).toBe(parts);
			const { parts: _parts, ...splitRest } = split;
			expect(splitRest).toEqual(whole);
		},
		180_000
	);
	it('imports Telco as 7,043 accounts with every column kept', async () => {
		const outcome = await importFile('WA_Fn-UseC_-Telco-Customer-Churn.csv');
		expect(outcome).toMatchObject({ rowsRead: 7043, rowsAccepted: 7043, rowsRejected: 0 });
		const columns = Object.keys(outcome.blocks[0].columns);
		// 21 source columns: 4 fields (+ the currency of MonthlyCharges) and 17 attributes.
		expect(columns.filter((c) => c.startsWith('attr:'))).toHaveLength(17);
		expect(columns).toEqual(
			expect.arrayContaining([
				'id',
				'tenureMonths',
				'mrrMinor',
				'churned',
				'currency',
				'attr:TotalCharges'
			])
		);
		const first = outcome.blocks[0];
		expect([
			columnValue(first.columns.id, 0),
			columnValue(first.columns.mrrMinor, 0),
			columnValue(first.columns.churned, 0)
		]).toEqual(['7590-VHVEG', 2985, 0]);
	});
	it('imports the bank file as 10,000 accounts; the surname Nan stays text and Tenure an attribute', async () => {
		const outcome = await importFile('Churn_Modelling.csv');
		expect(outcome).toMatchObject({ rowsRead: 10000, rowsAccepted: 10000 });
		const block = outcome.blocks[0];
		expect(Object.keys(block.columns)).toHaveLength(14);
		expect(block.columns['attr:Tenure']).toBeDefined();
		// Attributes are never coerced: no surname (README: one is literally `Nan`) becomes null.
		let surnames = 0;
		for (let i = 0; i < block.rowCount; i++)
			if (columnValue(block.columns['attr:Surname'], i) !== null) surnames++;
		expect(surnames).toBe(10000);
		let churned = 0;
		for (let i = 0; i < block.rowCount; i++)
			churned += columnValue(block.columns.churned, i) as number;
		expect(churned).toBe(2037);
	});
});
