import type { ErrorMapping } from '@meridian/service-kit';
import { MessageBusyError, PayloadPurgedError } from '../messages/message-store.js';

/** No stored message has that id. */
export class MessageNotFoundError extends Error {
  constructor(id: string) {
    super(`message ${id} does not exist`);
    this.name = 'MessageNotFoundError';
  }
}

/** Reprocessing a PROCESSED message would publish its event twice. */
export class AlreadyProcessedError extends Error {
  constructor(id: string) {
    super(`message ${id} was processed already; its event is in Kafka`);
    this.name = 'AlreadyProcessedError';
  }
}

/** How the pipeline's errors reach HTTP clients (problem+json; the message is the detail). */
export const INGEST_ERROR_MAPPINGS: readonly ErrorMapping[] = [
  { error: MessageNotFoundError, status: 404 },
  {
    error: AlreadyProcessedError,
    status: 409,
    type: 'urn:meridian:problem:already-processed',
    title: 'Already processed',
  },
  {
    error: MessageBusyError,
    status: 409,
    type: 'urn:meridian:problem:message-busy',
    title: 'Being processed; try again',
  },
  {
    error: PayloadPurgedError,
    status: 410,
    type: 'urn:meridian:problem:payload-purged',
    title: 'Raw payload purged',
  },
];
