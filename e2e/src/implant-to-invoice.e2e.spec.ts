// implant-to-invoice end to end: an implant scanned at the point of use (GS1, HIBCC) or documented
// in a FHIR Procedure becomes a bill-only PO, a patient charge, a matched and approved supplier
// invoice with its case-cost journal and a consignment restock; every service its own process on
// the real Kafka, schema registry and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  implantBarcode,
  planStay,
  stayMessage,
  type BarcodeFormat,
  type Device,
  type ImplantPlan,
} from '@meridian/testing';
import {
  invoice,
  scan as scanAt,
  setUpImplant,
  stockOnHand,
  SURGEON_NPI,
  waitForImplantSaga,
  waitForInvoiceStep,
  type CaseCostJournal,
  type PurchaseOrder,
  type Usage,
} from './implant-world.js';
import { cents, startE2e, waiting, type E2e, type ServiceHttp } from './platform.fixture.js';

/** Who may override a recall: a supply supervisor (the demo user of that role). */
const OVERRIDER = 'supply-supervisor';

interface Invoice {
  readonly invoiceId: string;
  readonly status: string;
  readonly approvedAmount: string | null;
  readonly costJournalId: string | null;
  readonly overriddenBy: string | null;
}

interface Replenishment {
  readonly replenishmentRequestId: string;
  readonly status: string;
  readonly quantity: number;
}

