// What the campaign routes take and answer, for validation and the OpenAPI document (and so the web
// app's generated types). Figures are objects keyed by the template's target keys.
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { TARGET_UNITS } from '../../workflows/campaign-types';
import { EventSummaryDto, LocalizedTextDto, PersonDto } from '../events/event-state.dto';
import { CreateEventDto } from '../events/events.dto';
import { TrimmedOptional } from '../common/text';

const instant = { type: 'string', format: 'date-time' } as const;
const FIGURES = { type: 'object', additionalProperties: { type: 'number' }, description: 'Target key → figure' } as const;
export const STANDINGS = ['on-track', 'behind', 'at-risk'] as const;
export const STANDING = { enum: STANDINGS, description: 'on-track 正常 / behind 滞后 / at-risk 预警 (a report missing, or under half the share the time elapsed calls for)' } as const;
export const CAMPAIGN_STATUSES = ['allocating', 'running', 'assessing', 'archived', 'cancelled'] as const;

export class StartCampaignDto {
  @ApiProperty({ example: 'four-actions-targets', pattern: '^[a-z0-9-]+$' })
  @IsString()
  @Matches(/^[a-z0-9-]+$/, { message: '模板代码（templateCode）格式不正确 / templateCode must be a campaign template code such as four-actions-targets' })
  templateCode: string;

  @ApiProperty({ example: 2027, minimum: 2000, maximum: 2099, description: 'The year the campaign runs in (its span is the template’s days of this year): this year while its span is not over, or next year' })
  @Type(() => Number)
  @IsInt({ message: '年度（year）须为整数 / year must be a whole number' })
  @Min(2000, { message: '年度（year）须在 2000–2099 之间 / year must be between 2000 and 2099' })
  @Max(2099, { message: '年度（year）须在 2000–2099 之间 / year must be between 2000 and 2099' })
  year: number;

  @ApiPropertyOptional({ example: '2027年"四大巴渝巾帼行动"目标任务', maxLength: 200, description: "Defaults to the year and the template's name" })
  @TrimmedOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;
}

