// A hospital network fed as real EHRs feed it, end to end on the real Kafka, registry, PostgreSQL
// and every service's process: a second facility configured only through the import APIs, two
// facilities' identical visit numbers kept apart, and HL7 v2 as senders send it (segments a
// structure does not expect, Latin-1, training messages).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { encodeHl7Bytes, encodeMllpFrame } from '@meridian/hl7';
import {
  getInfra,
  planStay,
  stayMessage,
  tapTopic,
  type Stay,
  type TopicTap,
} from '@meridian/testing';
import { cents, startE2e, type E2e } from './platform.fixture.js';

const BWH_UNITS_CSV = [
  'facilityId,unitId,name,costCenter,patientsPerRn,roomId,bedId',
  'BWH,4W,BWH Medicine 4 West,BWH-CC-4W,4,401,A',
  'BWH,4W,BWH Medicine 4 West,BWH-CC-4W,4,401,B',
  'BWH,4W,BWH Medicine 4 West,BWH-CC-4W,4,402,A',
].join('\r\n');

/** BWH's own room & board rate for its 4 West (MGH's network-wide row is 2450.00). */
const BWH_ROOM_AND_BOARD = {
  cdmCode: '0120001',
  description: 'R&B MED/SURG 4 WEST BWH',
  revenueCode: '0120',
  kind: 'ROOM_AND_BOARD',
  unitId: '4W',
  unitPrice: '2600.00',
  facilityId: 'BWH',
};

interface Problem {
  readonly status: number;
  readonly errors?: readonly { field: string; row?: number }[];
}

interface Charge {
  readonly cdmCode: string;
  readonly units: number;
  readonly unitPrice: string;
  readonly amount: string;
}

/** `message` with MSH-`field` set to `value` (MSH-1 is the field separator itself). */
function withMsh(message: string, field: number, value: string): string {
  const [msh = '', ...rest] = message.split('\r');
  const fields = msh.split('|');
  while (fields.length < field) fields.push('');
  fields[field - 1] = value;
  return [fields.join('|'), ...rest].join('\r');
}

