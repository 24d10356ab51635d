import { Body, Controller, Get, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApiProblemResponse,
  ApiReferenceImport,
  ApiReferenceWrite,
  Authorize,
  importCounts,
  ImportedRows,
  putRow,
  QueryParams,
} from '@meridian/service-kit';
import type { RowsToWrite, Written } from '@meridian/service-kit';
import { REFERENCE_READERS, REFERENCE_WRITERS } from '../shared/access.js';
import { CHARGEMASTER_KINDS } from './chargemaster-item.entity.js';
import { CHARGEMASTER_IMPORT, parseChargemasterPut } from './chargemaster.request.js';
import { ChargemasterService } from './chargemaster.service.js';
import type { ChargemasterRow } from './chargemaster.store.js';
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

@ApiTags('chargemaster')
@Controller('chargemaster')
export class ChargemasterController {
  constructor(private readonly chargemaster: ChargemasterService) {}

  @Get()
  @Authorize(REFERENCE_READERS)
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
  @Authorize(REFERENCE_WRITERS)
  @ApiReferenceWrite({
    rows: CHARGEMASTER_IMPORT,
    summary: 'Creates or replaces one chargemaster row; pricing uses it from the next command on',
    params: { cdmCode: { example: '0110007', description: 'CDM code, 7 to 10 digits' } },
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
    const written = await this.chargemaster.write(putRow(parseChargemasterPut(cdmCode, body)));
    const [item] = written.items;
    if (!item) throw new Error(`chargemaster row ${cdmCode} was not stored`);
    return { row: toChargemasterItemDto(item), created: written.created > 0 };
  }

  @Post('import')
  @Authorize(REFERENCE_WRITERS)
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
    @ImportedRows(CHARGEMASTER_IMPORT) rows: RowsToWrite<ChargemasterRow>,
  ): Promise<ChargemasterImportResultDto> {
    const written = await this.chargemaster.write(rows);
    return {
      ...importCounts(rows.rows.length, written.created),
      items: written.items.map(toChargemasterItemDto),
    };
  }
}
