import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors, ErrorResponseDto } from '../common/api-errors';
import { UuidParam } from '../common/ids';
import { AcknowledgeDto, CreateEventDto, ListEventsQuery, ReasonDto, RescheduleDto, UrgeDto } from './events.dto';
import { IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from './event-idempotency';
import { EventsService } from './events.service';
import {
  AuditEntryDto,
  EventDetailDto,
  EventPageDto,
  EventScheduleDto,
  EventStateDto,
  EventSummaryDto,
  ReceiptRollupDto,
  ReceiptStateDto,
  ReschedulePreviewDto,
  UrgeResultDto,
} from './event-state.dto';

/** Event ids are UUIDs; any other id is refused with a 400. */
const EventIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The event id' });

@ApiTags('events')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @ApiOperation({ summary: 'Start an event from a template (its workflow starts at once)' })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      'A key of your own (e.g. a UUID) that makes a retry safe: the same request sent again with it starts nothing new and is answered 201 with the same event and `Idempotent-Replayed: true`; the key with a different request is refused with 422. Keys are per user and kept for 24 hours.',
  })
  @ApiResponse({ status: 201, description: 'The event (for a repeat with the same Idempotency-Key: the event the first request started)', type: EventSummaryDto })
  @ApiResponse({ status: 409, description: 'A request with this Idempotency-Key is still being processed, or a template this one depends on is not done yet', type: ErrorResponseDto })
  @ApiResponse({ status: 422, description: 'This Idempotency-Key was used with a different request', type: ErrorResponseDto })
  @ApiErrors(400, 403, 503)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateEventDto,
    @Headers(IDEMPOTENCY_KEY_HEADER.toLowerCase()) key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { event, replayed } = await this.events.createOnce(user, dto, key);
    if (replayed) res.setHeader(REPLAYED_HEADER, 'true');
    return event;
  }

  @Get()
  @ApiOperation({ summary: 'Events, filtered by status, template, lead unit and date range, paged' })
  @ApiOkResponse({ type: EventPageDto })
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() query: ListEventsQuery) {
    return this.events.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One event with its step timeline, tasks and notices (live from the workflow)' })
  @EventIdParam()
  @ApiOkResponse({ type: EventDetailDto })
  @ApiErrors(400, 404)
  detail(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.events.detail(user, id);
  }

  @Get(':id/audit')
  @ApiOperation({ summary: 'The append-only audit trail of an event' })
  @EventIdParam()
  @ApiOkResponse({ type: [AuditEntryDto] })
  @ApiErrors(400, 403, 404)
  audit(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.events.audit(user, id);
  }

  @Get(':id/schedule')
  @ApiOperation({ summary: 'Every pending reminder and deadline, with its time and recipients; after a change of date, what moved' })
  @EventIdParam()
  @ApiOkResponse({ type: EventScheduleDto })
  @ApiErrors(400, 403, 404, 503)
  schedule(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.events.schedule(user, id);
  }

  @Get(':id/notices/:stepId/receipts')
  @ApiOperation({ summary: 'The receipt roll-up of a notice: each unit acknowledged, pending or overdue (签收情况)' })
  @EventIdParam()
  @ApiOkResponse({ type: ReceiptRollupDto })
  @ApiErrors(400, 403, 404, 503)
  receipts(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Param('stepId') stepId: string) {
    return this.events.receipts(user, id, stepId);
  }

  @Post(':id/urge')
  @HttpCode(200)
  @ApiOperation({ summary: '催办 now: a pending task, or a unit that has not acknowledged a notice (at most once an hour each)' })
  @EventIdParam()
  @ApiOkResponse({ type: UrgeResultDto })
  @ApiErrors(400, 403, 404, 409, 429, 503)
  urge(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: UrgeDto) {
    return this.events.urge(user, id, dto);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the event to a new date: every pending date-relative deadline and wait moves with it' })
  @EventIdParam()
  @ApiOkResponse({ type: EventStateDto })
  @ApiErrors(400, 403, 404, 409, 503)
  reschedule(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: RescheduleDto) {
    return this.events.reschedule(user, id, dto);
  }

  @Post(':id/reschedule/preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What a new date would move, before it is set: every deadline and reminder, old time and new, and what would be overdue at once (for 恢复 too while postponed); nothing changes',
  })
  @EventIdParam()
  @ApiOkResponse({ type: ReschedulePreviewDto })
  @ApiErrors(400, 403, 404, 409, 503)
  previewReschedule(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: RescheduleDto) {
    return this.events.previewReschedule(user, id, dto);
  }

  @Post(':id/postpone')
  @HttpCode(200)
  @ApiOperation({ summary: 'Postpone with the date to be decided: date-relative waits pause' })
  @EventIdParam()
  @ApiOkResponse({ type: EventStateDto })
  @ApiErrors(400, 403, 404, 409, 503)
  postpone(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: ReasonDto) {
    return this.events.postpone(user, id, dto.reason);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a postponed event with its new date' })
  @EventIdParam()
  @ApiOkResponse({ type: EventStateDto })
  @ApiErrors(400, 403, 404, 409, 503)
  resume(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: RescheduleDto) {
    return this.events.resume(user, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel with a reason: pending work closes and everyone concerned is told' })
  @EventIdParam()
  @ApiOkResponse({ type: EventStateDto })
  @ApiErrors(400, 403, 404, 409, 503)
  cancel(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: ReasonDto) {
    return this.events.cancel(user, id, dto.reason);
  }

  @Post(':id/notices/:stepId/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: "A unit's liaison acknowledges an official notice (签收), with the receipt's form values" })
  @EventIdParam()
  @ApiOkResponse({ type: ReceiptStateDto })
  @ApiErrors(400, 403, 404, 409, 503)
  acknowledge(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Param('stepId') stepId: string, @Body() dto: AcknowledgeDto) {
    return this.events.acknowledge(user, id, stepId, dto);
  }
}
