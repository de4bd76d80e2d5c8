// What GET /api/years/{year}/summary answers, for the OpenAPI document (and so the web app's types).
import { ApiProperty } from '@nestjs/swagger';
import { TARGET_UNITS } from '../../workflows/campaign-types';
import { CAMPAIGN_STATUSES, STANDING, STANDINGS } from '../campaigns/campaigns.dto';
import { LocalizedTextDto } from '../events/event-state.dto';
import { EVENT_STATUSES } from './year-summary';

const instant = { type: 'string', format: 'date-time' } as const;

export class ReceiptCountsDto {
  @ApiProperty({ description: 'Acknowledged by the due date (按时签收)' }) onTime: number;
  @ApiProperty({ description: 'Acknowledged after the due date (逾期签收)' }) late: number;
  @ApiProperty({ description: 'Not acknowledged although the due date has passed or the event is archived (未签收); a cancelled event counts none' }) missing: number;
  @ApiProperty({ description: 'Not acknowledged yet, still within its time (待签收)' }) pending: number;
}

export class YearNoticeDto {
  @ApiProperty() noticeId: string;
  @ApiProperty() stepId: string;
  @ApiProperty({ type: 'string', nullable: true, example: '渝妇发〔2027〕12号' }) docNumber: string | null;
  @ApiProperty({ type: LocalizedTextDto }) subject: LocalizedTextDto;
  @ApiProperty(instant) issuedAt: string;
  @ApiProperty({ ...instant, nullable: true }) receiptsDueAt: string | null;
  @ApiProperty({ type: ReceiptCountsDto, description: "Of the notice's latest round; zero for a round it replaced" }) receipts: ReceiptCountsDto;
}

export class ReportFigureDto {
  @ApiProperty({ example: 'participants' }) key: string;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
  @ApiProperty({ description: 'The number submitted; for unitsCovered, how many units it lists' }) value: number;
}

export class YearReportDto {
  @ApiProperty(instant) submittedAt: string;
  @ApiProperty({ type: [ReportFigureDto] }) figures: ReportFigureDto[];
}

export class YearTargetDto {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ example: '2027年“四大巴渝巾帼行动”目标任务' }) campaign: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES, description: 'Never cancelled: a cancelled campaign is left out' }) campaignStatus: (typeof CAMPAIGN_STATUSES)[number];
  @ApiProperty({ example: 'povertyWorkshops' }) key: string;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
  @ApiProperty({ enum: TARGET_UNITS }) unit: (typeof TARGET_UNITS)[number];
  @ApiProperty({ description: "The plan's figure for the city (for %, the rate to reach)" }) planFigure: number;
  @ApiProperty({ type: 'number', nullable: true, description: "The districts' shares added up (a rate: their mean); null until the allocation is approved" })
  allocated: number | null;
  @ApiProperty({ description: 'The city so far, as the campaign roll-up adds it up' }) done: number;
  @ApiProperty({ description: "Done over allocated (over the plan's figure before the allocation), 0–1 and above" }) completion: number;
  @ApiProperty(STANDING) standing: (typeof STANDINGS)[number];
}

export class LeadUnitDto {
  @ApiProperty({ example: 'dept-family-children' }) code: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
}

export class YearEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() templateCode: string;
  @ApiProperty({ type: LocalizedTextDto }) templateName: LocalizedTextDto;
  @ApiProperty({ type: LeadUnitDto }) leadUnit: LeadUnitDto;
  @ApiProperty(instant) startsAt: string;
  @ApiProperty(instant) endsAt: string;
  @ApiProperty({ ...instant, nullable: true, description: '原定: the day first set, where the event was moved since' }) originalStartsAt: string | null;
  @ApiProperty({ enum: EVENT_STATUSES }) status: (typeof EVENT_STATUSES)[number];
  @ApiProperty({ type: [YearNoticeDto] }) notices: YearNoticeDto[];
  @ApiProperty({ type: ReceiptCountsDto, description: 'Over its notices; all nought for a cancelled event' }) receipts: ReceiptCountsDto;
  @ApiProperty({ type: YearReportDto, nullable: true }) report: YearReportDto | null;
}

export class YearTotalsDto {
  @ApiProperty() events: number;
  @ApiProperty({ description: 'Notices, a re-issued one once' }) notices: number;
  @ApiProperty({ description: 'Notices with a document number, each round' }) documents: number;
  @ApiProperty({ type: ReceiptCountsDto }) receipts: ReceiptCountsDto;
  @ApiProperty({ description: "Sum of the submitted reports' participants" }) participants: number;
  @ApiProperty({ description: 'Events with a submitted report' }) reports: number;
}

export class MonthCountDto {
  @ApiProperty({ minimum: 1, maximum: 12 }) month: number;
  @ApiProperty() events: number;
}

export class DepartmentCountDto {
  @ApiProperty() unitCode: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiProperty() events: number;
}

export class StatusCountDto {
  @ApiProperty({ enum: EVENT_STATUSES }) status: (typeof EVENT_STATUSES)[number];
  @ApiProperty() events: number;
}

export class DistrictPunctualityDto extends ReceiptCountsDto {
  @ApiProperty({ example: 'district-yuzhong' }) unitCode: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
}

export class YearSummaryDto {
  @ApiProperty({ example: 2027 }) year: number;
  @ApiProperty(instant) generatedAt: string;
  @ApiProperty({ type: YearTotalsDto }) totals: YearTotalsDto;
  @ApiProperty({ type: [MonthCountDto], description: 'Twelve entries, January first (China time)' }) byMonth: MonthCountDto[];
  @ApiProperty({ type: [DepartmentCountDto], description: 'Lead departments, most events first' }) byDepartment: DepartmentCountDto[];
  @ApiProperty({ type: [StatusCountDto] }) byStatus: StatusCountDto[];
  @ApiProperty({ type: [DistrictPunctualityDto], description: 'Every district federation over all the notices of the year' }) districts: DistrictPunctualityDto[];
  @ApiProperty({ type: [YearEventDto], description: 'Events whose day falls in the year, by date' }) events: YearEventDto[];
  @ApiProperty({ type: [YearTargetDto], description: "The plan's targets the year's campaigns track (not the cancelled ones), campaign by campaign" }) targets: YearTargetDto[];
}
