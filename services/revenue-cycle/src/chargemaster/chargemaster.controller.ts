import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblemResponse, ProblemException, QueryParams } from '@meridian/service-kit';
import { CHARGEMASTER_KINDS } from './chargemaster-item.entity.js';
import { parseChargemasterImport, parseChargemasterPut } from './chargemaster.request.js';
import { ChargemasterService } from './chargemaster.service.js';
import { ChargemasterConflictError } from './chargemaster.store.js';
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

/** The part of the HTTP response a handler sets the status of. */
interface StatusResponse {
  status(code: number): unknown;
}

@ApiTags('chargemaster')
@Controller('chargemaster')
export class ChargemasterController {
  constructor(private readonly chargemaster: ChargemasterService) {}

  @Get()
  @ApiOperation({ summary: 'Chargemaster rows, by CDM or CPT/HCPCS code and kind' })
  @ApiQuery({
    name: 'code',
    required: false,
    description: 'A CDM code (3240001) or CPT/HCPCS code (71046)',
  })
  @ApiQuery({ name: 'kind', required: false, enum: CHARGEMASTER_KINDS })
  @ApiOkResponse({ type: ChargemasterListDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An unknown or invalid parameter')
  async list(@Query() query: Record<string, unknown>): Promise<ChargemasterListDto> {
    const params = new QueryParams(query, ['code', 'kind']);
    const parsed = { code: params.text('code'), kind: params.oneOf('kind', CHARGEMASTER_KINDS) };
    params.done();
    const items = await this.chargemaster.list(parsed);
    return { items: items.map(toChargemasterItemDto) };
  }

  @Put(':cdmCode')
  @ApiOperation({
    summary: 'Creates or replaces one chargemaster row; pricing uses it from the next command on',
  })
  @ApiParam({ name: 'cdmCode', example: '0110007', description: 'CDM code, 7 to 10 digits' })
  @ApiBody({ type: ChargemasterRowRequestDto })
  @ApiCreatedResponse({ type: ChargemasterItemDto, description: 'The row was created' })
  @ApiOkResponse({ type: ChargemasterItemDto, description: 'The row was replaced' })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An invalid field, named in errors[].field')
  @ApiProblemResponse(
    HttpStatus.CONFLICT,
    'Another active row already prices the unit, procedure code or item id (errors[].field names it)',
  )
  async put(
    @Param('cdmCode') cdmCode: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: StatusResponse,
  ): Promise<ChargemasterItemDto> {
    const row = parseChargemasterPut(cdmCode, body);
    const written = await this.write([row], (_index, field) => field);
    response.status(written.created > 0 ? HttpStatus.CREATED : HttpStatus.OK);
    const [item] = written.items;
    if (!item) throw new Error(`chargemaster row ${cdmCode} was not stored`);
    return toChargemasterItemDto(item);
  }

  @Post('import')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Creates or replaces chargemaster rows by CDM code in one transaction: all of them or, on any error, none',
  })
  @ApiBody({ type: ChargemasterImportRequestDto })
  @ApiOkResponse({ type: ChargemasterImportResultDto })
  @ApiProblemResponse(
    HttpStatus.BAD_REQUEST,
    'An invalid field, named in errors[].field (items[3].revenueCode); nothing was stored',
  )
  @ApiProblemResponse(
    HttpStatus.CONFLICT,
    'An active row outside the import already prices a unit, procedure code or item id of one of its rows (errors[].field: items[3].unitId); nothing was stored',
  )
  async import(@Body() body: unknown): Promise<ChargemasterImportResultDto> {
    const rows = parseChargemasterImport(body);
    const written = await this.write(rows, (index, field) => `items[${index}].${field}`);
    return {
      created: written.created,
      replaced: rows.length - written.created,
      items: written.items.map(toChargemasterItemDto),
    };
  }

  /** Writes the rows; a conflict becomes a 409 naming the field of each row (`fieldOf`). */
  private async write(
    rows: readonly ChargemasterRow[],
    fieldOf: (index: number, field: string) => string,
  ): Promise<WrittenRows> {
    try {
      return await this.chargemaster.write(rows);
    } catch (error) {
      if (!(error instanceof ChargemasterConflictError)) throw error;
      const errors = error.conflicts.map((c) => ({
        field: fieldOf(c.index, c.field),
        message: c.message,
      }));
      throw new ProblemException(
        HttpStatus.CONFLICT,
        {
          type: CHARGEMASTER_CONFLICT,
          title: 'Chargemaster conflict',
          detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
          errors,
        },
        { cause: error },
      );
    }
  }
}
