import { describe, expect, it } from 'vitest';
import type { EntityName } from '../../../src/lib/core/types';
import {
	autoMapColumns,
	headerSignature,
	normalizeHeader,
	suggestEntity
} from '../../../src/lib/import/columns';

/** Headers → { header: field } for the mapped ones. */
function mapped(entity: EntityName, headers: string[]): Record<string, string | null> {
	const mapping = autoMapColumns(entity, headers);
	return Object.fromEntries(headers.map((h, i) => [h, mapping[i]]));
}

// The sample generator's files (notes/sample-headers.md), each with its entity and fields.
const SAMPLES: [EntityName, Record<string, string | null>][] = [
	[
		'accounts',
		{
			customer_id: 'id',
			company_name: 'name',
			plan: 'plan',
			segment: 'segment',
			owner: 'owner',
			signup_date: 'signupDay',
			churn_date: 'churnDay',
			churn_reason: 'churnReason',
			churn_type: 'churnType',
			mrr: 'mrrMinor',
			currency: 'currency',
			country: null,
			industry: null,
			seats: null
		}
	],
	[
		'subscriptions',
		{
			subscription_id: 'id',
			customer_id: 'accountId',
			plan: 'plan',
			mrr: 'mrrMinor',
			currency: 'currency',
			start_date: 'startDay',
			end_date: 'endDay',
			status: 'status',
			cancel_reason: 'cancelReason'
		}
	],
	[
		'payments',
		{
			payment_id: 'id',
			customer_id: 'accountId',
			date: 'day',
			amount: 'amountMinor',
			currency: 'currency',
			status: 'status'
		}
	],
	[
		'activity',
		{ account_id: 'accountId', date: 'day', event: 'metric', count: 'count', users: 'users' }
	],
	[
		'tickets',
		{
			ticket_id: 'id',
			customer_id: 'accountId',
			created_at: 'openedDay',
			solved_at: 'resolvedDay',
			status: 'status',
			priority: 'priority',
			subject: 'subject',
			satisfaction: 'satisfaction'
		}
	],
	[
		'nps',
		{ 回答ID: 'id', 顧客ID: 'accountId', 回答日: 'day', スコア: 'score', コメント: 'comment' }
	]
];

describe('suggestEntity + autoMapColumns on the sample files', () => {
	it.each(SAMPLES)('maps every column of the %s sample', (entity, expected) => {
		const headers = Object.keys(expected);
		expect(suggestEntity(headers).entity).toBe(entity);
		expect(mapped(entity, headers)).toEqual(expected);
	});
});

describe('real public files', () => {
	it('maps Telco: customerID, tenure (months), MonthlyCharges, Churn; the rest are attributes', () => {
		const headers =
			'customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies,Contract,PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges,Churn'.split(
				','
			);
		expect(suggestEntity(headers).entity).toBe('accounts');
		const m = mapped('accounts', headers);
		expect(Object.entries(m).filter(([, f]) => f !== null)).toEqual([
			['customerID', 'id'],
			['tenure', 'tenureMonths'],
			['MonthlyCharges', 'mrrMinor'],
			['Churn', 'churned']
		]);
	});
	it('maps bank churn: CustomerId and Exited only; Tenure (years) stays an attribute', () => {
		const headers =
			'RowNumber,CustomerId,Surname,CreditScore,Geography,Gender,Age,Tenure,Balance,NumOfProducts,HasCrCard,IsActiveMember,EstimatedSalary,Exited'.split(
				','
			);
		expect(suggestEntity(headers).entity).toBe('accounts');
		const m = mapped('accounts', headers);
		expect(Object.entries(m).filter(([, f]) => f !== null)).toEqual([
			['CustomerId', 'id'],
			['Exited', 'churned']
		]);
	});
	it('maps Online Retail as activity: CustomerID, InvoiceDate, Quantity', () => {
		const headers = [
			'InvoiceNo',
			'StockCode',
			'Description',
			'Quantity',
			'InvoiceDate',
			'UnitPrice',
			'CustomerID',
			'Country'
		];
		expect(suggestEntity(headers).entity).toBe('activity');
		expect(autoMapColumns('activity', headers)).toEqual([
			null,
			null,
			null,
			'count',
			'day',
			null,
			'accountId',
			null
		]);
	});
});

