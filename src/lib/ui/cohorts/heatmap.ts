// Pure builders of the cohort heatmap: what each cell shows (share, colour, marks) and the CSV
// rows, decided here and unit-tested; the component only renders the result.
import type { CsvCell } from '../../core/csv-export';
import type { CohortRetention, CohortTable } from '../../core/cohorts';

export interface HeatmapCell {
	k: number;
	numerator: number;
	denominator: number;
	share: number | null;
	/** 0..100, rounded to whole percent for display; null when the share is undefined. */
	percent: number | null;
	background: string;
	/** Dark text on light cells, light text on dark ones. */
	color: string;
	incomplete: boolean;
	small: boolean;
}

export interface HeatmapRow {
	cohort: number;
	label: string;
	size: number;
	small: boolean;
	/** One entry per period column 0..periods-1; null where the cohort has not reached k. */
	cells: (HeatmapCell | null)[];
}

export interface HeatmapAverageCell {
	k: number;
	share: number | null;
	percent: number | null;
	numerator: number;
	denominator: number;
	cohorts: number;
	background: string;
	color: string;
}

export interface Heatmap {
	periods: number;
	rows: HeatmapRow[];
	average: (HeatmapAverageCell | null)[];
}

/**
 * A colour for a share: one blue hue whose lightness falls from 97% (0) to 28% (100% or
 * more, as revenue can exceed it). Lightness alone keeps the scale readable when printed grey.
 */
export function heatmapBackground(share: number | null): string {
	if (share === null || !Number.isFinite(share)) return 'transparent';
	const s = Math.min(1, Math.max(0, share));
	const lightness = Math.round(97 - s * 69);
	return `hsl(210 65% ${lightness}%)`;
}

/** White text once the background is dark enough (lightness below 60%). */
export function heatmapTextColor(share: number | null): string {
	if (share === null || !Number.isFinite(share)) return 'inherit';
	return 97 - Math.min(1, Math.max(0, share)) * 69 < 60 ? '#ffffff' : '#1d2430';
}

function percentOf(share: number | null): number | null {
	return share === null || !Number.isFinite(share) ? null : Math.round(share * 100);
}

/** The heatmap of one cohort table, every row padded to the same period columns. */
export function heatmapOf(table: CohortTable): Heatmap {
	const periods = table.rows.reduce((n, r) => Math.max(n, r.cells.length), 0);
	const rows = table.rows.map((r) => {
		const cells: (HeatmapCell | null)[] = new Array<HeatmapCell | null>(periods).fill(null);
		for (const c of r.cells) {
			cells[c.k] = {
				k: c.k,
				numerator: c.numerator,
				denominator: c.denominator,
				share: c.share,
				percent: percentOf(c.share),
				background: heatmapBackground(c.share),
				color: heatmapTextColor(c.share),
				incomplete: c.incomplete,
				small: r.small
			};
		}
		return { cohort: r.cohort, label: r.label, size: r.size, small: r.small, cells };
	});
	const average: (HeatmapAverageCell | null)[] = new Array<HeatmapAverageCell | null>(periods).fill(
		null
	);
	for (const a of table.average) {
		if (a.k >= periods) continue;
		average[a.k] = {
			...a,
			percent: percentOf(a.share),
			background: heatmapBackground(a.share),
			color: heatmapTextColor(a.share)
		};
	}
	return { periods, rows, average };
}

/** Column names of the cohort CSV, in order; the page passes them translated. */
export interface CohortCsvHeaders {
	segment: string;
	cohort: string;
	size: string;
	k: string;
	numerator: string;
	denominator: string;
	share: string;
	small: string;
	incomplete: string;
}

/**
 * The cohort tables as long CSV rows (one per cell, the average rows last with the cohort
 * column holding `averageLabel`), so a spreadsheet can pivot them any way.
 */
export function cohortCsv(
	result: CohortRetention,
	noSegmentLabel: string,
	averageLabel: string
): CsvCell[][] {
	const rows: CsvCell[][] = [];
	for (const table of result.groups) {
		const segment = table.segment ?? noSegmentLabel;
		for (const r of table.rows) {
			for (const c of r.cells) {
				rows.push([
					segment,
					r.label,
					r.size,
					c.k,
					c.numerator,
					c.denominator,
					c.share,
					r.small,
					c.incomplete
				]);
			}
		}
		for (const a of table.average) {
			rows.push([
				segment,
				averageLabel,
				a.denominator,
				a.k,
				a.numerator,
				a.denominator,
				a.share,
				false,
				false
			]);
		}
	}
	return rows;
}

export function cohortCsvHeaderRow(h: CohortCsvHeaders): string[] {
	return [
		h.segment,
		h.cohort,
		h.size,
		h.k,
		h.numerator,
		h.denominator,
		h.share,
		h.small,
		h.incomplete
	];
}
