// Test support for the saga engine's integration tests: a private copy of every topic the test
// saga touches (its subjects registered), the orchestrator's database, in-process orchestrators
// (restartable, replicable) and scripted participants, all against the real stack.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import {
  EncounterDischarged,
  FinalizeCharges,
  FinalizeChargesReply,
  ReleaseBed,
  ReleaseBedReply,
  RestoreBed,
  RestoreBedReply,
  ReverseCharges,
  ReverseChargesReply,
  SubmitClaim,
  SubmitClaimReply,
  Topics,
  VoidClaim,
  VoidClaimReply,
  type TopicContract,
} from '@meridian/contracts';
import {
  createMessaging,
  MESSAGING_ENTITIES,
  MessagingTables1795300000000,
  type Messaging,
} from '@meridian/messaging';
import { createLogger } from '@meridian/telemetry';
import {
  createTestDatabase,
  deleteSubject,
  getInfra,
  uniqueName,
  type InfraEndpoints,
  type TestDatabase,
} from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import {
  commandStep,
  defineSaga,
  hours,
  invoke,
  seconds,
  type RegisteredSaga,
} from '../definition.js';
import { SagaEngine, type EngineTopics } from '../engine/saga-engine.js';
import { SAGA_ENTITIES, SagaTables1795300100000 } from '../store/migrations.js';
import { SagaInstance } from '../store/saga-instance.entity.js';
import type { SagaStatus } from '../state.js';
import { startParticipant, type Behaviours, type Participant } from './participant.js';

/** The test saga's data. */
export type BedToClaim = {
  readonly encounterId: string;
  readonly dischargedAt: string;
  readonly unitId: string;
  readonly bedId: string;
  readonly chargeIds?: readonly string[];
  readonly total?: string;
  readonly codes?: string;
  readonly claimId?: string;
};

export interface FixtureTopics extends EngineTopics {
  readonly encounters: typeof Topics.ClinicalEncounterV1;
  readonly workforce: typeof Topics.WorkforceSyncCommandsV1;
  readonly revenue: typeof Topics.RevenueCycleCommandsV1;
}

export interface Orchestrator {
  readonly engine: SagaEngine;
  readonly messaging: Messaging;
  stop(): Promise<void>;
}

export interface SagaFixture {
  readonly infra: InfraEndpoints;
  readonly logger: Logger;
  readonly topics: FixtureTopics;
  /** The orchestrator's database (shared by its restarts and replicas). */
  readonly orchestratorDb: TestDatabase;
  readonly dataSource: DataSource;
  /** bed-to-claim: ReleaseBed / RestoreBed, FinalizeCharges / ReverseCharges, CodingReview (human task), SubmitClaim / VoidClaim. */
  readonly id: string;
  readonly sagaType: string;
  definition(options?: BedToClaimOptions): RegisteredSaga;
  startOrchestrator(definitions: readonly RegisteredSaga[], group?: string): Promise<Orchestrator>;
  participant(role: 'workforce' | 'revenue', behaviours?: Behaviours): Promise<Participant>;
  /** Publishes an EncounterDischarged on the fixture's encounters topic. */
  discharge(encounterId: string): Promise<void>;
  instance(encounterId: string): Promise<SagaInstance | null>;
  waitForStatus(encounterId: string, status: SagaStatus, timeoutMs?: number): Promise<SagaInstance>;
  cleanup(): Promise<void>;
}

export const sagaTypeFor = (id: string): string => `bed-to-claim-${id}`;

const renamed = <T extends TopicContract<unknown>>(topic: T, prefix: string): T => ({
  ...topic,
  name: `${prefix}.${topic.name}`,
});

export interface BedToClaimOptions {
  readonly version?: number;
  readonly withReview?: boolean;
  readonly replyTimeoutMs?: number;
  readonly attempts?: number;
}

/** The fixtures' topics: the catalogue's, renamed under a test's unique prefix. */
export function fixtureTopics(id: string): FixtureTopics {
  return {
    encounters: renamed(Topics.ClinicalEncounterV1, id),
    workforce: renamed(Topics.WorkforceSyncCommandsV1, id),
    revenue: renamed(Topics.RevenueCycleCommandsV1, id),
    replies: renamed(Topics.SagaRepliesV1, id),
    lifecycle: renamed(Topics.SagaLifecycleV1, id),
  };
}

/** The test saga (also built by orchestrator child processes from the same inputs). */
/**
 * The reply timeout outlasts a consumer group's session timeout (30 s): an orchestrator restarted
 * after kill -9 gets its partitions back before an in-flight command times out and is re-sent.
 */
