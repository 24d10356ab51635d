// The demo feeder of `npm start`: a stream of realistic ADT traffic over MLLP into encounter-ingest
// (admissions, transfers, discharges, some cancelled, some malformed), plus what people do beside
// it (supply documentation, housekeeping, a coder working the queue), so the flows can be watched.
// Every HTTP call carries a bearer token of the feeder's service account; HR events are signed.
import { MllpClient } from '@meridian/hl7';
import { SIGNATURE_HEADER, signWebhook } from '@meridian/service-kit';
import type { ClinicalPicture, Stay } from '@meridian/testing';
import { demoApi, type DemoApi, type Urls } from './api.ts';
import { bedLocation, nextAction, type Action, type Admitted, type Bed } from './world.ts';
import { importDemoImplants, invoiceDemoOrders, scanDemoImplant } from './implants.ts';
import { demoNetworkHires, demoNetworkImports } from './network.ts';

export interface FeederOptions {
  readonly mllpPort: number;
  /** Base URLs by service name (workforce-sync, supply-consumption, revenue-cycle). */
  readonly urls: Urls;
  /** A bearer token of the feeder's service account (`meridian-demo`), valid when it resolves. */
  readonly token: () => Promise<string>;
  /** workforce-sync's HR_WEBHOOK_SECRET: the HR events the feeder sends are signed with it. */
  readonly hrWebhookSecret: string;
  readonly intervalMs: number;
  readonly log: (line: string) => void;
  readonly signal: AbortSignal;
}

interface BedBoard {
  readonly units: readonly { readonly beds: readonly Bed[] }[];
}

interface CodingItem {
  readonly id: string;
  readonly encounterId: string;
  readonly diagnoses: readonly { readonly icd10CmCode: string }[];
}

const RECENT = 5;
const ackCode = (ack: string): string =>
  ack
    .split('\r')
    .find((s) => s.startsWith('MSA|'))
    ?.split('|')[1] ?? '?';
const errText = (ack: string): string =>
  ack
    .split('\r')
    .filter((s) => s.startsWith('ERR|'))
    .map((s) => s.split('|')[8] ?? '')
    .join('; ');

/** Configures the demo network's second hospital through the services' import APIs. */
async function importNetwork(api: DemoApi, log: (line: string) => void): Promise<void> {
  for (const call of demoNetworkImports()) {
    await api.call(call);
    log(`network: ${call.method} ${call.service}${call.path} (${call.contentType})`);
  }
}

/** Hires the second hospital's staff through the HR webhook, each event signed with `secret`. */
async function hireStaff(api: DemoApi, secret: string, log: (line: string) => void): Promise<void> {
  const hires = demoNetworkHires(new Date().toISOString().slice(0, 10));
  for (const hire of hires) {
    const body = JSON.stringify(hire);
    await api.call({
      service: 'workforce-sync',
      method: 'POST',
      path: '/hr/events',
      body,
      contentType: 'application/json',
      headers: { [SIGNATURE_HEADER]: signWebhook(secret, body) },
    });
  }
  log(
    `staff: ${hires.length} signed HR hires for ${[...new Set(hires.map((h) => h.costCenter))].join(', ')}`,
  );
}

