import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { DataSource } from 'typeorm';
import type { QueryRunner } from 'typeorm';
import { WORKFORCE_ENTITIES } from '../database/migrations.js';
import { WorkforceHarness } from '../testing/workforce-harness.js';
import { BoardTransaction } from './board-transaction.js';
import type { Publish } from './board-transaction.js';

const SETTINGS = { defaultFacility: 'MGH', staffingRatios: new Map() };
const CAUSE = { at: new Date(), sagaId: null };
const nothingPublished: Publish = () => {
  throw new Error('locking publishes nothing');
};

/** Whether `promise` is still pending after `ms`. */
async function pendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const settled = Symbol('settled');
  return (await Promise.race([promise.then(() => settled), sleep(ms)])) !== settled;
}

describe('workforce-sync bed board lock against the real database', () => {
  let wf: WorkforceHarness;
  let dataSource: DataSource;
  const runners: QueryRunner[] = [];

  before(async () => {
    wf = await WorkforceHarness.start();
    dataSource = new DataSource({
      type: 'postgres',
      url: wf.service.database.url,
      entities: WORKFORCE_ENTITIES,
    });
    await dataSource.initialize();
  });
  after(async () => {
    for (const runner of runners) await runner.release();
    await dataSource?.destroy();
    await wf?.stop();
  });

  async function transaction(): Promise<BoardTransaction> {
    const runner = dataSource.createQueryRunner();
    runners.push(runner);
    await runner.startTransaction();
    return new BoardTransaction(runner.manager, nothingPublished, SETTINGS, CAUSE);
  }

  test('two transactions locking the same units in opposite orders (as two batches of messages do) run one after the other, without a deadlock', async () => {
    const [first, second] = [await transaction(), await transaction()];
    const fourWest = { facilityId: 'MGH', unitId: '4W' };
    const fiveEast = { facilityId: 'MGH', unitId: '5E' };
    assert.deepEqual([...(await first.lockUnits([fourWest])).keys()], ['MGH:4W']);
    // Unit 5E is free, but the board is the first transaction's until it ends.
    const secondLocked = second.lockUnits([fiveEast]);
    assert.ok(await pendingAfter(secondLocked, 300), 'the second waits for the board');
    assert.deepEqual([...(await first.lockUnits([fiveEast])).keys()], ['MGH:5E']);
    await first.manager.queryRunner?.commitTransaction();
    assert.deepEqual([...(await secondLocked).keys()], ['MGH:5E']);
    assert.deepEqual([...(await second.lockUnits([fourWest])).keys()], ['MGH:4W']);
    await second.manager.queryRunner?.commitTransaction();
  });
});
