import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hl7Segment, parseHl7 } from '@meridian/hl7';
import type { EncounterEvent } from '../encounters/encounter-events.js';
import type { Interpretation, ProtocolCodec } from '../ingest/protocol.js';
import {
  ADMITTED_AT,
  adtMessage,
  DISCHARGED_AT,
  insertAfter,
  setField,
} from '../testing/adt-samples.js';
import { Hl7Codec } from './hl7.codec.js';

const OPTIONS = {
  timeZone: 'America/New_York',
  defaultFacility: 'MGH',
  now: () => new Date('2026-11-21T17:00:00Z'),
};
const hl7 = new Hl7Codec(OPTIONS);
const codec: ProtocolCodec = hl7;
const RECEIVED = { receivedAt: new Date('2026-11-21T17:00:00Z'), messageId: 'not-used-by-hl7' };

function eventOf(raw: string): EncounterEvent {
  const { result } = codec.interpret(raw, RECEIVED);
  assert.ok('event' in result, JSON.stringify('issues' in result ? result.issues : result));
  return result.event;
}

function fields(event: EncounterEvent): Record<string, unknown> {
  return event.draft as unknown as Record<string, unknown>;
}

/** The ACK of a rejected message: MSA-1 and each ERR as `ERR-2|ERR-3.1|ERR-8`. */
function rejection(interpretation: Interpretation): { code: string; errors: string[] } {
  assert.ok('issues' in interpretation.result, 'the message should be rejected');
  const answer = interpretation.answer({
    status: 'REJECTED',
    issues: interpretation.result.issues,
  });
  const ack = parseHl7(answer.text);
  assert.equal(ack.get('MSA-1'), answer.code);
  const errors = ack.segmentsOf('ERR').map((err) =>
    [
      err
        .field(2)
        .flat()
        .map((c) => c.join('&'))
        .join('^'),
      err.value(3),
      err.value(8),
    ].join('|'),
  );
  return { code: answer.code, errors };
}

