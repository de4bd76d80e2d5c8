import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export const TASK_FILTERS = ['open', 'done', 'all'] as const;

export class ListTasksQuery {
  @ApiPropertyOptional({ enum: TASK_FILTERS, default: 'open' })
  @IsOptional()
  @IsIn(TASK_FILTERS)
  status: (typeof TASK_FILTERS)[number] = 'open';

  @ApiPropertyOptional({ enum: ['task', 'report', 'sign-off'] })
  @IsOptional()
  @IsIn(['task', 'report', 'sign-off'])
  kind?: 'task' | 'report' | 'sign-off';

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  eventId?: string;
}

export class CompleteTaskDto {
  @ApiProperty({ description: "The task form's values, by field key" })
  @IsObject()
  values: Record<string, unknown>;
}

export class ApproveDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class RejectDto {
  @ApiProperty({ description: 'Why it goes back: required' })
  @IsString()
  @IsNotEmpty({ message: 'comment is required when rejecting' })
  @MaxLength(2000)
  comment: string;
}

export class DelegateDto {
  @ApiProperty()
  @IsUUID()
  toUserId: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
