// The whole platform for one e2e file: every service as its own process on fresh databases, an MLLP
// connection to encounter-ingest, and typed reads of each service's HTTP API.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MllpClient } from '@meridian/hl7';
import { SIGNATURE_HEADER, signWebhook } from '@meridian/service-kit';
import {
  freePort,
  roleToken,
  startPlatform,
  until,
  withBearer,
  type Platform,
} from '@meridian/testing';

export interface SagaView {
  readonly id: string;
  readonly businessKey: string;
  readonly status: string;
  readonly currentStep: string | null;
}

/** Where a bed is: facility, unit, room, bed. */
export type BedAt = [facilityId: string, unitId: string, roomId: string, bedId: string];

export interface Bed {
  readonly status: string;
  readonly encounterId: string | null;
}

export interface Charge {
  readonly chargeId: string;
  readonly sagaId: string | null;
  readonly cdmCode: string;
  readonly amount: string;
  readonly status: string;
}

export interface Charges {
  readonly charges: readonly Charge[];
  readonly summary: { readonly activeTotal: string; readonly activeCount: number };
}

export interface Claim {
  readonly claimId: string;
  readonly status: string;
  readonly totalCharge: string;
  readonly principalDiagnosisCode: string;
  readonly attendingProviderNpi: string | null;
  readonly chargeIds: readonly string[];
  readonly lines: readonly { readonly chargeAmount: string }[];
}

export interface Journal {
  readonly journalId: string;
  readonly sourceId: string;
  readonly status: string;
  readonly totalDebit: string;
  readonly totalCredit: string;
  readonly reversesJournalId: string | null;
  readonly reversedByJournalId: string | null;
}

export interface Task {
  readonly id: string;
  readonly sagaId: string;
  readonly taskType: string;
  readonly team: string;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly details: Readonly<Record<string, string>> | null;
}

export interface CodingItem {
  readonly id: string;
  readonly status: string;
  readonly sagaId: string;
}

/** Calls of one caller to the services' HTTP APIs. */
export interface ServiceHttp {
  /**
   * `fetch` on a service's HTTP API with the caller's bearer token (the harness': every role),
   * unless `init` names an Authorization of its own. For a call without a token, a plain `fetch`.
   */
  fetch(service: string, path: string, init?: RequestInit): Promise<Response>;
  /** GET `path`, asserting 200, as JSON. */
  get<T>(service: string, path: string): Promise<T>;
  post<T>(
    service: string,
    path: string,
    body: unknown,
    contentType?: string,
  ): Promise<{ status: number; body: T }>;
  put<T>(
    service: string,
    path: string,
    body: unknown,
    contentType?: string,
  ): Promise<{ status: number; body: T }>;
}

export interface E2e extends ServiceHttp {
  readonly platform: Platform;
  /** A fresh visit number for this run. */
  visit(label: string): string;
  /**
   * The headers that sign `rawBody` for workforce-sync's HR webhook (`POST /hr/events`) with this
   * platform's HR_WEBHOOK_SECRET.
   */
  signHrEvent(rawBody: string): Record<string, string>;
  /** Sends an HL7 message over MLLP; resolves with the ACK's MSA-1 and the ACK. */
  send(message: string): Promise<{ readonly code: string; readonly ack: string }>;
  /** Sends one MLLP frame as bytes (another charset than UTF-8); resolves with the ACK's bytes. */
  sendFrame(frame: Buffer): Promise<Buffer>;
  /** The same calls with the token of the demo user holding only `role` (`roleToken`). */
  as(role: string): ServiceHttp;
  /** The saga of a business key: an encounter id (discharge-to-revenue) or a usage id. */
  saga(businessKey: string, type?: SagaType): Promise<SagaView | undefined>;
  waitForSaga(
    businessKey: string,
    status: string,
    timeoutMs?: number,
    type?: SagaType,
  ): Promise<SagaView>;
  /** The open work-queue task of a saga, of `type`, once the saga waits on it. */
  waitForTask(sagaId: string, type: string): Promise<Task>;
  /** A bed of the bed board: `[facilityId, unitId, roomId, bedId]`. */
  bed(...at: BedAt): Promise<Bed>;
  waitForBed(...args: [...BedAt, string]): Promise<Bed>;
  charges(encounterId: string): Promise<Charges>;
  claims(encounterId: string): Promise<readonly Claim[]>;
  journals(claimId: string): Promise<readonly Journal[]>;
  codingQueue(encounterId: string): Promise<readonly CodingItem[]>;
  stop(): Promise<void>;
}

