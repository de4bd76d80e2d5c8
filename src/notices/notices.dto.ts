// What GET /api/notices answers: one unit's receipt of an official notice, with the notice and event.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { LocalizedTextDto } from '../events/event-state.dto';
import { FormSpecDto } from '../templates/templates.dto';

const instant = { type: 'string', format: 'date-time' } as const;

export class MyNoticeDto {
  @ApiProperty({ format: 'uuid' }) noticeId: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() eventTitle: string;
  @ApiProperty({ enum: ['active', 'postponed', 'cancelled', 'archived'] }) eventStatus: string;
  @ApiProperty(instant) eventStartsAt: string;
  @ApiProperty({ type: 'string', nullable: true }) venue: string | null;
  @ApiProperty() templateCode: string;
  @ApiProperty() stepId: string;
  @ApiProperty({ type: 'string', nullable: true, example: '渝妇发〔2027〕12号' }) docNumber: string | null;
  @ApiProperty({ type: LocalizedTextDto }) subject: LocalizedTextDto;
  @ApiProperty({ type: LocalizedTextDto }) body: LocalizedTextDto;
  @ApiProperty(instant) issuedAt: string;
  @ApiProperty({ ...instant, nullable: true }) receiptsDueAt: string | null;
  @ApiProperty({ example: 'district-yuzhong' }) unitCode: string;
  @ApiProperty({ type: LocalizedTextDto }) unitName: LocalizedTextDto;
  @ApiProperty({ enum: ['pending', 'acknowledged'] }) status: string;
  @ApiProperty({ ...instant, nullable: true }) acknowledgedAt: string | null;
  @ApiProperty() late: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) values: Record<string, unknown> | null;
  @ApiProperty({ type: FormSpecDto, nullable: true, description: "The receipt's form (参会回执)" })
  receiptForm: FormSpecDto | null;
  @ApiPropertyOptional({ example: '/api/events/…/notices/activity-notice/document.pdf', description: "The notice's document (公文 PDF) to download; absent for a notice that is not official (no 公文)" })
  documentUrl?: string;
  @ApiProperty({ type: 'string', nullable: true, description: "SHA-256 of the document's bytes once rendered (its first email or download); null before" })
  documentSha256: string | null;
}

/** The most receipts one batch 签收 takes: every unit one liaison answers for, in every open notice, with room. */
export const MAX_BATCH_RECEIPTS = 50;

export class ReceiptRefDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'eventId 须为活动编号 / eventId must be an event id' })
  eventId: string;

  @ApiProperty({ example: 'activity-notice' })
  @IsString()
  @IsNotEmpty()
  stepId: string;

  @ApiProperty({ example: 'district-yuzhong' })
  @IsString()
  @IsNotEmpty()
  unitCode: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "The receipt's values, where its form asks for any" })
  @IsOptional()
  @IsObject()
  values?: Record<string, unknown>;
}

export class BatchAcknowledgeDto {
  @ApiProperty({ type: [ReceiptRefDto], minItems: 1, maxItems: MAX_BATCH_RECEIPTS })
  @IsArray()
  @ArrayMinSize(1, { message: 'items 至少一项 / items needs at least one receipt' })
  @ArrayMaxSize(MAX_BATCH_RECEIPTS, { message: `一次最多签收 ${MAX_BATCH_RECEIPTS} 项 / at most ${MAX_BATCH_RECEIPTS} receipts at once` })
  @ValidateNested({ each: true })
  @Type(() => ReceiptRefDto)
  items: ReceiptRefDto[];
}

export class BatchReceiptResultDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() stepId: string;
  @ApiProperty() unitCode: string;
  @ApiProperty({ description: 'Acknowledged now; false: refused, nothing recorded for this receipt' }) ok: boolean;
  @ApiPropertyOptional({ type: 'integer', description: 'HTTP status the refusal would have had alone (400, 403, 404, 409, 503)' }) status?: number;
  @ApiPropertyOptional({ type: LocalizedTextDto, description: 'Why it was refused' }) message?: LocalizedTextDto;
}

export class BatchAcknowledgeResultDto {
  @ApiProperty({ type: 'integer' }) acknowledged: number;
  @ApiProperty({ type: 'integer' }) refused: number;
  @ApiProperty({ type: [BatchReceiptResultDto], description: 'One per item, in the order asked' }) items: BatchReceiptResultDto[];
}
