import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FinalizeCharges, SubmitClaim } from '@meridian/contracts';
import { FORBIDDEN_PROBLEM, INVALID_REQUEST, PROBLEM_JSON } from '@meridian/service-kit';
import type { ProblemDetails } from '@meridian/service-kit';
import { decimalOf, roleToken } from '@meridian/testing';
import type { ClaimListDto } from '../claims/dto/claim.dto.js';
import { finalizeCharges, newCase, submitClaim } from '../testing/discharge-commands.js';
import type { DischargeCase } from '../testing/discharge-commands.js';
import { startRevenueStack } from '../testing/revenue-stack.js';
import type { RevenueStack } from '../testing/revenue-stack.js';
import type { PayerDto, PayerImportResultDto, PayerListDto } from './dto/payer.dto.js';

const HARVARD_PILGRIM = [
  'payerId,payerName,payerType,planId,planName',
  'HPHC,HARVARD PILGRIM HEALTH CARE,COMMERCIAL,HPHC-HMO,HARVARD PILGRIM HMO',
  'HPHC,HARVARD PILGRIM HEALTH CARE,COMMERCIAL,HPHC-PPO,HARVARD PILGRIM PPO',
].join('\r\n');

describe('revenue-cycle payer master', () => {
  let stack: RevenueStack;

  before(async () => {
    stack = await startRevenueStack('revenue_payers');
  });
  after(async () => {
    await stack?.stop();
  });

  const payerIds = async (): Promise<string[]> =>
    (await stack.http<PayerListDto>('GET', '/payers')).body.items.map((p) => p.payerId);
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
  type Charges = Awaited<ReturnType<typeof finalized>>;
  /** SubmitClaim of the encounter's charges, billed to `payerId` and `planId`. */
  const submit = async (
    c: DischargeCase,
    charges: Charges,
    payerId: string,
    planId: string | null,
  ) => {
    const draft = { ...submitClaim(c, charges), payerId, planId };
    return stack.replyTo(await stack.send(SubmitClaim, draft, c.encounterId));
  };
  const submitTo = async (c: DischargeCase, payerId: string, planId: string | null) =>
    submit(c, await finalized(c), payerId, planId);
  const claimsOf = async (c: DischargeCase) =>
    (
      await stack.http<ClaimListDto>(
        'GET',
        `/claims?encounterId=${encodeURIComponent(c.encounterId)}`,
      )
    ).body.items;

  test('lists the payers the demo and tests bill, seeded through the import code', async () => {
    assert.deepEqual(await payerIds(), ['AETNA-HMO', 'BCBS-PPO', 'MEDICARE-A']);
    const bcbs = await stack.http<PayerDto>('GET', '/payers/BCBS-PPO');
    assert.equal(bcbs.status, 200);
    assert.deepEqual(
      [bcbs.body.name, bcbs.body.payerType, bcbs.body.plans],
      ['BLUE CROSS PPO', 'COMMERCIAL', [{ planId: 'BCBS-PPO-GOLD', name: 'BLUE CROSS PPO GOLD' }]],
    );
    const unknown = await stack.http<ProblemDetails>('GET', '/payers/NOBODY');
    assert.equal(unknown.status, 404);
    assert.ok(unknown.contentType.startsWith(PROBLEM_JSON), unknown.contentType);
  });

  test('rejects SubmitClaim to a payer not in the payer master with PAYER_UNKNOWN and no claim, and bills it once the payer is imported', async () => {
    const c = newCase('BWH');
    const charges = await finalized(c);
    const rejected = await submit(c, charges, 'HPHC', 'HPHC-PPO');
    assert.equal(rejected.outcome, 'FAILED');
    assert.equal(rejected.failure?.code, 'PAYER_UNKNOWN');
    assert.equal(rejected.failure?.retriable, false);
    assert.deepEqual(rejected.failure?.details, { payerId: 'HPHC' });
    assert.equal(rejected.failure?.message, 'payer HPHC is not in the payer master');
    assert.deepEqual(await claimsOf(c), []);

    const imported = await stack.postCsv<PayerImportResultDto>('/payers/import', HARVARD_PILGRIM);
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    assert.deepEqual([imported.body.created, imported.body.replaced], [1, 0]);
    assert.deepEqual(
      imported.body.payers[0]?.plans.map((p) => p.planId),
      ['HPHC-HMO', 'HPHC-PPO'],
    );

    // The orchestrator sends the step again once the PAYER_UNKNOWN task is completed with retry.
    const billed = await submit(c, charges, 'HPHC', 'HPHC-PPO');
    assert.equal(billed.outcome, 'SUCCEEDED', JSON.stringify(billed.failure));
    const [claim] = await claimsOf(c);
    assert.deepEqual([claim?.payerId, claim?.planId], ['HPHC', 'HPHC-PPO']);
  });

  test('rejects a plan the payer does not have, and bills self-pay without a payer master row', async () => {
    const wrongPlan = await submitTo(newCase(), 'BCBS-PPO', 'BCBS-HMO-BRONZE');
    assert.equal(wrongPlan.failure?.code, 'PAYER_UNKNOWN');
    assert.deepEqual(wrongPlan.failure?.details, {
      payerId: 'BCBS-PPO',
      planId: 'BCBS-HMO-BRONZE',
    });

    const c = newCase();
    const selfPay = await submitTo(c, 'SELF-PAY', null);
    assert.equal(selfPay.outcome, 'SUCCEEDED', JSON.stringify(selfPay.failure));
    assert.equal((await claimsOf(c))[0]?.payerId, 'SELF-PAY');
  });

  test('replaces a payer with PUT, plans included, and answers a bad import with 400 naming the row, storing none of it', async () => {
    const created = await stack.http<PayerDto>('PUT', '/payers/TUFTS', {
      name: 'TUFTS HEALTH PLAN',
      payerType: 'COMMERCIAL',
      plans: [{ planId: 'TUFTS-HMO', name: 'TUFTS HMO' }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const replaced = await stack.http<PayerDto>('PUT', '/payers/TUFTS', {
      payerId: 'TUFTS',
      name: 'TUFTS HEALTH PLAN',
      plans: [{ planId: 'TUFTS-PPO', name: 'TUFTS PPO' }],
    });
    assert.equal(replaced.status, 200);
    assert.deepEqual(
      [replaced.body.payerType, replaced.body.plans.map((p) => p.planId)],
      [null, ['TUFTS-PPO']],
    );

    const before = await payerIds();
    const bad = await stack.http<ProblemDetails>('POST', '/payers/import', {
      payers: [
        { payerId: 'UHC', payerName: 'UNITEDHEALTHCARE', planId: 'UHC-CHOICE', planName: 'CHOICE' },
        { payerId: 'TUFTS', payerName: 'TUFTS HEALTH PLAN', planId: 'TUFTS 2' },
      ],
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.type, INVALID_REQUEST);
    assert.deepEqual(
      bad.body.errors?.map((e) => [e.field, e.row]),
      [
        ['row 2: planId', 2],
        ['row 2: planName', 2],
      ],
    );
    assert.deepEqual(await payerIds(), before, 'no payer of the import was stored');
    assert.deepEqual(
      (await stack.http<PayerDto>('GET', '/payers/TUFTS')).body.plans.map((p) => p.planId),
      ['TUFTS-PPO'],
    );
  });

  test('the payer master is read by coders and revenue integrity, and kept by revenue integrity: 401 without a token, 403 to other roles', async () => {
    const tufts = {
      name: 'TUFTS HEALTH PLAN',
      plans: [{ planId: 'TUFTS-HMO', name: 'TUFTS HMO' }],
    };
    const anonymous = await fetch(`${stack.service.url}/payers/TUFTS-RI`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(tufts),
    });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer realm="meridian"');
    for (const role of ['coder', 'ap-clerk']) {
      const refused = await stack.http<ProblemDetails & { requiredRoles?: string[] }>(
        'PUT',
        '/payers/TUFTS-RI',
        tufts,
        await roleToken(role),
      );
      assert.equal(refused.status, 403, role);
      assert.ok(refused.contentType.startsWith(PROBLEM_JSON));
      assert.equal(refused.body.type, FORBIDDEN_PROBLEM);
      assert.deepEqual(refused.body.requiredRoles, ['revenue-integrity', 'admin']);
    }
    assert.ok(!(await payerIds()).includes('TUFTS-RI'), 'no refused PUT stored the payer');

    const created = await stack.http<PayerDto>(
      'PUT',
      '/payers/TUFTS-RI',
      tufts,
      await roleToken('revenue-integrity'),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const imported = await stack.http<PayerImportResultDto>(
      'POST',
      '/payers/import',
      {
        payers: [
          {
            payerId: 'TUFTS-RI',
            payerName: 'TUFTS HEALTH PLAN',
            planId: 'TUFTS-PPO',
            planName: 'TUFTS PPO',
          },
        ],
      },
      await roleToken('admin'),
    );
    assert.equal(imported.status, 200, JSON.stringify(imported.body));

    const coder = await stack.http<PayerDto>(
      'GET',
      '/payers/TUFTS-RI',
      undefined,
      await roleToken('coder'),
    );
    assert.equal(coder.status, 200);
    assert.deepEqual(
      coder.body.plans.map((p) => p.planId),
      ['TUFTS-PPO'],
    );
    const supply = await stack.http<ProblemDetails>(
      'GET',
      '/payers',
      undefined,
      await roleToken('supply-tech'),
    );
    assert.equal(supply.status, 403);
    assert.equal((await fetch(`${stack.service.url}/payers`)).status, 401);
  });
});
