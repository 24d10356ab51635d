import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Topics } from '@meridian/contracts';
import { bodyOf, problemOf } from '@meridian/service-kit/testing';
import { roleToken, uniqueName } from '@meridian/testing';
import type { ServiceUnderTest, TappedMessage, TopicTap } from '@meridian/testing';
import type { OperationOutcome } from '@medplum/fhirtypes';
import { FHIR_JSON } from './fhir/operation-outcome.js';
import type { UsageDto, UsageListDto } from './usage/dto/usage.dto.js';
import { startSupplyService } from './testing/supply-service.js';

const FORBIDDEN = 'urn:meridian:problem:forbidden';
const UNAUTHORIZED = 'urn:meridian:problem:unauthorized';

/** The Authorization header of the demo user who holds only `role`. */
async function as(role: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await roleToken(role)}` };
}

describe('who may call supply-consumption: a bearer token with one of the route roles', () => {
  let service: ServiceUnderTest;
  /** audit.v1 (shared: always filtered by this run's encounters). */
  let audit: TopicTap;
  const encounterId = `MGH:${uniqueName('v')}`;
  const usage = {
    encounterId,
    itemId: 'ITM-1002',
    quantity: 1,
    unitId: '4W',
    usedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
  };
  const item = { description: 'TEST GAUZE 4X4', unitOfMeasure: 'BX', unitCost: '2.50' };
  const capture = (extra: Record<string, unknown> = {}) => ({
    encounterId,
    barcode: '(01)09506000134352(10)LOT1',
    implantingSurgeonNpi: '1245319599',
    unitId: 'OR',
    ...extra,
  });
  const auditOf = (action: string) => (record: TappedMessage) =>
    record.value['businessKey'] === encounterId && record.value['action'] === action;

  before(async () => {
    service = await startSupplyService();
    audit = await service.tap(Topics.AuditV1.name);
  });

  after(async () => {
    await service?.stop();
  });

  test('a call without a token is 401 problem+json with a Bearer challenge; health stays public', async () => {
    for (const [method, path] of [
      ['POST', '/usage'],
      ['GET', `/usage?encounterId=${encounterId}`],
      ['PUT', '/items/ITM-9101'],
      ['GET', '/replenishments'],
    ] as const) {
      const response = await fetch(`${service.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'GET' ? {} : { body: JSON.stringify(usage) }),
      });
      assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="meridian"', path);
      assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/problem+json');
      assert.equal((await problemOf(response, 401)).type, UNAUTHORIZED, path);
    }
    const invalid = await service.fetch('/usage', { headers: { authorization: 'Bearer x.y.z' } });
    assert.match(invalid.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    await problemOf(invalid, 401);
    assert.equal((await fetch(`${service.url}/health/live`)).status, 200);
  });

  test('a token without one of the route roles is 403 problem+json naming the roles', async () => {
    const refusals: [string, string, string, unknown, readonly string[]][] = [
      ['coder', 'POST', '/usage', usage, ['supply-tech', 'supply-supervisor']],
      [
        'coder',
        'GET',
        `/implants?encounterId=${encounterId}`,
        undefined,
        ['supply-tech', 'supply-supervisor', 'revenue-integrity'],
      ],
      ['supply-tech', 'PUT', '/items/ITM-9101', item, ['supply-supervisor', 'admin']],
      [
        'revenue-integrity',
        'GET',
        '/items',
        undefined,
        ['supply-tech', 'supply-supervisor', 'admin'],
      ],
      [
        'revenue-integrity',
        'GET',
        '/replenishments',
        undefined,
        ['supply-tech', 'supply-supervisor'],
      ],
    ];
    for (const [role, method, path, body, roles] of refusals) {
      const response = await service.send(method as 'GET', path, body, await as(role));
      assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/problem+json');
      const problem = (await problemOf(response, 403)) as unknown as Record<string, unknown>;
      assert.deepEqual([problem['type'], problem['requiredRoles']], [FORBIDDEN, roles], path);
    }
  });

  test('the FHIR edge refuses callers as OperationOutcomes: login without a token, forbidden without interface', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${service.url}/fhir/Procedure`, {
        method: 'POST',
        headers: { 'content-type': FHIR_JSON, ...headers },
        body: JSON.stringify({ resourceType: 'Procedure', status: 'completed' }),
      });
    const anonymous = await post({});
    assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer realm="meridian"');
    const login = await bodyOf<OperationOutcome>(anonymous, 401);
    assert.equal(login.issue[0]?.code, 'login');
    const forbidden = await bodyOf<OperationOutcome>(await post(await as('supply-tech')), 403);
    assert.equal(forbidden.issue[0]?.code, 'forbidden');
    // The interface role passes the gate: the Procedure itself is then judged (400, its elements).
    const judged = await bodyOf<OperationOutcome>(await post(await as('interface')), 400);
    assert.ok(judged.issue.every((issue) => issue.code === 'invalid'));
  });

  test('each route lets its roles in, and a usage write is audited under its encounter', async () => {
    const recorded = await bodyOf<UsageDto>(
      await service.send('POST', '/usage', usage, await as('supply-tech')),
      201,
    );
    const listed = await bodyOf<UsageListDto>(
      await service.send(
        'GET',
        `/usage?encounterId=${encounterId}`,
        undefined,
        await as('revenue-integrity'),
      ),
      200,
    );
    assert.deepEqual(
      listed.items.map((u) => u.usageId),
      [recorded.usageId],
    );
    const voided = await bodyOf<UsageDto>(
      await service.send(
        'POST',
        `/usage/${recorded.usageId}/void`,
        undefined,
        await as('supply-supervisor'),
      ),
      200,
    );
    assert.equal(voided.status, 'VOIDED');
    await bodyOf(await service.send('PUT', '/items/ITM-9101', item, await as('admin')), 201);
    await bodyOf(
      await service.send('PUT', '/items/ITM-9101', item, await as('supply-supervisor')),
      200,
    );
    await bodyOf(
      await service.send('GET', '/items/ITM-9101', undefined, await as('supply-tech')),
      200,
    );
    await bodyOf(
      await service.send('GET', '/replenishments', undefined, await as('supply-tech')),
      200,
    );

    const [record] = await audit.waitFor(auditOf('POST /usage'));
    assert.deepEqual(
      [record?.value['username'], record?.value['role'], record?.value['outcome']],
      ['supply-tech', 'supply-tech', 'SUCCEEDED'],
    );
    const [voidRecord] = await audit.waitFor(auditOf('POST /usage/:usageId/void'));
    assert.deepEqual(
      [voidRecord?.value['username'], voidRecord?.value['outcome']],
      ['supply-supervisor', 'SUCCEEDED'],
    );
  });

  test('a recall override takes supply-supervisor: a supply-tech is refused (403), audited under the encounter', async () => {
    const refused = await problemOf(
      await service.send(
        'POST',
        '/implants',
        capture({ recallOverride: { reason: 'no alternative size in stock' } }),
        await as('supply-tech'),
      ),
      403,
    );
    const members = refused as unknown as Record<string, unknown>;
    assert.deepEqual(
      [members['type'], members['requiredRoles']],
      [FORBIDDEN, ['supply-supervisor']],
    );
    const [record] = await audit.waitFor(auditOf('POST /implants'));
    assert.deepEqual(
      [record?.value['username'], record?.value['outcome'], record?.value['httpStatus']],
      ['supply-tech', 'DENIED', 403],
    );
  });
});
