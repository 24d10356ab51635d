import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PostRevenueJournal } from '@meridian/contracts';
import { bodyOf, problemOf } from '@meridian/service-kit/testing';
import { revenueCommand, startLedger } from '../../testing/ledger-harness.js';
import type { LedgerHarness } from '../../testing/ledger-harness.js';
import type { JournalListDto } from '../journals/dto/journal.dto.js';
import type {
  AccountDto,
  AccountListDto,
  CostCenterListDto,
  ImportResultDto,
  RevenueMappingDto,
  RevenueMappingListDto,
} from './dto/chart.dto.js';

describe('chart of accounts import API, the service as its own process', () => {
  let ledger: LedgerHarness;

  before(async () => {
    ledger = await startLedger();
  });

  after(async () => {
    await ledger?.stop();
  });

  const mappings = async () =>
    (await ledger.service.getJson<RevenueMappingListDto>('/revenue-mapping')).items;

  test('imports cost centers as CSV and accounts as JSON; a GET answers them', async () => {
    const centers = await bodyOf<ImportResultDto>(
      await ledger.service.send(
        'POST',
        '/cost-centers/import',
        'code,name,unitId\nCC-CLINIC,Outpatient Clinics,\nCC-6N,Orthopedics 6 North,6N\nCC-LAB,Laboratory Services,\n',
      ),
      200,
    );
    assert.deepEqual(centers, { created: 2, replaced: 1 });
    const { items: costCenters } = await ledger.service.getJson<CostCenterListDto>('/cost-centers');
    assert.deepEqual(
      costCenters.filter((c) => ['CC-6N', 'CC-CLINIC', 'CC-LAB'].includes(c.code)),
      [
        { code: 'CC-6N', name: 'Orthopedics 6 North', unitId: '6N' },
        { code: 'CC-CLINIC', name: 'Outpatient Clinics', unitId: null },
        { code: 'CC-LAB', name: 'Laboratory Services', unitId: null },
      ],
    );

    const accounts = await bodyOf<ImportResultDto>(
      await ledger.service.send('POST', '/accounts/import', {
        items: [
          { code: '430010', name: 'Clinic Revenue', type: 'REVENUE' },
          { code: '1500', name: 'Prepaid Expenses', type: 'ASSET' },
        ],
      }),
      200,
    );
    assert.deepEqual(accounts, { created: 2, replaced: 0 });
    const { items } = await ledger.service.getJson<AccountListDto>('/accounts');
    assert.deepEqual(
      items.find((a) => a.code === '430010'),
      { code: '430010', name: 'Clinic Revenue', type: 'REVENUE', normalBalance: 'CREDIT' },
    );
  });

  test('answers 400 naming the row of a mapping to an unknown or non-revenue account, and applies no row', async () => {
    const before = await mappings();
    const csv = [
      'revenueCode,glAccount,costCenter,description',
      '0510,4140,CC-ED,Clinic (would be fine)',
      '0520,9999,CC-CLINIC,Free-standing clinic',
      '0530,1200,CC-NOPE,Osteopathic services',
    ].join('\n');
    const problem = await problemOf(
      await ledger.service.send('POST', '/revenue-mapping/import', csv),
      400,
    );
    assert.deepEqual(
      problem.errors?.map((e) => [e.field, e.row]),
      [
        ['row 2: glAccount', 2],
        ['row 3: glAccount', 3],
        ['row 3: costCenter', 3],
      ],
    );
    assert.match(problem.errors?.[0]?.message ?? '', /9999 is not an account of the chart/);
    assert.match(problem.errors?.[1]?.message ?? '', /ASSET account, not a REVENUE account/);
    assert.deepEqual(await mappings(), before);
  });

  test('a revenue journal of a newly mapped revenue code posts to the imported account and cost center', async () => {
    await bodyOf<AccountDto>(
      await ledger.service.send('PUT', '/accounts/430010', {
        name: 'Clinic Revenue',
        type: 'REVENUE',
      }),
      200,
    );
    const mapping = await bodyOf<RevenueMappingDto>(
      await ledger.service.send('PUT', '/revenue-mapping/0510', {
        glAccount: '430010',
        costCenter: 'CC-CLINIC',
        description: 'Clinic',
      }),
      201,
    );
    assert.deepEqual(mapping, {
      revenueCode: '0510',
      glAccount: '430010',
      costCenter: 'CC-CLINIC',
      description: 'Clinic',
    });
    const command = revenueCommand({
      amountLines: [
        { revenueCode: '0510', amount: '240.00' },
        { revenueCode: '0301', amount: '145.00' },
      ],
      totalAmount: '385.00',
    });
    const reply = await ledger.replyTo(
      await ledger.send(PostRevenueJournal, command, command.encounterId),
    );
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    const [journal] = (
      await ledger.service.getJson<JournalListDto>(`/journals?sourceId=${command.claimId}`)
    ).items;
    assert.deepEqual(
      journal?.lines.map((l) => [l.accountCode, l.costCenter, l.debit, l.credit]),
      [
        ['1200', 'CC-FIN', '385.00', '0.00'],
        ['430010', 'CC-CLINIC', '0.00', '240.00'],
        ['4100', 'CC-LAB', '0.00', '145.00'],
      ],
    );
  });

  test('answers 409 naming type when an account with journal lines would change its type', async () => {
    const problem = await problemOf(
      await ledger.service.send('POST', '/accounts/import', [
        { code: '1500', name: 'Prepaid', type: 'ASSET' },
        { code: '430010', name: 'Clinic Expense', type: 'EXPENSE' },
      ]),
      409,
    );
    assert.deepEqual(
      problem.errors?.map((e) => [e.field, e.row]),
      [['row 2: type', 2]],
    );
    const { items } = await ledger.service.getJson<AccountListDto>('/accounts');
    assert.equal(items.find((a) => a.code === '1500')?.name, 'Prepaid Expenses');
  });

  test('answers 400 naming the field of a PUT, and the later row of a key imported twice', async () => {
    const put = await problemOf(
      await ledger.service.send('PUT', '/accounts/12', { code: '13', type: 'INCOME' }),
      400,
    );
    assert.deepEqual(
      put.errors?.map((e) => e.field),
      ['code', 'name', 'type'],
    );
    const invalid = await problemOf(
      await ledger.service.send('PUT', '/accounts/12', { type: 'INCOME' }),
      400,
    );
    assert.deepEqual(
      invalid.errors?.map((e) => e.field),
      ['code', 'name', 'type'],
    );
    const twice = await problemOf(
      await ledger.service.send('POST', '/cost-centers/import', [
        { code: 'CC-X1', name: 'One' },
        { code: 'CC-X1', name: 'Two' },
      ]),
      400,
    );
    assert.deepEqual(
      twice.errors?.map((e) => e.field),
      ['row 2: code'],
    );
    const created = await bodyOf<AccountDto>(
      await ledger.service.send('PUT', '/accounts/5200', {
        name: 'Pharmacy Expense',
        type: 'EXPENSE',
      }),
      201,
    );
    assert.equal(created.normalBalance, 'DEBIT');
  });
});
