import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ReleaseBedReply } from '@meridian/contracts';
import type { ReleaseBed } from '@meridian/contracts';
import type { Draft } from '@meridian/messaging';
import { createTestDatabase, getInfra, until } from '@meridian/testing';
import type { TestDatabase } from '@meridian/testing';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { SagaParticipantAnswers1795600000000 } from '../participant-store/participant-answer.migration.js';
import { answerCommand, commandRef, DEFERRED, sendReply } from './command-reply.js';
import type { Answer, CommandContext, ReplySender } from './command-reply.js';

const infra = getInfra();
const STEP = 'ReleaseBed';

let db: TestDatabase;
let dataSource: DataSource;

before(async () => {
  db = await createTestDatabase(infra.databaseUrl, 'answer_race');
  dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    migrations: [SagaParticipantAnswers1795600000000],
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
});

after(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

const answersOf = (sagaId: string): Promise<{ outcome: string }[]> =>
  dataSource.query<{ outcome: string }[]>(
    'SELECT outcome FROM saga_participant_answer WHERE saga_id = $1',
    [sagaId],
  );

describe('answerCommand in PostgreSQL: resends that race, deferred answers that fail', () => {
  /** A command as the runtime hands it over, and a context capturing what it publishes. */
  function releaseBedCommand(sagaId: string): ReleaseBed {
    return {
      envelope: {
        messageId: randomUUID(),
        occurredAt: new Date(),
        correlationId: sagaId,
        causationId: null,
        source: 'answer-race-spec',
      },
      sagaId,
      sagaType: 'discharge-to-revenue',
      stepName: STEP,
      encounterId: 'V-1',
      location: { facilityId: null, unitId: '4WEST', roomId: '412', bedId: '412-A' },
      dischargedAt: new Date('2026-03-02T10:00:00Z'),
    };
  }
  interface Captured {
    readonly ctx: CommandContext;
    readonly sent: Draft<ReleaseBedReply>[];
  }
  const capturing = (manager: EntityManager): Captured => {
    const sent: Draft<ReleaseBedReply>[] = [];
    const publish: ReplySender = async (_topic, _contract, draft) => {
      sent.push(draft as Draft<ReleaseBedReply>);
      return randomUUID();
    };
    return { ctx: { manager, publish }, sent };
  };

  it('works a step once when its resend arrives while the first command is still being worked', async () => {
    const sagaId = randomUUID();
    const [a, b] = [dataSource.createQueryRunner(), dataSource.createQueryRunner()];
    await a.startTransaction();
    await b.startTransaction();
    try {
      const first = capturing(a.manager);
      const second = capturing(b.manager);
      let runs = 0;
      let finishFirst!: () => void;
      const held = new Promise<void>((resolve) => (finishFirst = resolve));
      const working = answerCommand(
        first.ctx,
        releaseBedCommand(sagaId),
        ReleaseBedReply,
        async () => {
          runs += 1;
          await held;
          return { bedStatus: 'CLEANING' as const, unitCensus: 4 };
        },
      );
      await until('the first command is being worked', async () => runs === 1);
      const resend = releaseBedCommand(sagaId);
      const waiting = answerCommand(second.ctx, resend, ReleaseBedReply, async () => {
        runs += 1;
        return { bedStatus: 'CLEANING' as const, unitCensus: 99 };
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(second.sent.length, 0, 'the resend waits for the first transaction');

      finishFirst();
      await working;
      await a.commitTransaction();
      await waiting;
      await b.commitTransaction();
      assert.equal(runs, 1);
      assert.equal(second.sent[0]?.unitCensus, 4);
      assert.equal(second.sent[0]?.commandMessageId, resend.envelope.messageId);
    } finally {
      await a.release();
      await b.release();
    }
  });

  it('forgets a deferred answer that ends in a rejection, so the next resend is worked again', async () => {
    const sagaId = randomUUID();
    const command = releaseBedCommand(sagaId);
    let runs = 0;
    const deferOnce = async (): Promise<Answer<ReleaseBedReply>> => {
      runs += 1;
      return runs === 1 ? DEFERRED : { bedStatus: 'CLEANING', unitCensus: runs };
    };
    const rejection = {
      outcome: 'FAILED' as const,
      failure: {
        code: 'BED_NOT_FOUND',
        message: 'not on the bed board',
        retriable: false,
        details: null,
      },
    };
    const sent = await dataSource.transaction(async (manager) => {
      const { ctx, sent: drafts } = capturing(manager);
      await answerCommand(ctx, command, ReleaseBedReply, deferOnce);
      await sendReply(ctx, ReleaseBedReply, commandRef(command), rejection);
      return drafts;
    });
    assert.deepEqual(
      sent.map((d) => [d.outcome, d.failure?.code]),
      [['FAILED', 'BED_NOT_FOUND']],
    );
    assert.deepEqual(await answersOf(sagaId), []);

    const resend = releaseBedCommand(sagaId);
    const answered = await dataSource.transaction(async (manager) => {
      const { ctx, sent: drafts } = capturing(manager);
      await answerCommand(ctx, resend, ReleaseBedReply, deferOnce);
      return drafts;
    });
    assert.equal(runs, 2);
    assert.deepEqual(
      answered.map((d) => [d.outcome, d.unitCensus, d.commandMessageId]),
      [['SUCCEEDED', 2, resend.envelope.messageId]],
    );
  });
});
