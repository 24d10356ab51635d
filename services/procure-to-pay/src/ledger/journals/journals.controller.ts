import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { JournalDto, JournalListDto } from './dto/journal.dto.js';
import { JOURNAL_STATUSES } from './journal.entities.js';
import { JournalsService } from './journals.service.js';
import { DEFAULT_LIMIT, MAX_LIMIT, parseListJournalsQuery, requireJournalId } from './requests.js';

@ApiTags('ledger')
@Controller('journals')
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
  @ApiQuery({
    name: 'limit',
    type: Number,
    required: false,
    description: `1 to ${MAX_LIMIT}, default ${DEFAULT_LIMIT}`,
  })
  @ApiOkResponse({ type: JournalListDto })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid parameter' })
  list(@Query() query: Record<string, unknown>): Promise<JournalListDto> {
    return this.journals.list(parseListJournalsQuery(query));
  }

  @Get(':journalId')
  @ApiOperation({ summary: 'One journal with its lines' })
  @ApiParam({ name: 'journalId', example: 'JE-20261122-0a1b2c3d' })
  @ApiOkResponse({ type: JournalDto })
  @ApiBadRequestResponse({ description: 'problem+json: journalId is malformed' })
  @ApiNotFoundResponse({ description: 'problem+json: no such journal' })
  get(@Param('journalId') journalId: string): Promise<JournalDto> {
    return this.journals.get(requireJournalId(journalId));
  }
}
