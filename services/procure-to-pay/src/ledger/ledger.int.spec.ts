import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CancelPurchaseOrder, PostRevenueJournal } from '@meridian/contracts';
import { problemOf } from '@meridian/service-kit/testing';
import { revenueCommand, startLedger } from '../testing/ledger-harness.js';
import type { LedgerHarness } from '../testing/ledger-harness.js';
import type { AccountListDto, CostCenterListDto } from './chart/dto/chart.dto.js';
import type { JournalListDto } from './journals/dto/journal.dto.js';
import type { TrialBalanceDto } from './trial-balance/dto/trial-balance.dto.js';

describe('procure-to-pay ledger HTTP API and its OpenAPI document against the real stack', () => {
  let ledger: LedgerHarness;

  before(async () => {
    ledger = await startLedger();
  });

  after(async () => {
    await ledger?.stop();
  });

  test('lists the seeded chart of accounts with types and normal balances', async () => {
    const { items } = await ledger.service.getJson<AccountListDto>('/accounts');
    const byCode = new Map(items.map((a) => [a.code, a]));
    assert.deepEqual(byCode.get('1200'), {
      code: '1200',
      name: 'Patient Accounts Receivable',
      type: 'ASSET',
      normalBalance: 'DEBIT',
    });
    assert.equal(byCode.get('4220')?.normalBalance, 'CREDIT');
    assert.equal(byCode.get('2000')?.type, 'LIABILITY');
    assert.equal(byCode.get('5110')?.type, 'EXPENSE');
    assert.deepEqual(
      items.map((a) => a.code),
      [...byCode.keys()].sort(),
    );
  });

  test('lists the thirteen cost centers, nursing units linked to their bed-board unit', async () => {
    const { items } = await ledger.service.getJson<CostCenterListDto>('/cost-centers');
    assert.equal(items.length, 13);
    assert.equal(items.find((c) => c.code === 'CC-ICU')?.unitId, 'ICU');
    assert.equal(items.find((c) => c.code === 'CC-FIN')?.unitId, null);
  });

  test('answers 400 naming the field for a malformed journal id, status, limit or asOf', async () => {
    const badId = await problemOf(await ledger.service.fetch('/journals/JE-1'), 400);
    assert.deepEqual(
      badId.errors?.map((e) => e.field),
      ['journalId'],
    );
    const badList = await problemOf(
      await ledger.service.fetch('/journals?status=OPEN&limit=0&claim=x'),
      400,
    );
    assert.deepEqual(badList.errors?.map((e) => e.field).sort(), ['claim', 'limit', 'status']);
    const badDate = await problemOf(
      await ledger.service.fetch('/trial-balance?asOf=2026-02-30&currency=usd'),
      400,
    );
    assert.deepEqual(badDate.errors?.map((e) => e.field).sort(), ['asOf', 'currency']);
  });

  test('answers 404 problem+json for a journal that does not exist', async () => {
    const problem = await problemOf(
      await ledger.service.fetch('/journals/JE-20260101-0000abcd'),
      404,
    );
    assert.match(problem.detail ?? '', /JE-20260101-0000abcd/);
  });

  test('finds journals by encounter and status and keeps the trial balance balanced', async () => {
    const command = revenueCommand();
    const reply = await ledger.replyTo(
      await ledger.send(PostRevenueJournal, command, command.encounterId),
    );
    assert.equal(reply.outcome, 'SUCCEEDED');
    const posted = await ledger.service.getJson<JournalListDto>(
      `/journals?encounterId=${command.encounterId}&status=POSTED`,
    );
    assert.deepEqual(
      posted.items.map((j) => j.journalId),
      [reply.value['journalId']],
    );
    const reversed = await ledger.service.getJson<JournalListDto>(
      `/journals?encounterId=${command.encounterId}&status=REVERSED`,
    );
    assert.deepEqual(reversed.items, []);
    const balance = await ledger.service.getJson<TrialBalanceDto>('/trial-balance');
    assert.ok(balance.accounts.some((a) => a.accountCode === '1200'));
    assert.equal(balance.totalDebit, balance.totalCredit);
  });

  test('answers the cancellation of an unknown purchase order FAILED PO_NOT_FOUND, nothing dead-lettered', async () => {
    const messageId = await ledger.send(
      CancelPurchaseOrder,
      {
        sagaId: randomUUID(),
        sagaType: 'implant-to-invoice',
        stepName: 'CreateBillOnlyPurchaseOrder',
        compensatedCommandMessageId: randomUUID(),
        poNumber: 'PO-1999-000001',
        reason: 'implant usage reversed',
      },
      'SERIAL-TEST-1',
    );
    const reply = await ledger.replyTo(messageId);
    assert.equal(reply.outcome, 'FAILED');
    assert.equal(reply.failure?.code, 'PO_NOT_FOUND');
    assert.equal(await ledger.deadLetterCount(), 0);
  });

  test('documents every ledger, purchasing and accounts payable endpoint in the OpenAPI document', async () => {
    const document = await ledger.service.getJson<{ paths: Record<string, unknown> }>(
      '/docs/openapi.json',
    );
    for (const path of [
      '/accounts',
      '/accounts/{code}',
      '/accounts/import',
      '/cost-centers',
      '/cost-centers/{code}',
      '/cost-centers/import',
      '/revenue-mapping',
      '/revenue-mapping/{revenueCode}',
      '/revenue-mapping/import',
      '/journals',
      '/journals/{journalId}',
      '/trial-balance',
      '/suppliers',
      '/suppliers/{supplierId}',
      '/suppliers/import',
      '/suppliers/{supplierId}/contract-prices/{itemId}',
      '/contract-prices',
      '/contract-prices/import',
      '/purchase-orders',
      '/purchase-orders/{poNumber}',
      '/supplier-invoices',
      '/supplier-invoices/{invoiceId}',
      '/ap/exceptions',
      '/ap/exceptions/{exceptionId}',
      '/ap/exceptions/{exceptionId}/reject',
    ])
      assert.ok(path in document.paths, path);
  });
});
