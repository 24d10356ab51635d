import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  mutatingOperations,
  roleWithout,
  sampleOf,
  type OpenApiDocument,
} from './openapi-operations.js';

const DOC: OpenApiDocument = {
  paths: {
    '/sagas': { get: { 'x-meridian-roles': ['sre-operator'] } },
    '/sagas/{id}/retry': {
      post: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        security: [{ oidc: ['sre-operator'] }],
        'x-meridian-roles': ['sre-operator'],
      },
    },
    '/units/{unitId}': {
      put: {
        parameters: [{ name: 'unitId', in: 'path', example: '4W' }],
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Unit' } } },
        },
        security: [{ oidc: ['admin'] }],
        'x-meridian-roles': ['admin'],
      },
      delete: {},
    },
    '/units/import': {
      post: {
        requestBody: { content: { 'text/csv': { schema: { type: 'string' } } } },
        security: [{ oidc: ['admin'] }],
        'x-meridian-roles': ['admin'],
      },
    },
    '/hr/events': { post: { security: [{ hrSignature: [] }] } },
  },
  components: {
    schemas: {
      Unit: {
        type: 'object',
        required: ['name', 'rooms', 'patientsPerRn'],
        properties: {
          name: { type: 'string', example: 'Medicine 4 West' },
          costCenter: { type: 'string' },
          patientsPerRn: { type: 'integer', minimum: 1 },
          rooms: { type: 'array', items: { $ref: '#/components/schemas/Room' } },
        },
      },
      Room: {
        type: 'object',
        required: ['roomId'],
        properties: { roomId: { type: 'string', example: '401' } },
      },
    },
    securitySchemes: { oidc: {}, hrSignature: {} },
  },
};

describe('the mutating operations of an OpenAPI document', () => {
  const operations = mutatingOperations('workforce-sync', DOC);
  const find = (method: string, template: string) => {
    const found = operations.find((o) => o.method === method && o.template === template);
    assert.ok(found, `${method} ${template}`);
    return found;
  };

  test('lists every POST, PUT, PATCH and DELETE with its roles and schemes, never a GET', () => {
    assert.deepEqual(
      operations.map((o) => [o.method, o.template, o.roles, o.schemes]),
      [
        ['post', '/sagas/{id}/retry', ['sre-operator'], ['oidc']],
        ['put', '/units/{unitId}', ['admin'], ['oidc']],
        ['delete', '/units/{unitId}', [], []],
        ['post', '/units/import', ['admin'], ['oidc']],
        ['post', '/hr/events', [], ['hrSignature']],
      ],
    );
    assert.deepEqual(find('post', '/hr/events').definedSchemes, ['hrSignature']);
  });

  test('fills path parameters from their examples, else with an identifier nothing has', () => {
    assert.equal(find('put', '/units/{unitId}').request.path, '/units/4W');
    assert.match(
      find('post', '/sagas/{id}/retry').request.path,
      /^\/sagas\/AUTHZ[0-9A-F]{8}\/retry$/,
    );
  });

  test('builds a JSON body of the required properties from the examples, following $ref', () => {
    const { request } = find('put', '/units/{unitId}');
    assert.equal(request.contentType, 'application/json');
    assert.deepEqual(JSON.parse(request.body), {
      name: 'Medicine 4 West',
      rooms: [{ roomId: '401' }],
      patientsPerRn: 1,
    });
    assert.equal(request.fromExamples, true);
  });

  test('a body without examples is an empty object, a text body without one empty text', () => {
    assert.deepEqual(
      [
        find('post', '/sagas/{id}/retry').request.body,
        find('post', '/sagas/{id}/retry').request.fromExamples,
      ],
      ['{}', false],
    );
    const csv = find('post', '/units/import').request;
    assert.deepEqual([csv.contentType, csv.body, csv.fromExamples], ['text/csv', '', false]);
  });

  test('a required string without an example leaves its object without a sample', () => {
    assert.equal(
      sampleOf(DOC, {
        type: 'object',
        required: ['code'],
        properties: { code: { type: 'string' } },
      }),
      undefined,
    );
  });

  test('the role refused is the first of the realm the operation does not list', () => {
    const roles = ['coder', 'sre-operator', 'admin'];
    assert.equal(roleWithout(find('post', '/sagas/{id}/retry'), roles), 'coder');
    assert.throws(
      () => roleWithout({ ...find('put', '/units/{unitId}'), roles }, roles),
      /lists every role/,
    );
  });
});