export function bedToClaim(
  sagaType: string,
  topics: FixtureTopics,
  {
    version = 1,
    withReview = false,
    replyTimeoutMs = seconds(90),
    attempts = 2,
  }: BedToClaimOptions = {},
): RegisteredSaga {
  const key = (d: BedToClaim): string => d.encounterId;
  const retry = { attempts, backoffMs: 200 };
  return defineSaga<EncounterDischarged, BedToClaim>({
    name: sagaType,
    version,
    trigger: {
      topic: topics.encounters,
      record: EncounterDischarged,
      businessKey: (e) => e.encounterId,
      uniqueBy: 'business-key',
      data: (e) => ({
        encounterId: e.encounterId,
        dischargedAt: e.dischargedAt.toISOString(),
        unitId: e.location.unitId,
        bedId: e.location.bedId ?? '',
      }),
    },
    steps: [
      commandStep('ReleaseBed', {
        invoke: invoke(
          topics.workforce,
          ReleaseBed,
          ReleaseBedReply,
          (d: BedToClaim) => ({
            encounterId: d.encounterId,
            location: { facilityId: 'MGH', unitId: d.unitId, roomId: null, bedId: d.bedId },
            dischargedAt: d.dischargedAt,
          }),
          key,
        ),
        onReply: (d) => d,
        compensation: invoke(
          topics.workforce,
          RestoreBed,
          RestoreBedReply,
          (d: BedToClaim, forward) => ({
            compensatedCommandMessageId: forward ?? '',
            encounterId: d.encounterId,
            location: { facilityId: 'MGH', unitId: d.unitId, roomId: null, bedId: d.bedId },
            reason: 'compensated',
          }),
          key,
        ),
        timeoutMs: replyTimeoutMs,
        retry,
      }),
      commandStep('FinalizeCharges', {
        invoke: invoke(
          topics.revenue,
          FinalizeCharges,
          FinalizeChargesReply,
          (d: BedToClaim) => ({
            encounterId: d.encounterId,
            patientClass: 'INPATIENT' as const,
            admittedAt: d.dischargedAt,
            dischargedAt: d.dischargedAt,
            location: { facilityId: 'MGH', unitId: d.unitId, roomId: null, bedId: d.bedId },
            procedures: [],
            supplies: [],
            payerId: 'PAYER-1',
          }),
          key,
        ),
        onReply: (d, r: FinalizeChargesReply) => ({
          ...d,
          chargeIds: [...(r.chargeIds ?? [])],
          total: r.totalAmount ?? '0.00',
        }),
        compensation: invoke(
          topics.revenue,
          ReverseCharges,
          ReverseChargesReply,
          (d: BedToClaim, forward) => ({
            compensatedCommandMessageId: forward ?? '',
            encounterId: d.encounterId,
            chargeIds: d.chargeIds ?? [],
            reason: 'compensated',
          }),
          key,
        ),
        timeoutMs: replyTimeoutMs,
        retry,
      }),
      ...(withReview
        ? [
            {
              kind: 'wait' as const,
              name: 'CodingReview',
              humanTask: {
                type: 'CODING_REVIEW' as const,
                queue: 'coders',
                escalateAfterMs: hours(1),
                onComplete: (d: BedToClaim, input: Readonly<Record<string, unknown>>) => ({
                  ...d,
                  codes: String(input['codes'] ?? ''),
                }),
              },
            },
          ]
        : []),
      commandStep('SubmitClaim', {
        invoke: invoke(
          topics.revenue,
          SubmitClaim,
          SubmitClaimReply,
          (d: BedToClaim) => ({
            encounterId: d.encounterId,
            claimType: 'INSTITUTIONAL_837I' as const,
            payerId: 'PAYER-1',
            planId: null,
            patientClass: 'INPATIENT' as const,
            admittedAt: d.dischargedAt,
            dischargedAt: d.dischargedAt,
            dischargeDisposition: null,
            attendingProviderNpi: null,
            chargeIds: d.chargeIds ?? [],
            totalCharge: d.total ?? '0.00',
            currency: 'USD',
            diagnoses: [],
            procedures: [],
            drgCode: null,
          }),
          key,
        ),
        onReply: (d, r: SubmitClaimReply) => ({ ...d, claimId: r.claimId ?? '' }),
        compensation: invoke(
          topics.revenue,
          VoidClaim,
          VoidClaimReply,
          (d: BedToClaim, forward) => ({
            compensatedCommandMessageId: forward ?? '',
            claimId: d.claimId ?? '',
            encounterId: d.encounterId,
            payerId: 'PAYER-1',
            reason: 'compensated',
          }),
          key,
        ),
        timeoutMs: replyTimeoutMs,
        retry,
      }),
    ],
  });
}

