import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EncounterCoded, Topics } from '@meridian/contracts';
import { allRecords, participantMessaging, serviceTopics } from './service-messaging.js';

describe('serviceTopics', () => {
  test('are the topics a service publishes to, then those it only reads, each once', () => {
    const topics = serviceTopics({
      produces: [
        { topic: Topics.SagaRepliesV1, records: [] },
        { topic: Topics.SupplyUsageV1, records: [] },
      ],
      consumedTopics: [Topics.SupplyConsumptionCommandsV1, Topics.SupplyUsageV1],
    });
    assert.deepEqual(
      topics.map((t) => t.name),
      [
        Topics.SagaRepliesV1.name,
        Topics.SupplyUsageV1.name,
        Topics.SupplyConsumptionCommandsV1.name,
      ],
    );
  });

  test('of a service that consumes nothing are those it publishes to', () => {
    const topics = serviceTopics({ produces: [{ topic: Topics.RevenueClaimV1, records: [] }] });
    assert.deepEqual(
      topics.map((t) => t.name),
      [Topics.RevenueClaimV1.name],
    );
  });
});

describe('participantMessaging', () => {
  const logger = {} as never;

  test('produces the reply to every command of the commands topic and consumes the topic', () => {
    const options = participantMessaging({
      logger,
      answers: Topics.WorkforceSyncCommandsV1,
      produces: allRecords(Topics.WorkforceBedV1),
      consumedTopics: [Topics.ClinicalEncounterV1],
    });
    assert.deepEqual(
      options.produces.map((p) => [
        p.topic.name,
        p.records.map((r) => r.fullName.split('.').pop()),
      ]),
      [
        [Topics.SagaRepliesV1.name, ['ReleaseBedReply', 'RestoreBedReply']],
        [Topics.WorkforceBedV1.name, ['BedStatusChanged']],
      ],
    );
    assert.deepEqual(
      options.consumedTopics?.map((t) => t.name),
      [Topics.WorkforceSyncCommandsV1.name, Topics.ClinicalEncounterV1.name],
    );
  });

  test('names a command whose reply the catalogue lacks', () => {
    const commands = { ...Topics.RevenueCodingV1, records: [EncounterCoded] };
    assert.throws(
      () => participantMessaging({ logger, answers: commands, produces: [] }),
      /saga\.replies\.v1 has no reply to .*EncounterCoded/,
    );
  });

  test('leaves a service that answers no commands as it is', () => {
    const options = { logger, produces: allRecords(Topics.RevenueClaimV1) };
    assert.equal(participantMessaging(options), options);
  });
});