describe('a network of facilities fed by real-world HL7 and configured through the import APIs', () => {
  let e: E2e;
  let encounters: TopicTap;
  before(async () => {
    e = await startE2e('net');
    const infra = getInfra();
    encounters = await tapTopic({
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      topic: 'clinical.encounter.v1',
    });
  });
  after(async () => {
    await encounters?.stop();
    await e?.stop();
  });

  const stayAt = (label: string, facilityId: string, unitId: string, roomId: string): Stay =>
    planStay({
      visitNumber: e.visit(label),
      location: { facilityId, unitId, roomId, bedId: 'A' },
      lengthOfStayHours: 72,
    });

  test('a bad CSV row is rejected naming row and column, and nothing of that import is applied', async () => {
    const units = await e.post<Problem>(
      'workforce-sync',
      '/units/import',
      [
        'facilityId,unitId,name,costCenter,patientsPerRn,roomId,bedId',
        'MGH,9N,Medicine 9 North,CC-9N,4,901,A',
        'MGH,9N,Medicine 9 North,CC-9N,4,901,B!',
      ].join('\n'),
      'text/csv',
    );
    assert.equal(units.status, 400, JSON.stringify(units.body));
    assert.deepEqual(
      units.body.errors?.map((error) => [error.row, error.field]),
      [[2, 'row 2: bedId']],
    );
    const unit = await e.fetch('workforce-sync', '/facilities/MGH/units/9N');
    assert.equal(unit.status, 404, 'the valid row of the rejected import was not applied');

    const chargemaster = await e.post<Problem>(
      'revenue-cycle',
      '/chargemaster/import',
      [
        'cdmCode,description,revenueCode,kind,unitId,unitPrice,facilityId',
        '0129001,R&B 9 NORTH BWH,0120,ROOM_AND_BOARD,9N,2600.00,BWH',
        '0129002,R&B 9 SOUTH BWH,0120,ROOM_AND_BOARD,9S,twenty,BWH',
      ].join('\n'),
      'text/csv',
    );
    assert.equal(chargemaster.status, 400, JSON.stringify(chargemaster.body));
    assert.deepEqual(
      chargemaster.body.errors?.map((error) => error.field),
      ['row 2: unitPrice'],
    );
    const rows = await e.get<{ items: { cdmCode: string }[] }>(
      'revenue-cycle',
      '/chargemaster?facilityId=BWH',
    );
    assert.deepEqual(
      rows.items.filter((row) => row.cdmCode.startsWith('01290')),
      [],
      'no row of the rejected import',
    );
  });

  test('a second facility imported through the APIs; V^^^MGH and V^^^BWH are two encounters, two sagas, two claims, each room & board at its facility rate', async () => {
    const facility = await e.put('workforce-sync', '/facilities/BWH', {
      name: "Brigham and Women's Hospital",
      timeZone: 'America/New_York',
    });
    assert.ok([200, 201].includes(facility.status), JSON.stringify(facility.body));
    const units = await e.post('workforce-sync', '/units/import', BWH_UNITS_CSV, 'text/csv');
    assert.equal(units.status, 200, JSON.stringify(units.body));
    const rate = await e.post('revenue-cycle', '/chargemaster/import', {
      items: [BWH_ROOM_AND_BOARD],
    });
    assert.equal(rate.status, 200, JSON.stringify(rate.body));

    const visitNumber = e.visit('TWIN');
    const mgh = planStay({
      visitNumber,
      location: { facilityId: 'MGH', unitId: '4W', roomId: '410', bedId: 'A' },
      lengthOfStayHours: 72,
    });
    const bwh = planStay({
      visitNumber,
      location: { facilityId: 'BWH', unitId: '4W', roomId: '401', bedId: 'A' },
      lengthOfStayHours: 72,
    });
    assert.notEqual(mgh.encounterId, bwh.encounterId);
    for (const stay of [mgh, bwh]) {
      assert.equal((await e.send(stayMessage('A01', stay))).code, 'AA');
      const bed = await e.waitForBed(
        stay.facilityId,
        stay.location.unitId,
        stay.location.roomId ?? '',
        'A',
        'OCCUPIED',
      );
      assert.equal(bed.encounterId, stay.encounterId);
    }
    for (const stay of [mgh, bwh])
      assert.equal((await e.send(stayMessage('A03', stay))).code, 'AA');
    const sagas = [
      await e.waitForSaga(mgh.encounterId, 'COMPLETED'),
      await e.waitForSaga(bwh.encounterId, 'COMPLETED'),
    ];
    assert.notEqual(sagas[0]?.id, sagas[1]?.id, 'two sagas');
    const claims = [...(await e.claims(mgh.encounterId)), ...(await e.claims(bwh.encounterId))];
    assert.equal(claims.length, 2, 'one claim per facility encounter');
    assert.notEqual(claims[0]?.claimId, claims[1]?.claimId);

    const roomAndBoard = async (stay: Stay, cdmCode: string): Promise<Charge> => {
      const { charges } = await e.get<{ charges: Charge[] }>(
        'revenue-cycle',
        `/charges?encounterId=${encodeURIComponent(stay.encounterId)}`,
      );
      const charge = charges.find((c) => c.cdmCode === cdmCode);
      assert.ok(charge, `${cdmCode} charged to ${stay.encounterId}: ${JSON.stringify(charges)}`);
      return charge;
    };
    const atBwh = await roomAndBoard(bwh, BWH_ROOM_AND_BOARD.cdmCode);
    const atMgh = await roomAndBoard(mgh, '0110001');
    assert.equal(atBwh.unitPrice, '2600.00');
    assert.equal(atMgh.unitPrice, '2450.00');
    assert.ok(atBwh.units >= 2, `${atBwh.units} nights`);
    assert.equal(cents(atBwh.amount), atBwh.units * 260_000);
  });

  test('an ADT^A02 carrying an IN1 segment (not in its structure) is accepted AA and moves the bed', async () => {
    const stay = stayAt('XFER', 'MGH', '5E', '508');
    assert.equal((await e.send(stayMessage('A01', stay))).code, 'AA');
    await e.waitForBed('MGH', '5E', '508', 'A', 'OCCUPIED');
    const moved: Stay = { ...stay, location: { ...stay.location, roomId: '509' } };
    const a02 = `${stayMessage('A02', moved, { priorLocation: stay.location })}IN1|1|BCBS-PPO-GOLD|BCBS-PPO|BLUE CROSS\r`;
    const ack = await e.send(a02);
    assert.equal(ack.code, 'AA', ack.ack);
    const bed = await e.waitForBed('MGH', '5E', '509', 'A', 'OCCUPIED');
    assert.equal(bed.encounterId, stay.encounterId);
    assert.notEqual((await e.bed('MGH', '5E', '508', 'A')).status, 'OCCUPIED', 'the old bed freed');
  });

  test('MSH-18 8859/1: a Latin-1 É arrives intact in the published event; the ACK is Latin-1 too', async () => {
    const stay = stayAt('LATN', 'MGH', 'PEDS', '705');
    const text = withMsh(stayMessage('A01', stay, { hospitalService: 'CAFÉ' }), 18, '8859/1');
    const bytes = encodeHl7Bytes(text);
    assert.ok(bytes.includes(0xc9), 'É is the single Latin-1 byte 0xC9');
    const ack = await e.sendFrame(encodeMllpFrame(bytes));
    assert.match(ack.toString('latin1'), /\rMSA\|AA\|/);
    const [event] = await encounters.waitFor((m) => m.key === stay.encounterId);
    assert.equal(event?.value['hospitalService'], 'CAFÉ');
  });

  test('MSH-11 T (training) is answered AR and never published', async () => {
    const stay = stayAt('TRNG', 'MGH', 'PEDS', '706');
    const training = await e.send(withMsh(stayMessage('A01', stay), 11, 'T'));
    assert.equal(training.code, 'AR', training.ack);
    assert.match(training.ack, /MSH\^1\^11/);
    // The same encounter in production next: same key, same partition, so a published training
    // message would have been read before it.
    assert.equal((await e.send(stayMessage('A01', stay))).code, 'AA');
    const events = await encounters.waitFor((m) => m.key === stay.encounterId);
    assert.equal(encounters.messages((m) => m.key === stay.encounterId).length, 1);
    assert.equal(events[0]?.value['sourceSystem'], 'HL7V2');
  });
});
