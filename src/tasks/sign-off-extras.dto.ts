import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { pagedQuery } from '../common/page-query';
import { TrimmedOptional } from '../common/text';
import { LocalizedTextDto, PersonDto } from '../events/event-state.dto';
import { MAX_CC_RECIPIENTS } from '../../workflows/event/validators';

export const ADD_SIGNER_POSITIONS = ['before', 'after'] as const;

export class AddSignerDto {
  @ApiProperty({ format: 'uuid', description: 'The person to add, from the directory' })
  @IsUUID('all', { message: 'personId 须为用户编号 / personId must be a user id' })
  personId: string;

  @ApiProperty({ enum: ADD_SIGNER_POSITIONS, description: 'before (前加签): they sign first and your task waits; after (后加签): they sign once you approved' })
  @IsIn(ADD_SIGNER_POSITIONS, { message: 'position 须为 before 或 after / position must be before or after' })
  position: (typeof ADD_SIGNER_POSITIONS)[number];

  @ApiPropertyOptional({ maxLength: 2000 })
  @TrimmedOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class CcDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_CC_RECIPIENTS, description: 'People to copy' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CC_RECIPIENTS, { message: `一次最多抄送${MAX_CC_RECIPIENTS}人 / at most ${MAX_CC_RECIPIENTS} people at once` })
  @IsUUID('all', { each: true, message: 'personIds 须为用户编号 / personIds must be user ids' })
  personIds?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 20, description: "Units to copy: their contacts (a department's head, a district's liaison) are told" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20, { message: '一次最多抄送20个单位 / at most 20 units at once' })
  @IsString({ each: true })
  unitCodes?: string[];

  @ApiPropertyOptional({ maxLength: 500 })
  @TrimmedOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  comment?: string;
}

export class CcResultDto {
  @ApiProperty({ type: 'integer', description: 'How many people were copied (and told) now' }) recipients: number;
  @ApiProperty({ type: 'integer', description: 'How many of those named were already copied on the step: not told again' }) alreadyCopied: number;
}

export class MyListQuery extends pagedQuery(100, 20) {}

const instant = { type: String, format: 'date-time' } as const;

export class CcItemDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() eventTitle: string;
  @ApiProperty() eventStatus: string;
  @ApiProperty(instant) eventStartsAt: string;
  @ApiProperty() templateCode: string;
  @ApiProperty() stepId: string;
  @ApiProperty({ type: LocalizedTextDto, nullable: true }) stepName: LocalizedTextDto | null;
  @ApiProperty({ type: String, nullable: true }) stepStatus: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) taskId: string | null;
  @ApiProperty({ type: PersonDto, nullable: true, description: "Who copied you; null: the template's level or notice" }) by: PersonDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Copied as the contact of this unit' }) unitCode: string | null;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty(instant) at: string;
}

export class CcPageDto {
  @ApiProperty({ type: [CcItemDto] }) items: CcItemDto[];
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
}

export class StartedEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() templateCode: string;
  @ApiProperty() status: string;
  @ApiProperty(instant) startsAt: string;
  @ApiProperty(instant) endsAt: string;
  @ApiProperty() leadUnit: string;
  @ApiProperty({ type: [String] }) currentStepIds: string[];
  @ApiProperty(instant) createdAt: string;
}

export class StartedPageDto {
  @ApiProperty({ type: [StartedEventDto] }) items: StartedEventDto[];
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
}

export class SubmissionDto {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() eventTitle: string;
  @ApiProperty() stepId: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiProperty({ type: 'integer' }) round: number;
  @ApiProperty(instant) submittedAt: string;
  @ApiProperty() signOffStepId: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected', 'withdrawn', 'closed'] }) outcome: string;
}

export class SubmissionPageDto {
  @ApiProperty({ type: [SubmissionDto] }) items: SubmissionDto[];
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
}