describe('implant-to-invoice across every service', () => {
  let e: E2e;
  let run: string;
  let cup: ImplantPlan;
  let serials = 0;
  before(async () => {
    e = await startE2e('e2e_implant');
    run = e.visit('').slice(1);
    cup = await setUpImplant(e, run);
  });
  after(() => e?.stop());

  const CONTRACT_PRICE = '5400.00';
  const encounter = (label: string): string => `MGH:${e.visit(label)}`;
  const serial = (): string => `SN${run}${String((serials += 1)).padStart(3, '0')}`;
  const device = (): Device => ({ lot: `L${run}`.slice(0, 20), serial: serial() });
  const barcodeOf = (format: BarcodeFormat, box: Device) => implantBarcode(cup, format, box);
  const scan = (body: Readonly<Record<string, unknown>>, as: ServiceHttp = e) =>
    scanAt(as, cup, body);

  /** Scans one device into a new encounter: 201 (or what the platform answered). */
  async function scanned(
    label: string,
    format: BarcodeFormat = 'GS1',
    plan: ImplantPlan = cup,
  ): Promise<Usage> {
    const answer = await scanAt(e, plan, {
      encounterId: encounter(label),
      barcode: implantBarcode(plan, format, device()),
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    return answer.body;
  }

  const charges = async (encounterId: string) =>
    (await e.charges(encounterId)).charges.filter((c) => c.cdmCode.startsWith('278'));
  const po = (poNumber: string) =>
    e.get<PurchaseOrder>('procure-to-pay', `/purchase-orders/${poNumber}`);
  const invoiceOf = (invoiceId: string) =>
    e.get<Invoice>('procure-to-pay', `/supplier-invoices/${invoiceId}`);
  const replenishments = async (usageId: string) =>
    (
      await e.get<{ replenishments: Replenishment[] }>(
        'supply-consumption',
        `/replenishments?usageId=${usageId}`,
      )
    ).replenishments;

  /** Everything a completed saga leaves: PO approved, invoice approved with a balanced journal. */
  async function assertInvoiced(
    usage: Usage,
    order: PurchaseOrder,
    invoiceId: string,
    paid: string,
  ) {
    await waitForImplantSaga(e, usage.usageId, 'COMPLETED');
    assert.equal((await po(order.poNumber)).status, 'APPROVED');
    const approved = await invoiceOf(invoiceId);
    assert.equal(approved.status, 'APPROVED');
    assert.equal(approved.approvedAmount, paid);
    assert.ok(approved.costJournalId, 'a case-cost journal');
    const journals = (
      await e.get<{ items: CaseCostJournal[] }>('procure-to-pay', `/journals?sourceId=${invoiceId}`)
    ).items;
    assert.equal(journals.length, 1, JSON.stringify(journals));
    const [journal] = journals;
    assert.ok(journal);
    assert.equal(journal.journalId, approved.costJournalId);
    assert.equal(journal.status, 'POSTED');
    assert.equal(cents(journal.totalDebit), cents(journal.totalCredit), 'balanced');
    assert.equal(cents(journal.totalDebit), cents(paid));
    const [restock] = await replenishments(usage.usageId);
    assert.equal(restock?.status, 'REQUESTED');
  }

  test('GS1 scan of a consignment implant: steps 1-3 at once, waits for the invoice; an invoice within tolerance completes it (PO approved, charge posted, journal balanced, restock requested, stock back on receipt)', async () => {
    const before = await stockOnHand(e, cup);
    const usage = await scanned('GS1');
    assert.equal(usage.status, 'CAPTURED');
    const order = await waitForInvoiceStep(e, usage);
    assert.equal(order.status, 'OPEN');
    assert.equal(order.totalAmount, CONTRACT_PRICE);
    const [charge] = await charges(usage.encounterId);
    assert.equal(charge?.status, 'ACTIVE');
    assert.equal(charge?.amount, cup.patientPrice);
    assert.equal(await stockOnHand(e, cup), before - 1, 'consignment stock decremented');

    const billed = await invoice(e, cup, order, `INV-${run}-1`, '5403.00'); // +0.06 %
    assert.equal(billed.status, 201, JSON.stringify(billed.body));
    await assertInvoiced(usage, order, billed.body.invoiceId, '5403.00');
    const [restock] = await replenishments(usage.usageId);
    assert.ok(restock);
    // A supply tech receives it: the receipt records the caller as who received it.
    const received = await e.as('supply-tech').post<{
      receivedBy: string | null;
    }>('supply-consumption', `/replenishments/${restock.replenishmentRequestId}/receive`, {});
    assert.equal(received.status, 200, JSON.stringify(received.body));
    assert.equal(received.body.receivedBy, 'supply-tech');
    assert.equal(await stockOnHand(e, cup), before, 'consignment stock back');
  });

  test('HIBCC scan of the same device type completes the same way', async () => {
    const usage = await scanned('HIBC', 'HIBCC');
    const order = await waitForInvoiceStep(e, usage);
    const billed = await invoice(e, cup, order, `INV-${run}-2`, CONTRACT_PRICE);
    assert.equal(billed.status, 201, JSON.stringify(billed.body));
    await assertInvoiced(usage, order, billed.body.invoiceId, CONTRACT_PRICE);
  });

  test('a FHIR Procedure whose focal device carries the UDI enters the same pipeline', async () => {
    const encounterVisit = e.visit('FHIR');
    const procedure = {
      resourceType: 'Procedure',
      id: `proc-${run}`,
      status: 'completed',
      contained: [
        {
          resourceType: 'Device',
          id: 'cup',
          udiCarrier: [
            {
              deviceIdentifier: cup.gtin,
              carrierHRF: barcodeOf('GS1-HRF', device()),
            },
          ],
        },
      ],
      subject: { identifier: { system: 'urn:oid:2.16.840.1.113883.3.1', value: 'MRN-1' } },
      encounter: {
        identifier: {
          type: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'VN' }],
          },
          value: encounterVisit,
          assigner: { identifier: { value: 'MGH' } },
        },
      },
      performedDateTime: new Date().toISOString(),
      performer: [
        { actor: { identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: SURGEON_NPI } } },
      ],
      location: { identifier: { value: cup.locationId } },
      focalDevice: [{ manipulated: { reference: '#cup' } }],
    };
    const answer = await e.post<{ resourceType: string }>(
      'supply-consumption',
      '/fhir/Procedure',
      procedure,
      'application/fhir+json',
    );
    assert.ok(answer.status === 200 || answer.status === 201, JSON.stringify(answer.body));
    const usages = (
      await e.get<{ items: (Usage & { source: string })[] }>(
        'supply-consumption',
        `/implants?encounterId=${encodeURIComponent(`MGH:${encounterVisit}`)}`,
      )
    ).items;
    assert.equal(usages.length, 1, JSON.stringify(usages));
    const [usage] = usages;
    assert.ok(usage);
    assert.equal(usage.source, 'FHIR_PROCEDURE');
    const order = await waitForInvoiceStep(e, usage);
    const billed = await invoice(e, cup, order, `INV-${run}-3`, CONTRACT_PRICE);
    await assertInvoiced(usage, order, billed.body.invoiceId, CONTRACT_PRICE);

    const bad = await e.post<{ resourceType: string; issue: { expression?: string[] }[] }>(
      'supply-consumption',
      '/fhir/Procedure',
      { ...procedure, focalDevice: [{ manipulated: { reference: '#nothing' } }] },
      'application/fhir+json',
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.body.resourceType, 'OperationOutcome');
    assert.ok(
      bad.body.issue.some((i) => i.expression?.some((x) => x.includes('focalDevice[0]'))),
      JSON.stringify(bad.body),
    );
  });

  test('an invoice 10 % over contract: AP exception PRICE_VARIANCE; "accept" completes the saga', async () => {
    const usage = await scanned('OVER');
    const order = await waitForInvoiceStep(e, usage);
    const billed = await invoice(e, cup, order, `INV-${run}-4`, '5940.00');
    assert.equal(billed.status, 201, JSON.stringify(billed.body));
    const waitingSaga = await waitForImplantSaga(e, usage.usageId, 'WAITING');
    assert.equal(waitingSaga.currentStep, 'MatchSupplierInvoice');
    const task = await e.waitForTask(waitingSaga.id, 'AP_INVOICE_EXCEPTION');
    assert.equal(task.team, 'accounts-payable');
    assert.equal(task.reasonCode, 'INVOICE_MATCH_EXCEPTION');
    assert.equal(task.details?.['exceptionReason'], 'PRICE_VARIANCE');
    const exceptionId = task.details?.['exceptionId'];
    assert.ok(exceptionId, JSON.stringify(task.details));
    const listed = await e.get<{ items: { exceptionId: string; reason: string }[] }>(
      'procure-to-pay',
      `/ap/exceptions?status=OPEN&supplierId=${cup.supplierId}`,
    );
    assert.ok(
      listed.items.some((x) => x.exceptionId === exceptionId && x.reason === 'PRICE_VARIANCE'),
    );

    // An AP clerk decides: the resolution is recorded as theirs (the caller), not a body field.
    const done = await e
      .as('ap-clerk')
      .post('saga-orchestrator', `/human-tasks/${task.id}/complete`, {
        action: 'retry',
        input: { resolution: { exceptionId, action: 'ACCEPT_VARIANCE' } },
      });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    await assertInvoiced(usage, order, billed.body.invoiceId, '5940.00');
    assert.equal((await invoiceOf(billed.body.invoiceId)).overriddenBy, 'ap-clerk');
  });

  test('"reject" the over-priced invoice: the saga waits for the corrected invoice, which completes it', async () => {
    const usage = await scanned('REJ');
    const order = await waitForInvoiceStep(e, usage);
    const wrong = await invoice(e, cup, order, `INV-${run}-5`, '5940.00');
    const waitingSaga = await waitForImplantSaga(e, usage.usageId, 'WAITING');
    const task = await e.waitForTask(waitingSaga.id, 'AP_INVOICE_EXCEPTION');
    const exceptionId = task.details?.['exceptionId'];
    const done = await e
      .as('ap-clerk')
      .post('saga-orchestrator', `/human-tasks/${task.id}/complete`, {
        action: 'retry',
        input: { resolution: { exceptionId, action: 'REJECT_INVOICE' } },
      });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    await waiting(
      () => `invoice ${wrong.body.invoiceId} REJECTED`,
      async () => (await invoiceOf(wrong.body.invoiceId)).status === 'REJECTED',
      30_000,
    );
    const still = await waitForImplantSaga(e, usage.usageId, 'RUNNING');
    assert.equal(still.currentStep, 'MatchSupplierInvoice', 'waits for a corrected invoice');
    const corrected = await invoice(e, cup, order, `INV-${run}-5C`, CONTRACT_PRICE);
    assert.equal(corrected.status, 201, JSON.stringify(corrected.body));
    await assertInvoiced(usage, order, corrected.body.invoiceId, CONTRACT_PRICE);
  });

  test('a recalled lot is refused 409 naming the recall, no saga; an override by a supply tech is 403, by a supply supervisor runs it and records the supervisor; expired 422; the same serial twice 409', async () => {
    const lot = `RC${run}`.slice(0, 20);
    const recallNumber = `Z-${run.slice(-4)}-2026`;
    const recall = await e.post('supply-consumption', '/recalls', {
      recallNumber,
      recallClass: 'II',
      issuingAgency: 'GS1',
      deviceIdentifier: cup.gtin,
      lots: [lot],
      startDate: '2026-01-01',
    });
    assert.equal(recall.status, 201, JSON.stringify(recall.body));
    const recalledBox = { lot, serial: serial() };
    const refused = await scan({
      encounterId: encounter('RCL'),
      barcode: barcodeOf('GS1', recalledBox),
    });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body['code'], 'RECALLED');
    assert.match(JSON.stringify(refused.body), new RegExp(recallNumber));
    const none = await e.get<{ items: Usage[] }>(
      'supply-consumption',
      `/implants?lot=${lot}&deviceIdentifier=${cup.gtin}`,
    );
    assert.deepEqual(none.items, [], 'nothing captured, so no saga');

    // The override is the caller's: a supply tech may not, a supply supervisor may (recorded).
    const override = {
      encounterId: encounter('RCLO'),
      barcode: barcodeOf('GS1', recalledBox),
      recallOverride: { reason: 'no alternative size in stock' },
    };
    const notAllowed = await scan(override, e.as('supply-tech'));
    assert.equal(notAllowed.status, 403, JSON.stringify(notAllowed.body));
    const overridden = await scan(override, e.as(OVERRIDER));
    assert.equal(overridden.status, 201, JSON.stringify(overridden.body));
    assert.equal(overridden.body.recallOverride?.recallNumber, recallNumber);
    assert.equal(overridden.body.recallOverride?.overriddenBy, OVERRIDER);
    await waitForInvoiceStep(e, overridden.body);
    const stored = await e.get<Usage>('supply-consumption', `/implants/${overridden.body.usageId}`);
    assert.equal(stored.recallOverride?.recallNumber, recallNumber);

    const expired = await scan({
      encounterId: encounter('EXP'),
      barcode: barcodeOf('GS1', { ...device(), expiry: '2025-12-31' }),
    });
    assert.equal(expired.status, 422, JSON.stringify(expired.body));
    assert.equal(expired.body['code'], 'EXPIRED');

    const box = device();
    const first = await scan({ encounterId: encounter('TW1'), barcode: barcodeOf('GS1', box) });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const twice = await scan({ encounterId: encounter('TW2'), barcode: barcodeOf('GS1', box) });
    assert.equal(twice.status, 409, JSON.stringify(twice.body));
    assert.equal(twice.body['code'], 'SERIAL_ALREADY_IMPLANTED');
  });

  test('SCANNED_IN_ERROR after step 3 compensates: charge reversed, PO cancelled, stock restored', async () => {
    // Its own implant: the stock of the shared one moves with earlier tests' sagas still running.
    const stem = await setUpImplant(e, `${run}ERR`);
    const before = await stockOnHand(e, stem);
    const usage = await scanned('ERR', 'GS1', stem);
    const order = await waitForInvoiceStep(e, usage);
    assert.equal(await stockOnHand(e, stem), before - 1);
    const reversed = await e.post('supply-consumption', `/implants/${usage.usageId}/reverse`, {
      reason: 'SCANNED_IN_ERROR',
    });
    assert.equal(reversed.status, 202, JSON.stringify(reversed.body));
    await waitForImplantSaga(e, usage.usageId, 'COMPENSATED');
    assert.deepEqual(
      (await charges(usage.encounterId)).map((c) => c.status),
      ['REVERSED'],
    );
    assert.equal((await po(order.poNumber)).status, 'CANCELLED');
    assert.equal(await stockOnHand(e, stem), before, 'stock restored');
    const stored = await e.get<Usage>('supply-consumption', `/implants/${usage.usageId}`);
    assert.equal(stored.status, 'REVERSED');
  });

  test('NOT_IMPLANTED (opened, wasted): the patient charge is reversed, the PO and invoice path goes on', async () => {
    const usage = await scanned('WASTE');
    const order = await waitForInvoiceStep(e, usage);
    const reported = await e.post('supply-consumption', `/implants/${usage.usageId}/reverse`, {
      reason: 'NOT_IMPLANTED',
    });
    assert.equal(reported.status, 202, JSON.stringify(reported.body));
    await waiting(
      () => `the wasted implant's charge reversed`,
      async () => (await charges(usage.encounterId)).every((c) => c.status === 'REVERSED'),
      30_000,
    );
    const billed = await invoice(e, cup, order, `INV-${run}-6`, CONTRACT_PRICE);
    await assertInvoiced(usage, order, billed.body.invoiceId, CONTRACT_PRICE);
    assert.deepEqual(
      (await charges(usage.encounterId)).map((c) => c.status),
      ['REVERSED'],
      'still not charged to the patient',
    );
  });

  test('a discharge after an implant: the claim carries the 0278 line with the C-code', async () => {
    const stay = planStay({
      visitNumber: e.visit('DIS'),
      location: { unitId: '4W', roomId: '406', bedId: 'A', facilityId: 'MGH' },
      principalDiagnosis: true,
    });
    assert.equal((await e.send(stayMessage('A01', stay))).code, 'AA');
    const answer = await scan({
      encounterId: stay.encounterId,
      barcode: barcodeOf('GS1', device()),
    });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    await waitForInvoiceStep(e, answer.body);
    assert.equal((await e.send(stayMessage('A03', stay))).code, 'AA');
    await e.waitForSaga(stay.encounterId, 'COMPLETED', 60_000);
    const [claim] = await e.claims(stay.encounterId);
    assert.ok(claim);
    const lines = claim.lines as readonly {
      revenueCode: string;
      cptHcpcsCode: string | null;
      units: number;
      chargeAmount: string;
    }[];
    const implantLine = lines.find((l) => l.revenueCode === '0278');
    assert.ok(implantLine, JSON.stringify(lines));
    assert.equal(implantLine.cptHcpcsCode, cup.hcpcsCode);
    assert.equal(implantLine.units, 1);
    assert.equal(implantLine.chargeAmount, cup.patientPrice);
  });

  test('GET /implants?lot= lists every encounter that received the lot', async () => {
    const lot = `LQ${run}`.slice(0, 20);
    const encounters = [encounter('LQ1'), encounter('LQ2'), encounter('LQ3')];
    for (const encounterId of encounters) {
      const answer = await scan({
        encounterId,
        barcode: barcodeOf('GS1', { lot, serial: serial() }),
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
    }
    const other = await scan({
      encounterId: encounter('LQX'),
      barcode: barcodeOf('GS1', device()),
    });
    assert.equal(other.status, 201);
    const found = await e.get<{ items: Usage[] }>(
      'supply-consumption',
      `/implants?lot=${lot}&deviceIdentifier=${cup.gtin}`,
    );
    assert.deepEqual(found.items.map((u) => u.encounterId).sort(), [...encounters].sort());
  });
});