export class ListCampaignsQuery {
  @ApiPropertyOptional({ example: 2027, description: 'Only the campaigns of this year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '年度（year）须为整数 / year must be a whole number' })
  @Min(2000, { message: '年度（year）须在 2000–2099 之间 / year must be between 2000 and 2099' })
  @Max(2099, { message: '年度（year）须在 2000–2099 之间 / year must be between 2000 and 2099' })
  year?: number;
}

export class ReportAttachmentDto {
  @ApiProperty({ format: 'uuid', description: 'An upload to POST /api/campaigns/{id}/units/{unitCode}/attachments' })
  @IsUUID('all', { message: '附件 id 须为 UUID / an attachment id must be a UUID' })
  id: string;

  @ApiPropertyOptional({ description: 'Ignored: the name kept at upload is used' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  name?: string;
}

export class ReportProgressDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The reporting period (0 = the first)' })
  @IsInt({ message: '报告期（periodIndex）须为整数 / periodIndex must be a whole number' })
  @Min(0, { message: '报告期（periodIndex）不能为负 / periodIndex must not be negative' })
  periodIndex: number;

  @ApiProperty({ ...FIGURES, example: { povertyWorkshops: 3, ruralWomenTrained: 1200 }, description: 'The figure per target: for a running total (累计), the figure so far; otherwise the period’s own' })
  @IsObject({ message: '完成数（figures）须为对象 / figures must be an object of target key → figure' })
  figures: Record<string, number>;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Required when a running total goes down: why' })
  @TrimmedOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;

  @ApiPropertyOptional({ type: [ReportAttachmentDto], maxItems: 20, description: "Photos and documents of what was done (活动照片), uploaded first for this campaign and unit" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ReportAttachmentDto)
  attachments?: ReportAttachmentDto[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A UUID of your own per report, sent again with its retry (after a 503 or a lost answer): the same report with the same requestId is taken once and answered with the same state',
  })
  @IsOptional()
  @IsUUID('all', { message: '请求编号（requestId）须为 UUID / requestId must be a UUID' })
  requestId?: string;
}

export class CampaignTemplateTargetDto {
  @ApiProperty({ example: 'povertyWorkshops' }) key: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiProperty({ enum: TARGET_UNITS }) unit: (typeof TARGET_UNITS)[number];
  @ApiProperty({ description: "The plan's figure for the city (for %, the rate each unit reaches)" }) planFigure: number;
  @ApiProperty({ enum: ['total', 'atLeast', 'each'] }) allocation: 'total' | 'atLeast' | 'each';
  @ApiPropertyOptional({ description: 'A running total (累计) unless false' }) cumulative?: boolean;
  @ApiPropertyOptional({ type: LocalizedTextDto }) source?: LocalizedTextDto;
}

export class CampaignSpanDto {
  @ApiProperty({ example: '03-01' }) from: string;
  @ApiProperty({ example: '12-15' }) to: string;
}

export class ReportingCalendarDto {
  @ApiProperty({ enum: ['monthly', 'quarterly', 'dates'] }) every: 'monthly' | 'quarterly' | 'dates';
  @ApiPropertyOptional({ type: [String] }) dates?: string[];
  @ApiProperty({ example: '5wd' }) due: string;
  @ApiProperty({ example: '2wd' }) urgeAfter: string;
  @ApiProperty({ example: '3wd' }) superviseAfter: string;
}

export class CampaignTemplateSummaryDto {
  @ApiProperty({ example: 'four-actions-targets' }) code: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiPropertyOptional({ type: LocalizedTextDto }) description?: LocalizedTextDto;
  @ApiProperty({ example: 'dept-development' }) leadDepartment: string;
  @ApiProperty({ enum: ['districts', 'agency-committees'], isArray: true }) units: ('districts' | 'agency-committees')[];
  @ApiProperty({ type: CampaignSpanDto }) period: CampaignSpanDto;
  @ApiProperty({ type: [CampaignTemplateTargetDto] }) targets: CampaignTemplateTargetDto[];
  @ApiProperty({ type: ReportingCalendarDto }) reporting: ReportingCalendarDto;
}

export class ReportingPeriodDto {
  @ApiProperty({ type: 'integer' }) index: number;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
  @ApiProperty({ example: '2027-03-01' }) startsOn: string;
  @ApiProperty({ example: '2027-03-31' }) endsOn: string;
  @ApiProperty(instant) dueAt: string;
  @ApiProperty({ ...instant, description: '催办 to the liaison if no report by then' }) urgeAt: string;
  @ApiProperty({ ...instant, description: '督办 to the unit’s chair if still none' }) superviseAt: string;
}

export class CampaignUnitRefDto {
  @ApiProperty({ example: 'district-yuzhong' }) code: string;
  @ApiProperty({ example: '渝中区妇联' }) name: string;
}

export class CampaignListItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty() templateCode: string;
  @ApiProperty({ type: LocalizedTextDto }) templateName: LocalizedTextDto;
  @ApiProperty({ example: 'dept-development' }) leadUnit: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status: (typeof CAMPAIGN_STATUSES)[number];
  @ApiProperty(instant) startedAt: string;
  @ApiProperty({ type: 'integer', description: 'Units given targets (0 until the allocation is approved)' }) units: number;
  @ApiProperty({ type: 'integer', description: 'Periods reported, over all units to the staff, over the units one answers for to a district' }) reportsIn: number;
  @ApiProperty({ type: 'integer', description: 'Periods past their due time that the same units owed (due after their part began) or reported anyway' }) reportsDue: number;
  @ApiProperty({ type: 'number', nullable: true, description: "The city's completion (0–1+), the mean over the targets; null to those who may not see every unit's figures" })
  completion: number | null;
}

const hex = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;

/** The campaign's frozen record (目标任务归档记录) as a reader first sees it: when, and its hash. */
export class CampaignRecordSummaryDto {
  @ApiProperty(instant) archivedAt: string;
  @ApiProperty({ ...hex, description: "SHA-256 (hex) of the record's canonical JSON (RFC 8785), as stored at archiving" }) sha256: string;
  @ApiProperty({ description: 'Where the record is verified (校验)' }) verifyUrl: string;
}

/**
 * The record hashed again. The record names its two events (任务分解, 考核结果审定, the
 * campaign's allocationEventId and assessmentEventId); each has its own, at /api/archive/{eventId}/verify.
 */
export class CampaignRecordVerificationDto {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty(instant) archivedAt: string;
  @ApiProperty({ ...hex, description: 'As stored at archiving' }) sha256: string;
  @ApiProperty({ ...hex, description: 'SHA-256 of the stored canonical text, computed now' }) recomputed: string;
  @ApiProperty({ description: 'The recomputed hash is the stored one, and the stored text is still canonical JSON (RFC 8785)' }) matches: boolean;
}

export class CampaignDetailDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty() templateCode: string;
  @ApiProperty({ type: 'integer' }) templateVersion: number;
  @ApiProperty({ type: LocalizedTextDto }) templateName: LocalizedTextDto;
  @ApiProperty() leadUnit: string;
  @ApiProperty({ type: PersonDto }) organiser: PersonDto;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status: (typeof CAMPAIGN_STATUSES)[number];
  @ApiProperty(instant) startedAt: string;
  @ApiProperty({ ...instant, nullable: true }) archivedAt: string | null;
  @ApiProperty({ ...instant, nullable: true }) cancelledAt: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The allocation event (任务分解): its tasks and sign-offs are at /events/{id}' })
  allocationEventId: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: "The assessment's sign-off event, once started" }) assessmentEventId: string | null;
  @ApiProperty({ type: [CampaignTemplateTargetDto] }) targets: CampaignTemplateTargetDto[];
  @ApiProperty({ type: [ReportingPeriodDto] }) periods: ReportingPeriodDto[];
  @ApiProperty({ type: [CampaignUnitRefDto], description: 'The units given targets, in the directory’s order (empty until the allocation is approved)' }) units: CampaignUnitRefDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: FIGURES,
    nullable: true,
    description: 'The approved allocation (任务分解表), unit code → target key → figure, every unit to everyone: it is sent to every unit as an official notice; null before approval',
  })
  allocation: Record<string, Record<string, number>> | null;
  @ApiProperty({ enum: ['all', 'own-units'], description: "all: the caller sees every unit's progress (roll-up, unit pages); own-units: only that of the units it answers for" }) visibility: 'all' | 'own-units';
  @ApiProperty({ type: [String], description: 'The campaign’s units the caller answers for (liaison, chair), whose pages it may open' }) ownUnits: string[];
  @ApiProperty({ type: CampaignRecordSummaryDto, nullable: true, description: 'The frozen record once the campaign is archived; null before' })
  record: CampaignRecordSummaryDto | null;
}

