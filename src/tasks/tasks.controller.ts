import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors';
import { UuidParam } from '../common/ids';
import { TaskStateDto } from '../events/event-state.dto';
import { ApproveDto, CompleteTaskDto, DelegateCandidateDto, DelegateDto, ListTasksQuery, RejectDto, SaveDraftDto, TaskDetailDto, TaskDraftDto, TaskPageDto } from './tasks.dto';
import { TasksService } from './tasks.service';

/** Task ids are UUIDs; any other id is refused with a 400. */
const TaskIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The task id' });

@ApiTags('tasks')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: "The caller's inbox of tasks and sign-offs (待办), paged" })
  @ApiOkResponse({ type: TaskPageDto })
  @ApiErrors(400)
  inbox(@CurrentUser() user: AuthUser, @Query() query: ListTasksQuery) {
    return this.tasks.inbox(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task, with its form (or, for a sign-off, the submission being signed off)' })
  @TaskIdParam()
  @ApiOkResponse({ type: TaskDetailDto })
  @ApiErrors(400, 403, 404)
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.tasks.get(user, id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: "Complete a task (or submit the report) with its form's values" })
  @TaskIdParam()
  @ApiOkResponse({ type: TaskStateDto })
  @ApiErrors(400, 403, 404, 409, 503)
  complete(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: CompleteTaskDto) {
    return this.tasks.complete(user, id, dto.values);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign off (同意)' })
  @TaskIdParam()
  @ApiOkResponse({ type: TaskStateDto })
  @ApiErrors(400, 403, 404, 409, 503)
  approve(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: ApproveDto) {
    return this.tasks.approve(user, id, dto.comment);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send back with a comment (退回); the work returns to the named earlier step' })
  @TaskIdParam()
  @ApiOkResponse({ type: TaskStateDto })
  @ApiErrors(400, 403, 404, 409, 503)
  reject(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: RejectDto) {
    return this.tasks.reject(user, id, dto.comment);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'The submitter takes a pending sign-off back (撤回)' })
  @TaskIdParam()
  @ApiOkResponse({ type: TaskStateDto })
  @ApiErrors(400, 403, 404, 409, 503)
  withdraw(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: ApproveDto) {
    return this.tasks.withdraw(user, id, dto.comment);
  }

  @Get(':id/delegates')
  @ApiOperation({
    summary: 'Whom the caller could hand the task to now (转交)',
    description:
      'Active users the workflow would accept: for a sign-off, the same post or the level\'s pool; for other tasks, a role in the unit the work is done for, or the pool; ' +
      'never the submitter, someone already deciding in the round, an administrator, or the caller. Empty once the task is closed.',
  })
  @TaskIdParam()
  @ApiOkResponse({ type: [DelegateCandidateDto] })
  @ApiErrors(400, 403, 404, 409, 503)
  delegates(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.tasks.delegates(user, id);
  }

  @Get(':id/draft')
  @ApiOperation({ summary: "The caller's draft (草稿) of a task they hold; 404 when they have none or the task is closed" })
  @TaskIdParam()
  @ApiOkResponse({ type: TaskDraftDto })
  @ApiErrors(400, 403, 404)
  draft(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.tasks.draft(user, id);
  }

  @Put(':id/draft')
  @ApiOperation({ summary: 'Keep the half-filled form of an open task as the caller\'s draft (草稿); completing the task discards it' })
  @TaskIdParam()
  @ApiOkResponse({ type: TaskDraftDto })
  @ApiErrors(400, 403, 404, 409)
  saveDraft(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: SaveDraftDto) {
    return this.tasks.saveDraft(user, id, dto.values);
  }

  @Delete(':id/draft')
  @HttpCode(204)
  @ApiOperation({ summary: "Discard the caller's draft of a task" })
  @TaskIdParam()
  @ApiNoContentResponse({ description: 'Discarded (or there was none)' })
  @ApiErrors(400, 403, 404)
  discardDraft(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.tasks.discardDraft(user, id);
  }

  @Post(':id/delegate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand the task to another user (转交)' })
  @TaskIdParam()
  @ApiOkResponse({ type: TaskStateDto })
  @ApiErrors(400, 403, 404, 409, 503)
  delegate(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: DelegateDto) {
    return this.tasks.delegate(user, id, dto.toUserId, dto.comment);
  }
}
