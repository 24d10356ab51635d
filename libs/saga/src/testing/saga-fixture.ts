// Test support for the saga engine's integration tests: a private copy of every topic the test
// saga touches (its subjects registered), the orchestrator's database, in-process orchestrators
// (restartable, replicable) and scripted participants, all against the real stack.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import {
  EncounterDischargeCancelled,
  EncounterDischarged,
  FinalizeCharges,
  ReleaseBed,
  RestoreBed,
  ReverseCharges,
  SubmitClaim,
  Topics,
  VoidClaim,
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
  withKafkaAdmin,
  within,
  type InfraEndpoints,
  type TestDatabase,
} from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { hours, seconds, type RegisteredSaga } from '../definition.js';
import { defineSaga, finalRejection, workItem } from '../dsl.js';
import { SagaEngine, type EngineTopics } from '../engine/saga-engine.js';
import { HumanTask } from '../store/human-task.entity.js';
import { SAGA_ENTITIES, SAGA_MIGRATIONS } from '../store/migrations.js';
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
  /** Publishes an EncounterDischargeCancelled (ADT^A13): the saga's cancellation message. */
  cancelDischarge(encounterId: string): Promise<void>;
  instance(encounterId: string): Promise<SagaInstance | null>;
  waitForStatus(encounterId: string, status: SagaStatus, timeoutMs?: number): Promise<SagaInstance>;
  /** Polls the instance until `done` holds (or fails after `timeoutMs`, naming `what`). */
  waitFor(
    encounterId: string,
    what: string,
    done: (instance: SagaInstance) => boolean,
    timeoutMs?: number,
  ): Promise<SagaInstance>;
  /** The saga's human tasks, oldest first. */
  tasks(sagaId: string): Promise<HumanTask[]>;
  cleanup(): Promise<void>;
}

export const sagaTypeFor = (id: string): string => `bed-to-claim-${id}`;

const renamed = <T extends TopicContract<unknown>>(topic: T, prefix: string): T => ({
  ...topic,
  name: `${prefix}.${topic.name}`,
});

export interface BedToClaimOptions {
  readonly version?: number;
  /** A CodingReview wait step (a task for team `coders`) before SubmitClaim. */
  readonly withReview?: boolean;
  /** The saga's reply timeout; default 8 s. */
  readonly replyTimeoutMs?: number;
  /** Attempts per step before the saga is SUSPENDED; default 2 (200 ms apart). */
  readonly attempts?: number;
  /** How long an incident is retried on its own (every 500 ms doubling to 2 s); default 20 s. */
  readonly incidentWindowMs?: number;
}

/** The team that owns the test saga's tasks (its work items and refused compensations). */
export const TEST_TEAM = 'revenue-integrity';
/** FinalizeCharges' rejection that opens a CHARGEMASTER_ENTRY_MISSING work item for TEST_TEAM. */
export const MISSING_CHARGE_CODE = 'CHARGE_CODE_NOT_FOUND';
/** SubmitClaim's rejection that is final: the completed steps are compensated. */
export const CLAIM_REFUSED = 'CLAIM_REFUSED';

/**
 * The tests' consumer groups wait at most 500 ms on a fetch (kafkajs' default 5 s is how long a
 * stop waited for the fetch in flight, on every orchestrator, participant and probe of every test).
 */
export const TEST_CONSUMER_OPTIONS = { maxWaitTimeMs: 500 } as const;

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

/**
 * The test saga (also built by orchestrator child processes from the same inputs): the commands go
 * to the fixture's private topics, with a policy short enough for tests.
 */