export async function runFeeder(options: FeederOptions): Promise<void> {
  const { CLINICAL_PICTURES, PAYERS, planStay, stayMessage, withField } =
    await import('@meridian/testing');
  const { log } = options;
  const api = demoApi(options.urls, options.token);
  await importNetwork(api, log);
  await hireStaff(api, options.hrWebhookSecret, log);
  await importDemoImplants(api, log);
  const client = await MllpClient.connect({ host: '127.0.0.1', port: options.mllpPort });
  const admitted = new Map<string, Admitted>();
  const recentlyDischarged: Stay[] = [];
  const run = Date.now().toString(36).toUpperCase().slice(-5);
  let tick = 0;
  let sequence = 0;

  const send = async (label: string, message: string): Promise<string> => {
    const ack = await client.send(message);
    const code = ackCode(ack);
    log(`${label}  ACK ${code}${code === 'AA' ? '' : ` (${errText(ack)})`}`);
    return code;
  };

  const act = async (action: Action): Promise<void> => {
    switch (action.kind) {
      case 'admit': {
        sequence += 1;
        const lengthOfStayHours = 20 + Math.floor(Math.random() * 60);
        const stay: Stay = planStay({
          visitNumber: `V${run}${String(sequence).padStart(4, '0')}`,
          picture: action.picture as ClinicalPicture,
          location: bedLocation(action.bed),
          lengthOfStayHours,
          admitAt: new Date(Date.now() - lengthOfStayHours * 3_600_000),
          payer: Math.random() < 0.1 ? null : (PAYERS[sequence % PAYERS.length] ?? null),
        });
        const code = await send(
          `A01 ${stay.encounterId} ${action.picture.name} → ${action.bed.unitId}/${action.bed.roomId}/${action.bed.bedId}`,
          stayMessage('A01', stay),
        );
        if (code === 'AA') admitted.set(stay.visitNumber, { stay, admittedTick: tick });
        return;
      }
      case 'transfer': {
        const patient = admitted.get(action.visitNumber);
        if (!patient) return;
        const moved: Stay = { ...patient.stay, location: bedLocation(action.to) };
        await send(
          `A02 ${action.visitNumber} → ${action.to.unitId}/${action.to.roomId}/${action.to.bedId}`,
          stayMessage('A02', moved, {
            priorLocation: patient.stay.location,
            occurredAt: new Date(),
          }),
        );
        admitted.set(action.visitNumber, { ...patient, stay: moved });
        return;
      }
      case 'supplies': {
        const patient = admitted.get(action.visitNumber);
        if (!patient) return;
        const items = ['ITM-1003', 'ITM-1005', 'ITM-2001'];
        for (const itemId of items) {
          await api.call({
            service: 'supply-consumption',
            method: 'POST',
            path: '/usage',
            body: {
              encounterId: patient.stay.encounterId,
              itemId,
              quantity: 1 + Math.floor(Math.random() * 2),
              unitId: patient.stay.location.unitId,
            },
          });
        }
        log(`supplies documented for ${action.visitNumber}: ${items.join(', ')}`);
        return;
      }
      case 'discharge': {
        const patient = admitted.get(action.visitNumber);
        if (!patient) return;
        const stay: Stay = {
          ...patient.stay,
          dischargeAt: new Date(),
          diagnoses: action.principal
            ? patient.stay.diagnoses
            : patient.stay.diagnoses.map((d) => ({ code: d.code, type: d.type ?? 'F' })),
        };
        const code = await send(
          `A03 ${action.visitNumber}${action.principal ? '' : ' (no principal diagnosis: coder needed)'}`,
          stayMessage('A03', stay),
        );
        if (code !== 'AA') return;
        admitted.delete(action.visitNumber);
        recentlyDischarged.unshift(stay);
        recentlyDischarged.splice(RECENT);
        return;
      }
      case 'cancel-discharge': {
        const index = recentlyDischarged.findIndex((s) => s.visitNumber === action.visitNumber);
        const [stay] = recentlyDischarged.splice(index, 1);
        if (!stay) return;
        await send(`A13 ${action.visitNumber} (discharge cancelled)`, stayMessage('A13', stay));
        return;
      }
      case 'invalid': {
        const stay = planStay({ visitNumber: `V${run}BAD${tick}` });
        const message =
          action.defect === 'missing PID-3'
            ? withField(stayMessage('A01', stay), 'PID', 3, '')
            : withField(stayMessage('A03', stay), 'PV1', 45, '20261345');
        await send(`malformed ADT (${action.defect})`, message);
        return;
      }
      case 'clean': {
        const { facilityId, unitId, roomId, bedId } = action.bed;
        const bed = `/facilities/${facilityId}/units/${unitId}/beds/${roomId}/${bedId}`;
        await api.call({ service: 'workforce-sync', method: 'POST', path: `${bed}/clean` });
        log(`housekeeping: ${facilityId} ${unitId}/${roomId}/${bedId} clean`);
        return;
      }
      case 'implant': {
        const patient = admitted.get(action.visitNumber);
        if (patient) await scanDemoImplant(api, patient.stay.encounterId, tick, log);
        return;
      }
      case 'invoice':
        await invoiceDemoOrders(api, tick, log);
        return;
      case 'code': {
        const queue = await api.call<{ items: CodingItem[] } | CodingItem[]>({
          service: 'revenue-cycle',
          method: 'GET',
          path: '/coding-queue?status=OPEN',
        });
        const item = (Array.isArray(queue) ? queue : queue.items)[0];
        if (!item) return;
        await api.call({
          service: 'revenue-cycle',
          method: 'POST',
          path: `/coding-queue/${item.id}/complete`,
          // The coder recorded is the caller: the feeder's service account.
          body: {
            diagnoses: item.diagnoses.map((d, i) => ({
              code: d.icd10CmCode,
              principal: i === 0,
              presentOnAdmission: 'Y',
            })),
          },
        });
        log(`coder completed ${item.encounterId}`);
        return;
      }
    }
  };

  try {
    while (!options.signal.aborted) {
      tick += 1;
      try {
        const board = await api.call<BedBoard>({
          service: 'workforce-sync',
          method: 'GET',
          path: '/bed-board',
        });
        await act(
          nextAction(
            {
              tick,
              beds: board.units.flatMap((u) => u.beds),
              admitted: [...admitted.values()],
              recentlyDischarged: recentlyDischarged.map((s) => s.visitNumber),
              pictures: CLINICAL_PICTURES,
              targetCensus: 12,
              minStayTicks: 4,
            },
            Math.random,
          ),
        );
      } catch (error) {
        log(`demo step failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    }
  } finally {
    await client.close();
  }
}
