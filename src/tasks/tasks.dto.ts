import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ROLE_CODES } from '../org/org.constants';
import { Trimmed, TrimmedOptional } from '../common/text';
import { PageQuery } from '../common/page-query';
import { DelegationDto, LocalizedTextDto, PersonDto, SIGN_OFF_MODES, TASK_KINDS, TASK_STATUSES } from '../events/event-state.dto';
import { FormSpecDto } from '../templates/templates.dto';

/** `overdue`: open, and its deadline has passed. */
export const TASK_FILTERS = ['open', 'overdue', 'done', 'all'] as const;

export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TASK_FILTERS, default: 'open', description: 'open (soonest deadline first), overdue, done (latest first) or all' })
  @IsOptional()
  @IsIn(TASK_FILTERS, { message: `status 须为 ${TASK_FILTERS.join('、')} 之一 / status must be one of ${TASK_FILTERS.join(', ')}` })
  status: (typeof TASK_FILTERS)[number] = 'open';

  @ApiPropertyOptional({ enum: ['task', 'report', 'sign-off'] })
  @IsOptional()
  @IsIn(['task', 'report', 'sign-off'])
  kind?: 'task' | 'report' | 'sign-off';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  eventId?: string;
}

export class CompleteTaskDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The task form's values, by field key" })
  @IsObject()
  values: Record<string, unknown>;
}

export class ApproveDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @TrimmedOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class RejectDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'Why it goes back: required' })
  @Trimmed()
  @IsString()
  @IsNotEmpty({ message: '退回须填写意见 / comment is required when rejecting' })
  @MaxLength(2000)
  comment: string;
}

export class DelegateDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  toUserId: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @TrimmedOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

const instant = { type: 'string', format: 'date-time' } as const;

/** A task in the inbox (待办), from the read model, with its event. */
export class TaskRowDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() eventTitle: string;
  @ApiProperty() templateCode: string;
  @ApiProperty(instant) eventStartsAt: string;
  @ApiProperty() stepId: string;
  @ApiProperty({ enum: TASK_KINDS }) kind: string;
  @ApiProperty({ type: 'integer' }) round: number;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiProperty({ enum: TASK_STATUSES }) status: string;
  @ApiProperty({ type: [PersonDto] }) assignees: PersonDto[];
  @ApiProperty({ ...instant, nullable: true }) dueAt: string | null;
  @ApiProperty(instant) createdAt: string;
  @ApiProperty({ ...instant, nullable: true }) closedAt: string | null;
  @ApiProperty({ type: PersonDto, nullable: true }) actedBy: PersonDto | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'null also where the caller may not read this step (access policy: step.read-details)' }) comment: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: "The form's values; null where the caller may not read this step; personal fields masked unless personal.read" })
  values: Record<string, unknown> | null;
  @ApiProperty({ type: 'integer', nullable: true }) level: number | null;
  @ApiProperty({ type: LocalizedTextDto, nullable: true }) levelName: LocalizedTextDto | null;
  @ApiProperty({ enum: SIGN_OFF_MODES, nullable: true }) mode: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) submitterId: string | null;
  @ApiProperty({ type: [DelegationDto] }) delegations: DelegationDto[];
}

/** A page of the inbox, with the number of tasks on all pages. */
export class TaskPageDto {
  @ApiProperty({ type: [TaskRowDto] }) items: TaskRowDto[];
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
}

/** What a sign-off is about: the submission of an earlier step (or the report itself). */
export class SignOffSubjectDto {
  @ApiProperty() stepId: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiPropertyOptional({ type: FormSpecDto }) form?: FormSpecDto;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) values: Record<string, unknown> | null;
  @ApiProperty({ type: PersonDto, nullable: true }) submittedBy: PersonDto | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) submittedAt: string | null;
}

/** One task, with the form to fill in (or, for a sign-off, what is being signed off). */
export class TaskDetailDto extends TaskRowDto {
  @ApiPropertyOptional({ type: FormSpecDto, description: 'The form of a task or report' }) form?: FormSpecDto;
  @ApiPropertyOptional({ type: SignOffSubjectDto, description: 'A sign-off: the submission it is about, with its form and values (values null where withheld, personal fields masked)' })
  subject?: SignOffSubjectDto;
}

/** A role someone holds, in the unit they hold it in. */
export class HeldRoleDto {
  @ApiProperty({ enum: ROLE_CODES }) role: string;
  @ApiProperty({ example: 'dept-family-children' }) unitCode: string;
}

/** Someone the caller could hand a task to now (转交), by the rule the workflow applies. */
export class DelegateCandidateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '蒋晓燕' }) displayName: string;
  @ApiProperty({ example: 'dept-family-children', description: 'The unit the person belongs to' }) unitCode: string;
  @ApiProperty({ type: LocalizedTextDto }) unitName: LocalizedTextDto;
  @ApiProperty({ type: [HeldRoleDto], description: 'The roles they hold now, each in its unit' }) roles: HeldRoleDto[];
}