const SAGA_TIMEOUT_MS = 30_000;

export type SagaType = 'discharge-to-revenue' | 'implant-to-invoice';

/** discharge-to-revenue's steps in order, each with the service that answers it. */
export const DISCHARGE_STEPS = [
  ['ReleaseBed', 'workforce-sync'],
  ['ReconcileEncounterSupplies', 'supply-consumption'],
  ['FinalizeCharges', 'revenue-cycle'],
  ['CompleteCoding', 'revenue-cycle'],
  ['SubmitClaim', 'revenue-cycle'],
  ['PostRevenueJournal', 'procure-to-pay'],
] as const;

/** The services a discharge passes through: its source, the orchestrator, the participants. */
export const DISCHARGE_SERVICES: readonly string[] = [
  'encounter-ingest',
  'saga-orchestrator',
  ...new Set(DISCHARGE_STEPS.map(([, service]) => service)),
];

/** `until`, failing with what was last seen. */
export async function waiting(
  what: () => string,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  try {
    await until('', check, timeoutMs);
  } catch {
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
  }
}

/** A request's init with `body` as JSON, or as it is when it is text (text/csv). */
const bodyInit = (method: 'POST' | 'PUT', body: unknown, contentType: string): RequestInit => ({
  method,
  headers: { 'content-type': contentType },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** `init` with the bearer token of the demo user holding only `role`. */
async function withRole(role: string, init: RequestInit = {}): Promise<RequestInit> {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization'))
    headers.set('authorization', `Bearer ${await roleToken(role)}`);
  return { ...init, headers };
}

/** The calls to `platform`'s services of the caller whose token `authorize` adds. */
function serviceHttp(
  platform: Platform,
  authorize: (init?: RequestInit) => Promise<RequestInit>,
): ServiceHttp {
  const call = async (service: string, path: string, init?: RequestInit): Promise<Response> =>
    fetch(`${platform.url(service)}${path}`, await authorize(init));
  const sendBody = async <T>(
    method: 'POST' | 'PUT',
    service: string,
    path: string,
    body: unknown,
    contentType = 'application/json',
  ): Promise<{ status: number; body: T }> => {
    const response = await call(service, path, bodyInit(method, body, contentType));
    return { status: response.status, body: (await response.json()) as T };
  };
  return {
    fetch: call,
    get: async <T>(service: string, path: string): Promise<T> => {
      const response = await call(service, path);
      const text = await response.text();
      assert.equal(response.status, 200, `GET ${service}${path}: ${text}`);
      return JSON.parse(text) as T;
    },
    post: <T>(service: string, path: string, body: unknown, contentType?: string) =>
      sendBody<T>('POST', service, path, body, contentType),
    put: <T>(service: string, path: string, body: unknown, contentType?: string) =>
      sendBody<T>('PUT', service, path, body, contentType),
  };
}

/** MSA-1 of an HL7 ACK. */
export const ackCode = (ack: string): string =>
  ack
    .split('\r')
    .find((s) => s.startsWith('MSA|'))
    ?.split('|')[1] ?? '';

/** Money strings as integer cents, to compare totals exactly. */
export const cents = (amount: string): number => Math.round(Number(amount) * 100);

/**
 * The orchestrator's policy in e2e: a participant that does not answer within seconds (not
 * minutes) is retried once, then the saga is SUSPENDED and retried every 1 to 3 s.
 */
const SAGA_POLICY = {
  SAGA_REPLY_TIMEOUT_MS: '4000',
  SAGA_RETRY_ATTEMPTS: '2',
  SAGA_RETRY_BACKOFF_MS: '500',
  SAGA_INCIDENT_BACKOFF_MS: '1000',
  SAGA_INCIDENT_MAX_BACKOFF_MS: '3000',
};

/**
 * The platform for one e2e file; `env` adds variables by service, `onLine` gets every output line
 * of every service as it comes.
 */
export async function startE2e(
  prefix: string,
  env: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
  onLine?: (service: string, line: string) => void,
): Promise<E2e> {
  const mllpPort = await freePort();
  // The HR system's shared secret of this run: the webhook takes only calls signed with it.
  const hrSecret = randomBytes(32).toString('hex');
  const platform = await startPlatform({
    prefix,
    ...(onLine ? { onLine } : {}),
    env: {
      ...env,
      'encounter-ingest': { ...env['encounter-ingest'], MLLP_PORT: String(mllpPort) },
      'workforce-sync': { HR_WEBHOOK_SECRET: hrSecret, ...env['workforce-sync'] },
      'saga-orchestrator': { ...env['saga-orchestrator'], ...SAGA_POLICY },
    },
  });
  let mllp: MllpClient;
  try {
    mllp = await MllpClient.connect({ host: '127.0.0.1', port: mllpPort });
  } catch (error) {
    await platform.stop();
    throw error;
  }
  const run = Date.now().toString(36).toUpperCase();
  const { get, ...http } = serviceHttp(platform, withBearer);
  const saga = async (
    businessKey: string,
    type: SagaType = 'discharge-to-revenue',
  ): Promise<SagaView | undefined> => {
    const page = await get<{ items: SagaView[] }>(
      'saga-orchestrator',
      `/sagas?type=${type}&businessKey=${encodeURIComponent(businessKey)}`,
    );
    return page.items[0];
  };
  const bed = (f: string, u: string, r: string, b: string): Promise<Bed> =>
    get<Bed>('workforce-sync', `/facilities/${f}/units/${u}/beds/${r}/${b}`);
  return {
    platform,
    visit: (label) => `E${run}${label}`,
    signHrEvent: (rawBody) => ({ [SIGNATURE_HEADER]: signWebhook(hrSecret, rawBody) }),
    send: async (message) => {
      const ack = await mllp.send(message);
      return { code: ackCode(ack), ack };
    },
    sendFrame: async (frame) => {
      const [ack] = await mllp.exchangeBytes(frame, 1);
      assert.ok(ack, 'an ACK');
      return ack;
    },
    ...http,
    get,
    as: (role) => serviceHttp(platform, (init) => withRole(role, init)),
    saga,
    waitForSaga: async (businessKey, status, timeoutMs = SAGA_TIMEOUT_MS, type) => {
      let last: SagaView | undefined;
      await waiting(
        () => `saga of ${businessKey} ${status} (last seen ${JSON.stringify(last)})`,
        async () => {
          last = await saga(businessKey, type);
          return last?.status === status;
        },
        timeoutMs,
      );
      return last as SagaView;
    },
    waitForTask: async (sagaId, type) => {
      let task: Task | undefined;
      await waiting(
        () => `a ${type} task of saga ${sagaId}`,
        async () => {
          const open = await get<{ items: Task[] }>(
            'saga-orchestrator',
            `/human-tasks?type=${type}&limit=200`,
          );
          task = open.items.find((t) => t.sagaId === sagaId);
          return task !== undefined;
        },
        SAGA_TIMEOUT_MS,
      );
      return task as Task;
    },
    bed,
    waitForBed: async (f, u, r, b, status) => {
      let last: Bed | undefined;
      await waiting(
        () => `bed ${f}/${u}/${r}/${b} ${status} (last seen ${JSON.stringify(last)})`,
        async () => {
          last = await bed(f, u, r, b);
          return last.status === status;
        },
        SAGA_TIMEOUT_MS,
      );
      return last as Bed;
    },
    charges: (v) => get<Charges>('revenue-cycle', `/charges?encounterId=${encodeURIComponent(v)}`),
    claims: async (v) =>
      (
        await get<{ items: Claim[] }>(
          'revenue-cycle',
          `/claims?encounterId=${encodeURIComponent(v)}`,
        )
      ).items,
    journals: async (claimId) =>
      (await get<{ items: Journal[] }>('procure-to-pay', `/journals?sourceId=${claimId}`)).items,
    codingQueue: async (v) =>
      (
        await get<{ items: CodingItem[] }>(
          'revenue-cycle',
          `/coding-queue?encounterId=${encodeURIComponent(v)}`,
        )
      ).items,
    stop: async () => {
      await mllp.close();
      await platform.stop();
    },
  };
}
