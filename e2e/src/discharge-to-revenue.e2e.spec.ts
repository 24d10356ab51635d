// discharge-to-revenue end to end: HL7 over MLLP (and FHIR) into encounter-ingest, the saga across
// workforce-sync, supply-consumption, revenue-cycle and procure-to-pay, each its own process, on
// the real Kafka, schema registry and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { planStay, stayMessage, type Stay } from '@meridian/testing';
import { cents, startE2e, waiting, type BedAt, type E2e, type Task } from './platform.fixture.js';
import { ATTENDING_NPI, fhirEncounter } from './fhir-encounter.js';

const bedOf = (stay: Stay): BedAt => [
  stay.facilityId,
  stay.location.unitId,
  stay.location.roomId ?? '',
  stay.location.bedId ?? '',
];

describe('discharge-to-revenue across every service', () => {
  let e: E2e;
  before(async () => {
    e = await startE2e('e2e');
  });
  after(() => e?.stop());

  const stayIn = (label: string, unitId: string, roomId: string, principal = true): Stay =>
    planStay({
      visitNumber: e.visit(label),
      location: { unitId, roomId, bedId: 'A', facilityId: 'MGH' },
      principalDiagnosis: principal,
    });

  /** A01 over MLLP, ACK AA, the bed occupied on the bed board. */
  async function admit(stay: Stay): Promise<void> {
    assert.equal((await e.send(stayMessage('A01', stay))).code, 'AA');
    const bed = await e.waitForBed(...bedOf(stay), 'OCCUPIED');
    assert.equal(bed.encounterId, stay.encounterId);
  }

  /** The claim is the charges' sum, and the journal balances and references the claim. */
  async function assertBilled(encounterId: string): Promise<string> {
    const charges = await e.charges(encounterId);
    const claims = await e.claims(encounterId);
    assert.equal(claims.length, 1, 'one claim');
    const [claim] = claims;
    assert.ok(claim);
    assert.equal(claim.status, 'SUBMITTED');
    assert.ok(charges.summary.activeCount > 0);
    assert.equal(cents(claim.totalCharge), cents(charges.summary.activeTotal));
    assert.equal(
      claim.lines.reduce((sum, l) => sum + cents(l.chargeAmount), 0),
      cents(claim.totalCharge),
    );
    assert.deepEqual(
      [...claim.chargeIds].sort(),
      charges.charges
        .filter((c) => c.status === 'ACTIVE')
        .map((c) => c.chargeId)
        .sort(),
    );
    const journals = await e.journals(claim.claimId);
    assert.equal(journals.length, 1, 'one journal for the claim');
    const [journal] = journals;
    assert.ok(journal);
    assert.equal(journal.sourceId, claim.claimId);
    assert.equal(journal.status, 'POSTED');
    assert.equal(cents(journal.totalDebit), cents(journal.totalCredit));
    assert.equal(cents(journal.totalDebit), cents(claim.totalCharge));
    return claim.claimId;
  }

  test('A01 then A03 over MLLP: ACKs AA, saga COMPLETED within 30 s, bed cleaning, claim = charges, journal balanced on the claim', async () => {
    // Not room 401: the services' own sample admissions take 4W 401 A, and other test runs on the
    // shared stack publish them on clinical.encounter.v1, which this platform consumes too.
    const stay = stayIn('MLLP', '4W', '408');
    await admit(stay);
    const supply = await e.post<{ usageId: string }>('supply-consumption', '/usage', {
      encounterId: stay.encounterId,
      itemId: 'ITM-1001',
      quantity: 1,
      unitId: '4W',
    });
    assert.equal(supply.status, 201, JSON.stringify(supply.body));
    assert.equal((await e.send(stayMessage('A03', stay))).code, 'AA');
    await e.waitForSaga(stay.encounterId, 'COMPLETED', 30_000);
    assert.equal((await e.bed(...bedOf(stay))).status, 'CLEANING');
    await assertBilled(stay.encounterId);
    const charged = (await e.charges(stay.encounterId)).charges.map((c) => c.cdmCode);
    assert.ok(charged.includes('2720001'), `the Foley tray is charged: ${charged.join(', ')}`);
    assert.ok(charged.includes('0110001'), `4W room & board is charged: ${charged.join(', ')}`);
  });

  /** Room & board of the stay's unit is among the charges: the location resolved to its unit. */
  async function assertRoomAndBoard(stay: Stay, cdmCode: string): Promise<void> {
    const charged = (await e.charges(stay.encounterId)).charges.map((c) => c.cdmCode);
    assert.ok(
      charged.includes(cdmCode),
      `room & board ${cdmCode} is charged: ${charged.join(', ')}`,
    );
  }

  test('FHIR: a US Core Encounter (contained bed Location) in-progress then finished by PUT completes with 4W room & board', async () => {
    const stay = stayIn('FHIR', '4W', '402');
    const path = `/fhir/Encounter/${fhirEncounter(stay, 'in-progress', '1').id}`;
    const admitted = await e.put(
      'encounter-ingest',
      path,
      fhirEncounter(stay, 'in-progress', '1'),
      'application/fhir+json',
    );
    assert.equal(admitted.status, 200, JSON.stringify(admitted.body));
    await e.waitForBed(...bedOf(stay), 'OCCUPIED');
    const finished = await e.put(
      'encounter-ingest',
      path,
      fhirEncounter(stay, 'finished', '2'),
      'application/fhir+json',
    );
    assert.equal(finished.status, 200, JSON.stringify(finished.body));
    await e.waitForSaga(stay.encounterId, 'COMPLETED', 30_000);
    assert.equal((await e.bed(...bedOf(stay))).status, 'CLEANING');
    await assertBilled(stay.encounterId);
    await assertRoomAndBoard(stay, '0110001');
    const [claim] = await e.claims(stay.encounterId);
    assert.equal(
      claim?.attendingProviderNpi,
      ATTENDING_NPI,
      'the NPI participant is the attending',
    );
  });

  test('FHIR: the same pair in one transaction Bundle completes the same way', async () => {
    const stay = stayIn('FHTX', '4W', '405');
    const inProgress = fhirEncounter(stay, 'in-progress', '1');
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: inProgress, request: { method: 'POST', url: 'Encounter' } },
        {
          resource: fhirEncounter(stay, 'finished', '2'),
          request: { method: 'PUT', url: `Encounter/${inProgress.id}` },
        },
      ],
    };
    const answer = await e.post<{ type: string; entry: { response: { status: string } }[] }>(
      'encounter-ingest',
      '/fhir',
      bundle,
      'application/fhir+json',
    );
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.type, 'transaction-response');
    assert.deepEqual(
      answer.body.entry.map((entry) => entry.response.status.split(' ')[0]),
      ['201', '200'],
    );
    await e.waitForSaga(stay.encounterId, 'COMPLETED', 30_000);
    await assertBilled(stay.encounterId);
    await assertRoomAndBoard(stay, '0110001');
  });

  test('A13 after completion compensates: claim voided, charges reversed, journal reversed, bed restored', async () => {
    const stay = stayIn('UNDO', '5E', '501');
    await admit(stay);
    assert.equal((await e.send(stayMessage('A03', stay))).code, 'AA');
    await e.waitForSaga(stay.encounterId, 'COMPLETED');
    const claimId = await assertBilled(stay.encounterId);
    assert.equal((await e.send(stayMessage('A13', stay))).code, 'AA');
    await e.waitForSaga(stay.encounterId, 'COMPENSATED');
    const [claim] = await e.claims(stay.encounterId);
    assert.equal(claim?.status, 'VOIDED');
    const charges = await e.charges(stay.encounterId);
    assert.equal(charges.summary.activeCount, 0);
    assert.ok(charges.charges.every((c) => c.status === 'REVERSED'));
    const journals = await e.journals(claimId);
    const original = journals.find((j) => j.reversesJournalId === null);
    assert.equal(original?.status, 'REVERSED');
    const reversal = (
      await e.get<{ items: { reversesJournalId: string | null; totalDebit: string }[] }>(
        'procure-to-pay',
        `/journals?encounterId=${encodeURIComponent(stay.encounterId)}`,
      )
    ).items.find((j) => j.reversesJournalId === original?.journalId);
    assert.ok(reversal, 'a reversing journal exists');
    assert.equal(cents(reversal.totalDebit), cents(original?.totalDebit ?? '0'));
    const bed = await e.bed(...bedOf(stay));
    assert.deepEqual([bed.status, bed.encounterId], ['OCCUPIED', stay.encounterId]);
  });

  test('without a principal diagnosis the saga waits in the coding queue; a coder completing it (recorded as its coder) finishes the saga', async () => {
    const stay = stayIn('CODE', '4W', '403', false);
    await admit(stay);
    assert.equal((await e.send(stayMessage('A03', stay))).code, 'AA');
    await waiting(
      () => `an OPEN coding item for ${stay.encounterId}`,
      async () => (await e.codingQueue(stay.encounterId)).some((i) => i.status === 'OPEN'),
      30_000,
    );
    const waitingSaga = await e.saga(stay.encounterId);
    assert.equal(waitingSaga?.currentStep, 'CompleteCoding');
    assert.deepEqual(await e.claims(stay.encounterId), []);
    const [item] = await e.codingQueue(stay.encounterId);
    const principal = stay.diagnoses[0]?.code ?? '';
    // A coder (the demo user of the role) completes it: the coding records the caller as its coder.
    const completed = await e.as('coder').post<{
      coding?: { coderId: string | null };
    }>('revenue-cycle', `/coding-queue/${item?.id}/complete`, {
      diagnoses: stay.diagnoses.map((d, i) => ({
        code: d.code,
        principal: i === 0,
        presentOnAdmission: 'Y',
      })),
    });
    assert.equal(completed.status, 200, JSON.stringify(completed.body));
    assert.equal(completed.body.coding?.coderId, 'coder');
    await e.waitForSaga(stay.encounterId, 'COMPLETED');
    await assertBilled(stay.encounterId);
    assert.equal((await e.claims(stay.encounterId))[0]?.principalDiagnosisCode, principal);
  });

  test('A13 while coding waits on a coder compensates from where it stood: charges reversed, no claim, bed restored', async () => {
    const stay = stayIn('WAIT', '4W', '404', false);
    await admit(stay);
    assert.equal((await e.send(stayMessage('A03', stay))).code, 'AA');
    await waiting(
      () => `an OPEN coding item for ${stay.encounterId}`,
      async () => (await e.codingQueue(stay.encounterId)).some((i) => i.status === 'OPEN'),
      30_000,
    );
    assert.equal((await e.send(stayMessage('A13', stay))).code, 'AA');
    await e.waitForSaga(stay.encounterId, 'COMPENSATED');
    const charges = await e.charges(stay.encounterId);
    assert.equal(charges.summary.activeCount, 0);
    assert.ok(charges.charges.length > 0 && charges.charges.every((c) => c.status === 'REVERSED'));
    assert.deepEqual(await e.claims(stay.encounterId), []);
    assert.deepEqual(
      (await e.codingQueue(stay.encounterId)).map((i) => i.status),
      ['CANCELLED'],
    );
    const bed = await e.bed(...bedOf(stay));
    assert.deepEqual([bed.status, bed.encounterId], ['OCCUPIED', stay.encounterId]);
  });

  test('kill -9 of revenue-cycle mid-saga: after a restart the saga completes with one claim and one set of charges', async () => {
    const stay = stayIn('KILL', 'ICU', '601');
    await admit(stay);
    await e.platform.crash('revenue-cycle');
    assert.equal((await e.send(stayMessage('A03', stay))).code, 'AA');
    await waiting(
      () => `the saga of ${stay.encounterId} waiting on FinalizeCharges`,
      async () => (await e.saga(stay.encounterId))?.currentStep === 'FinalizeCharges',
      30_000,
    );
    await e.platform.restart('revenue-cycle');
    // The crashed member's partitions move once its Kafka session expires (30 s).
    await e.waitForSaga(stay.encounterId, 'COMPLETED', 120_000);
    await assertBilled(stay.encounterId);
    const charges = await e.charges(stay.encounterId);
    assert.equal(new Set(charges.charges.map((c) => c.sagaId)).size, 1, 'one finalization');
    assert.equal(
      charges.charges.length,
      1 + stay.procedures.length,
      'room & board and one charge per procedure, once',
    );
  });

  test('a unit without a room & board row: saga WAITING on a revenue-integrity task naming the unit, bed still released; row added, task retried, one claim', async () => {
    const tag = Date.now().toString(36).toUpperCase().slice(-5);
    const unitId = `N${tag}`;
    const unit = await e.put('workforce-sync', `/facilities/MGH/units/${unitId}`, {
      name: `Medical North ${tag}`,
      costCenter: 'CC-4W',
      patientsPerRn: 4,
      rooms: [{ roomId: '901', beds: ['A', 'B'] }],
    });
    assert.equal(unit.status, 200, JSON.stringify(unit.body));
    const stay = stayIn('NORB', unitId, '901');
    await admit(stay);
    assert.equal((await e.send(stayMessage('A03', stay))).code, 'AA');
    const waitingSaga = await e.waitForSaga(stay.encounterId, 'WAITING');
    assert.equal(waitingSaga.currentStep, 'FinalizeCharges');
    assert.equal((await e.bed(...bedOf(stay))).status, 'CLEANING', 'the bed stays released');
    const tasks = await e.get<{ items: Task[] }>(
      'saga-orchestrator',
      '/human-tasks?team=revenue-integrity&sagaType=discharge-to-revenue&type=CHARGEMASTER_ENTRY_MISSING',
    );
    const task = tasks.items.find((t) => t.sagaId === waitingSaga.id);
    assert.ok(task, `a task for saga ${waitingSaga.id}: ${JSON.stringify(tasks.items)}`);
    assert.equal(task.reasonCode, 'CHARGE_CODE_NOT_FOUND');
    assert.equal(task.details?.['unitId'], unitId);
    assert.match(task.reason ?? '', new RegExp(unitId));

    const cdmCode = `0119${String(Date.now()).slice(-6)}`;
    const row = await e.put('revenue-cycle', `/chargemaster/${cdmCode}`, {
      description: `R&B MEDICAL NORTH ${tag}`,
      revenueCode: '0120',
      kind: 'ROOM_AND_BOARD',
      unitId,
      unitPrice: '2450.00',
    });
    assert.equal(row.status, 201, JSON.stringify(row.body));
    const done = await e.post<{ status: string }>(
      'saga-orchestrator',
      `/human-tasks/${task.id}/complete`,
      { action: 'retry', note: 'room and board row added for the new unit' },
    );
    assert.equal(done.status, 200, JSON.stringify(done.body));
    await e.waitForSaga(stay.encounterId, 'COMPLETED');
    await assertBilled(stay.encounterId);
    const charged = (await e.charges(stay.encounterId)).charges.map((c) => c.cdmCode);
    assert.ok(
      charged.includes(cdmCode),
      `the new room & board row is charged: ${charged.join(', ')}`,
    );
    assert.equal((await e.bed(...bedOf(stay))).status, 'CLEANING');
  });

  test('a participant down longer than its retries: saga SUSPENDED, nothing undone; after its restart the saga completes', async () => {
    const stay = stayIn('DOWN', '5E', '505');
    await admit(stay);
    await e.platform.crash('supply-consumption');
    assert.equal((await e.send(stayMessage('A03', stay))).code, 'AA');
    const suspended = await e.waitForSaga(stay.encounterId, 'SUSPENDED');
    assert.equal(suspended.currentStep, 'ReconcileEncounterSupplies');
    assert.equal((await e.bed(...bedOf(stay))).status, 'CLEANING', 'the bed stays released');
    await e.platform.restart('supply-consumption');
    // The crashed member's partitions move once its Kafka session expires (30 s).
    await e.waitForSaga(stay.encounterId, 'COMPLETED', 120_000);
    await assertBilled(stay.encounterId);
    const detail = await e.get<{ history: { direction: string; event: string }[] }>(
      'saga-orchestrator',
      `/sagas/${suspended.id}`,
    );
    assert.deepEqual(
      detail.history.filter((h) => h.direction !== 'forward'),
      [],
      'nothing compensated',
    );
    assert.ok(detail.history.some((h) => h.event === 'suspended'));
  });
});
