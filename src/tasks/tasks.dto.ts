import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ROLE_CODES } from '../org/org.constants';
import { Trimmed, TrimmedOptional } from '../common/text';
import { PageQuery } from '../common/page-query';
import { IsInstant } from '../common/instant';
import { MAX_SEARCH_LENGTH } from '../common/search';
import { DelegationDto, LocalizedTextDto, PersonDto, SIGN_OFF_MODES, TASK_KINDS, TASK_STATUSES } from '../events/event-state.dto';
import { FormSpecDto, HandoffSourceDto } from '../templates/templates.dto';

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

  @ApiPropertyOptional({ maxLength: MAX_SEARCH_LENGTH, description: "Words in the event's title or the task's name (case-insensitive)" })
  @TrimmedOptional()
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SEARCH_LENGTH, { message: `q 最多 ${MAX_SEARCH_LENGTH} 个字 / q can be at most ${MAX_SEARCH_LENGTH} characters` })
  q?: string;

  @ApiPropertyOptional({ description: "The event's template code" })
  @IsOptional()
  @IsString()
  template?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Tasks of events starting at or after' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Tasks of events starting before (after from)' })
  @IsOptional()
  @IsInstant()
  to?: string;
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
  @ApiProperty({ type: LocalizedTextDto, nullable: true, description: "The step's name (方案审批); a sign-off's own name is its level's" }) stepName: LocalizedTextDto | null;
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
  @ApiProperty({ type: PersonDto, nullable: true, description: '加签: the approver who added this signer' }) addedBy: PersonDto | null;
  @ApiProperty({ type: String, enum: ['before', 'after'], nullable: true, description: '加签: before (前加签) or after (后加签) that approver' }) addedHow: 'before' | 'after' | null;
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

/** How one field differs from the round before. */
export class FieldChangeDto {
  @ApiProperty({ example: 'theme' }) key: string;
  @ApiProperty({ enum: ['changed', 'added', 'removed'] }) change: 'changed' | 'added' | 'removed';
}

/** An approver's part in a round: 同意 or 退回 with the opinion, or (open) still to decide. */
export class RoundDecisionDto {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ type: 'integer', nullable: true }) level: number | null;
  @ApiProperty({ type: LocalizedTextDto, nullable: true }) levelName: LocalizedTextDto | null;
  @ApiProperty({ enum: ['approved', 'rejected', 'open'] }) status: 'approved' | 'rejected' | 'open';
  @ApiProperty({ type: [PersonDto], description: 'Who decided; while open, who may' }) people: PersonDto[];
  @ApiProperty({ ...instant, nullable: true }) at: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'null also where the caller may not read the sign-off' }) comment: string | null;
}

/** The submitter took the submission back (撤回). */
export class WithdrawalDto {
  @ApiProperty({ type: PersonDto, nullable: true }) by: PersonDto | null;
  @ApiProperty(instant) at: string;
  @ApiProperty({ type: 'string', nullable: true }) comment: string | null;
}

/** One round (第几轮) of a step that is signed off: the submission, what changed, the opinions on it. */
export class SubmissionRoundDto {
  @ApiProperty({ type: 'integer', description: '1 for the first submission' }) round: number;
  @ApiProperty({ format: 'uuid', description: 'The task that submitted it' }) taskId: string;
  @ApiProperty({ type: PersonDto, nullable: true }) submittedBy: PersonDto | null;
  @ApiProperty({ ...instant, nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'null where withheld; personal fields masked unless personal.read' })
  values: Record<string, unknown> | null;
  @ApiProperty({ type: [FieldChangeDto], description: 'Against the round before (empty for the first); empty where values are withheld, and without the fields the caller sees masked in either round' })
  changes: FieldChangeDto[];
  @ApiProperty({ type: [RoundDecisionDto] }) decisions: RoundDecisionDto[];
  @ApiProperty({ type: WithdrawalDto, nullable: true }) withdrawn: WithdrawalDto | null;
}

