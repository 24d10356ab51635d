import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Topics } from '@meridian/contracts';
import avro from 'avsc';
import { parseParticipantConfig } from './participant.config.js';
import { pairCommands, replyDraft, reviveResult } from './participant-reply.js';

const COMMAND_TOPICS = [
  Topics.WorkforceSyncCommandsV1,
  Topics.SupplyConsumptionCommandsV1,
  Topics.RevenueCycleCommandsV1,
  Topics.ProcureToPayCommandsV1,
];
const saga = { sagaId: 'c2b1d3e4-0000-4000-8000-000000000001', stepName: 'Step' };
const commandMessageId = '6f1c8c1e-6a39-4a4b-9d37-4f3f5d0f8a01';
// Plain avsc reads timestamp-millis as a long: enough to check the shape of a reply.
const envelope = {
  messageId: '0b8f3d7e-1111-4222-8333-444455556666',
  occurredAt: Date.parse('2026-03-02T10:00:00Z'),
  correlationId: saga.sagaId,
  causationId: commandMessageId,
  source: 'participant',
};

describe('participant replies', () => {
  it('pairs every command of every command topic with its <Command>Reply', () => {
    const paired = COMMAND_TOPICS.flatMap((topic) => [
      ...pairCommands(topic, Topics.SagaRepliesV1).values(),
    ]);
    assert.equal(paired.length, 20, 'UnreconcileEncounterSupplies is the 20th command');
    for (const { command, reply } of paired)
      assert.equal(reply.fullName, `${command.fullName}Reply`);
  });

  it('builds a reply to every command that its Avro schema accepts, result fields null', () => {
    for (const topic of COMMAND_TOPICS) {
      for (const pairing of pairCommands(topic, Topics.SagaRepliesV1).values()) {
        const type = avro.Type.forSchema(pairing.reply.schema as avro.Schema);
        const succeeded = replyDraft(pairing, saga, commandMessageId, {
          outcome: 'SUCCEEDED',
          result: {},
        });
        const failed = replyDraft(pairing, saga, commandMessageId, {
          outcome: 'FAILED',
          failure: { code: 'TIMEOUT', message: 'no answer', retriable: true, details: null },
        });
        for (const draft of [succeeded, failed]) {
          const problems: string[] = [];
          const valid = type.isValid(
            { envelope, ...draft },
            { errorHook: (path) => problems.push(path.join('.')) },
          );
          assert.ok(valid, `${pairing.reply.fullName} invalid at ${problems.join(', ')}`);
        }
        for (const field of pairing.resultFields) assert.equal(succeeded[field], null);
        assert.equal(succeeded['failure'], null);
        assert.equal(succeeded['commandMessageId'], commandMessageId);
      }
    }
  });

  it('sets result fields only on success and rejects fields the reply does not have', () => {
    const pairing = pairCommands(Topics.WorkforceSyncCommandsV1, Topics.SagaRepliesV1).get(
      'health.meridian.workforce.ReleaseBed',
    );
    assert.ok(pairing);
    const ok = replyDraft(pairing, saga, commandMessageId, {
      outcome: 'SUCCEEDED',
      result: { bedStatus: 'CLEANING', unitCensus: 17 },
    });
    assert.deepEqual(ok, {
      ...saga,
      commandMessageId,
      outcome: 'SUCCEEDED',
      failure: null,
      bedStatus: 'CLEANING',
      unitCensus: 17,
    });
    assert.throws(
      () =>
        replyDraft(pairing, saga, commandMessageId, {
          outcome: 'SUCCEEDED',
          result: { bedStaus: 'CLEANING' },
        }),
      /ReleaseBedReply has no result field bedStaus \(result fields: bedStatus, unitCensus\)/,
    );
    assert.throws(
      () =>
        replyDraft(pairing, saga, commandMessageId, {
          outcome: 'SUCCEEDED',
          result: { outcome: 'FAILED' },
        }),
      /has no result field outcome/,
    );
  });

  it('revives the timestamps of a JSON result from the reply schema', () => {
    const coding = pairCommands(Topics.RevenueCycleCommandsV1, Topics.SagaRepliesV1).get(
      'health.meridian.revenue.CompleteCoding',
    );
    assert.ok(coding);
    const revived = reviveResult(coding, {
      codedAt: '2026-03-02T10:15:00Z',
      drgCode: '470',
      codedBy: 'RULES',
    });
    assert.deepEqual(revived, {
      codedAt: new Date('2026-03-02T10:15:00Z'),
      drgCode: '470',
      codedBy: 'RULES',
    });
    assert.throws(
      () => reviveResult(coding, { codedAt: 'yesterday' }),
      /"yesterday" is not a time/,
    );
  });

  it('reads a participant process configuration, naming what is wrong', () => {
    const config = parseParticipantConfig(
      JSON.stringify({
        name: 'supply-test',
        topic: 'supply-consumption.commands.v1',
        databaseUrl: 'postgres://localhost/x',
        behaviours: {
          'health.meridian.supply.RequestReplenishment': {
            kind: 'succeed',
            result: { replenishmentRequestId: 'RR-1', requestedAt: '2026-03-02T11:00:00Z' },
          },
        },
        accept: { sources: ['orchestrator-1'] },
      }),
    );
    assert.equal(config.topic, Topics.SupplyConsumptionCommandsV1);
    assert.deepEqual(
      (config.behaviours as Record<string, unknown>)['health.meridian.supply.RequestReplenishment'],
      {
        kind: 'succeed',
        result: { replenishmentRequestId: 'RR-1', requestedAt: new Date('2026-03-02T11:00:00Z') },
      },
    );
    const base = { name: 'p', topic: 'workforce-sync.commands.v1', databaseUrl: 'postgres://x' };
    const parse = (extra: object): unknown =>
      parseParticipantConfig(JSON.stringify({ ...base, ...extra }));
    assert.throws(
      () => parse({ topic: 'nope.v1' }),
      /topic must be a catalogue topic, got "nope.v1"/,
    );
    assert.throws(
      () => parse({ behaviours: { 'health.meridian.revenue.SubmitClaim': { kind: 'succeed' } } }),
      /workforce-sync.commands.v1 has no health.meridian.revenue.SubmitClaim/,
    );
    assert.throws(
      () => parse({ behaviours: { 'health.meridian.workforce.ReleaseBed': { kind: 'wait' } } }),
      /behaviours\["health.meridian.workforce.ReleaseBed"\]: kind must be one of/,
    );
    assert.throws(() => parse({ accept: { source: 'x' } }), /accept.source is unknown/);
    assert.deepEqual(
      (parse({ sessionTimeoutMs: 10_000 }) as { consumerOptions?: unknown }).consumerOptions,
      { sessionTimeoutMs: 10_000 },
    );
    assert.throws(
      () => parse({ sessionTimeoutMs: '10s' }),
      /sessionTimeoutMs must be a positive integer/,
    );
    assert.throws(() => parseParticipantConfig('{'), /PARTICIPANT_CONFIG is not JSON/);
  });
});
