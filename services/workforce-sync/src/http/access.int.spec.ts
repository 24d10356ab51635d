import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Topics } from '@meridian/contracts';
import { SIGNATURE_HEADER, signWebhook } from '@meridian/service-kit';
import { problemOf } from '@meridian/service-kit/testing';
import { roleToken } from '@meridian/testing';
import type { TopicTap } from '@meridian/testing';
import type { EmployeeView } from '../hr/dto/employee.dto.js';
import { HR_WEBHOOK_NOT_CONFIGURED } from '../hr/hr-signature.guard.js';
import { HR_TEST_SECRET, WorkforceHarness } from '../testing/workforce-harness.js';

const bearer = async (role: string): Promise<Record<string, string>> => ({
  authorization: `Bearer ${await roleToken(role)}`,
});

function hire(employeeId: string): Record<string, unknown> {
  return {
    eventId: `HR-${randomUUID()}`,
    type: 'HIRE',
    employeeId,
    jobCode: 'RN2',
    role: 'RN',
    costCenter: 'CC-4W',
    unitId: '4W',
    fte: 1,
    effectiveDate: '2026-03-01',
  };
}

describe('workforce-sync access: bearer roles per route, the HR webhook by signature', () => {
  let wf: WorkforceHarness;
  let audit: TopicTap;

  before(async () => {
    wf = await WorkforceHarness.start();
    audit = await wf.service.tap(Topics.AuditV1.name);
  });
  after(async () => {
    await wf?.stop();
  });

  test('a call without a token is 401 problem+json with a Bearer challenge', async () => {
    for (const [method, path] of [
      ['GET', '/bed-board?facilityId=MGH'],
      ['GET', '/employees'],
      ['POST', '/facilities/MGH/units/ICU/beds/601/A/clean'],
      ['PUT', '/facilities/MGH'],
    ] as const) {
      const response = await fetch(`${wf.service.url}${path}`, { method });
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer realm=/, path);
      await problemOf(response, 401);
    }
  });

  test('a token without the route role is 403 problem+json naming the roles it takes', async () => {
    const coder = await bearer('coder');
    const board = await problemOf(await wf.service.fetch('/employees', { headers: coder }), 403);
    assert.match(board.detail ?? '', /bed-manager, admin/);
    // Reference data is the administrators': a bed manager reads it but does not change it.
    const manager = await bearer('bed-manager');
    const put = await wf.service.send(
      'PUT',
      '/facilities/MGH',
      { name: 'Massachusetts General Hospital', timeZone: 'America/New_York' },
      manager,
    );
    assert.match((await problemOf(put, 403)).detail ?? '', /roles admin;/);
    // Housekeeping is the bed managers': an administrator does not clean beds.
    const clean = await wf.service.send(
      'POST',
      '/facilities/MGH/units/ICU/beds/601/A/clean',
      undefined,
      await bearer('admin'),
    );
    await problemOf(clean, 403);
  });

  test('the roles of a route get through: a bed manager reads the board, an administrator sets a facility', async () => {
    const board = await wf.service.fetch('/bed-board?facilityId=MGH&unitId=ICU', {
      headers: await bearer('bed-manager'),
    });
    assert.equal(board.status, 200);
    const facilityId = `F${randomUUID().slice(0, 8).toUpperCase()}`;
    const put = await wf.service.send(
      'PUT',
      `/facilities/${facilityId}`,
      { name: 'Access test facility', timeZone: 'America/Chicago' },
      await bearer('admin'),
    );
    assert.equal(put.status, 200, await put.clone().text());
    const [record] = await audit.waitFor((m) => m.value['businessKey'] === facilityId);
    assert.deepEqual(
      [record?.value['action'], record?.value['role'], record?.value['outcome']],
      ['PUT /facilities/:facilityId', 'admin', 'SUCCEEDED'],
    );
  });

  test('an HR event signed with the shared secret is taken without a token, audited under the employee', async () => {
    const employeeId = `E-${randomUUID()}`;
    const response = await wf.postHrEvent(hire(employeeId));
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(((await response.json()) as EmployeeView).employeeId, employeeId);
    const [record] = await audit.waitFor((m) => m.value['businessKey'] === employeeId);
    assert.deepEqual(
      [record?.value['action'], record?.value['subject'], record?.value['outcome']],
      ['POST /hr/events', null, 'SUCCEEDED'],
    );
    // While the HR system rotates its secret it signs with both: either matching is enough.
    const rotated = hire(`E-${randomUUID()}`);
    const retired = signWebhook('the-retired-hr-webhook-secret', JSON.stringify(rotated));
    const rotating = await wf.postHrEvent(rotated, {
      header: (signature) => `${retired},${signature.split(',')[1] ?? ''}`,
    });
    assert.equal(rotating.status, 200, await rotating.clone().text());
  });

  test('an HR event with no, a wrong, a stale or a tampered signature is 401 naming why, and changes nothing', async () => {
    const employeeId = `E-${randomUUID()}`;
    const event = hire(employeeId);
    const refusals: [Response, RegExp][] = [
      [await wf.postHrEvent(event, { signed: false }), /has no x-meridian-signature header/],
      [
        await wf.postHrEvent(event, { header: () => 'sha256=0123abcd' }),
        /is not t=<unix seconds>,v1=<hex HMAC-SHA256>/,
      ],
      [
        await wf.postHrEvent(event, { secret: 'not-the-shared-secret-at-all' }),
        /no v1 signature matches the body/,
      ],
      [
        await wf.postHrEvent(event, { signedAt: new Date(Date.now() - 10 * 60_000) }),
        /timestamp is 60\d s from now \(at most 300 s\)/,
      ],
      [
        await wf.postHrEvent(
          { ...event, employeeId: `E-${randomUUID()}` },
          { signedBody: JSON.stringify(event) },
        ),
        /matches the body/,
      ],
    ];
    for (const [response, reason] of refusals) {
      assert.match(response.headers.get('www-authenticate') ?? '', /x-meridian-signature/);
      const problem = await problemOf(response, 401);
      assert.match(problem.detail ?? '', reason);
      assert.ok(!JSON.stringify(problem).includes(HR_TEST_SECRET));
    }
    // A bearer token is no signature.
    const withToken = await wf.service.send('POST', '/hr/events', event);
    assert.match((await problemOf(withToken, 401)).detail ?? '', /no x-meridian-signature/);
    await problemOf(await wf.service.fetch(`/employees/${employeeId}`), 404);
  });

  test('the OpenAPI document lists the roles of each route and the HR signature scheme', async () => {
    interface Operation {
      readonly security?: Record<string, string[]>[];
      readonly 'x-meridian-roles'?: string[];
    }
    const doc = await wf.service.getJson<{
      paths: Record<string, Record<string, Operation>>;
      components: { securitySchemes: Record<string, Record<string, string>> };
    }>('/docs/openapi.json');
    assert.deepEqual(doc.paths['/hr/events']?.['post']?.security, [{ hrSignature: [] }]);
    const scheme = doc.components.securitySchemes['hrSignature'];
    assert.deepEqual(
      [scheme?.['type'], scheme?.['in'], scheme?.['name']],
      ['apiKey', 'header', SIGNATURE_HEADER],
    );
    assert.deepEqual(doc.paths['/bed-board']?.['get']?.['x-meridian-roles'], [
      'bed-manager',
      'admin',
    ]);
    assert.deepEqual(doc.paths['/facilities/{facilityId}']?.['put']?.['x-meridian-roles'], [
      'admin',
    ]);
    const clean =
      doc.paths['/facilities/{facilityId}/units/{unitId}/beds/{roomId}/{bedId}/clean']?.['post'];
    assert.deepEqual(clean?.['x-meridian-roles'], ['bed-manager']);
    assert.deepEqual(clean?.security, [{ oidc: ['bed-manager'] }]);
  });
});

describe('workforce-sync without HR_WEBHOOK_SECRET', () => {
  let wf: WorkforceHarness;

  before(async () => {
    wf = await WorkforceHarness.start({ HR_WEBHOOK_SECRET: '' });
  });
  after(async () => {
    await wf?.stop();
  });

  test('answers the HR webhook 503 problem+json saying it is not configured, signed or not', async () => {
    for (const response of [
      await wf.postHrEvent(hire(`E-${randomUUID()}`)),
      await wf.postHrEvent(hire(`E-${randomUUID()}`), { signed: false }),
    ]) {
      const problem = await problemOf(response, 503);
      assert.equal(problem.type, HR_WEBHOOK_NOT_CONFIGURED);
      assert.match(problem.detail ?? '', /not configured: HR_WEBHOOK_SECRET is unset/);
    }
  });
});