/** What sent the work back for this round: a 退回 with the approver's comment, or the submitter's 撤回. */
export class ReturnedWithDto {
  @ApiProperty({ enum: ['rejected', 'withdrawn'] }) how: 'rejected' | 'withdrawn';
  @ApiProperty({ description: 'The sign-off step it came back from' }) stepId: string;
  @ApiProperty({ type: PersonDto, nullable: true }) by: PersonDto | null;
  @ApiProperty(instant) at: string;
  @ApiProperty({ type: 'string', nullable: true }) comment: string | null;
  @ApiProperty({ type: LocalizedTextDto, nullable: true }) levelName: LocalizedTextDto | null;
}

/** Where an open form starts: the previous round's submission, else the template's prefill from receipts, else what the event copied from an earlier one (handoff), else (a report) the workflow's facts. */
export class StartFromDto {
  @ApiProperty({ enum: ['previous-round', 'receipts', 'handoff', 'workflow'] }) source: 'previous-round' | 'receipts' | 'handoff' | 'workflow';
  @ApiPropertyOptional({ type: [HandoffSourceDto], description: '`handoff`: the earlier events the values were copied from when this event started (M2 ← A1\'s decision)' })
  from?: HandoffSourceDto[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'As the caller sees the step, less the fields withheld' }) values: Record<string, unknown>;
  @ApiProperty({
    type: [String],
    description: 'Fields left out of values because the caller sees them masked (personal data, a text with an ID number): submitted back, the mask would replace the real value; to be filled in again',
  })
  withheld: string[];
}

/** The caller's half-filled form (草稿); only they read it. */
export class TaskDraftDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) values: Record<string, unknown>;
  @ApiProperty(instant) savedAt: string;
}

export class SaveDraftDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The form's values so far, by field key; not checked until submitted" })
  @IsObject()
  values: Record<string, unknown>;
}

/** One task, with the form to fill in (or, for a sign-off, what is being signed off). */
export class TaskDetailDto extends TaskRowDto {
  @ApiPropertyOptional({ type: FormSpecDto, description: 'The form of a task or report' }) form?: FormSpecDto;
  @ApiPropertyOptional({ type: SignOffSubjectDto, description: 'A sign-off: the submission it is about, with its form and values (values null where withheld, personal fields masked)' })
  subject?: SignOffSubjectDto;
  @ApiProperty({
    type: [SignOffSubjectDto],
    description:
      "A sign-off: the rest of the work under review — every task step of the approval's sequence since the previous approval (for 方案审批: budget, venue, guests) that was submitted. A task: the earlier steps its template `shows` (异议核查处理: the 公示期's objections)",
  })
  related: SignOffSubjectDto[];
  @ApiProperty({ type: [SubmissionRoundDto], description: "Every round of the step signed off (a task's own step, a sign-off's subject), oldest first" })
  rounds: SubmissionRoundDto[];
  @ApiProperty({ type: StartFromDto, nullable: true, description: 'An open task: the values its form starts from (the web app puts the caller\'s draft first)' })
  startFrom: StartFromDto | null;
  @ApiProperty({ type: ReturnedWithDto, nullable: true, description: 'A later round: the 退回 or 撤回 that sent the work back' })
  returned: ReturnedWithDto | null;
  @ApiProperty({ type: TaskDraftDto, nullable: true, description: "The caller's own draft of an open task they hold" })
  draft: TaskDraftDto | null;
  @ApiProperty({ type: () => [ReportFactDto], description: 'A report: what the workflow\'s record says of the event (自动汇总（来自流程记录）), read-only; empty for other tasks' })
  facts: ReportFactDto[];
}

/** One fact of the event as the workflow recorded it (实到人数, units notified, documents issued…). */
export class ReportFactDto {
  @ApiProperty({ enum: ['attendance', 'notified', 'acknowledged', 'late', 'documents', 'honourees'] }) key: string;
  @ApiProperty({ type: LocalizedTextDto }) label: LocalizedTextDto;
  @ApiProperty({ type: LocalizedTextDto }) value: LocalizedTextDto;
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
