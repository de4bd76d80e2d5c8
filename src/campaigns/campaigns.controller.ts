import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiErrors } from '../common/api-errors';
import { UuidParam } from '../common/ids';
import { EventSummaryDto } from '../events/event-state.dto';
import { ReasonDto } from '../events/events.dto';
import { XLSX_TYPE } from '../exports/workbook';
import {
  CampaignDetailDto,
  CampaignListItemDto,
  CampaignRecordVerificationDto,
  CampaignStateDto,
  CampaignTemplateSummaryDto,
  ListCampaignsQuery,
  ReportProgressDto,
  RollupDto,
  StartCampaignDto,
  StartUnitActivityDto,
  UnitAssessmentDto,
  UnitCampaignStateDto,
  UnitPageDto,
} from './campaigns.dto';
import { CampaignsService } from './campaigns.service';

const CampaignIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The campaign id' });
const UnitCodeParam = () => ApiParam({ name: 'unitCode', example: 'district-yuzhong', description: 'A unit given targets in the campaign' });

@ApiTags('campaigns')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get('campaign-templates')
  @ApiOperation({ summary: 'The campaign templates (目标管理): targets with the plan’s figures, reporting calendar, span' })
  @ApiOkResponse({ type: [CampaignTemplateSummaryDto] })
  async templates(@CurrentUser() user: AuthUser): Promise<CampaignTemplateSummaryDto[]> {
    return (await this.campaigns.templates(user)).map((t) => ({
      code: t.code,
      version: t.version,
      name: t.name,
      description: t.description,
      leadDepartment: t.leadDepartment,
      units: t.units,
      period: t.period,
      targets: t.targets,
      reporting: t.reporting,
    }));
  }

  @Post('campaigns')
  @ApiOperation({ summary: 'Start a campaign for a year: its units are resolved, its workflow starts with the allocation (任务分解)' })
  @ApiCreatedResponse({ type: CampaignDetailDto })
  @ApiErrors(400, 403, 409, 503)
  start(@CurrentUser() user: AuthUser, @Body() dto: StartCampaignDto) {
    return this.campaigns.start(user, dto);
  }

  @Get('campaigns')
  @ApiOperation({ summary: 'Campaigns, newest year first, with their status and a completion summary' })
  @ApiOkResponse({ type: [CampaignListItemDto] })
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() query: ListCampaignsQuery) {
    return this.campaigns.list(user, query);
  }

  @Get('campaigns/:id')
  @ApiOperation({ summary: 'One campaign: status, targets, periods, units, the allocation event; of the allocation, what the caller may see' })
  @CampaignIdParam()
  @ApiOkResponse({ type: CampaignDetailDto })
  @ApiErrors(400, 404)
  detail(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.campaigns.detail(user, id);
  }

  @Get('campaigns/:id/record/verify')
  @ApiOperation({ summary: '校验: recomputes the SHA-256 of the archived campaign’s stored record (目标任务归档记录) against the stored one; 404 before archiving' })
  @CampaignIdParam()
  @ApiOkResponse({ type: CampaignRecordVerificationDto })
  @ApiErrors(400, 403, 404)
  verifyRecord(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<CampaignRecordVerificationDto> {
    return this.campaigns.verifyRecord(user, id);
  }

  @Get('campaigns/:id/rollup')
  @ApiOperation({ summary: '进度汇总: every unit against its targets and the time elapsed (on track / behind / at risk), the city’s totals, the trend by period' })
  @CampaignIdParam()
  @ApiOkResponse({ type: RollupDto })
  @ApiErrors(400, 403, 404)
  rollup(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.campaigns.rollup(user, id);
  }

  @Get('campaigns/:id/rollup.xlsx')
  @ApiOperation({ summary: 'The roll-up as .xlsx: sheets 汇总 (unit × target) and 趋势 (per period), Chinese headers with English under them' })
  @CampaignIdParam()
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ description: 'An .xlsx workbook of two sheets', content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(400, 403, 404)
  async workbook(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const file = await this.campaigns.workbook(user, id);
    res.setHeader('content-disposition', file.disposition);
    return new StreamableFile(file.body, { type: XLSX_TYPE, length: file.body.length });
  }

  @Get('campaigns/:id/assessment')
  @ApiOperation({ summary: '年度考核: each unit’s completion, punctuality and score by the template’s rules, once computed at the close (409 before)' })
  @CampaignIdParam()
  @ApiOkResponse({ type: [UnitAssessmentDto] })
  @ApiErrors(400, 403, 404, 409)
  assessment(@CurrentUser() user: AuthUser, @UuidParam() id: string) {
    return this.campaigns.assessment(user, id);
  }

  @Get('campaigns/:id/units/:unitCode')
  @ApiOperation({ summary: "A unit's page: its targets and figures, each period with its report, revisions and 催办/督办, what is due next" })
  @CampaignIdParam()
  @UnitCodeParam()
  @ApiOkResponse({ type: UnitPageDto })
  @ApiErrors(400, 403, 404)
  unit(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Param('unitCode') unitCode: string) {
    return this.campaigns.unitPage(user, id, unitCode);
  }

  @Post('campaigns/:id/units/:unitCode/reports')
  @HttpCode(200)
  @ApiOperation({ summary: 'The unit’s progress report (进度报告) for a period, or its correction: figures checked by the workflow (non-negative, a running total going down needs a comment)' })
  @CampaignIdParam()
  @UnitCodeParam()
  @ApiOkResponse({ type: UnitCampaignStateDto })
  @ApiErrors(400, 403, 404, 409, 503)
  report(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Param('unitCode') unitCode: string, @Body() dto: ReportProgressDto) {
    return this.campaigns.report(user, id, unitCode, dto);
  }

  @Post('campaigns/:id/units/:unitCode/activities')
  @ApiOperation({ summary: "Start the unit's own activity (本单位活动) in a running campaign: an event of the campaign's district template, led by the unit, organised by the caller" })
  @CampaignIdParam()
  @UnitCodeParam()
  @ApiCreatedResponse({ type: EventSummaryDto })
  @ApiErrors(400, 403, 404, 409, 503)
  startActivity(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Param('unitCode') unitCode: string, @Body() dto: StartUnitActivityDto) {
    return this.campaigns.startActivity(user, id, unitCode, dto);
  }

  @Post('campaigns/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a campaign with a reason: its units stop reporting' })
  @CampaignIdParam()
  @ApiOkResponse({ type: CampaignStateDto })
  @ApiErrors(400, 403, 404, 409, 503)
  cancel(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: ReasonDto) {
    return this.campaigns.cancel(user, id, dto.reason);
  }
}
