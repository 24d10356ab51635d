import { ApiProperty } from '@nestjs/swagger';
import { ACCOUNT_TYPES, NORMAL_BALANCES } from '../chart.entities.js';
import type { AccountType, NormalBalance } from '../chart.entities.js';

export class AccountDto {
  @ApiProperty({ example: '1200' })
  code!: string;

  @ApiProperty({ example: 'Patient Accounts Receivable' })
  name!: string;

  @ApiProperty({ enum: ACCOUNT_TYPES })
  type!: AccountType;

  @ApiProperty({ enum: NORMAL_BALANCES, description: 'The side that increases the account' })
  normalBalance!: NormalBalance;
}

export class AccountListDto {
  @ApiProperty({ type: [AccountDto], description: 'By account code' })
  items!: AccountDto[];
}

export class CostCenterDto {
  @ApiProperty({ example: 'CC-4W' })
  code!: string;

  @ApiProperty({ example: 'Medical-Surgical 4 West' })
  name!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '4W',
    description: 'Nursing unit of the bed board; null for other departments',
  })
  unitId!: string | null;
}

export class CostCenterListDto {
  @ApiProperty({ type: [CostCenterDto], description: 'By cost center code' })
  items!: CostCenterDto[];
}
