import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsInstant } from '../common/instant';
import { PageQuery } from '../common/page-query';
import { MAX_SEARCH_LENGTH } from '../common/search';
import { Trimmed, TrimmedOptional } from '../common/text';

export class ReminderPolicyDto {
  @ApiPropertyOptional({ type: [String], maxItems: 10, example: ['-7d', '-1d'], description: 'Before the event: negative offsets' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  beforeEvent?: string[];

  @ApiPropertyOptional({ example: '3d', description: '催办 of a task after this long; 督办 after twice' })
  @IsOptional()
  @IsString()
  taskSla?: string;

  @ApiPropertyOptional({ example: '2d' })
  @IsOptional()
  @IsString()
  signOffSla?: string;
}

export class CreateEventDto {
  @ApiProperty({ example: 'childrens-day-sorting', pattern: '^[a-z0-9-]+$' })
  @IsString()
  @Matches(/^[a-z0-9-]+$/, { message: '模板代码（templateCode）格式不正确 / templateCode must be a template code such as childrens-day-sorting' })
  templateCode: string;

  @ApiProperty({ example: '2026年庆祝"六一"国际儿童节垃圾分类亲子主题活动', minLength: 1, maxLength: 200 })
  @Trimmed()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: '2027-06-01T01:30:00.000Z', format: 'date-time', description: 'ISO 8601 instant, in the future' })
  @IsInstant()
  startsAt: string;

  @ApiPropertyOptional({ format: 'date-time', description: "Defaults to startsAt plus the template's default duration" })
  @IsOptional()
  @IsInstant()
  endsAt?: string;

  @ApiPropertyOptional({ example: '重庆市妇女儿童活动中心', maxLength: 200 })
  @TrimmedOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  venue?: string;

  @ApiPropertyOptional({ type: 'string', format: 'uuid', isArray: true, maxItems: 500, description: 'User ids of participants' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  participants?: string[];

  @ApiPropertyOptional({ type: ReminderPolicyDto, description: "This event's reminders, instead of the template's" })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReminderPolicyDto)
  reminders?: ReminderPolicyDto;
}

export const EVENT_STATUSES = ['active', 'postponed', 'cancelled', 'archived'] as const;

export class ListEventsQuery extends PageQuery {
  @ApiPropertyOptional({ maxLength: MAX_SEARCH_LENGTH, description: 'Words in the title (any part of it, case-insensitive)' })
  @TrimmedOptional()
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SEARCH_LENGTH, { message: `q 最多 ${MAX_SEARCH_LENGTH} 个字 / q can be at most ${MAX_SEARCH_LENGTH} characters` })
  q?: string;

  @ApiPropertyOptional({ enum: EVENT_STATUSES })
  @IsOptional()
  @IsIn(EVENT_STATUSES)
  status?: (typeof EVENT_STATUSES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  template?: string;

  @ApiPropertyOptional({ description: 'Lead unit code' })
  @IsOptional()
  @IsString()
  unit?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events starting at or after' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Events starting before (after from)' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class RescheduleDto {
  @ApiProperty({ format: 'date-time', description: 'The new start, ISO 8601' })
  @IsInstant()
  startsAt: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsInstant()
  endsAt?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @TrimmedOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ReasonDto {
  @ApiProperty({ minLength: 1, maxLength: 500 })
  @Trimmed()
  @IsString()
  @IsNotEmpty({ message: '须填写原因 / reason is required' })
  @MaxLength(500)
  reason: string;
}

export class AcknowledgeDto {
  @ApiPropertyOptional({ description: "The unit acknowledging; defaults to the caller's unit" })
  @IsOptional()
  @IsString()
  unitCode?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "Values of the receipt's form (参会回执)" })
  @IsOptional()
  @IsObject()
  values?: Record<string, unknown>;
}

export class UrgeDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A pending task or sign-off to urge' })
  @IsOptional()
  @IsUUID()
  taskId?: string;

  @ApiPropertyOptional({ description: 'With unitCode: a notice step whose receipt is pending; without: every unit of it still pending (一键催办)' })
  @IsOptional()
  @IsString()
  stepId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  unitCode?: string;
}