export class TargetProgressDto {
  @ApiProperty() target: number;
  @ApiProperty() done: number;
  @ApiProperty({ description: 'done / target (0–1+); a target of 0 counts as met' }) completion: number;
  @ApiProperty(STANDING) standing: (typeof STANDINGS)[number];
}

export class CityProgressDto {
  @ApiProperty() planFigure: number;
  @ApiProperty({ description: "The units' shares added up (for %, their mean)" }) allocated: number;
  @ApiProperty({ description: 'The units’ figures so far added up (for %, their mean)' }) done: number;
  @ApiProperty() completion: number;
  @ApiProperty(STANDING) standing: (typeof STANDINGS)[number];
}

@ApiExtraModels(TargetProgressDto)
export class RollupUnitDto {
  @ApiProperty() unitCode: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(TargetProgressDto) }, description: 'Target key → progress' })
  targets: Record<string, TargetProgressDto>;
  @ApiProperty({ ...STANDING, description: 'The worst over its targets' }) standing: (typeof STANDINGS)[number];
  @ApiProperty({ type: 'integer' }) reportsIn: number;
  @ApiProperty({ type: 'integer', description: 'In after their due time (逾期报送)' }) reportsLate: number;
  @ApiProperty({ type: 'integer', description: 'Past their due time and not in' }) reportsMissing: number;
}

export class TrendPointDto {
  @ApiProperty({ type: 'integer' }) periodIndex: number;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
  @ApiProperty({ ...FIGURES, description: "The city's figure so far per target at the end of the period" }) done: Record<string, number>;
}

@ApiExtraModels(CityProgressDto)
export class RollupDto {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ description: "Share (0–1) of the campaign's span elapsed" }) elapsed: number;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(CityProgressDto) }, description: 'Target key → the city’s progress' })
  totals: Record<string, CityProgressDto>;
  @ApiProperty({ type: [RollupUnitDto] }) units: RollupUnitDto[];
  @ApiProperty({ type: [TrendPointDto], description: 'One point per period begun' }) trend: TrendPointDto[];
}

export class AttachmentRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional() mimeType?: string;
  @ApiPropertyOptional({ type: 'integer' }) size?: number;
}

export class ReportRevisionDto {
  @ApiProperty({ type: 'integer', description: '1 for the first submission, one more per correction' }) revision: number;
  @ApiProperty(FIGURES) figures: Record<string, number>;
  @ApiProperty({ type: 'string', nullable: true }) comment: string | null;
  @ApiProperty({ type: [AttachmentRefDto] }) attachments: AttachmentRefDto[];
  @ApiProperty({ type: PersonDto }) submittedBy: PersonDto;
  @ApiProperty(instant) submittedAt: string;
  @ApiProperty({ description: 'The first submission came after the due time' }) late: boolean;
}

export class UrgingDto {
  @ApiProperty({ enum: ['urge', 'supervise'], description: 'urge 催办 (to the liaison), supervise 督办 (to the chair)' }) kind: 'urge' | 'supervise';
  @ApiProperty(instant) at: string;
}

