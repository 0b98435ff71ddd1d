// The account ids behind any figure: a figure carries a small plain reference, and this
// recomputes the exact set on demand (a page at a time), so results stay display-sized.
import {
	churnReasonOf,
	logoChurnAccountIndexes,
	type ChurnTypeKey,
	type LogoChurnPart
} from './churn';
import { cohortCellAccounts, type CohortOptions } from './cohorts';
import { accountFieldValue, customerBase, monthColumn, type MetricSettings } from './customer-base';
import { movementOf, type MovementKind } from './mrr';
import { npsGroupOf, npsResponsesInScope, type NpsGroup } from './nps';
import type { Dataset, DayNumber, MonthIndex } from './types';

export type FigureRef =
	| { kind: 'active-customers'; month: MonthIndex }
	| { kind: 'paying-accounts'; month: MonthIndex }
	| { kind: 'mrr-movement'; startMonth: MonthIndex; endMonth?: MonthIndex; movement: MovementKind }
	| { kind: 'logo-churn'; startMonth: MonthIndex; endMonth?: MonthIndex; part: LogoChurnPart }
	| {
			kind: 'revenue-retention';
			endMonth: MonthIndex;
			windowMonths: number;
			part: 'at-start' | 'retained';
	  }
	| { kind: 'churn-type'; month: MonthIndex; churnType: ChurnTypeKey }
	| { kind: 'churn-reason'; month: MonthIndex; reason: string | null }
	| { kind: 'nps'; fromDay?: DayNumber; toDay?: DayNumber; group?: NpsGroup }
	| { kind: 'snapshot-churn'; segmentBy?: string; segment?: string | null; churned: boolean }
	| {
			kind: 'cohort-cell';
			options: CohortOptions;
			cohort: number;
			k: number;
			segment?: string | null;
			retained: boolean;
	  };

export interface AccountPage {
	total: number;
	offset: number;
	accountIds: string[];
}

/** Every account id behind a figure, in the dataset's account order. */
export function accountIdsBehind(
	dataset: Dataset,
	ref: FigureRef,
	settings: MetricSettings = {}
): string[] {
	const base = customerBase(dataset, settings);
	const mc = base.monthCount;
	const ids: string[] = [];
	const each = (test: (a: number) => boolean) => {
		for (let a = 0; a < base.ids.length; a++) if (test(a)) ids.push(base.ids[a]);
	};
	switch (ref.kind) {
		case 'active-customers': {
			const col = monthColumn(base, ref.month);
			if (col >= 0) each((a) => base.active[a * mc + col] === 1);
			return ids;
		}
		case 'paying-accounts': {
			const col = monthColumn(base, ref.month);
			if (col >= 0) each((a) => base.mrr[a * mc + col] > 0);
			return ids;
		}
		case 'mrr-movement': {
			const cols: number[] = [];
			for (let m = ref.startMonth; m <= (ref.endMonth ?? ref.startMonth); m++) {
				const col = monthColumn(base, m);
				if (col >= 0) cols.push(col);
			}
			each((a) => cols.some((col) => movementOf(base, a, col)?.kind === ref.movement));
			return ids;
		}
		case 'logo-churn':
			return logoChurnAccountIndexes(
				base,
				ref.startMonth,
				ref.endMonth ?? ref.startMonth,
				settings.convention ?? 'standard',
				ref.part
			).map((a) => base.ids[a]);
		case 'revenue-retention': {
			const colE = monthColumn(base, ref.endMonth);
			const colS = monthColumn(base, ref.endMonth - ref.windowMonths);
			if (colE < 0 || colS < 0) return ids;
			each(
				(a) =>
					base.mrr[a * mc + colS] > 0 && (ref.part === 'at-start' || base.mrr[a * mc + colE] > 0)
			);
			return ids;
		}
		case 'churn-type':
		case 'churn-reason': {
			const col = monthColumn(base, ref.month);
			if (col <= 0) return ids;
			each((a) => {
				if (!(base.active[a * mc + col - 1] === 1 && base.active[a * mc + col] === 0)) return false;
				if (ref.kind === 'churn-type') {
					return (base.accounts[a]?.churnType ?? 'unknown') === ref.churnType;
				}
				return churnReasonOf(base, a) === ref.reason;
			});
			return ids;
		}
		case 'nps': {
			const seen = new Set<string>();
			for (const r of npsResponsesInScope(dataset, ref)) {
				if (ref.group && npsGroupOf(r.score) !== ref.group) continue;
				if (!seen.has(r.accountId)) {
					seen.add(r.accountId);
					ids.push(r.accountId);
				}
			}
			return ids;
		}
		case 'snapshot-churn':
			for (const a of dataset.accounts) {
				const flag = a.churned ?? (a.churnDay !== null ? true : null);
				if (flag === null || flag !== ref.churned) continue;
				if (ref.segmentBy && ref.segment !== undefined) {
					if (accountFieldValue(a, ref.segmentBy) !== ref.segment) continue;
				}
				ids.push(a.id);
			}
			return ids;
		case 'cohort-cell':
			return cohortCellAccounts(dataset, ref.options, ref);
	}
}

/** A page of the account ids behind a figure, with the total. */
export function accountsBehind(
	dataset: Dataset,
	ref: FigureRef,
	options: { settings?: MetricSettings; offset?: number; limit?: number } = {}
): AccountPage {
	const all = accountIdsBehind(dataset, ref, options.settings);
	const offset = options.offset ?? 0;
	return {
		total: all.length,
		offset,
		accountIds: all.slice(offset, offset + (options.limit ?? 100))
	};
}
