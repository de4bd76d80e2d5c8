import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors';
import { EnableSelectionDto, PauseSelectionDto, SelectionMonthDto, WomenListScheduleDto } from './selections.dto';
import { SelectionsService } from './selections.service';

@ApiTags('selections')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('selections/women-list')
export class SelectionsController {
  constructor(private readonly selections: SelectionsService) {}

  @Get()
  @ApiOperation({ summary: '时代女性榜: its monthly Schedule (state, coming runs, skipped months) and the months run with their events' })
  @ApiOkResponse({ type: WomenListScheduleDto })
  @ApiErrors(403, 503)
  get(@CurrentUser() user: AuthUser) {
    return this.selections.womenList(user);
  }

  @Post('enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create the monthly Schedule, or give it a new publication day (the caller organises the coming months)' })
  @ApiOkResponse({ type: WomenListScheduleDto })
  @ApiErrors(400, 403, 503)
  enable(@CurrentUser() user: AuthUser, @Body() dto: EnableSelectionDto) {
    return this.selections.enable(user, dto.dayOfMonth);
  }

  @Post('pause')
  @HttpCode(200)
  @ApiOperation({ summary: '暂停: no month starts until resumed (a running month goes on)' })
  @ApiOkResponse({ type: WomenListScheduleDto })
  @ApiErrors(400, 403, 409, 503)
  pause(@CurrentUser() user: AuthUser, @Body() dto: PauseSelectionDto) {
    return this.selections.pause(user, dto.note);
  }

  @Post('resume')
  @HttpCode(200)
  @ApiOperation({ summary: '恢复: the coming months start again' })
  @ApiOkResponse({ type: WomenListScheduleDto })
  @ApiErrors(403, 409, 503)
  resume(@CurrentUser() user: AuthUser) {
    return this.selections.resume(user);
  }

  @Post('skip')
  @HttpCode(200)
  @ApiOperation({ summary: '跳过某月: Temporal will not start that month (one already started is cancelled as its event instead)' })
  @ApiOkResponse({ type: WomenListScheduleDto })
  @ApiErrors(400, 403, 409, 503)
  skip(@CurrentUser() user: AuthUser, @Body() dto: SelectionMonthDto) {
    return this.selections.skip(user, dto.month);
  }

  @Post('run')
  @HttpCode(200)
  @ApiOperation({ summary: '补跑: run a month that was due and never started (Temporal backfills its one scheduled time); 409 for a month started, skipped or not due yet' })
  @ApiOkResponse({ type: WomenListScheduleDto })
  @ApiErrors(400, 403, 409, 503)
  run(@CurrentUser() user: AuthUser, @Body() dto: SelectionMonthDto) {
    return this.selections.run(user, dto.month);
  }

  @Post('unskip')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a skip back: the month runs again' })
  @ApiOkResponse({ type: WomenListScheduleDto })
  @ApiErrors(400, 403, 409, 503)
  unskip(@CurrentUser() user: AuthUser, @Body() dto: SelectionMonthDto) {
    return this.selections.unskip(user, dto.month);
  }
}