describe('HL7 v2 ADT interpretation', () => {
  test('maps an A03 to EncounterDischarged with identifiers only', () => {
    const event = eventOf(adtMessage('A03', 'V000123', 'MSG0003'));
    assert.equal(event.contract.fullName, 'health.meridian.clinical.EncounterDischarged');
    assert.equal(event.encounterId, 'MGH:V000123', 'qualified by the sending facility MSH-4');
    assert.deepEqual(fields(event), {
      encounterId: 'MGH:V000123',
      visitNumber: 'V000123',
      visitNumberAuthority: 'MGH',
      patientMrn: 'MRN00042',
      mrnAssigningAuthority: 'MGH',
      sourceSystem: 'HL7V2',
      sourceControlId: 'MSG0003',
      attendingProviderNpi: '1234567893',
      hospitalService: 'MED',
      primaryPayerId: 'AETNA-HMO',
      primaryPlanId: 'AETNA-HMO-SILVER',
      patientClass: 'INPATIENT',
      admittedAt: ADMITTED_AT,
      dischargedAt: DISCHARGED_AT,
      location: { facilityId: 'MGH', unitId: '4W', roomId: '401', bedId: 'A' },
      dischargeDisposition: '01',
      diagnoses: [
        { icd10CmCode: 'I21.4', priority: 1, principal: true, diagnosisType: 'ADMITTING' },
        { icd10CmCode: 'E11.9', priority: 2, principal: false, diagnosisType: 'FINAL' },
      ],
      procedures: [
        {
          procedureId: 'PROC-1',
          code: '93005',
          codeSystem: 'CPT',
          performedAt: ADMITTED_AT,
          surgeonNpi: null,
        },
        {
          procedureId: null,
          code: '71046',
          codeSystem: 'CPT',
          performedAt: DISCHARGED_AT,
          surgeonNpi: null,
        },
      ],
    });
  });

  test('maps each supported event to its canonical record', () => {
    const records = {
      A01: 'EncounterAdmitted',
      A02: 'EncounterTransferred',
      A04: 'EncounterRegistered',
      A08: 'EncounterUpdated',
      A11: 'EncounterAdmissionCancelled',
      A13: 'EncounterDischargeCancelled',
    } as const;
    for (const [trigger, record] of Object.entries(records)) {
      const event = eventOf(adtMessage(trigger as keyof typeof records, 'V1', `C-${trigger}`));
      assert.equal(event.contract.fullName, `health.meridian.clinical.${record}`, trigger);
    }
  });

  test('carries only admitting diagnoses on an admission', () => {
    const draft = fields(eventOf(adtMessage('A01', 'V1', 'C1')));
    assert.deepEqual(draft['admittingDiagnoses'], [
      { icd10CmCode: 'I21.4', priority: 1, principal: true, diagnosisType: 'ADMITTING' },
    ]);
    assert.deepEqual(draft['admittedAt'], ADMITTED_AT);
  });

  test('takes the prior location from PV1-6 and the transfer time from EVN-6', () => {
    let raw = adtMessage('A02', 'V1', 'C1');
    raw = setField(raw, 'EVN', 6, '20261119091500-0500');
    const draft = fields(eventOf(raw));
    assert.deepEqual(draft['fromLocation'], {
      facilityId: 'MGH',
      unitId: 'ICU',
      roomId: '601',
      bedId: 'A',
    });
    assert.equal((draft['toLocation'] as { unitId: string }).unitId, '4W');
    assert.equal((draft['transferredAt'] as Date).toISOString(), '2026-11-19T14:15:00.000Z');
  });

  test('reads local times without offset in the facility time zone', () => {
    const raw = setField(adtMessage('A03', 'V1', 'C1'), 'PV1', 45, '20260720083000');
    assert.equal(
      (fields(eventOf(raw))['dischargedAt'] as Date).toISOString(),
      '2026-07-20T12:30:00.000Z',
    );
  });

  test('picks the PID-3 repetition of type MR and the NPI-typed PV1-7 repetition', () => {
    let raw = setField(adtMessage('A03', 'V1', 'C1'), 'PID', 3, [
      [['ACC77'], [''], [''], ['MGH'], ['AN']],
      [['MRN00099'], [''], [''], ['MGH-WEST'], ['MR']],
    ]);
    raw = setField(raw, 'PV1', 7, [
      [['D123'], ['SMITH']],
      [['1245319599'], ['SMITH'], ...Array<string[]>(10).fill(['']), ['NPI']],
    ]);
    const draft = fields(eventOf(raw));
    assert.equal(draft['patientMrn'], 'MRN00099');
    assert.equal(draft['mrnAssigningAuthority'], 'MGH-WEST');
    assert.equal(draft['attendingProviderNpi'], '1245319599');
  });

  test('finds the surgeon in the procedure group ROL and reads code systems', () => {
    let raw = setField(adtMessage('A03', 'V1', 'C1'), 'PR1', 3, ['0SRD0J9', 'Knee', 'I10P'], 2);
    raw = insertAfter(
      raw,
      'PR1',
      Hl7Segment.of('ROL', [
        '1',
        'AD',
        'SURG',
        [[['1245319599'], ['CUTTER'], ...Array<string[]>(10).fill(['']), ['NPI']]],
      ]),
    );
    const [first, second] = fields(eventOf(raw))['procedures'] as {
      surgeonNpi: string | null;
      codeSystem: string;
    }[];
    assert.equal(first?.surgeonNpi, '1245319599');
    assert.equal(second?.codeSystem, 'ICD10PCS');
    assert.equal(second?.surgeonNpi, null);
  });

  test('treats an encounter without IN1 as self-pay and ignores Z-segments', () => {
    const raw = insertAfter(
      adtMessage('A02', 'V1', 'C1'),
      'PID',
      Hl7Segment.of('ZPI', ['anything', 'at all']),
    );
    assert.equal(eventOf(raw).contract.fullName, 'health.meridian.clinical.EncounterTransferred');
    const discharge = fields(eventOf(adtMessage('A13', 'V1', 'C1')));
    assert.equal(discharge['cancelledAt'] instanceof Date, true);
  });

  test('answers AE naming PV1-19 for a visit number no encounter id can carry (over 64 characters)', () => {
    const interpretation = codec.interpret(adtMessage('A03', 'V'.repeat(65), 'C2'), RECEIVED);
    assert.deepEqual(rejection(interpretation), {
      code: 'AE',
      errors: ['PV1^1^19|102|PV1-19 is not a usable visit number (1 to 64 characters)'],
    });
    assert.equal(interpretation.identity.encounterId, null);
  });

  test('answers AE with ERR 101 naming PID-3 when the MRN is missing', () => {
    const interpretation = codec.interpret(
      setField(adtMessage('A03', 'V1', 'C1'), 'PID', 3, undefined),
      RECEIVED,
    );
    assert.deepEqual(rejection(interpretation), {
      code: 'AE',
      errors: ['PID^1^3|101|PID-3 is required'],
    });
    assert.equal(interpretation.identity.controlId, 'C1');
    assert.equal(interpretation.identity.encounterId, 'MGH:V1');
  });

  test('answers AE with ERR 102 naming PV1-45 for a bad discharge time', () => {
    const raw = setField(adtMessage('A03', 'V1', 'C1'), 'PV1', 45, '2026-11-21');
    assert.deepEqual(rejection(codec.interpret(raw, RECEIVED)), {
      code: 'AE',
      errors: ['PV1^1^45|102|PV1-45 is not a valid HL7 timestamp'],
    });
  });

  test('names every problem, one ERR each: missing, malformed and unknown codes', () => {
    let raw = setField(adtMessage('A03', 'V1', 'C1'), 'PV1', 2, 'X');
    raw = setField(raw, 'PV1', 44, undefined);
    raw = setField(raw, 'DG1', 3, ['I21.4', 'NSTEMI', 'I9'], 2);
    raw = setField(raw, 'PV1', 7, [
      [['1234567890'], ['SMITH'], ...Array<string[]>(10).fill(['']), ['NPI']],
    ]);
    assert.deepEqual(rejection(codec.interpret(raw, RECEIVED)).errors.sort(), [
      'DG1^2^3^1^3|103|DG1(2)-3.3 is not ICD-10-CM (I10)',
      'PV1^1^2|103|PV1-2 is not a patient class of HL7 table 0004',
      'PV1^1^44|101|PV1-44 is required',
      'PV1^1^7^1^1|102|PV1-7.1 is not a valid NPI (10 digits with a check digit)',
    ]);
  });

  test('requires the discharge time of an A03 and the location of an A01', () => {
    const a03 = setField(adtMessage('A03', 'V1', 'C1'), 'PV1', 45, undefined);
    assert.deepEqual(rejection(codec.interpret(a03, RECEIVED)).errors, [
      'PV1^1^45|101|PV1-45 is required',
    ]);
    const a01 = setField(adtMessage('A01', 'V1', 'C1'), 'PV1', 3, undefined);
    assert.deepEqual(rejection(codec.interpret(a01, RECEIVED)).errors, [
      'PV1^1^3|101|PV1-3 is required',
    ]);
  });

  test('answers AR with ERR 100 for a segment out of order from a strict facility', () => {
    const raw = insertAfter(
      adtMessage('A02', 'V1', 'C1'),
      'PV1',
      Hl7Segment.of('DG1', ['1', '', 'I21.4']),
    );
    const strict = new Hl7Codec({ ...OPTIONS, strictFacilities: new Set(['MGH']) });
    const { code, errors } = rejection(strict.interpret(raw));
    assert.equal(code, 'AR');
    assert.match(
      errors[0] ?? '',
      /^DG1\^1\|100\|segment DG1 at position 5 is not allowed after PV1/,
    );
  });

  test('answers AR for an unsupported message type, event or version', () => {
    const base = adtMessage('A01', 'V1', 'C1');
    const cases: [string, string][] = [
      [
        setField(base, 'MSH', 9, ['ORU', 'R01', 'ORU_R01']),
        'MSH^1^9|200|MSH-9 is not an ADT message',
      ],
      [
        setField(base, 'MSH', 9, ['ADT', 'A05', 'ADT_A05']),
        'MSH^1^9^1^2|201|MSH-9.2 is not a supported ADT event (A01, A02, A03, A04, A08, A11, A13)',
      ],
      [
        setField(base, 'MSH', 12, '2.7'),
        'MSH^1^12|203|MSH-12 is not a supported version (2.3 to 2.5.1)',
      ],
    ];
    for (const [raw, error] of cases) {
      assert.deepEqual(rejection(codec.interpret(raw, RECEIVED)), { code: 'AR', errors: [error] });
    }
  });

  test('answers AR with an empty MSA-2 for text that is not HL7', () => {
    const interpretation = codec.interpret('hello', RECEIVED);
    const { code, errors } = rejection(interpretation);
    assert.equal(code, 'AR');
    assert.deepEqual(errors, ['|100|the message does not start with an MSH segment']);
    assert.equal(interpretation.identity.controlId, null);
  });

  test('answers AE with ERR 207 when the event could not be published, AA once it was', () => {
    const interpretation = codec.interpret(adtMessage('A01', 'V1', 'C1'), RECEIVED);
    const failed = interpretation.answer({
      status: 'FAILED',
      issues: [
        { kind: 'internal', where: 'Kafka', message: 'the event could not be published; resend' },
      ],
    });
    assert.equal(failed.code, 'AE');
    assert.match(
      failed.text,
      /ERR\|\|\|207\^Application internal error\^HL70357\|E\|\|\|\|the event could not be published; resend/,
    );
    const accepted = interpretation.answer({ status: 'PROCESSED', eventIds: ['e1'] });
    const ack = parseHl7(accepted.text);
    assert.deepEqual([ack.get('MSA-1'), ack.get('MSA-2'), ack.get('MSH-9.2')], ['AA', 'C1', 'A01']);
    assert.equal(ack.segmentsOf('ERR').length, 0);
  });

  test('ignores segments out of place and Z-segments from a lenient facility, listing them', () => {
    let raw = insertAfter(
      adtMessage('A02', 'V1', 'C1'),
      'PV1',
      Hl7Segment.of('IN1', ['1', 'PLAN', 'PAYER']),
      Hl7Segment.of('ZPV', ['local']),
      Hl7Segment.of('PV1', ['2', 'O', 'ER']),
    );
    raw = setField(raw, 'PV1', 60, 'past the last field');
    const interpretation = codec.interpret(raw, RECEIVED);
    assert.ok('event' in interpretation.result);
    const draft = fields(interpretation.result.event);
    assert.equal((draft['toLocation'] as { unitId: string }).unitId, '4W', 'the first PV1');
    assert.deepEqual(interpretation.ignored, [
      'IN1 (segment 5)',
      'ZPV (segment 6)',
      'PV1 (segment 7)',
      'PV1-53 to PV1-60 (segment 4)',
    ]);
  });

  test('reads the segments it ignores out of the event: a DG1 out of place is no diagnosis', () => {
    const raw = insertAfter(
      adtMessage('A03', 'V1', 'C1'),
      'IN1',
      Hl7Segment.of('DG1', ['3', '', ['E78.5', 'Hyperlipidemia', 'I10'], '', '', 'F']),
    );
    const interpretation = codec.interpret(raw, RECEIVED);
    assert.ok('event' in interpretation.result);
    const diagnoses = fields(interpretation.result.event)['diagnoses'] as { icd10CmCode: string }[];
    assert.deepEqual(
      diagnoses.map((d) => d.icd10CmCode),
      ['I21.4', 'E11.9'],
    );
    assert.equal(interpretation.ignored?.length, 1);
  });

  test('still answers AR for a required segment that is missing', () => {
    const raw = adtMessage('A02', 'V1', 'C1').replace(/PV1\|[^\r]*\r/, '');
    const { code, errors } = rejection(codec.interpret(raw, RECEIVED));
    assert.equal(code, 'AR');
    assert.match(errors[0] ?? '', /^PV1\^1\|100\|required segment PV1 is missing/);
  });

  test('decodes ISO 8859-1 bytes per MSH-18: CAFÉ reaches the event intact', () => {
    let raw = setField(adtMessage('A01', 'V1', 'C1'), 'MSH', 18, '8859/1');
    raw = setField(raw, 'PV1', 10, 'CAFÉ');
    const { text, interpretation } = hl7.interpretBytes(Buffer.from(raw, 'latin1'));
    assert.match(text, /\|CAFÉ\|/);
    assert.ok('event' in interpretation.result);
    assert.equal(fields(interpretation.result.event)['hospitalService'], 'CAFÉ');
  });

  test('answers AE naming MSH-18 for bytes that are not UTF-8 when MSH-18 is empty', () => {
    const raw = setField(adtMessage('A01', 'V1', 'C1'), 'PV1', 10, 'CAFÉ');
    const { interpretation } = hl7.interpretBytes(Buffer.from(raw, 'latin1'));
    assert.deepEqual(rejection(interpretation), {
      code: 'AE',
      errors: [
        'MSH^1^18|102|MSH-18: the message holds bytes that are not valid in UTF-8 (MSH-18 is empty)',
      ],
    });
    assert.equal(interpretation.identity.controlId, 'C1');
  });

  test('answers AR 203 naming MSH-18 for a character set it does not read', () => {
    const raw = setField(adtMessage('A01', 'V1', 'C1'), 'MSH', 18, 'UNICODE UTF-16');
    const { code, errors } = rejection(hl7.interpretBytes(Buffer.from(raw)).interpretation);
    assert.equal(code, 'AR');
    assert.match(
      errors[0] ?? '',
      /^MSH\^1\^18\|203\|MSH-18 is not a character set this receiver reads/,
    );
  });

  test('answers AE naming the field for a NUL or another control character as received', () => {
    for (const control of ['\0', '\x1c', '\x0b', '\x7f']) {
      const raw = adtMessage('A01', 'V1', 'C1').replace('|DOE^JANE', `|DOE${control}^JANE`);
      assert.deepEqual(rejection(codec.interpret(raw, RECEIVED)), {
        code: 'AE',
        errors: [
          'PID^1^5|102|PID-5 contains a control character (only TAB and line breaks are allowed)',
        ],
      });
    }
    const tab = adtMessage('A01', 'V1', 'C1').replace('|DOE^JANE', '|DOE\tJANE');
    assert.ok('event' in codec.interpret(tab, RECEIVED).result, 'TAB is allowed');
  });

  test('answers AE naming a field the event would carry when it holds \\X00\\', () => {
    const raw = setField(adtMessage('A01', 'V1', 'C1'), 'PV1', 10, 'MED\0');
    assert.match(raw, /\|MED\\X00\\\|/, 'written escaped');
    assert.deepEqual(rejection(codec.interpret(raw, RECEIVED)).errors, [
      'PV1^1^10|102|PV1-10 contains a control character (only TAB and line breaks are allowed)',
    ]);
  });

  test('answers AR 202 naming MSH-11 for training and debugging messages', () => {
    for (const id of ['T', 'D', 'X']) {
      const raw = setField(adtMessage('A01', 'V1', 'C1'), 'MSH', 11, id);
      const { code, errors } = rejection(codec.interpret(raw, RECEIVED));
      assert.equal(code, 'AR', id);
      assert.match(errors[0] ?? '', /^MSH\^1\^11\|202\|MSH-11 is/, id);
    }
  });

  test('with HL7_NON_PRODUCTION=publish, maps T and D messages like P ones, marked non-production', () => {
    const publishing = new Hl7Codec({ ...OPTIONS, nonProduction: 'publish' });
    for (const id of ['T', 'D', 'P']) {
      const raw = setField(adtMessage('A01', 'V1', 'C1'), 'MSH', 11, id);
      const { identity, result } = publishing.interpret(raw);
      assert.equal(identity.processingId, id);
      assert.ok('event' in result, id);
      assert.equal(result.nonProduction, id !== 'P', id);
      assert.deepEqual(fields(result.event), fields(eventOf(setField(raw, 'MSH', 11, 'P'))), id);
    }
    const unknown = setField(adtMessage('A01', 'V1', 'C1'), 'MSH', 11, 'X');
    const { errors } = rejection(publishing.interpret(unknown));
    assert.match(errors[0] ?? '', /^MSH\^1\^11\|202\|MSH-11 is not a processing id/);
  });

  test('answers 100k DG1 segments at once with AR naming the segment limit', () => {
    const raw = adtMessage('A03', 'V1', 'C1') + 'DG1|\r'.repeat(100_000);
    const started = performance.now();
    const interpretation = codec.interpret(raw, RECEIVED);
    assert.ok(performance.now() - started < 1000);
    assert.deepEqual(rejection(interpretation), {
      code: 'AR',
      errors: ['|100|the message has more than 5000 segments (limit HL7_MAX_SEGMENTS)'],
    });
    assert.equal(interpretation.identity.controlId, 'C1', 'MSA-2 still names the message');
  });

  test('names the field and the limit for too many repetitions', () => {
    const raw = setField(adtMessage('A01', 'V1', 'C1'), 'PID', 3, 'X').replace(
      '|X|',
      `|${'~'.repeat(1000)}|`,
    );
    assert.deepEqual(rejection(codec.interpret(raw, RECEIVED)).errors, [
      'PID^1^3|100|PID-3 has more than 100 repetitions (limit HL7_MAX_REPETITIONS)',
    ]);
  });

  test('qualifies the encounter id by PV1-19.4, an HD namespace id, else MSH-4', () => {
    const visit = (value: string | string[][][]): string => {
      let raw = setField(adtMessage('A01', 'V1', 'C1'), 'PV1', 19, value);
      raw = setField(raw, 'PV1', 3, ['4W', '401', 'A']);
      return eventOf(raw).encounterId;
    };
    assert.equal(visit([[['V1'], [''], [''], ['MGH']]]), 'MGH:V1');
    assert.equal(visit([[['V1'], [''], [''], ['BWH']]]), 'BWH:V1', 'same MSH-4, other authority');
    assert.equal(visit([[['V1'], [''], [''], ['BWH', '1.2.3', 'ISO']]]), 'BWH:V1');
    assert.equal(visit('V1'), 'MGH:V1', 'no PV1-19.4: the sending facility');
  });

  test('fills the location facility from the visit number authority when PV1-3.4 is absent', () => {
    let raw = setField(adtMessage('A02', 'V1', 'C1'), 'PV1', 19, [[['V1'], [''], [''], ['BWH']]]);
    raw = setField(raw, 'PV1', 3, ['4W', '401', 'A']);
    raw = setField(raw, 'PV1', 6, ['ICU', '601', 'A']);
    const draft = fields(eventOf(raw));
    assert.deepEqual(
      [
        (draft['toLocation'] as { facilityId: string }).facilityId,
        (draft['fromLocation'] as { facilityId: string }).facilityId,
      ],
      ['BWH', 'BWH'],
    );
    const own = setField(raw, 'PV1', 3, ['4W', '401', 'A', 'MGH-EAST']);
    assert.equal(
      (fields(eventOf(own))['toLocation'] as { facilityId: string }).facilityId,
      'MGH-EAST',
    );
  });
});