export class UnitPeriodDto extends ReportingPeriodDto {
  @ApiProperty({ type: ReportRevisionDto, nullable: true, description: 'The latest revision; null while none is in' }) report: ReportRevisionDto | null;
  @ApiProperty({ type: [ReportRevisionDto], description: 'Every revision, first to last' }) revisions: ReportRevisionDto[];
  @ApiProperty({ description: 'Reported after its due time' }) late: boolean;
  @ApiProperty({ description: 'Past its due time with no report' }) missing: boolean;
  @ApiProperty({ type: [UrgingDto] }) urgings: UrgingDto[];
}

export class UnitTargetDto extends TargetProgressDto {
  @ApiProperty() key: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiProperty({ enum: TARGET_UNITS }) unit: (typeof TARGET_UNITS)[number];
  @ApiProperty({ description: 'A running total (累计): each report gives the figure so far' }) cumulative: boolean;
}

export class DueNextDto {
  @ApiProperty({ type: 'integer' }) periodIndex: number;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
  @ApiProperty(instant) dueAt: string;
  @ApiProperty({ description: 'Its due time has passed (the report is late now)' }) overdue: boolean;
}

export class UnitPageDto {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) campaignStatus: (typeof CAMPAIGN_STATUSES)[number];
  @ApiProperty({ type: CampaignUnitRefDto }) unit: CampaignUnitRefDto;
  @ApiProperty({ enum: ['running', 'closed', 'cancelled'] }) status: 'running' | 'closed' | 'cancelled';
  @ApiProperty(STANDING) standing: (typeof STANDINGS)[number];
  @ApiProperty({ type: [UnitTargetDto] }) targets: UnitTargetDto[];
  @ApiProperty({ type: [UnitPeriodDto] }) periods: UnitPeriodDto[];
  @ApiProperty({ type: DueNextDto, nullable: true, description: 'The earliest period begun with no report in; null when none is owed' }) dueNext: DueNextDto | null;
  @ApiProperty({ description: 'The caller may send this unit’s reports' }) canReport: boolean;
  @ApiProperty({ type: [EventSummaryDto], description: 'The unit’s own activities (本单位活动), events of the campaign’s district template, by date' })
  activities: EventSummaryDto[];
  @ApiProperty({ description: 'The caller may start an activity of this unit now' }) canStartActivity: boolean;
}

/** A unit's own activity: the event's title, date and venue; the template is the campaign's district one. */
export class StartUnitActivityDto extends PickType(CreateEventDto, ['title', 'startsAt', 'endsAt', 'venue'] as const) {}

export class PeriodReportDto {
  @ApiProperty({ type: 'integer' }) periodIndex: number;
  @ApiProperty(FIGURES) figures: Record<string, number>;
  @ApiPropertyOptional() comment?: string;
  @ApiPropertyOptional({ type: [AttachmentRefDto] }) attachments?: AttachmentRefDto[];
  @ApiProperty({ type: PersonDto }) submittedBy: PersonDto;
  @ApiProperty(instant) submittedAt: string;
  @ApiProperty() late: boolean;
  @ApiProperty({ type: 'integer' }) revision: number;
}

/** The unit workflow's state as the report Update answers it. */
export class UnitCampaignStateDto {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty() unitCode: string;
  @ApiProperty() unitName: string;
  @ApiProperty(FIGURES) targets: Record<string, number>;
  @ApiProperty({ type: [ReportingPeriodDto] }) periods: ReportingPeriodDto[];
  @ApiProperty({ type: [PeriodReportDto], description: 'Each period’s latest report, in period order' }) reports: PeriodReportDto[];
  @ApiProperty({ ...FIGURES, description: 'The figure so far per target' }) soFar: Record<string, number>;
  @ApiProperty({ enum: ['running', 'closed', 'cancelled'] }) status: 'running' | 'closed' | 'cancelled';
}

export class UnitAssessmentDto {
  @ApiProperty() unitCode: string;
  @ApiProperty() unitName: string;
  @ApiProperty(FIGURES) targets: Record<string, number>;
  @ApiProperty(FIGURES) done: Record<string, number>;
  @ApiProperty({ ...FIGURES, description: 'done / target per target' }) completion: Record<string, number>;
  @ApiProperty({ ...FIGURES, description: 'weight × min(completion, cap) per target' }) points: Record<string, number>;
  @ApiProperty({ type: 'integer' }) late: number;
  @ApiProperty({ type: 'integer' }) missing: number;
  @ApiProperty() penalty: number;
  @ApiProperty() score: number;
  @ApiProperty({ type: 'integer', description: '1 = the best score; equal scores share a rank' }) rank: number;
}

export class CampaignStateDto {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status: (typeof CAMPAIGN_STATUSES)[number];
  @ApiPropertyOptional(instant) cancelledAt?: string;
}
