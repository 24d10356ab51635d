// Saga lifecycle records of made-up sagas, as the orchestrator publishes them, for the read model's
// tests: every saga type and business key unique to the test run.
import { randomBytes, randomUUID } from 'node:crypto';
import { HumanTaskCreated, SagaTransitioned, Topics } from '@meridian/contracts';
import type { SagaStatus } from '@meridian/contracts';
import type { Messaging } from '@meridian/messaging';

export interface SagaScript {
  readonly sagaId: string;
  readonly sagaType: string;
  readonly businessKey: string;
  readonly startedAt: Date;
  /** W3C trace id the records carry in their `traceparent` header. */
  readonly traceId: string;
}

export function newSaga(sagaType: string, startedAt: Date): SagaScript {
  return {
    sagaId: randomUUID(),
    sagaType,
    businessKey: `ENC-${randomBytes(6).toString('hex')}`,
    startedAt,
    traceId: randomBytes(16).toString('hex'),
  };
}

export interface TransitionStep {
  readonly version: number;
  readonly from: SagaStatus | null;
  readonly to: SagaStatus;
  readonly step: string | null;
  readonly at: Date;
  readonly expectedBy?: Date | null;
}

function options(saga: SagaScript): {
  key: string;
  correlationId: string;
  headers: Record<string, string>;
} {
  return {
    key: saga.sagaId,
    correlationId: saga.sagaId,
    headers: { traceparent: `00-${saga.traceId}-${randomBytes(8).toString('hex')}-01` },
  };
}

export async function publishTransition(
  sender: Messaging,
  saga: SagaScript,
  t: TransitionStep,
): Promise<void> {
  await sender.publisher.publish(
    Topics.SagaLifecycleV1,
    SagaTransitioned,
    {
      sagaId: saga.sagaId,
      sagaType: saga.sagaType,
      definitionVersion: 1,
      businessKey: saga.businessKey,
      fromStatus: t.from,
      toStatus: t.to,
      stepName: t.step,
      error: null,
      stateVersion: t.version,
      transitionedAt: t.at,
      startedAt: saga.startedAt,
      stepExpectedBy: t.expectedBy ?? null,
    },
    options(saga),
  );
}

export async function publishTask(
  sender: Messaging,
  saga: SagaScript,
  task: { taskId: string; step: string; team: string; dueAt: Date },
): Promise<void> {
  await sender.publisher.publish(
    Topics.SagaLifecycleV1,
    HumanTaskCreated,
    {
      taskId: task.taskId,
      sagaId: saga.sagaId,
      sagaType: saga.sagaType,
      businessKey: saga.businessKey,
      stepName: task.step,
      taskType: 'CHARGEMASTER_ENTRY_MISSING',
      assigneeQueue: task.team,
      dueAt: task.dueAt,
      subjectReference: saga.businessKey,
      team: task.team,
      reasonCode: 'CHARGE_CODE_NOT_FOUND',
      reason: 'a charge code is missing',
      details: null,
    },
    options(saga),
  );
}
