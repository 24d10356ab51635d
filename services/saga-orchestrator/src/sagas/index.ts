import type { RegisteredSaga } from '@meridian/saga';
import { dischargeToRevenue } from './discharge-to-revenue.saga.js';
import { implantToInvoice } from './implant-to-invoice.saga.js';

/** Every definition version this orchestrator runs (older versions stay while instances use them). */
export const SAGA_DEFINITIONS: readonly RegisteredSaga[] = [dischargeToRevenue, implantToInvoice];
