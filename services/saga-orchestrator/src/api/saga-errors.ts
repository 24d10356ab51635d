import { IllegalTransitionError, SagaNotFoundError, StaleSagaError } from '@meridian/saga';
import type { ErrorMapping } from '@meridian/service-kit';

/** How the engine's typed errors reach HTTP clients (problem+json; the message is the detail). */
export const SAGA_ERROR_MAPPINGS: readonly ErrorMapping[] = [
  { error: SagaNotFoundError, status: 404 },
  {
    error: IllegalTransitionError,
    status: 409,
    type: 'urn:meridian:problem:illegal-transition',
    title: 'Not possible in the current state',
  },
  {
    error: StaleSagaError,
    status: 409,
    type: 'urn:meridian:problem:concurrent-update',
    title: 'Changed concurrently; try again',
  },
];
