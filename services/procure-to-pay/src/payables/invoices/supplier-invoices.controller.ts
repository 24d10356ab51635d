import {
  Body,
  Controller,
  Get,
  Headers,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { formatCents } from '@meridian/contracts';
import {
  ApiLimitQuery,
  ApiProblemResponse,
  Audit,
  Authorize,
  isCsv,
  PAGE_LIMIT,
  QueryParams,
  requireUuid,
} from '@meridian/service-kit';
import type { AuditNote } from '@meridian/service-kit';
import {
  SupplierInvoiceDto,
  SupplierInvoiceListDto,
  SupplierInvoiceRequestDto,
} from './dto/supplier-invoice.dto.js';
import { DOCUMENT_TYPES, INVOICE_STATUSES } from './supplier-invoice.entities.js';
import { readSupplierInvoice, readSupplierInvoiceCsv } from './supplier-invoice.requests.js';
import { SupplierInvoicesService } from './supplier-invoices.service.js';
import type { InvoiceWithLines } from './supplier-invoices.service.js';

const money = (cents: number | null): string | null => (cents === null ? null : formatCents(cents));

export function toInvoiceDto({ invoice: i, lines }: InvoiceWithLines): SupplierInvoiceDto {
  return {
    invoiceId: i.invoiceId,
    supplierId: i.supplierId,
    supplierInvoiceNumber: i.supplierInvoiceNumber,
    documentType: i.documentType,
    invoiceDate: i.invoiceDate,
    receivedAt: i.receivedAt.toISOString(),
    poNumber: i.poNumber,
    taxAmount: formatCents(i.taxCents),
    totalAmount: formatCents(i.totalCents),
    currency: i.currency,
    paymentDueDate: i.paymentDueDate,
    status: i.status,
    varianceAmount: money(i.varianceCents),
    overriddenBy: i.overriddenBy,
    rejectedBy: i.rejectedBy,
    approvedAmount: money(i.approvedCents),
    costJournalId: i.costJournalId,
    lines: lines.map((l) => ({
      lineNumber: l.lineNumber,
      poLineNumber: l.poLineNumber,
      supplierItemNumber: l.supplierItemNumber,
      gtin: l.gtin,
      quantity: l.quantity,
      unitOfMeasure: l.unitOfMeasure,
      unitPrice: formatCents(l.unitPriceCents),
      lineAmount: formatCents(l.lineAmountCents),
      lotNumber: l.lotNumber,
      serialNumber: l.serialNumber,
    })),
  };
}

@ApiTags('accounts payable')
@Controller('supplier-invoices')
export class SupplierInvoicesController {
  constructor(private readonly invoices: SupplierInvoicesService) {}

  @Post()
  @Authorize(['ap-clerk', 'interface'])
  @ApiOperation({
    summary:
      'Receives a supplier invoice or credit memo (JSON, or text/csv: one row per line, the header columns repeated)',
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ type: SupplierInvoiceRequestDto })
  @ApiCreatedResponse({
    type: SupplierInvoiceDto,
    description: 'Stored (an unknown PO raises NO_PO)',
  })
  @ApiProblemResponse(
    400,
    'Invalid fields, each named (lines[0].unitPrice; row 2: unitPrice in CSV)',
  )
  @ApiProblemResponse(409, 'The supplier already has an invoice of this number')
  async receive(
    @Body() body: unknown,
    @Audit() audit: AuditNote,
    @Headers('content-type') contentType?: string,
  ): Promise<SupplierInvoiceDto> {
    const input = isCsv(contentType)
      ? readSupplierInvoiceCsv(body, contentType ?? '')
      : readSupplierInvoice(body);
    audit.businessKey = input.poNumber ?? input.supplierInvoiceNumber;
    return toInvoiceDto(await this.invoices.receive(input));
  }

  @Get()
  @Authorize(['ap-clerk'])
  @ApiOperation({ summary: 'Supplier invoices and credit memos, newest first' })
  @ApiQuery({ name: 'poNumber', required: false })
  @ApiQuery({ name: 'status', required: false, enum: INVOICE_STATUSES })
  @ApiQuery({ name: 'supplierId', required: false })
  @ApiQuery({ name: 'documentType', required: false, enum: DOCUMENT_TYPES })
  @ApiLimitQuery()
  @ApiOkResponse({ type: SupplierInvoiceListDto })
  @ApiProblemResponse(400, 'An invalid query parameter, named in errors[].field')
  async list(@Query() query: Record<string, unknown>): Promise<SupplierInvoiceListDto> {
    const params = new QueryParams(query, [
      'poNumber',
      'status',
      'supplierId',
      'documentType',
      'limit',
    ]);
    const filter = {
      poNumber: params.text('poNumber'),
      status: params.oneOf('status', INVOICE_STATUSES),
      supplierId: params.text('supplierId'),
      documentType: params.oneOf('documentType', DOCUMENT_TYPES),
      limit: params.integer('limit', PAGE_LIMIT),
    };
    params.done();
    return { items: (await this.invoices.list(filter)).map(toInvoiceDto) };
  }

  @Get(':invoiceId')
  @Authorize(['ap-clerk'])
  @ApiOperation({ summary: 'One supplier invoice or credit memo' })
  @ApiOkResponse({ type: SupplierInvoiceDto })
  @ApiProblemResponse(404, 'No such invoice')
  async get(@Param('invoiceId') invoiceId: string): Promise<SupplierInvoiceDto> {
    const found = await this.invoices.find(requireUuid('invoiceId', invoiceId));
    if (!found) throw new NotFoundException(`supplier invoice ${invoiceId} does not exist`);
    return toInvoiceDto(found);
  }
}
