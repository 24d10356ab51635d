import {
  Body,
  Controller,
  Get,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApiProblemResponse,
  ApiReferenceImport,
  Authorize,
  ApiReferenceWrite,
  importCounts,
  ImportedRows,
  putRow,
} from '@meridian/service-kit';
import type { RowsToWrite, Written } from '@meridian/service-kit';
import {
  RecallDto,
  RecallImportRequestDto,
  RecallImportResultDto,
  RecallListDto,
  RecallRequestDto,
} from './dto/recall.dto.js';
import {
  parseListRecallsQuery,
  parseRecallNumberParam,
  parseRecallPost,
  parseRecallPut,
  RECALL_IMPORT,
} from './recall.requests.js';
import type { RecallRow } from './recall.requests.js';
import { RecallsService } from './recalls.service.js';
import type { RecallView } from './recalls.service.js';

const COVERAGE =
  'A recall covers the listed lots, the lots of lotFrom..lotTo and the listed serials of its ' +
  'device identifier; without any of them, every device of the identifier. It is active from ' +
  'startDate to endDate (inclusive, FACILITY_TIMEZONE dates); POST /implants refuses a covered ' +
  'device used while it is active (409 RECALLED) unless a supply-supervisor overrides it.';

@ApiTags('recalls')
@Controller('recalls')
export class RecallsController {
  constructor(private readonly recalls: RecallsService) {}

  @Post()
  @Authorize(['supply-supervisor', 'admin'])
  @ApiReferenceWrite({
    rows: RECALL_IMPORT,
    summary: 'Creates or replaces one recall (by recall number)',
    description: COVERAGE,
    type: RecallRequestDto,
    result: RecallDto,
  })
  create(@Body() body: unknown): Promise<Written<RecallView>> {
    return this.writeOne(parseRecallPost(body));
  }

  @Post('import')
  @Authorize(['supply-supervisor', 'admin'])
  @ApiReferenceImport({
    rows: RECALL_IMPORT,
    by: 'recall number',
    description: COVERAGE,
    type: RecallImportRequestDto,
    result: RecallImportResultDto,
    csv: 'one row per recall, its lots and serials in one cell each separated by |',
    example: 'row 3: lotTo',
  })
  async import(
    @ImportedRows(RECALL_IMPORT) rows: RowsToWrite<RecallRow>,
  ): Promise<RecallImportResultDto> {
    const { created } = await this.recalls.write(rows);
    return importCounts(rows.rows.length, created);
  }

  @Put(':recallNumber')
  @Authorize(['supply-supervisor', 'admin'])
  @ApiReferenceWrite({
    rows: RECALL_IMPORT,
    summary: 'Creates or replaces one recall',
    description: COVERAGE,
    params: { recallNumber: 'Z-1234-2026' },
    type: RecallRequestDto,
    result: RecallDto,
  })
  put(
    @Param('recallNumber') recallNumber: string,
    @Body() body: unknown,
  ): Promise<Written<RecallView>> {
    return this.writeOne(parseRecallPut(recallNumber, body));
  }

  @Get()
  @Authorize(['supply-tech', 'supply-supervisor', 'admin'])
  @ApiOperation({ summary: 'Recalls matching every filter given, by recall number' })
  @ApiQuery({ name: 'deviceIdentifier', required: false, example: '00884521234560' })
  @ApiQuery({ name: 'issuingAgency', required: false, enum: ['GS1', 'HIBCC', 'ICCBBA'] })
  @ApiQuery({ name: 'active', required: false, type: Boolean, description: 'Active now or not' })
  @ApiOkResponse({ type: RecallListDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'A filter is invalid (named in errors)')
  async list(@Query() query: Record<string, unknown>): Promise<{ items: RecallView[] }> {
    return { items: await this.recalls.list(parseListRecallsQuery(query), new Date()) };
  }

  @Get(':recallNumber')
  @Authorize(['supply-tech', 'supply-supervisor', 'admin'])
  @ApiOperation({ summary: 'One recall' })
  @ApiParam({ name: 'recallNumber', example: 'Z-1234-2026' })
  @ApiOkResponse({ type: RecallDto })
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No recall has this number')
  async get(@Param('recallNumber') recallNumber: string): Promise<RecallView> {
    const recall = await this.recalls.get(parseRecallNumberParam(recallNumber), new Date());
    if (!recall) throw new NotFoundException(`recall ${recallNumber} does not exist`);
    return recall;
  }

  private async writeOne(recall: RecallRow): Promise<Written<RecallView>> {
    const { created } = await this.recalls.write(putRow(recall));
    const written = await this.recalls.get(recall.recallNumber, new Date());
    if (!written) throw new Error(`recall ${recall.recallNumber} was written but is not there`);
    return { row: written, created: created > 0 };
  }
}
