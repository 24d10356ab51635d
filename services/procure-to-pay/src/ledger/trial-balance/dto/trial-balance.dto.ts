import { ApiProperty } from '@nestjs/swagger';
import { ACCOUNT_TYPES, NORMAL_BALANCES } from '../../chart/chart.entities.js';
import type { AccountType, NormalBalance } from '../../chart/chart.entities.js';

const MONEY = 'Decimal string with two places';

export class TrialBalanceAccountDto {
  @ApiProperty({ example: '1200' })
  accountCode!: string;

  @ApiProperty({ example: 'Patient Accounts Receivable' })
  name!: string;

  @ApiProperty({ enum: ACCOUNT_TYPES })
  type!: AccountType;

  @ApiProperty({ enum: NORMAL_BALANCES })
  normalBalance!: NormalBalance;

  @ApiProperty({ example: '7805.00', description: `${MONEY}: debits posted up to asOf` })
  debit!: string;

  @ApiProperty({ example: '0.00', description: `${MONEY}: credits posted up to asOf` })
  credit!: string;

  @ApiProperty({
    example: '7805.00',
    description: `${MONEY}: net on the normal side (negative: a contra balance)`,
  })
  balance!: string;
}

export class TrialBalanceDto {
  @ApiProperty({ format: 'date', example: '2026-11-30', description: 'Postings dated up to it' })
  asOf!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ type: [TrialBalanceAccountDto], description: 'Accounts with postings, by code' })
  accounts!: TrialBalanceAccountDto[];

  @ApiProperty({ example: '7805.00', description: MONEY })
  totalDebit!: string;

  @ApiProperty({ example: '7805.00', description: `${MONEY}; equals totalDebit` })
  totalCredit!: string;
}