export function bedToClaim(
  sagaType: string,
  topics: FixtureTopics,
  {
    version = 1,
    withReview = false,
    replyTimeoutMs = seconds(8),
    attempts = 2,
    incidentWindowMs = seconds(20),
  }: BedToClaimOptions = {},
): RegisteredSaga {
  const workforce = { topic: topics.workforce };
  const revenue = { topic: topics.revenue };
  const location = (d: BedToClaim) => ({
    facilityId: 'MGH',
    unitId: d.unitId,
    roomId: null,
    bedId: d.bedId,
  });
  const saga = defineSaga<BedToClaim>(sagaType, version)
    .startedBy(EncounterDischarged, {
      topic: topics.encounters,
      businessKey: (e) => e.encounterId,
      data: (e) => ({
        encounterId: e.encounterId,
        dischargedAt: e.dischargedAt.toISOString(),
        unitId: e.location.unitId,
        bedId: e.location.bedId ?? '',
      }),
    })
    .cancelledBy(EncounterDischargeCancelled, (c) => c.encounterId, { topic: topics.encounters })
    .policy({
      replyTimeoutMs,
      retry: { attempts, initialDelayMs: 200, multiplier: 2, maxDelayMs: 1_000 },
      incident: { backoffMs: 500, maxBackoffMs: 2_000, windowMs: incidentWindowMs },
      team: TEST_TEAM,
      escalateAfterMs: hours(1),
    })
    .step('ReleaseBed')
    .invoke(
      ReleaseBed,
      (d) => ({ encounterId: d.encounterId, location: location(d), dischargedAt: d.dischargedAt }),
      workforce,
    )
    .compensateWith(
      RestoreBed,
      (d) => ({ encounterId: d.encounterId, location: location(d), reason: 'compensated' }),
      workforce,
    )
    .step('FinalizeCharges')
    .invoke(
      FinalizeCharges,
      (d) => ({
        encounterId: d.encounterId,
        patientClass: 'INPATIENT' as const,
        admittedAt: d.dischargedAt,
        dischargedAt: d.dischargedAt,
        location: location(d),
        procedures: [],
        supplies: [],
        payerId: 'PAYER-1',
      }),
      revenue,
    )
    .onReply((d, r) => ({
      ...d,
      chargeIds: [...(r.chargeIds ?? [])],
      total: r.totalAmount ?? '0.00',
    }))
    .compensateWith(
      ReverseCharges,
      (d) => ({ encounterId: d.encounterId, chargeIds: d.chargeIds ?? [], reason: 'compensated' }),
      revenue,
    )
    .onRejection(
      MISSING_CHARGE_CODE,
      workItem<BedToClaim>({ type: 'CHARGEMASTER_ENTRY_MISSING', team: TEST_TEAM }),
    );
  const reviewed = withReview
    ? saga.wait('CodingReview', {
        task: {
          type: 'CODING_REVIEW',
          team: 'coders',
          escalateAfterMs: hours(1),
          onComplete: (d, input) => ({ ...d, codes: String(input['codes'] ?? '') }),
        },
      })
    : saga;
  return reviewed
    .step('SubmitClaim')
    .invoke(
      SubmitClaim,
      (d) => ({
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
      revenue,
    )
    .onReply((d, r) => ({ ...d, claimId: r.claimId ?? '' }))
    .compensateWith(
      VoidClaim,
      (d) => ({
        claimId: d.claimId ?? '',
        encounterId: d.encounterId,
        payerId: 'PAYER-1',
        reason: 'compensated',
      }),
      revenue,
    )
    .onRejection(CLAIM_REFUSED, finalRejection)
    .build();
}

export async function createSagaFixture(prefix: string): Promise<SagaFixture> {
  const infra = getInfra();
  const id = uniqueName(prefix);
  const logger = createLogger({ name: prefix, level: process.env['LOG_LEVEL'] ?? 'fatal' });
  const topics = fixtureTopics(id);
  const registry = new SchemaRegistry({ host: infra.schemaRegistryUrl });
  const all: TopicContract<unknown>[] = Object.values(topics);
  const records = all.flatMap((topic) =>
    topic.records.map((record) => ({ subject: `${topic.name}-${record.fullName}`, record })),
  );
  const subjects = records.map((r) => r.subject);
  await Promise.all(
    records.map(({ subject, record }) =>
      registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(record.schema) },
        { subject },
      ),
    ),
  );
  const orchestratorDb = await createTestDatabase(infra.databaseUrl, `${prefix}_orch`);
  const dataSource = new DataSource({
    type: 'postgres',
    url: orchestratorDb.url,
    entities: [...MESSAGING_ENTITIES, ...SAGA_ENTITIES],
    migrations: [MessagingTables1795300000000, ...SAGA_MIGRATIONS],
    extra: { max: 20 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const ehr = await createMessaging({
    serviceName: 'ehr',
    brokers: infra.kafkaBrokers,
    schemaRegistryUrl: infra.schemaRegistryUrl,
    logger,
    produces: [
      { topic: topics.encounters, records: [EncounterDischarged, EncounterDischargeCancelled] },
    ],
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
        consumerOptions: TEST_CONSUMER_OPTIONS,
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
        consumerOptions: TEST_CONSUMER_OPTIONS,
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
          visitNumber: null,
          visitNumberAuthority: null,
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
    async cancelDischarge(encounterId) {
      await ehr.publisher.publish(
        topics.encounters,
        EncounterDischargeCancelled,
        {
          encounterId,
          visitNumber: null,
          visitNumberAuthority: null,
          patientMrn: `MRN-${encounterId}`,
          mrnAssigningAuthority: null,
          cancelledAt: new Date(),
          location: { facilityId: 'MGH', unitId: '4W', roomId: '412', bedId: `4W-${encounterId}` },
          sourceSystem: 'HL7V2',
          sourceControlId: `MSG-${encounterId}-A13`,
        },
        { key: encounterId },
      );
    },
    instance: (encounterId) =>
      dataSource.manager.findOne(SagaInstance, { where: { sagaType, businessKey: encounterId } }),
    async waitFor(encounterId, what, done, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await within(
          `reading the saga for ${encounterId}`,
          Math.max(deadline - Date.now(), 5_000),
          fixture.instance(encounterId),
        );
        if (found && done(found)) return found;
        if (Date.now() > deadline)
          throw new Error(
            `saga for ${encounterId} (${found?.status ?? 'not started'}, step ${found?.stepIndex ?? '-'}): not ${what} after ${timeoutMs} ms; last error ${JSON.stringify(found?.lastError ?? null)}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    waitForStatus: (encounterId, status, timeoutMs) =>
      fixture.waitFor(encounterId, status, (i) => i.status === status, timeoutMs),
    tasks: (sagaId) =>
      dataSource.manager.find(HumanTask, { where: { sagaId }, order: { createdAt: 'ASC' } }),
    async cleanup() {
      // All at once: a stop waits for its consumers' fetch in flight (kafkajs' long poll, up to
      // 5 s), so stopping the orchestrators and participants one after the other cost that each.
      await Promise.all([...started.map((s) => s.stop()), ehr.stop()]);
      await dataSource.destroy();
      await Promise.all([
        ...databases.map((db) => db.drop()),
        ...subjects.map((subject) => deleteSubject(infra.schemaRegistryUrl, subject)),
        withKafkaAdmin(
          new Kafka({ brokers: [...infra.kafkaBrokers], logLevel: logLevel.NOTHING }),
          async (admin) => {
            const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${id}.`));
            if (mine.length > 0) await admin.deleteTopics({ topics: mine });
          },
        ),
      ]);
    },
  };
  return fixture;
}
