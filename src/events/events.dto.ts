import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class ReminderPolicyDto {
  @ApiPropertyOptional({ type: [String], example: ['-7d', '-1d'], description: 'Before the event: negative offsets' })
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
  @ApiProperty({ example: 'childrens-day-sorting' })
  @IsString()
  @Matches(/^[a-z0-9-]+$/, { message: 'templateCode must be a template code such as childrens-day-sorting' })
  templateCode: string;

  @ApiProperty({ example: '2026年庆祝"六一"国际儿童节垃圾分类亲子主题活动' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: '2027-06-01T01:30:00.000Z', description: 'ISO 8601 instant' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiPropertyOptional({ description: "Defaults to startsAt plus the template's default duration" })
  @IsOptional()
  @IsISO8601({ strict: true })
  endsAt?: string;

  @ApiPropertyOptional({ example: '重庆市妇女儿童活动中心' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  venue?: string;

  @ApiPropertyOptional({ type: [String], description: 'User ids of participants' })
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

export class ListEventsQuery {
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

  @ApiPropertyOptional({ description: 'Events starting at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Events starting before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;
}

export class RescheduleDto {
  @ApiProperty({ description: 'The new start, ISO 8601' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  endsAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ReasonDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty({ message: 'reason is required' })
  @MaxLength(500)
  reason: string;
}

export class AcknowledgeDto {
  @ApiPropertyOptional({ description: "The unit acknowledging; defaults to the caller's unit" })
  @IsOptional()
  @IsString()
  unitCode?: string;

  @ApiPropertyOptional({ description: "Values of the receipt's form (参会回执)" })
  @IsOptional()
  @IsObject()
  values?: Record<string, unknown>;
}

export class UrgeDto {
  @ApiPropertyOptional({ description: 'A pending task or sign-off to urge' })
  @IsOptional()
  @IsUUID()
  taskId?: string;

  @ApiPropertyOptional({ description: 'With unitCode: a notice step whose receipt is pending' })
  @IsOptional()
  @IsString()
  stepId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  unitCode?: string;
}
