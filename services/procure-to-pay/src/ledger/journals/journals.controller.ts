import { Controller, Get, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiLimitQuery, ApiProblemResponse, Authorize } from '@meridian/service-kit';
import { JournalDto, JournalListDto } from './dto/journal.dto.js';
import { JOURNAL_STATUSES } from './journal.entities.js';
import { JournalsService } from './journals.service.js';
import { parseListJournalsQuery, requireJournalId } from './requests.js';

@ApiTags('ledger')
@Controller('journals')
@Authorize(['ap-clerk', 'revenue-integrity', 'admin'])
export class JournalsController {
  constructor(private readonly journals: JournalsService) {}

  @Get()
  @ApiOperation({
    summary: 'Find journals',
    description:
      'Journals with their lines, debit and credit totals and reversal link, newest first. ' +
      'A claim revenue journal has the claim id as sourceId; its reversal has the journal id.',
  })
  @ApiQuery({
    name: 'sourceId',
    type: String,
    required: false,
    description: 'Claim id or reversed journal id',
  })
  @ApiQuery({ name: 'encounterId', type: String, required: false, example: 'V000123' })
  @ApiQuery({ name: 'status', required: false, enum: JOURNAL_STATUSES })
  @ApiLimitQuery()
  @ApiOkResponse({ type: JournalListDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An unknown or invalid parameter')
  list(@Query() query: Record<string, unknown>): Promise<JournalListDto> {
    return this.journals.list(parseListJournalsQuery(query));
  }

  @Get(':journalId')
  @ApiOperation({ summary: 'One journal with its lines' })
  @ApiParam({ name: 'journalId', example: 'JE-20261122-0a1b2c3d' })
  @ApiOkResponse({ type: JournalDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'journalId is malformed')
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No such journal')
  get(@Param('journalId') journalId: string): Promise<JournalDto> {
    return this.journals.get(requireJournalId(journalId));
  }
}
