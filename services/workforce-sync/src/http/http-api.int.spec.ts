import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Topics } from '@meridian/contracts';
import type { TopicTap } from '@meridian/testing';
import type { BedBoardDto, UnitDto } from '../bed-board/dto/bed-board.dto.js';
import type { EmployeeListDto, EmployeeView } from '../hr/dto/employee.dto.js';
import { problemOf } from '@meridian/service-kit/testing';
import { WorkforceHarness } from '../testing/workforce-harness.js';

function hrEvent(employeeId: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: `HR-${randomUUID()}`,
    type: 'HIRE',
    employeeId,
    jobCode: 'RN2',
    role: 'RN',
    costCenter: 'CC-4W',
    unitId: '4W',
    fte: 0.9,
    effectiveDate: '2026-03-01',
    ...overrides,
  };
}

describe('workforce-sync HTTP API against the real stack', () => {
  let wf: WorkforceHarness;
  let employees: TopicTap;

  before(async () => {
    wf = await WorkforceHarness.start();
    employees = await wf.service.tap(Topics.WorkforceEmployeeV1.name);
  });
  after(async () => {
    await wf?.stop();
  });

  test('serves the reference facility and units with their cost centers, beds and nurse ratios', async () => {
    // Configured only: admissions other test runs publish to units this database does not know
    // create unconfigured units here.
    const units = await wf.service.getJson<UnitDto[]>('/units?facilityId=MGH&configured=true');
    assert.deepEqual(
      units.map((u) => [u.facilityId, u.unitId, u.costCenter, u.staffedBeds, u.patientsPerRn]),
      [
        ['MGH', '4W', 'CC-4W', 24, '5.00'],
        ['MGH', '5E', 'CC-5E', 20, '4.00'],
        ['MGH', 'ICU', 'CC-ICU', 10, '2.00'],
        ['MGH', 'PEDS', 'CC-PEDS', 12, '4.00'],
      ],
    );
    assert.deepEqual(await wf.service.getJson('/facilities/MGH'), {
      facilityId: 'MGH',
      name: 'Massachusetts General Hospital',
      timeZone: 'America/New_York',
      configured: true,
    });
    const board = await wf.service.getJson<BedBoardDto>('/bed-board?facilityId=MGH&unitId=ICU');
    assert.deepEqual(
      board.units.map((u) => [u.facilityId, u.unitId, u.configured, u.beds.length]),
      [['MGH', 'ICU', true, 10]],
    );
    const [first] = board.units[0]?.beds ?? [];
    assert.deepEqual([first?.roomId, first?.bedId, first?.status], ['601', 'A', 'AVAILABLE']);
  });

  test('answers 404 problem+json for an unknown unit or bed and 400 naming a bad bed-board filter', async () => {
    await problemOf(await wf.service.fetch('/facilities/MGH/units/8NORTH/census'), 404);
    await problemOf(await wf.service.fetch('/facilities/BWH/units/4W/census'), 404);
    await problemOf(await wf.service.fetch('/facilities/MGH/units/4W/beds/401/Z'), 404);
    // A unit is always named with its facility: no route guesses one.
    await problemOf(await wf.service.fetch('/beds/4W/401/A'), 404);
    await problemOf(await wf.service.fetch('/units/4W/census'), 404);
    const problem = await problemOf(
      await wf.service.fetch('/bed-board?unitId=8NORTH&floor=8'),
      400,
    );
    assert.deepEqual(problem.errors?.map((e) => e.field).sort(), ['floor']);
    const unknownUnit = await problemOf(await wf.service.fetch('/bed-board?unitId=8NORTH'), 400);
    assert.deepEqual(
      unknownUnit.errors?.map((e) => e.field),
      ['unitId'],
    );
  });

  test('a hire joins the roster once: the same eventId again answers the first result and publishes nothing', async () => {
    const employeeId = `E-${randomUUID()}`;
    const hire = hrEvent(employeeId);
    const first = await wf.postHrEvent(hire);
    assert.equal(first.status, 200);
    const hired = (await first.json()) as EmployeeView;
    assert.deepEqual(
      [
        hired.employeeId,
        hired.status,
        hired.costCenter,
        hired.unitId,
        hired.fte,
        hired.lastEventId,
      ],
      [employeeId, 'ACTIVE', 'CC-4W', '4W', 0.9, hire.eventId],
    );
    const repeat = await wf.postHrEvent({ ...hire, fte: 0.5 });
    assert.equal(repeat.status, 200);
    assert.deepEqual(await repeat.json(), hired);

    // A transfer after it: its EmployeeChanged follows the hire's on the employee's partition, so
    // a second one for the repeat would show up between the two.
    const transfer = hrEvent(employeeId, { type: 'TRANSFER', costCenter: 'CC-ICU', unitId: 'ICU' });
    assert.equal((await wf.postHrEvent(transfer)).status, 200);
    const changes = await employees.waitFor((m) => m.key === employeeId, 2);
    assert.deepEqual(
      changes.map((m) => {
        const { changeType, costCenter, previousCostCenter, jobCode } = m.value;
        return { changeType, costCenter, previousCostCenter, jobCode };
      }),
      [
        { changeType: 'HIRED', costCenter: 'CC-4W', previousCostCenter: null, jobCode: 'RN2' },
        {
          changeType: 'TRANSFERRED',
          costCenter: 'CC-ICU',
          previousCostCenter: 'CC-4W',
          jobCode: 'RN2',
        },
      ],
    );
    const now = await wf.service.getJson<EmployeeView>(`/employees/${employeeId}`);
    assert.deepEqual(
      [now.costCenter, now.unitId, now.lastEventId],
      ['CC-ICU', 'ICU', transfer.eventId],
    );
    const icu = await wf.service.getJson<EmployeeListDto>('/employees?costCenter=CC-ICU');
    assert.ok(icu.items.some((e) => e.employeeId === employeeId));
    const fourWest = await wf.service.getJson<EmployeeListDto>('/employees?costCenter=CC-4W');
    assert.ok(!fourWest.items.some((e) => e.employeeId === employeeId));
  });

  test('a termination keeps the employee on the roster as TERMINATED', async () => {
    const employeeId = `E-${randomUUID()}`;
    assert.equal((await wf.postHrEvent(hrEvent(employeeId))).status, 200);
    const response = await wf.postHrEvent(hrEvent(employeeId, { type: 'TERMINATE' }));
    assert.equal(((await response.json()) as EmployeeView).status, 'TERMINATED');
    const changes = await employees.waitFor((m) => m.key === employeeId, 2);
    assert.deepEqual(
      changes.map((m) => m.value['changeType']),
      ['HIRED', 'TERMINATED'],
    );
  });

  test('an invalid HR event is answered 400 problem+json naming each invalid field, and nothing is stored', async () => {
    const employeeId = `E-${randomUUID()}`;
    const problem = await problemOf(
      await wf.postHrEvent(hrEvent(employeeId, { fte: 2, effectiveDate: '2026-02-30', role: 'X' })),
      400,
    );
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['role', 'fte', 'effectiveDate'],
    );
    await problemOf(await wf.service.fetch(`/employees/${employeeId}`), 404);
  });

  test('an HR event for a cost center that does not exist is answered 400 naming costCenter', async () => {
    const problem = await problemOf(
      await wf.postHrEvent(hrEvent(`E-${randomUUID()}`, { costCenter: 'CC-8N', unitId: null })),
      400,
    );
    assert.deepEqual(problem.errors, [
      { field: 'costCenter', message: 'is not a known cost center' },
    ]);
    const wrongUnit = await problemOf(
      await wf.postHrEvent(hrEvent(`E-${randomUUID()}`, { unitId: 'ICU' })),
      400,
    );
    assert.deepEqual(
      wrongUnit.errors?.map((e) => e.field),
      ['unitId'],
    );
  });

  test('answers 400 naming costCenter when listing an unknown cost center', async () => {
    const problem = await problemOf(await wf.service.fetch('/employees?costCenter=CC-8N'), 400);
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['costCenter'],
    );
  });

  test('documents the bed board and roster endpoints in its OpenAPI document', async () => {
    const doc = await wf.service.getJson<{ paths: Record<string, unknown> }>('/docs/openapi.json');
    for (const path of [
      '/facilities',
      '/facilities/import',
      '/facilities/{facilityId}',
      '/facilities/{facilityId}/units/{unitId}',
      '/facilities/{facilityId}/units/{unitId}/census',
      '/facilities/{facilityId}/units/{unitId}/beds/{roomId}/{bedId}',
      '/facilities/{facilityId}/units/{unitId}/beds/{roomId}/{bedId}/clean',
      '/units',
      '/units/import',
      '/bed-board',
      '/hr/events',
      '/employees',
      '/employees/{employeeId}',
    ]) {
      assert.ok(doc.paths[path], `${path} is documented`);
    }
  });
});
