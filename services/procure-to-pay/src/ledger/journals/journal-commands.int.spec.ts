import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  JournalPosted,
  JournalReversed,
  PostRevenueJournal,
  ReverseJournal,
  toCents,
} from '@meridian/contracts';
import type { Draft } from '@meridian/messaging';
import { reverseCommand, revenueCommand, startLedger } from '../../testing/ledger-harness.js';
import type { LedgerHarness } from '../../testing/ledger-harness.js';
import type { TrialBalanceDto } from '../trial-balance/dto/trial-balance.dto.js';
import type { JournalDto, JournalListDto } from './dto/journal.dto.js';
import { JOURNAL_ID } from './journal-builder.js';

/** A posting date of its own (far ahead, so no other journal falls on it) and the day before. */
function privateDay(): { day: string; dayBefore: string } {
  const date = new Date(Date.UTC(2090 + randomInt(10), randomInt(12), 1 + randomInt(28)));
  const iso = (d: Date): string => d.toISOString().slice(0, 10);
  return { day: iso(date), dayBefore: iso(new Date(date.getTime() - 86_400_000)) };
}

describe('procure-to-pay ledger commands against the real stack', () => {
  let ledger: LedgerHarness;

  before(async () => {
    ledger = await startLedger();
  });

  after(async () => {
    await ledger?.stop();
  });

  /** Posts a claim's revenue journal and returns its id, with the command and its messageId. */
  async function post(command: Draft<PostRevenueJournal>) {
    const messageId = await ledger.send(PostRevenueJournal, command, command.encounterId);
    const reply = await ledger.replyTo(messageId);
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    const journalId = reply.value['journalId'];
    assert.ok(typeof journalId === 'string');
    return { journalId, messageId, reply };
  }

  const journalsOfClaim = async (claimId: string) =>
    (await ledger.service.getJson<JournalListDto>(`/journals?sourceId=${claimId}`)).items;

  test('posts a balanced AR / revenue journal for a claim, answers its id and publishes JournalPosted', async () => {
    const command = revenueCommand();
    const { journalId, reply } = await post(command);
    assert.match(journalId, JOURNAL_ID);
    assert.equal(reply.source, 'procure-to-pay');
    assert.equal(reply.stepName, 'PostRevenueJournal');
    assert.match(String(reply.value['erpDocumentNumber']), /^\d{10}$/);

    const [journal, ...others] = await journalsOfClaim(command.claimId);
    assert.equal(others.length, 0);
    assert.ok(journal);
    assert.equal(journal.journalId, journalId);
    assert.equal(journal.journalType, 'PATIENT_REVENUE');
    assert.equal(journal.sourceType, 'CLAIM');
    assert.equal(journal.encounterId, command.encounterId);
    assert.equal(journal.status, 'POSTED');
    assert.equal(journal.totalDebit, '7805.00');
    assert.equal(journal.totalCredit, '7805.00');
    assert.deepEqual(
      journal.lines.map((l) => [l.accountCode, l.costCenter, l.debit, l.credit]),
      [
        ['1200', 'CC-FIN', '7805.00', '0.00'],
        ['4010', 'CC-4W', '0.00', '7350.00'],
        ['4100', 'CC-LAB', '0.00', '145.00'],
        ['4110', 'CC-RAD', '0.00', '310.00'],
      ],
    );

    const fact = await ledger.journalEvent(JournalPosted, journalId);
    assert.equal(fact.key, journalId);
    assert.equal(fact.value['sourceReference'], command.claimId);
    assert.equal(fact.value['sagaId'], command.sagaId);
    assert.equal((fact.value['lines'] as unknown[]).length, 4);
  });

  test('answers a resend of the command with the same journal and posts no second one', async () => {
    const command = revenueCommand({ payerId: 'SELF-PAY' });
    const first = await post(command);
    const second = await post(command);
    assert.notEqual(second.messageId, first.messageId);
    assert.equal(second.journalId, first.journalId);
    const journals = await journalsOfClaim(command.claimId);
    assert.deepEqual(
      journals.map((j) => j.journalId),
      [first.journalId],
    );
    assert.equal(journals[0]?.lines[0]?.accountCode, '1210');
  });

  test('refuses amount lines that do not add up to the total as JOURNAL_UNBALANCED, posting nothing', async () => {
    const command = revenueCommand({ totalAmount: '7900.00' });
    const reply = await ledger.replyTo(
      await ledger.send(PostRevenueJournal, command, command.encounterId),
    );
    assert.equal(reply.outcome, 'FAILED');
    assert.equal(reply.failure?.code, 'JOURNAL_UNBALANCED');
    assert.equal(reply.failure?.retriable, false);
    assert.deepEqual(reply.failure?.details, { debits: '7900.00', credits: '7805.00' });
    assert.equal(reply.value['journalId'], null);
    assert.deepEqual(await journalsOfClaim(command.claimId), []);
  });

  test('refuses a revenue code without a revenue account as UNMAPPED_REVENUE_CODE', async () => {
    const command = revenueCommand({
      amountLines: [{ revenueCode: '0999', amount: '100.00' }],
      totalAmount: '100.00',
    });
    const reply = await ledger.replyTo(
      await ledger.send(PostRevenueJournal, command, command.encounterId),
    );
    assert.equal(reply.failure?.code, 'UNMAPPED_REVENUE_CODE');
    assert.deepEqual(reply.failure?.details, { revenueCodes: '0999' });
    assert.deepEqual(await journalsOfClaim(command.claimId), []);
  });

  test('reverses a journal with its mirror: original REVERSED, every account of it nets to zero', async () => {
    const { day, dayBefore } = privateDay();
    const command = revenueCommand({ postingDate: day });
    const posted = await post(command);
    const reverse = reverseCommand(command, posted.journalId, posted.messageId);
    const reply = await ledger.replyTo(
      await ledger.send(ReverseJournal, reverse, command.encounterId),
    );
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    const reversalId = reply.value['reversalJournalId'];
    assert.ok(typeof reversalId === 'string');
    assert.match(reversalId, JOURNAL_ID);

    const original = await ledger.service.getJson<JournalDto>(`/journals/${posted.journalId}`);
    const reversal = await ledger.service.getJson<JournalDto>(`/journals/${reversalId}`);
    assert.equal(original.status, 'REVERSED');
    assert.equal(original.reversedByJournalId, reversalId);
    assert.equal(reversal.reversesJournalId, posted.journalId);
    assert.equal(reversal.sourceType, 'JOURNAL');
    assert.equal(reversal.sourceId, posted.journalId);
    assert.equal(reversal.postingDate, day, 'a future-dated journal is reversed on its own date');
    assert.deepEqual(
      reversal.lines.map((l) => [l.accountCode, l.costCenter, l.debit, l.credit]),
      original.lines.map((l) => [l.accountCode, l.costCenter, l.credit, l.debit]),
    );

    // Only this test's journals are dated `day`: the difference to the day before is theirs.
    const before = await ledger.service.getJson<TrialBalanceDto>(
      `/trial-balance?asOf=${dayBefore}`,
    );
    const through = await ledger.service.getJson<TrialBalanceDto>(`/trial-balance?asOf=${day}`);
    assert.equal(through.totalDebit, through.totalCredit);
    const cents = (tb: TrialBalanceDto, account: string, side: 'debit' | 'credit'): number =>
      toCents(tb.accounts.find((a) => a.accountCode === account)?.[side] ?? '0.00');
    for (const account of ['1200', '4010', '4100', '4110']) {
      const debited = cents(through, account, 'debit') - cents(before, account, 'debit');
      const credited = cents(through, account, 'credit') - cents(before, account, 'credit');
      assert.ok(debited > 0, `${account} has postings on ${day}`);
      assert.equal(debited, credited, `${account} nets to zero`);
    }

    const fact = await ledger.journalEvent(JournalReversed, posted.journalId);
    assert.equal(fact.key, posted.journalId);
    assert.equal(fact.value['reversalJournalId'], reversalId);

    const resent = await ledger.replyTo(
      await ledger.send(ReverseJournal, reverse, command.encounterId),
    );
    assert.equal(resent.value['reversalJournalId'], reversalId);
  });

  test('reverses what a saga cancelled mid-step had posted, though the compensation names no journal', async () => {
    const command = revenueCommand();
    const posted = await post(command);
    const reply = await ledger.replyTo(
      await ledger.send(
        ReverseJournal,
        reverseCommand(command, '', posted.messageId),
        command.encounterId,
      ),
    );
    assert.equal(reply.outcome, 'SUCCEEDED');
    const original = await ledger.service.getJson<JournalDto>(`/journals/${posted.journalId}`);
    assert.equal(original.status, 'REVERSED');
    assert.equal(original.reversedByJournalId, reply.value['reversalJournalId']);
  });

  test('answers a compensation with nothing posted SUCCEEDED, and refuses that saga a late posting', async () => {
    const command = revenueCommand();
    const undo = reverseCommand(command, '', '0b8e3a52-0c4e-4c1e-9b0a-3f1f7c2d9e10');
    const reply = await ledger.replyTo(
      await ledger.send(ReverseJournal, undo, command.encounterId),
    );
    assert.equal(reply.outcome, 'SUCCEEDED');
    assert.equal(reply.value['reversalJournalId'], null);

    const late = await ledger.replyTo(
      await ledger.send(PostRevenueJournal, command, command.encounterId),
    );
    assert.equal(late.outcome, 'FAILED');
    assert.equal(late.failure?.code, 'POSTING_CANCELLED');
    assert.deepEqual(await journalsOfClaim(command.claimId), []);
  });

  test('answers the reversal of an unknown journal with JOURNAL_NOT_FOUND', async () => {
    const command = revenueCommand();
    const reply = await ledger.replyTo(
      await ledger.send(
        ReverseJournal,
        reverseCommand(command, 'JE-20260101-00000000', '0b8e3a52-0c4e-4c1e-9b0a-3f1f7c2d9e10'),
        command.encounterId,
      ),
    );
    assert.equal(reply.outcome, 'FAILED');
    assert.equal(reply.failure?.code, 'JOURNAL_NOT_FOUND');
    assert.deepEqual(reply.failure?.details, { journalId: 'JE-20260101-00000000' });
  });
});
