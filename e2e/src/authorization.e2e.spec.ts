// Authorization over the whole platform, generically: every mutating operation (POST, PUT, PATCH,
// DELETE) each service's OpenAPI document lists (so a new route cannot escape) answers no token
// with 401, a token of a role it does not list with 403, and a token of one of its roles by
// reaching its handler; an operation that authenticates its callers itself (the HR webhook's
// signature) refuses an unsigned call and takes a signed one. Real tokens of the stack's Keycloak.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MERIDIAN_ROLES } from '@meridian/service-kit';
import { builtServices, roleToken } from '@meridian/testing';
import {
  mutatingOperations,
  operationName,
  operationsOf,
  roleWithout,
  type Operation,
  type OpenApiDocument,
} from './openapi-operations.js';
import { startE2e, type E2e } from './platform.fixture.js';

/** The scheme of bearer tokens (`@Authorize`): an operation with roles requires it. */
const OIDC = 'oidc';

/**
 * Asserts `response` is `status` with an error document: problem+json (its status, type and
 * title), or at a FHIR edge (application/fhir+json) an OperationOutcome with its issues.
 */
async function refusal(response: Response, status: number): Promise<void> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  const type = response.headers.get('content-type')?.split(';')[0];
  const body = JSON.parse(text) as Record<string, unknown>;
  if (type === 'application/fhir+json') {
    assert.equal(body['resourceType'], 'OperationOutcome', text);
    assert.ok(Array.isArray(body['issue']) && body['issue'].length > 0, `its issues: ${text}`);
    return;
  }
  assert.equal(type, 'application/problem+json', text);
  assert.equal(body['status'], status, text);
  assert.equal(typeof body['type'], 'string', text);
  assert.equal(typeof body['title'], 'string', text);
}

/** What each call of an operation answered, for the summary table. */
interface Row {
  readonly operation: Operation;
  readonly statuses: Record<'none' | 'other' | 'allowed', string>;
}

