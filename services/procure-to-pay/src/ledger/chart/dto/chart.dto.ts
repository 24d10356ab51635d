import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

export class AccountRequestDto {
  @ApiPropertyOptional({
    example: '4230',
    description: 'Required in an import; a PUT may repeat the path’s',
  })
  code?: string;

  @ApiProperty({ example: 'Orthopedic Implant Revenue', maxLength: 100 })
  name!: string;

  @ApiProperty({
    enum: ACCOUNT_TYPES,
    description: 'Fixed once the account has journal lines or revenue-code mappings (409)',
  })
  type!: AccountType;
}

export class CostCenterRequestDto {
  @ApiPropertyOptional({
    example: 'CC-ORTHO',
    description: 'Required in an import; a PUT may repeat the path’s',
  })
  code?: string;

  @ApiProperty({ example: 'Orthopedic Surgery', maxLength: 100 })
  name!: string;

  @ApiPropertyOptional({ example: '6N', description: 'Nursing unit of the bed board' })
  unitId?: string;
}

export class RevenueMappingDto {
  @ApiProperty({
    example: '0278',
    description: 'UB-04 revenue code (4 digits) or family (3 digits)',
  })
  revenueCode!: string;

  @ApiProperty({ example: '4220', description: 'A REVENUE account of the chart' })
  glAccount!: string;

  @ApiProperty({ example: 'CC-SURG', description: 'A cost center of the chart' })
  costCenter!: string;

  @ApiProperty({ example: 'Other implants' })
  description!: string;
}

export class RevenueMappingListDto {
  @ApiProperty({
    type: [RevenueMappingDto],
    description: 'By revenue code; an exact code wins over its family',
  })
  items!: RevenueMappingDto[];
}

export class RevenueMappingRequestDto {
  @ApiPropertyOptional({
    example: '0278',
    description: 'Required in an import; a PUT may repeat the path’s',
  })
  revenueCode?: string;

  @ApiProperty({ example: '4220', description: 'A REVENUE account of the chart (400 otherwise)' })
  glAccount!: string;

  @ApiProperty({ example: 'CC-SURG', description: 'A cost center of the chart (400 otherwise)' })
  costCenter!: string;

  @ApiProperty({ example: 'Other implants', maxLength: 200 })
  description!: string;
}

/** `{ items: [...] }` of an import (or the body a bare array, or text/csv with a header line). */
export class AccountImportDto {
  @ApiProperty({ type: [AccountRequestDto] })
  items!: AccountRequestDto[];
}

export class CostCenterImportDto {
  @ApiProperty({ type: [CostCenterRequestDto] })
  items!: CostCenterRequestDto[];
}

export class RevenueMappingImportDto {
  @ApiProperty({ type: [RevenueMappingRequestDto] })
  items!: RevenueMappingRequestDto[];
}

export class ImportResultDto {
  @ApiProperty({ example: 12, description: 'Rows that did not exist before' })
  created!: number;

  @ApiProperty({ example: 3, description: 'Rows replaced' })
  replaced!: number;
}
