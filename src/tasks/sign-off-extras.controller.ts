// 加签 and 抄送 on a task; 抄送我的 and 我发起的 for the caller.
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors';
import { UuidParam } from '../common/ids';
import { TaskStateDto } from '../events/event-state.dto';
import { AddSignerDto, CcDto, CcPageDto, CcResultDto, MyListQuery, StartedPageDto, SubmissionPageDto } from './sign-off-extras.dto';
import { SignOffExtrasService } from './sign-off-extras.service';

const TaskIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The task id' });

@ApiTags('tasks')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('tasks')
export class SignOffExtrasController {
  constructor(private readonly extras: SignOffExtrasService) {}

  @Post(':id/add-signer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Add a signer to your open sign-off (加签): before you (前加签) or after you (后加签)',
    description: 'The added person gets an ordinary sign-off task of the same level. Refused for the submitter, someone who decided in this round or already signs this level, and an administrator.',
  })
  @TaskIdParam()
  @ApiOkResponse({ type: TaskStateDto, description: "The added signer's task" })
  @ApiErrors(400, 403, 404, 409, 503)
  addSigner(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: AddSignerDto) {
    return this.extras.addSigner(user, id, dto);
  }

  @Post(':id/cc')
  @HttpCode(200)
  @ApiOperation({
    summary: "Copy people or units on the task's step (抄送)",
    description: 'They are told, see it in 抄送我的 and may read the step, without acting on it. A unit is copied through its contacts.',
  })
  @TaskIdParam()
  @ApiOkResponse({ type: CcResultDto })
  @ApiErrors(400, 403, 404, 409, 503)
  copy(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: CcDto) {
    return this.extras.copy(user, id, dto);
  }
}

@ApiTags('tasks')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('me')
export class MyViewsController {
  constructor(private readonly extras: SignOffExtrasService) {}

  @Get('cc')
  @ApiOperation({ summary: 'Steps the caller was copied on (抄送我的), latest first' })
  @ApiOkResponse({ type: CcPageDto })
  @ApiErrors(400)
  copied(@CurrentUser() user: AuthUser, @Query() q: MyListQuery) {
    return this.extras.copiedToMe(user, q.page, q.pageSize);
  }

  @Get('started')
  @ApiOperation({ summary: 'Events the caller started (我发起的), latest first' })
  @ApiOkResponse({ type: StartedPageDto })
  @ApiErrors(400)
  started(@CurrentUser() user: AuthUser, @Query() q: MyListQuery) {
    return this.extras.startedByMe(user, q.page, q.pageSize);
  }

  @Get('submissions')
  @ApiOperation({ summary: "The caller's submissions that went to a sign-off (我提交的), latest first, with how each stands" })
  @ApiOkResponse({ type: SubmissionPageDto })
  @ApiErrors(400)
  submissions(@CurrentUser() user: AuthUser, @Query() q: MyListQuery) {
    return this.extras.submittedByMe(user, q.page, q.pageSize);
  }
}