export async function createSagaFixture(prefix: string): Promise<SagaFixture> {
  const infra = getInfra();
  const id = uniqueName(prefix);
  const logger = createLogger({ name: prefix, level: process.env['LOG_LEVEL'] ?? 'fatal' });
  const topics = fixtureTopics(id);
  const registry = new SchemaRegistry({ host: infra.schemaRegistryUrl });
  const subjects: string[] = [];
  for (const topic of Object.values(topics)) {
    for (const record of topic.records) {
      const subject = `${topic.name}-${record.fullName}`;
      subjects.push(subject);
      await registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(record.schema) },
        { subject },
      );
    }
  }
  const orchestratorDb = await createTestDatabase(infra.databaseUrl, `${prefix}_orch`);
  const dataSource = new DataSource({
    type: 'postgres',
    url: orchestratorDb.url,
    entities: [...MESSAGING_ENTITIES, ...SAGA_ENTITIES],
    migrations: [MessagingTables1795300000000, SagaTables1795300100000],
    extra: { max: 20 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const ehr = await createMessaging({
    serviceName: 'ehr',
    brokers: infra.kafkaBrokers,
    schemaRegistryUrl: infra.schemaRegistryUrl,
    logger,
    produces: [{ topic: topics.encounters, records: [EncounterDischarged] }],
  });
  const started: { stop(): Promise<void> }[] = [];
  const databases: TestDatabase[] = [orchestratorDb];
  const sagaType = sagaTypeFor(id);

  const fixture: SagaFixture = {
    id,
    sagaType,
    infra,
    logger,
    topics,
    orchestratorDb,
    dataSource,
    definition: (options = {}) => bedToClaim(sagaType, topics, options),
    async startOrchestrator(definitions, group = `${id}.orchestrator`) {
      const messaging = await createMessaging({
        serviceName: 'saga-orchestrator',
        brokers: infra.kafkaBrokers,
        schemaRegistryUrl: infra.schemaRegistryUrl,
        logger,
        dataSource,
        produces: SagaEngine.productions(definitions, topics),
      });
      await messaging.provision(SagaEngine.topics(definitions, topics));
      const engine = new SagaEngine({
        messaging,
        dataSource,
        definitions,
        logger,
        group,
        topics,
        timerPollMs: 100,
      });
      await engine.start();
      const orchestrator = {
        engine,
        messaging,
        stop: async () => {
          await engine.stop();
          await messaging.stop();
        },
      };
      started.push(orchestrator);
      return orchestrator;
    },
    async participant(role, behaviours = {}) {
      const db = await createTestDatabase(infra.databaseUrl, `${prefix}_${role}`);
      databases.push(db);
      const participant = await startParticipant({
        name: `${id}.${role}`,
        brokers: infra.kafkaBrokers,
        schemaRegistryUrl: infra.schemaRegistryUrl,
        databaseUrl: db.url,
        logger,
        topic: role === 'workforce' ? topics.workforce : topics.revenue,
        repliesTopic: topics.replies,
        behaviours,
      });
      started.push(participant);
      return participant;
    },
    async discharge(encounterId) {
      const at = new Date();
      await ehr.publisher.publish(
        topics.encounters,
        EncounterDischarged,
        {
          encounterId,
          patientMrn: `MRN-${encounterId}`,
          mrnAssigningAuthority: null,
          patientClass: 'INPATIENT',
          admittedAt: new Date(at.getTime() - 3 * 86_400_000),
          dischargedAt: at,
          location: { facilityId: 'MGH', unitId: '4W', roomId: '412', bedId: `4W-${encounterId}` },
          attendingProviderNpi: '1234567893',
          hospitalService: 'MED',
          dischargeDisposition: '01',
          diagnoses: [
            { icd10CmCode: 'I21.4', priority: 1, principal: true, diagnosisType: 'FINAL' },
          ],
          procedures: [],
          primaryPayerId: 'PAYER-1',
          primaryPlanId: null,
          sourceSystem: 'HL7V2',
          sourceControlId: `MSG-${encounterId}`,
        },
        { key: encounterId },
      );
    },
    instance: (encounterId) =>
      dataSource.manager.findOne(SagaInstance, { where: { sagaType, businessKey: encounterId } }),
    async waitForStatus(encounterId, status, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await fixture.instance(encounterId);
        if (found?.status === status) return found;
        if (Date.now() > deadline)
          throw new Error(
            `saga for ${encounterId} is ${found?.status ?? 'not started'}, not ${status}, after ${timeoutMs} ms`,
          );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async cleanup() {
      for (const s of started.reverse()) await s.stop();
      await ehr.stop();
      await dataSource.destroy();
      for (const db of databases) await db.drop();
      for (const subject of subjects) await deleteSubject(infra.schemaRegistryUrl, subject);
      const admin = new Kafka({
        brokers: [...infra.kafkaBrokers],
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${id}.`));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine });
      await admin.disconnect();
    },
  };
  return fixture;
}
