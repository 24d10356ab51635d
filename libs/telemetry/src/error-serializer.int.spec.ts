import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DataSource } from 'typeorm';
import { createTestDatabase, getInfra, type TestDatabase } from '@meridian/testing';
import { createLogger } from './logger.factory.js';

const MRN = 'MRN-MARKER-90817';
const FAMILY = 'MARKERFAMILY';
const PHI = new RegExp(`${MRN}|${FAMILY}`);

/** What a query run through TypeORM against the real database threw. */
async function failure(dataSource: DataSource, sql: string, values: unknown[]): Promise<unknown> {
  return dataSource.query(sql, values).then(
    () => assert.fail('the query should fail'),
    (error: unknown) => error,
  );
}

describe('errors of real failing queries, logged through createLogger', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  before(async () => {
    database = await createTestDatabase(getInfra().databaseUrl, 'error_serializer');
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    await dataSource.query(
      'CREATE TABLE patient (id int PRIMARY KEY, mrn text UNIQUE, family text NOT NULL)',
    );
    await dataSource.query('INSERT INTO patient VALUES (1, $1, $2)', [MRN, FAMILY]);
  });
  after(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  test('carry no marker value: a unique violation (pg detail), a bad integer and a not-null row', async () => {
    const errors = [
      await failure(dataSource, 'INSERT INTO patient VALUES (2, $1, $2)', [MRN, FAMILY]),
      await failure(dataSource, 'SELECT id FROM patient WHERE id = $1', [FAMILY]),
      await failure(dataSource, `INSERT INTO patient VALUES (3, '${MRN}', NULL)`, []),
    ];
    const lines: string[] = [];
    const logger = createLogger({ name: 'spec', destination: { write: (l) => lines.push(l) } });
    for (const error of errors) {
      logger.error({ err: error }, 'query failed');
      logger.error(error);
    }
    const [unique, integer, notNull] = errors as Record<string, unknown>[];
    // The driver's error does hold the markers: without the serializer they would be logged.
    assert.match(String(unique?.['detail']), new RegExp(`\\(mrn\\)=\\(${MRN}\\)`));
    assert.match(String(integer?.['message']), new RegExp(FAMILY));
    assert.match(String(notNull?.['detail']), new RegExp(MRN));

    assert.equal(lines.length, 6);
    const logged = lines.map((line) => JSON.parse(line) as { err: Record<string, unknown> });
    assert.deepEqual(
      logged.map(({ err }) => [err['type'], err['code'], err['table'] ?? null]),
      [
        ['QueryFailedError', '23505', 'patient'],
        ['QueryFailedError', '23505', 'patient'],
        ['QueryFailedError', '22P02', null],
        ['QueryFailedError', '22P02', null],
        ['QueryFailedError', '23502', 'patient'],
        ['QueryFailedError', '23502', 'patient'],
      ],
    );
    assert.equal(logged[0]?.err['constraint'], 'patient_mrn_key');
    assert.equal(
      logged[0]?.err['message'],
      'duplicate key value violates unique constraint "patient_mrn_key"',
    );
    assert.doesNotMatch(lines.join(''), PHI);
  });
});
