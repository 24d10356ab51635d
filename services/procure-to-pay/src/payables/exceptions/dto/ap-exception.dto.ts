import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXCEPTION_REASONS, EXCEPTION_STATUSES } from '../ap-exception.entity.js';
import type { ExceptionReason, ExceptionStatus } from '../ap-exception.entity.js';

export class MatchVarianceDto {
  @ApiProperty({ enum: EXCEPTION_REASONS })
  reason!: ExceptionReason;

  @ApiProperty({ type: Number, nullable: true })
  invoiceLineNumber!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  poLineNumber!: number | null;

  @ApiProperty({ type: String, nullable: true, example: '2450.00' })
  expectedUnitPrice!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2695.00' })
  invoicedUnitPrice!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  expectedQuantity!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  invoicedQuantity!: number | null;

  @ApiProperty({ example: '245.00' })
  varianceAmount!: string;
}

export class ApExceptionDto {
  @ApiProperty({ format: 'uuid' })
  exceptionId!: string;

  @ApiProperty({ format: 'uuid' })
  invoiceId!: string;

  @ApiProperty({ type: String, nullable: true })
  poNumber!: string | null;

  @ApiProperty()
  supplierId!: string;

  @ApiProperty({ enum: EXCEPTION_REASONS, description: 'The largest variance’s' })
  reason!: ExceptionReason;

  @ApiProperty({ type: [MatchVarianceDto] })
  variances!: MatchVarianceDto[];

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ enum: EXCEPTION_STATUSES })
  status!: ExceptionStatus;

  @ApiProperty({ type: String, format: 'date-time' })
  raisedAt!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  resolvedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  resolvedBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  resolutionNote!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  sagaId!: string | null;
}

export class ApExceptionListDto {
  @ApiProperty({ type: [ApExceptionDto], description: 'Newest first' })
  items!: ApExceptionDto[];
}

/** The optional body of a rejection (who rejects is the caller: `resolvedBy` is not a field). */
export class RejectApExceptionRequestDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 500,
    example: 'PO number not ours: corrected invoice requested from the supplier',
    description: 'The clerk’s note (no patient identifiers)',
  })
  note?: string | null;
}
