// `POST /coding-queue/:id/complete`: the coder's codes, validated field by field (a 400 names
// each invalid field, e.g. `diagnoses[1].code`). The coder is the caller of the bearer token.
import type { KnownProcedureSystem, PresentOnAdmission } from '@meridian/contracts';
import {
  isProcedureCode,
  normalizeIcd10Cm,
  PROCEDURE_SYSTEMS,
  readIcd10Cm,
} from '@meridian/contracts';
import { actorFieldRefused, InvalidRequestException } from '@meridian/service-kit';
import { BodyReader, isObject } from '../shared/body-reader.js';

/** POA indicators as coders report them; 1 is "exempt from POA reporting". */
export const POA_INDICATORS = ['Y', 'N', 'U', 'W', '1'] as const;
const POA: Readonly<Record<(typeof POA_INDICATORS)[number], PresentOnAdmission>> = {
  Y: 'Y',
  N: 'N',
  U: 'U',
  W: 'W',
  '1': 'EXEMPT',
};
/** UB-04 FL67 holds the principal and 24 other diagnoses. */
export const MAX_DIAGNOSES = 25;
const MAX_PROCEDURES = 25;

export interface CoderDiagnosis {
  readonly code: string;
  readonly principal: boolean;
  readonly presentOnAdmission: PresentOnAdmission;
}

export interface CoderProcedure {
  readonly code: string;
  readonly codeSystem: KnownProcedureSystem;
  readonly performedOn: string | null;
}

export interface CompleteCodingInput {
  /** The coder: the caller (their token's user name, else its subject), never the body's say. */
  readonly coderId: string;
  readonly diagnoses: readonly CoderDiagnosis[];
  /** Undefined: keep the procedures the EHR sent. */
  readonly procedures: readonly CoderProcedure[] | undefined;
}

const isIsoDate = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

function readDiagnosis(r: BodyReader, field: string, value: unknown): CoderDiagnosis | undefined {
  const d = r.object(field, value, ['code', 'principal', 'presentOnAdmission']);
  if (!d) return undefined;
  const raw = r.text(`${field}.code`, d['code'], 16);
  const reading = raw === undefined ? undefined : readIcd10Cm(raw);
  if (reading?.ok === false) r.fail(`${field}.code`, reading.problem);
  const code = reading?.ok ? reading.code : undefined;
  const principal = d['principal'];
  if (typeof principal !== 'boolean') r.fail(`${field}.principal`, 'must be true or false');
  const poa = POA_INDICATORS.find((p) => p === d['presentOnAdmission']);
  if (!poa) r.fail(`${field}.presentOnAdmission`, `must be one of ${POA_INDICATORS.join(', ')}`);
  if (code === undefined || typeof principal !== 'boolean' || !poa) return undefined;
  return { code, principal, presentOnAdmission: POA[poa] };
}

function readProcedure(r: BodyReader, field: string, value: unknown): CoderProcedure | undefined {
  const p = r.object(field, value, ['code', 'codeSystem', 'performedOn']);
  if (!p) return undefined;
  const system = PROCEDURE_SYSTEMS.find((s) => s === p['codeSystem']);
  if (!system) r.fail(`${field}.codeSystem`, `must be one of ${PROCEDURE_SYSTEMS.join(', ')}`);
  const raw = r.text(`${field}.code`, p['code'], 16);
  const code = raw?.toUpperCase();
  if (code !== undefined && system && !isProcedureCode(code, system))
    r.fail(`${field}.code`, `is not a ${system} code`);
  const performedOn = p['performedOn'] ?? null;
  if (performedOn !== null && !(typeof performedOn === 'string' && isIsoDate(performedOn)))
    r.fail(`${field}.performedOn`, 'must be a date YYYY-MM-DD or null');
  if (code === undefined || !system || !isProcedureCode(code, system)) return undefined;
  return {
    code,
    codeSystem: system,
    performedOn: typeof performedOn === 'string' ? performedOn : null,
  };
}

/**
 * The codes of `coder` (the caller), or an InvalidRequestException naming every invalid field. A
 * body naming the coder (`coderId`, as clients sent before tokens) is refused, not ignored.
 */
export function parseCompleteCodingBody(body: unknown, coder: string): CompleteCodingInput {
  const r = new BodyReader();
  const b = r.object('body', body, ['coderId', 'diagnoses', 'procedures']);
  if (!b) throw new InvalidRequestException(r.errors);
  if (Object.hasOwn(b, 'coderId')) {
    const refused = actorFieldRefused('coderId');
    r.fail(refused.field, refused.message);
  }
  const raw = r.array('diagnoses', b['diagnoses'], { min: 1, max: MAX_DIAGNOSES }) ?? [];
  const diagnoses = raw.map((d, i) => readDiagnosis(r, `diagnoses[${i}]`, d));
  const valid = diagnoses.filter((d): d is CoderDiagnosis => d !== undefined);
  const principals = valid.filter((d) => d.principal).length;
  if (valid.length === raw.length && raw.length > 0 && principals !== 1)
    r.fail('diagnoses', `must have exactly one principal diagnosis, found ${principals}`);
  const codes = raw.map((d) =>
    isObject(d) && typeof d['code'] === 'string' ? normalizeIcd10Cm(d['code']) : undefined,
  );
  codes.forEach((code, i) => {
    const first = codes.indexOf(code);
    if (code !== undefined && first < i)
      r.fail(`diagnoses[${i}].code`, `repeats diagnoses[${first}].code`);
  });
  const procedures =
    b['procedures'] === undefined
      ? undefined
      : (r.array('procedures', b['procedures'], { min: 0, max: MAX_PROCEDURES }) ?? []).map(
          (p, i) => readProcedure(r, `procedures[${i}]`, p),
        );
  r.done();
  return {
    coderId: coder,
    diagnoses: valid,
    procedures: procedures?.filter((p): p is CoderProcedure => p !== undefined),
  };
}
