// What GET /api/notices answers: one unit's receipt of an official notice, with the notice and event.
import { ApiProperty } from '@nestjs/swagger';
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
}
