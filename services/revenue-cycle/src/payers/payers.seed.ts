// The payers the platform's demo and tests bill (libs/testing's PAYERS, which the demo feeder and
// the e2e tests register patients with), written by the same code as the payer API
// (`writePayers`); further payers and changes go through the API (`PUT /payers/:payerId`,
// `POST /payers/import`), not migrations.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { writePayers } from './payers.store.js';
import type { PayerRecord } from './payers.store.js';

export const PAYER_SEED: readonly PayerRecord[] = [
  {
    payerId: 'MEDICARE-A',
    name: 'MEDICARE PART A',
    payerType: 'MEDICARE',
    plans: [{ planId: 'MCR-PART-A', name: 'MEDICARE PART A' }],
  },
  {
    payerId: 'BCBS-PPO',
    name: 'BLUE CROSS PPO',
    payerType: 'COMMERCIAL',
    plans: [{ planId: 'BCBS-PPO-GOLD', name: 'BLUE CROSS PPO GOLD' }],
  },
  {
    payerId: 'AETNA-HMO',
    name: 'AETNA HMO',
    payerType: 'MANAGED_CARE',
    plans: [{ planId: 'AETNA-HMO-SILVER', name: 'AETNA HMO SILVER' }],
  },
];

export class PayerSeed1795400110000 implements MigrationInterface {
  readonly name = 'PayerSeed1795400110000';

  async up(q: QueryRunner): Promise<void> {
    await writePayers(q.manager, PAYER_SEED);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM payer WHERE payer_id = ANY($1)', [PAYER_SEED.map((p) => p.payerId)]);
  }
}