describe('every mutating operation of every service takes the roles its OpenAPI document lists', () => {
  let e: E2e;
  const services = builtServices();
  const operations: Operation[] = [];
  /** The GETs that list roles: each answers a call without a token with 401 too. */
  const reads: Operation[] = [];
  const rows = new Map<Operation, Row>();
  const row = (operation: Operation): Row => {
    const known = rows.get(operation);
    if (known) return known;
    const fresh: Row = { operation, statuses: { none: '-', other: '-', allowed: '-' } };
    rows.set(operation, fresh);
    return fresh;
  };
  const withRoles = (): Operation[] => operations.filter((o) => o.roles.length > 0);
  const ownScheme = (): Operation[] => operations.filter((o) => o.roles.length === 0);

  /** The operation's sample request, with `authorization` (none when undefined) and more headers. */
  const call = (
    operation: Operation,
    authorization: string | undefined,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<Response> =>
    fetch(`${e.platform.url(operation.service)}${operation.request.path}`, {
      method: operation.method.toUpperCase(),
      headers: {
        'content-type': operation.request.contentType,
        ...(authorization ? { authorization } : {}),
        ...headers,
      },
      ...(operation.method === 'get' ? {} : { body: operation.request.body }),
    });

  /** Runs `check` on each of `list`, then fails once naming every operation that failed it. */
  const each = async (
    list: readonly Operation[],
    check: (operation: Operation) => Promise<void>,
  ): Promise<void> => {
    const failures: string[] = [];
    for (const operation of list) {
      try {
        await check(operation);
      } catch (error) {
        failures.push(
          `${operationName(operation)}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${list.length} failed`);
  };

  before(async () => {
    e = await startE2e('authz');
    for (const service of services) {
      // The document itself is public: fetched without a token.
      const response = await fetch(`${e.platform.url(service)}/docs/openapi.json`);
      assert.equal(response.status, 200, `${service}'s OpenAPI document`);
      const doc = (await response.json()) as OpenApiDocument;
      operations.push(...mutatingOperations(service, doc));
      reads.push(...operationsOf(service, doc, ['get']).filter((o) => o.roles.length > 0));
    }
  });
  after(async () => {
    await e?.stop();
  });

  test('every service lists mutating operations in its OpenAPI document, fetched without a token', () => {
    const empty = services.filter((s) => !operations.some((o) => o.service === s));
    assert.deepEqual(empty, [], 'services without a mutating operation');
    assert.ok(services.length >= 7, `the platform's services: ${services.join(', ')}`);
  });

  test('every mutating operation declares its access: roles of the bearer scheme, or a security scheme of its own the document defines', async () => {
    await each(operations, (operation) => {
      if (operation.roles.length > 0) {
        assert.ok(
          operation.roles.every((r) => (MERIDIAN_ROLES as readonly string[]).includes(r)),
          `x-meridian-roles ${operation.roles.join(', ')} are Meridian roles`,
        );
        assert.ok(operation.schemes.includes(OIDC), `security ${OIDC} with the roles`);
      } else {
        assert.ok(
          operation.definedSchemes.length > 0,
          `neither x-meridian-roles nor a defined security scheme (security: ${operation.schemes.join(', ') || 'none'})`,
        );
      }
      return Promise.resolve();
    });
  });

  test('without a token: 401 (problem+json, an OperationOutcome at a FHIR edge) with a Bearer challenge', async () => {
    await each(withRoles(), async (operation) => {
      const response = await call(operation, undefined);
      row(operation).statuses.none = String(response.status);
      await refusal(response, 401);
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /, 'WWW-Authenticate');
    });
  });

  test('every GET that lists roles: 401 without a token too', async () => {
    assert.ok(reads.length > 0, 'reads with roles');
    await each(reads, async (operation) => {
      const response = await call(operation, undefined);
      await refusal(response, 401);
    });
  });

  test('a token of a role the operation does not list: 403 (problem+json, an OperationOutcome at a FHIR edge)', async () => {
    await each(withRoles(), async (operation) => {
      const role = roleWithout(operation, MERIDIAN_ROLES);
      const response = await call(operation, `Bearer ${await roleToken(role)}`);
      row(operation).statuses.other = `${response.status} (${role})`;
      await refusal(response, 403);
    });
  });

  test('a token of one of its roles reaches the handler: 2xx, or a 4xx error document of its own validation (never 401/403, never 5xx)', async () => {
    await each(withRoles(), async (operation) => {
      const [role] = operation.roles as [string];
      const response = await call(operation, `Bearer ${await roleToken(role)}`);
      row(operation).statuses.allowed = `${response.status} (${role})`;
      if (response.ok) return;
      assert.ok(
        response.status >= 400 && response.status < 500 && ![401, 403].includes(response.status),
        `${response.status}: ${await response.clone().text()}`,
      );
      await refusal(response, response.status);
    });
  });

  test('an operation of its own scheme (HR webhook signature) refuses an unsigned call with 401 and takes a signed one', async () => {
    assert.ok(ownScheme().length > 0, 'at least the HR webhook');
    await each(ownScheme(), async (operation) => {
      const unsigned = await call(operation, undefined);
      await refusal(unsigned, 401);
      const signed = await call(operation, undefined, e.signHrEvent(operation.request.body));
      const { statuses } = row(operation);
      statuses.none = String(unsigned.status);
      statuses.allowed = `${signed.status} (signed)`;
      if (signed.ok) return;
      assert.ok(
        signed.status >= 400 && signed.status < 500 && ![401, 403].includes(signed.status),
        `${signed.status}: ${await signed.clone().text()}`,
      );
      await refusal(signed, signed.status);
    });
  });

  test('summary: each operation with its roles and what each call answered', (t) => {
    const table = [...rows.values()];
    const widths = [20, 6, 52, 40, 6, 24, 24];
    const line = (cells: readonly string[]): string =>
      cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' ');
    t.diagnostic(
      line(['service', 'method', 'path', 'roles', 'none', 'other role', 'allowed role']),
    );
    for (const { operation: o, statuses: s } of table) {
      t.diagnostic(
        line([
          o.service,
          o.method.toUpperCase(),
          o.template,
          o.roles.join(',') || o.schemes.join(','),
          s.none,
          s.other,
          s.allowed,
        ]),
      );
    }
    const allowed = table.map((r) => Number.parseInt(r.statuses.allowed, 10));
    const success = allowed.filter((s) => s >= 200 && s < 300).length;
    const handler4xx = allowed.filter((s) => s >= 400 && s < 500).length;
    for (const service of services)
      t.diagnostic(
        `${service}: ${operations.filter((o) => o.service === service).length} mutating operations`,
      );
    t.diagnostic(
      `${operations.length} mutating operations (${withRoles().length} with roles, ${ownScheme().length} of their own scheme); allowed calls: ${success} 2xx, ${handler4xx} handler 4xx; ${operations.filter((o) => o.request.fromExamples).length} bodies from the documents' examples; ${reads.length} GETs with roles answered 401 without a token`,
    );
    assert.equal(table.length, operations.length, 'every operation was called');
    assert.equal(
      success + handler4xx,
      operations.length,
      'every allowed call passed authorization',
    );
  });
});