describe('vendor exports', () => {
	it('maps a Stripe subscriptions export, preferring Ended At over Canceled At for the end', () => {
		const headers = [
			'id',
			'Customer ID',
			'Customer Name',
			'Plan',
			'Quantity',
			'Currency',
			'Interval',
			'Amount',
			'Status',
			'Created (UTC)',
			'Start Date (UTC)',
			'Canceled At (UTC)',
			'Ended At (UTC)',
			'Cancellation Reason'
		];
		expect(suggestEntity(headers).entity).toBe('subscriptions');
		expect(mapped('subscriptions', headers)).toMatchObject({
			id: 'id',
			'Customer ID': 'accountId',
			Plan: 'plan',
			Amount: 'mrrMinor',
			Currency: 'currency',
			Status: 'status',
			'Start Date (UTC)': 'startDay',
			'Created (UTC)': null,
			'Ended At (UTC)': 'endDay',
			'Canceled At (UTC)': null,
			'Cancellation Reason': 'cancelReason'
		});
	});
	it('maps Stripe payments, Zendesk tickets and a HubSpot company export', () => {
		expect(
			mapped('payments', [
				'id',
				'Created date (UTC)',
				'Amount',
				'Amount Refunded',
				'Currency',
				'Status',
				'Customer ID'
			])
		).toEqual({
			id: 'id',
			'Created date (UTC)': 'day',
			Amount: 'amountMinor',
			'Amount Refunded': null,
			Currency: 'currency',
			Status: 'status',
			'Customer ID': 'accountId'
		});
		expect(
			mapped('tickets', [
				'Id',
				'Organization',
				'Subject',
				'Status',
				'Priority',
				'Created at',
				'Solved at',
				'Satisfaction Score'
			])
		).toEqual({
			Id: 'id',
			Organization: 'accountId',
			Subject: 'subject',
			Status: 'status',
			Priority: 'priority',
			'Created at': 'openedDay',
			'Solved at': 'resolvedDay',
			'Satisfaction Score': 'satisfaction'
		});
		expect(
			mapped('accounts', ['Record ID', 'Company name', 'Company owner', 'Create Date', 'Industry'])
		).toEqual({
			'Record ID': 'id',
			'Company name': 'name',
			'Company owner': 'owner',
			'Create Date': 'signupDay',
			Industry: null
		});
	});
	it('maps Japanese headers, full-width letters and spacing variants', () => {
		expect(
			mapped('accounts', ['顧客コード', '会社名', 'プラン', '登録日', '解約日', '月額', '解約理由'])
		).toEqual({
			顧客コード: 'id',
			会社名: 'name',
			プラン: 'plan',
			登録日: 'signupDay',
			解約日: 'churnDay',
			月額: 'mrrMinor',
			解約理由: 'churnReason'
		});
		expect(mapped('accounts', ['ＣｕｓｔｏｍｅｒＩＤ', 'Canceled At (UTC)', 'CHURN DATE'])).toEqual(
			{
				ＣｕｓｔｏｍｅｒＩＤ: 'id',
				'Canceled At (UTC)': null,
				'CHURN DATE': 'churnDay'
			}
		);
	});
	it('keeps a tenure stated in years out of tenureMonths', () => {
		expect(mapped('accounts', ['id', 'tenure_years'])).toEqual({ id: 'id', tenure_years: null });
	});
	it('never maps prototype names', () => {
		expect(autoMapColumns('accounts', ['id', '__proto__', 'constructor', 'toString'])).toEqual([
			'id',
			null,
			null,
			null
		]);
	});
});

describe('normalizeHeader / headerSignature', () => {
	it('folds case, width, separators and time-zone suffixes', () => {
		expect(normalizeHeader('\ufeffCanceled At (UTC)')).toBe('canceledat');
		expect(normalizeHeader('Customer_ID')).toBe(normalizeHeader('customer id'));
	});
	it('gives the same key for the same headers and a different one when a column moves', () => {
		expect(headerSignature(['Customer ID', 'MRR'])).toBe(headerSignature(['customer_id', 'mrr']));
		expect(headerSignature(['a', 'b'])).not.toBe(headerSignature(['b', 'a']));
	});
});
