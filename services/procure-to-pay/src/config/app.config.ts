import { envTimeZone, envVariable, parseEnv, serviceVariables } from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';
import { parseCents } from '@meridian/contracts';
import type { MatchTolerance } from '../payables/match/three-way-match.js';

/**
 * procure-to-pay configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults, plus the ledger's:
 *
 * | variable              | default            | what                                              |
 * | --------------------- | ------------------ | ------------------------------------------------- |
 * | `FACILITY_TIMEZONE`   | `America/New_York` | IANA zone of the accounting day ("today")         |
 * | `LEDGER_COMPANY_CODE` | `MGH`              | ERP company (legal entity) the journals post to   |
 *
 * and the accounts payable three-way match's tolerances (see `three-way-match.ts` for the rule):
 *
 * | variable                     | default | what                                                   |
 * | ---------------------------- | ------- | ------------------------------------------------------ |
 * | `AP_PRICE_TOLERANCE_PERCENT` | `2`     | price variance accepted, % of the line's PO amount     |
 * | `AP_PRICE_TOLERANCE_AMOUNT`  | `5.00`  | price variance accepted per line, in the PO currency   |
 * | `AP_QUANTITY_TOLERANCE`      | `0`     | units an invoice line may differ from the receipt      |
 *
 * and where implant-to-invoice posts (accounts of the chart, checked when a journal posts):
 *
 * | variable                      | default   | what                                                |
 * | ----------------------------- | --------- | --------------------------------------------------- |
 * | `IMPLANT_DEFAULT_COST_CENTER` | `CC-SURG` | cost center of an implant the saga names none for   |
 * | `IMPLANT_EXPENSE_ACCOUNT`     | `5110`    | DEBIT of a case-cost journal (Implant Expense)      |
 * | `AP_LIABILITY_ACCOUNT`        | `2000`    | CREDIT of a case-cost journal (Accounts Payable)    |
 */
export interface AppConfig extends ServiceConfig {
  readonly facilityTimeZone: string;
  readonly companyCode: string;
  readonly matchTolerance: MatchTolerance;
  readonly implantDefaultCostCenter: string;
  readonly implantExpenseAccount: string;
  readonly apLiabilityAccount: string;
}

const account = (name: string, fallback: string) =>
  envVariable(name, fallback, 'an account number of 4 to 10 digits', (raw) =>
    /^\d{4,10}$/.test(raw) ? raw : undefined,
  );

/** Up to 2 decimals, not negative: `2`, `2.5`. */
const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;

export const SERVICE = 'procure-to-pay';

/** The defaults of KAFKA_CONSUMER_GROUP (the service name), PORT and DATABASE_URL. */
export const DEFAULTS = { name: SERVICE, port: 3003, database: 'procure_to_pay' } as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const { pricePercentBasisPoints, priceAmountCents, quantity, ...rest } = parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    facilityTimeZone: envTimeZone('FACILITY_TIMEZONE', 'America/New_York'),
    companyCode: envVariable(
      'LEDGER_COMPANY_CODE',
      'MGH',
      '2 to 10 upper-case letters or digits',
      (raw) => (/^[A-Z0-9]{2,10}$/.test(raw) ? raw : undefined),
    ),
    pricePercentBasisPoints: envVariable(
      'AP_PRICE_TOLERANCE_PERCENT',
      '2',
      'a percentage from 0 to 100 with at most 2 decimals, e.g. 2 or 2.5',
      (raw) => {
        if (!PERCENT.test(raw)) return undefined;
        const basisPoints = toBasisPoints(raw);
        return basisPoints <= 10_000 ? basisPoints : undefined;
      },
    ),
    priceAmountCents: envVariable(
      'AP_PRICE_TOLERANCE_AMOUNT',
      '5.00',
      'an amount of at least 0 with at most 2 decimals, e.g. 5.00',
      (raw) => {
        const cents = parseCents(raw);
        return cents !== undefined && cents >= 0 ? cents : undefined;
      },
    ),
    implantDefaultCostCenter: envVariable(
      'IMPLANT_DEFAULT_COST_CENTER',
      'CC-SURG',
      'a cost center code (capitals, digits, -)',
      (raw) => (/^[A-Z0-9][A-Z0-9-]{0,19}$/.test(raw) ? raw : undefined),
    ),
    implantExpenseAccount: account('IMPLANT_EXPENSE_ACCOUNT', '5110'),
    apLiabilityAccount: account('AP_LIABILITY_ACCOUNT', '2000'),
    quantity: envVariable(
      'AP_QUANTITY_TOLERANCE',
      '0',
      'a whole number of units of at least 0',
      (raw) => (/^\d{1,6}$/.test(raw) ? Number(raw) : undefined),
    ),
  });
  return { ...rest, matchTolerance: { pricePercentBasisPoints, priceAmountCents, quantity } };
}

/** `2.5` -> 250: percentages as whole hundredths, so the tolerance check stays in integers. */
function toBasisPoints(percent: string): number {
  const [whole = '0', fraction = ''] = percent.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}
