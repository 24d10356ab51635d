// The demo network's second hospital, configured as a hospital configures one: through the import
// APIs (facility, units as CSV, its own room & board rates), never a migration, and staffed as HR
// staffs one: hires through the HR webhook. Idempotent: each `npm start` imports it again (the same
// rows are replaced) and sends the same hires (a repeated event id is answered with its first
// result).
export interface ImportCall {
  readonly service: string;
  readonly method: 'PUT' | 'POST';
  readonly path: string;
  readonly contentType: 'application/json' | 'text/csv';
  readonly body: string;
}

const BWH_UNITS: readonly { unitId: string; name: string; rooms: readonly string[] }[] = [
  { unitId: '4W', name: 'BWH Medicine 4 West', rooms: ['401', '402', '403', '404'] },
  { unitId: 'ICU', name: 'BWH Medical ICU', rooms: ['601', '602', '603'] },
];

function unitsCsv(): string {
  const rows = BWH_UNITS.flatMap((unit) =>
    unit.rooms.flatMap((room) =>
      ['A', 'B'].map((bed) =>
        ['BWH', unit.unitId, unit.name, `BWH-CC-${unit.unitId}`, '4', room, bed].join(','),
      ),
    ),
  );
  return ['facilityId,unitId,name,costCenter,patientsPerRn,roomId,bedId', ...rows].join('\r\n');
}

const CHARGEMASTER_CSV = [
  'cdmCode,description,revenueCode,kind,unitId,unitPrice,facilityId',
  '0120001,R&B MED/SURG 4 WEST BWH,0120,ROOM_AND_BOARD,4W,2600.00,BWH',
  '0120002,R&B MEDICAL ICU BWH,0200,ROOM_AND_BOARD,ICU,6400.00,BWH',
].join('\r\n');

/** The calls that configure Brigham and Women's (BWH) beside the seeded MGH, in order. */
export function demoNetworkImports(): ImportCall[] {
  return [
    {
      service: 'workforce-sync',
      method: 'PUT',
      path: '/facilities/BWH',
      contentType: 'application/json',
      body: JSON.stringify({ name: "Brigham and Women's Hospital", timeZone: 'America/New_York' }),
    },
    {
      service: 'workforce-sync',
      method: 'POST',
      path: '/units/import',
      contentType: 'text/csv',
      body: unitsCsv(),
    },
    {
      service: 'revenue-cycle',
      method: 'POST',
      path: '/chargemaster/import',
      contentType: 'text/csv',
      body: CHARGEMASTER_CSV,
    },
  ];
}

/** `POST /hr/events` of workforce-sync: one event of the HR system. */
export interface HrEvent {
  readonly eventId: string;
  readonly type: 'HIRE';
  readonly employeeId: string;
  readonly jobCode: string;
  readonly role: 'RN' | 'CNA';
  readonly costCenter: string;
  readonly unitId: string;
  readonly fte: number;
  /** YYYY-MM-DD */
  readonly effectiveDate: string;
}

/** BWH's nursing staff, hired effective `effectiveDate`: two RNs and a CNA per unit. */
export function demoNetworkHires(effectiveDate: string): HrEvent[] {
  const staff = [
    { n: 1, role: 'RN', jobCode: 'RN2', fte: 0.9 },
    { n: 2, role: 'RN', jobCode: 'RN3', fte: 1 },
    { n: 3, role: 'CNA', jobCode: 'CNA1', fte: 0.8 },
  ] as const;
  return BWH_UNITS.flatMap((unit) =>
    staff.map(({ n, role, jobCode, fte }) => {
      const employeeId = `BWH-${unit.unitId}-${n}`;
      return {
        eventId: `DEMO-HIRE-${employeeId}`,
        type: 'HIRE',
        employeeId,
        jobCode,
        role,
        costCenter: `BWH-CC-${unit.unitId}`,
        unitId: unit.unitId,
        fte,
        effectiveDate,
      };
    }),
  );
}
