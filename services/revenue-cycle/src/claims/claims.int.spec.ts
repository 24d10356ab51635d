import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ClaimSubmitted,
  ClaimVoided,
  FinalizeCharges,
  SubmitClaim,
  sumCents,
  toCents,
  Topics,
  VoidClaim,
} from '@meridian/contracts';
import { RECORD_HEADER } from '@meridian/messaging';
import type { Draft } from '@meridian/messaging';
import { FORBIDDEN_PROBLEM, PROBLEM_JSON } from '@meridian/service-kit';
import type { ProblemDetails } from '@meridian/service-kit';
import type { TappedReply } from '@meridian/saga/testing';
import { decimalOf, roleToken } from '@meridian/testing';
import type { TopicTap } from '@meridian/testing';
import {
  CODED_HEART_FAILURE,
  EXPECTED_TOTAL,
  finalizeCharges,
  newCase,
  submitClaim,
  voidClaim,
} from '../testing/discharge-commands.js';
import type { DischargeCase } from '../testing/discharge-commands.js';
import { startRevenueStack } from '../testing/revenue-stack.js';
import type { RevenueStack } from '../testing/revenue-stack.js';
import type { ClaimDto, ClaimListDto } from './dto/claim.dto.js';

describe('revenue-cycle claims over Kafka', () => {
  let stack: RevenueStack;
  let events: TopicTap;

  before(async () => {
    stack = await startRevenueStack('revenue_claims');
    events = await stack.tapEvents(Topics.RevenueClaimV1);
  });
  after(async () => {
    await stack?.stop();
  });

  /** The encounter's charges, finalized: what SubmitClaim bills. */
  const finalized = async (c: DischargeCase) => {
    const reply = await stack.replyTo(
      await stack.send(FinalizeCharges, finalizeCharges(c), c.encounterId),
    );
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    return {
      chargeIds: reply.value['chargeIds'] as string[],
      totalCharge: decimalOf(reply.value['totalAmount']) ?? '',
    };
  };
  const submit = async (c: DischargeCase, draft: Draft<SubmitClaim>): Promise<TappedReply> =>
    stack.replyTo(await stack.send(SubmitClaim, draft, c.encounterId));
  const voidOf = async (c: DischargeCase, claimId: string): Promise<TappedReply> =>
    stack.replyTo(await stack.send(VoidClaim, voidClaim(c, claimId), c.encounterId));
  const claimsOf = async (c: DischargeCase): Promise<ClaimDto[]> =>
    (
      await stack.http<ClaimListDto>(
        'GET',
        `/claims?encounterId=${encodeURIComponent(c.encounterId)}`,
      )
    ).body.items;

  test('submits a claim whose total equals the sum of the charges, shown by GET /claims, once per saga', async () => {
    const c = newCase();
    const charges = await finalized(c);
    const reply = await submit(c, submitClaim(c, charges));
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    const claimId = reply.value['claimId'] as string;
    assert.match(claimId, /^CLM-[0-9A-F]{8}$/);
    assert.equal(decimalOf(reply.value['totalCharge']), EXPECTED_TOTAL);
    const totals = reply.value['revenueCodeTotals'] as { revenueCode: string; amount: unknown }[];
    assert.deepEqual(
      totals.map((t) => [t.revenueCode, decimalOf(t.amount)]),
      [
        ['0120', '7350.00'],
        ['0250', '116.00'],
        ['0270', '96.00'],
        ['0301', '145.00'],
        ['0324', '310.00'],
      ],
    );

    const [claim, ...others] = await claimsOf(c);
    assert.ok(claim);
    assert.deepEqual(others, []);
    assert.equal(claim.claimId, claimId);
    assert.equal(claim.status, 'SUBMITTED');
    assert.equal(claim.typeOfBill, '0111');
    assert.equal(claim.principalDiagnosisCode, 'I50.23');
    assert.equal(claim.totalCharge, EXPECTED_TOTAL);
    assert.equal(claim.lines.length, 5);
    assert.equal(
      sumCents(claim.lines.map((l) => toCents(l.chargeAmount))),
      toCents(EXPECTED_TOTAL),
    );
    assert.deepEqual(claim.chargeIds, charges.chargeIds);
    const [event] = await events.waitFor((e) => e.key === c.encounterId);
    assert.equal(event?.headers[RECORD_HEADER], ClaimSubmitted.fullName);
    assert.equal(event?.value['claimId'], claimId);
    assert.equal((event?.value['lines'] as unknown[]).length, 5);
    assert.equal((await stack.http<ClaimDto>('GET', `/claims/${claimId}`)).body.claimId, claimId);

    const resent = await submit(c, submitClaim(c, charges));
    assert.equal(resent.value['claimId'], claimId);
    assert.equal((await claimsOf(c)).length, 1);
  });

  test('fails CLAIM_TOTAL_MISMATCH when the charges do not add up to the finalized total, and submits nothing', async () => {
    const c = newCase();
    const charges = await finalized(c);
    const reply = await submit(c, submitClaim(c, { ...charges, totalCharge: '8017.01' }));
    assert.equal(reply.outcome, 'FAILED');
    assert.equal(reply.failure?.code, 'CLAIM_TOTAL_MISMATCH');
    assert.deepEqual(reply.failure?.details, {
      expectedTotal: '8017.01',
      claimTotal: EXPECTED_TOTAL,
    });
    assert.deepEqual(await claimsOf(c), []);
  });

  test('fails MISSING_PRINCIPAL_DIAGNOSIS without a principal diagnosis', async () => {
    const c = newCase();
    const charges = await finalized(c);
    const secondaryOnly = CODED_HEART_FAILURE.map((d) => ({ ...d, principal: false }));
    const reply = await submit(c, submitClaim(c, charges, secondaryOnly));
    assert.equal(reply.outcome, 'FAILED');
    assert.equal(reply.failure?.code, 'MISSING_PRINCIPAL_DIAGNOSIS');
  });

  test('voids a claim (VOIDED), answers a resent void with the same time, and fails an unknown claim', async () => {
    const c = newCase();
    const submitted = await submit(c, submitClaim(c, await finalized(c)));
    const claimId = submitted.value['claimId'] as string;
    const voided = await voidOf(c, claimId);
    assert.equal(voided.outcome, 'SUCCEEDED', JSON.stringify(voided.failure));
    assert.equal(typeof voided.value['voidedAt'], 'number');
    assert.equal((await claimsOf(c))[0]?.status, 'VOIDED');
    const published = await events.waitFor((e) => e.key === c.encounterId, 2);
    assert.deepEqual(
      published.map((e) => e.headers[RECORD_HEADER]),
      [ClaimSubmitted.fullName, ClaimVoided.fullName],
    );
    const again = await voidOf(c, claimId);
    assert.equal(again.value['voidedAt'], voided.value['voidedAt']);

    const unknown = await voidOf(newCase(), 'CLM-00000000');
    assert.equal(unknown.outcome, 'FAILED');
    assert.equal(unknown.failure?.code, 'CLAIM_NOT_FOUND');
    assert.equal(unknown.failure?.retriable, false);
  });

  test('succeeds a VoidClaim without a claim id when the saga never submitted one (nothing to undo)', async () => {
    const reply = await voidOf(newCase(), '');
    assert.equal(reply.outcome, 'SUCCEEDED');
    assert.equal(reply.value['voidedAt'], null);
  });

  test('documents every endpoint of the service in its OpenAPI document with the roles it takes', async () => {
    const doc = await stack.http<{
      paths: Record<string, Record<string, { 'x-meridian-roles'?: string[] }>>;
    }>('GET', '/docs/openapi.json');
    assert.equal(doc.status, 200);
    const roles = Object.fromEntries(
      Object.entries(doc.body.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => [
          `${method.toUpperCase()} ${path}`,
          operation['x-meridian-roles'],
        ]),
      ),
    );
    const reference = ['coder', 'revenue-integrity', 'admin'];
    const maintenance = ['revenue-integrity', 'admin'];
    const revenue = ['coder', 'revenue-integrity'];
    assert.deepEqual(roles, {
      'GET /chargemaster': reference,
      'PUT /chargemaster/{cdmCode}': maintenance,
      'POST /chargemaster/import': maintenance,
      'GET /charges': revenue,
      'GET /claims': revenue,
      'GET /claims/{id}': revenue,
      'GET /coding-queue': revenue,
      'GET /coding-queue/{id}': revenue,
      'POST /coding-queue/{id}/complete': ['coder'],
      'GET /payers': reference,
      'GET /payers/{payerId}': reference,
      'PUT /payers/{payerId}': maintenance,
      'POST /payers/import': maintenance,
      // Probes and scrapes only: no data.
      'GET /health/live': undefined,
      'GET /health/ready': undefined,
      'GET /metrics': undefined,
    });
  });

  test('shows claims and charges to coders and revenue integrity only: 401 without a token, 403 to other roles', async () => {
    const c = newCase();
    const charges = await finalized(c);
    assert.equal((await submit(c, submitClaim(c, charges))).outcome, 'SUCCEEDED');
    const encounter = `encounterId=${encodeURIComponent(c.encounterId)}`;
    for (const path of [`/claims?${encounter}`, `/charges?${encounter}`]) {
      const anonymous = await fetch(`${stack.service.url}${path}`);
      assert.equal(anonymous.status, 401, path);
      assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer realm="meridian"');
      for (const role of ['ap-clerk', 'supply-supervisor', 'admin']) {
        const refused = await stack.http<ProblemDetails>(
          'GET',
          path,
          undefined,
          await roleToken(role),
        );
        assert.equal(refused.status, 403, `${role} ${path}`);
        assert.ok(refused.contentType.startsWith(PROBLEM_JSON));
        assert.equal(refused.body.type, FORBIDDEN_PROBLEM);
      }
    }
    for (const role of ['coder', 'revenue-integrity']) {
      const claims = await stack.http<ClaimListDto>(
        'GET',
        `/claims?${encounter}`,
        undefined,
        await roleToken(role),
      );
      assert.equal(claims.status, 200, role);
      assert.equal(claims.body.items.length, 1);
      const claimId = claims.body.items[0]?.claimId ?? '';
      const claim = await stack.http<ClaimDto>(
        'GET',
        `/claims/${claimId}`,
        undefined,
        await roleToken(role),
      );
      assert.equal(claim.body.claimId, claimId);
      const lines = await stack.http<{ charges: unknown[] }>(
        'GET',
        `/charges?${encounter}`,
        undefined,
        await roleToken(role),
      );
      assert.equal(lines.status, 200, role);
      assert.equal(lines.body.charges.length, charges.chargeIds.length);
    }
  });

  test('answers 404 problem+json for an unknown claim and 400 for a malformed claim id', async () => {
    const unknown = await stack.http<ProblemDetails>('GET', '/claims/CLM-00000000');
    assert.equal(unknown.status, 404);
    const malformed = await stack.http<ProblemDetails>('GET', '/claims/42');
    assert.equal(malformed.status, 400);
    assert.deepEqual(
      malformed.body.errors?.map((e) => e.field),
      ['id'],
    );
  });
});
