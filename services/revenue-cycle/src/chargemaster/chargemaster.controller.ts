import {
  Body,
  Controller,
  Get,
  Headers,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApiProblemResponse,
  ApiReferenceImport,
  ApiReferenceWrite,
  importCounts,
  QueryParams,
  readImport,
  rowError,
  rowsRefused,
  RowsRefusedError,
} from '@meridian/service-kit';
import type { FieldError, Written } from '@meridian/service-kit';
import { CHARGEMASTER_KINDS } from './chargemaster-item.entity.js';
import { CHARGEMASTER_IMPORT, parseChargemasterPut } from './chargemaster.request.js';
import { ChargemasterService } from './chargemaster.service.js';
import type { ChargemasterRow, WrittenRows } from './chargemaster.store.js';
import {
  ChargemasterImportRequestDto,
  ChargemasterImportResultDto,
  ChargemasterRowRequestDto,
} from './dto/chargemaster-import.dto.js';
import {
  ChargemasterItemDto,
  ChargemasterListDto,
  toChargemasterItemDto,
} from './dto/chargemaster-item.dto.js';

/** Problem type of a write that would leave two active rows for one lookup key. */
export const CHARGEMASTER_CONFLICT = 'urn:meridian:problem:chargemaster-conflict';

@ApiTags('chargemaster')
@Controller('chargemaster')
export class ChargemasterController {
  constructor(private readonly chargemaster: ChargemasterService) {}

  @Get()
  @ApiOperation({ summary: 'Chargemaster rows, by CDM or CPT/HCPCS code, kind and facility' })
  @ApiQuery({
    name: 'code',
    required: false,
    description: 'A CDM code (3240001) or CPT/HCPCS code (71046)',
  })
  @ApiQuery({ name: 'kind', required: false, enum: CHARGEMASTER_KINDS })
  @ApiQuery({
    name: 'facilityId',
    required: false,
    example: 'BWH',
    description: "A facility's own rows (without the network-wide rows it falls back to)",
  })
  @ApiOkResponse({ type: ChargemasterListDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An unknown or invalid parameter')
  async list(@Query() query: Record<string, unknown>): Promise<ChargemasterListDto> {
    const params = new QueryParams(query, ['code', 'kind', 'facilityId']);
    const parsed = {
      code: params.text('code'),
      kind: params.oneOf('kind', CHARGEMASTER_KINDS),
      facilityId: params.text('facilityId'),
    };
    params.done();
    const items = await this.chargemaster.list(parsed);
    return { items: items.map(toChargemasterItemDto) };
  }

  @Put(':cdmCode')
  @ApiReferenceWrite({
    rows: CHARGEMASTER_IMPORT,
    summary: 'Creates or replaces one chargemaster row; pricing uses it from the next command on',
    params: [{ name: 'cdmCode', example: '0110007', description: 'CDM code, 7 to 10 digits' }],
    type: ChargemasterRowRequestDto,
    result: ChargemasterItemDto,
    refusals: [
      {
        status: HttpStatus.CONFLICT,
        description:
          'Another active row already prices the unit, procedure code or item id (errors[].field names it)',
      },
    ],
  })
  async put(
    @Param('cdmCode') cdmCode: string,
    @Body() body: unknown,
  ): Promise<Written<ChargemasterItemDto>> {
    const row = parseChargemasterPut(cdmCode, body);
    const written = await this.write([row], (_index, field, message) => ({ field, message }));
    const [item] = written.items;
    if (!item) throw new Error(`chargemaster row ${cdmCode} was not stored`);
    return { row: toChargemasterItemDto(item), created: written.created > 0 };
  }

  @Post('import')
  @ApiReferenceImport({
    rows: CHARGEMASTER_IMPORT,
    by: 'CDM code',
    type: ChargemasterImportRequestDto,
    result: ChargemasterImportResultDto,
    csv: 'some of them; an empty cell is null; active true or false',
    example: 'row 3: revenueCode',
    refusals: [
      {
        status: HttpStatus.CONFLICT,
        description:
          'An active row outside the import already prices a unit, procedure code or item id of one of its rows at its facility (errors[].field: row 3: unitId)',
      },
    ],
  })
  async import(
    @Body() body: unknown,
    @Headers('content-type') contentType?: string,
  ): Promise<ChargemasterImportResultDto> {
    // Every row is valid here, so the row of the write's index-th row is index + 1.
    const rows = readImport(body, contentType, CHARGEMASTER_IMPORT).map((r) => r.value);
    const written = await this.write(rows, (index, field, message) =>
      rowError(index + 1, field, message),
    );
    return {
      ...importCounts(rows.length, written.created),
      items: written.items.map(toChargemasterItemDto),
    };
  }

  /** Writes the rows; a conflict becomes a 409 naming the field of each row (`errorOf`). */
  private async write(
    rows: readonly ChargemasterRow[],
    errorOf: (index: number, field: string, message: string) => FieldError,
  ): Promise<WrittenRows> {
    try {
      return await this.chargemaster.write(rows);
    } catch (error) {
      if (!(error instanceof RowsRefusedError)) throw error;
      const errors = error.refusals.map((c) => errorOf(c.index, c.field, c.message));
      throw rowsRefused(
        HttpStatus.CONFLICT,
        { type: CHARGEMASTER_CONFLICT, title: 'Chargemaster conflict' },
        errors,
        error,
      );
    }
  }
}
