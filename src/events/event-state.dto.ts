// The OpenAPI shapes of what the events and tasks routes answer: the read-model row of an event,
// and the workflow's live state (workflows/event-model.ts) as its Query and Updates return it.
// Form values and audit before/after stay free-form objects: their fields come from the template.
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
// Only its type: templates.dto imports this file, and a value import would close the cycle.
import type { FormSpecDto, HandoffDto } from '../templates/templates.dto';
import { EVENT_STATUSES } from './events.dto';

/** Any JSON value: audit entries record objects, lists of people or plain values. */
const ANY_JSON = [{ type: 'object' }, { type: 'array', items: {} }, { type: 'string' }, { type: 'number' }, { type: 'boolean' }];

const instant = { type: 'string', format: 'date-time' } as const;

export class LocalizedTextDto {
  @ApiProperty({ example: '方案审批' }) 'zh-CN': string;
  @ApiProperty({ example: 'Plan sign-off' }) en: string;
}

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '蒋晓燕' }) displayName: string;
}

/** An event as the read model keeps it. */
export class EventSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'event-0b7c…' }) workflowId: string;
  @ApiProperty({ example: 'childrens-day-sorting' }) templateCode: string;
  @ApiProperty({ type: 'integer' }) templateVersion: number;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'dept-family-children' }) leadUnit: string;
  @ApiProperty({ format: 'uuid' }) organiserId: string;
  @ApiProperty(instant) startsAt: string;
  @ApiProperty(instant) endsAt: string;
  @ApiProperty({ type: 'string', nullable: true }) venue: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true }) participantIds: string[];
  @ApiProperty({ enum: EVENT_STATUSES }) status: string;
  @ApiProperty({ type: [String] }) currentStepIds: string[];
  @ApiProperty({ ...instant, nullable: true }) postponedAt: string | null;
  @ApiProperty({ type: 'string', nullable: true }) cancelReason: string | null;
  @ApiProperty({ ...instant, nullable: true }) archivedAt: string | null;
  @ApiProperty(instant) createdAt: string;
  @ApiProperty(instant) updatedAt: string;
}

export class EventPageDto {
  @ApiProperty({ type: [EventSummaryDto] }) items: EventSummaryDto[];
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
}

export class StepStateDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['task', 'parallel', 'approval', 'notify', 'wait', 'event', 'report'] }) type: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiPropertyOptional() parentId?: string;
  @ApiProperty({ type: 'integer' }) position: number;
  @ApiProperty({ enum: ['pending', 'active', 'done', 'skipped', 'cancelled'] }) status: string;
  @ApiProperty({ type: 'integer' }) round: number;
  @ApiPropertyOptional(instant) startedAt?: string;
  @ApiPropertyOptional(instant) finishedAt?: string;
  @ApiPropertyOptional({ ...instant, nullable: true }) until?: string | null;
}

export class DelegationDto {
  @ApiProperty({ type: PersonDto, description: 'Whose task it was' }) from: PersonDto;
  @ApiProperty({ type: PersonDto }) to: PersonDto;
  @ApiPropertyOptional({ type: PersonDto, description: 'Who handed it over when not `from`: an administrator reassigning it (改派)' }) by?: PersonDto;
  @ApiProperty(instant) at: string;
  @ApiPropertyOptional() comment?: string;
}

export const TASK_KINDS = ['task', 'report', 'sign-off'] as const;
export const TASK_STATUSES = ['open', 'waiting', 'completed', 'approved', 'rejected', 'withdrawn', 'closed', 'cancelled'] as const;
export const SIGN_OFF_MODES = ['sequential', 'all', 'any'] as const;

/** What someone must hold to take a task over (转交): a sign-off slot's role and unit, or the unit work is done for. */
export class TaskPostDto {
  @ApiPropertyOptional({ enum: ['organiser', 'department-head', 'vice-chair', 'chair', 'district-liaison', 'district-chair', 'member-liaison', 'exec-member', 'admin'] })
  role?: string;
  @ApiPropertyOptional() unitCode?: string;
  @ApiPropertyOptional({ description: 'A vice-chair slot: the department they must be in charge of (分管)' }) inChargeOf?: string;
}

/** A task or sign-off as the workflow keeps it (what the task actions answer). */
export class TaskStateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() stepId: string;
  @ApiProperty({ enum: TASK_KINDS }) kind: string;
  @ApiProperty({ type: 'integer' }) round: number;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiProperty({ type: [PersonDto] }) assignees: PersonDto[];
  @ApiProperty({ enum: TASK_STATUSES }) status: string;
  @ApiProperty(instant) createdAt: string;
  @ApiPropertyOptional({ ...instant, nullable: true, description: 'null while the event is postponed' }) dueAt?: string | null;
  @ApiPropertyOptional(instant) closedAt?: string;
  @ApiPropertyOptional({ type: PersonDto }) actedBy?: PersonDto;
  @ApiPropertyOptional({ description: 'Absent where the caller may not read this step' }) comment?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "The form's values, by field key; absent where the caller may not read this step, personal fields masked" })
  values?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'integer' }) level?: number;
  @ApiPropertyOptional({ type: LocalizedTextDto }) levelName?: LocalizedTextDto;
  @ApiPropertyOptional({ enum: SIGN_OFF_MODES }) mode?: string;
  @ApiPropertyOptional({ type: PersonDto }) submitter?: PersonDto;
  @ApiPropertyOptional({ format: 'uuid' }) subjectTaskId?: string;
  @ApiPropertyOptional({ type: [DelegationDto] }) delegations?: DelegationDto[];
  @ApiPropertyOptional({ type: TaskPostDto, description: 'What someone must hold to take the task over (转交)' }) post?: TaskPostDto;
  @ApiPropertyOptional({ type: [PersonDto], description: "The people the task's slot resolved to when it opened: they may always take it over" }) pool?: PersonDto[];
  @ApiPropertyOptional({ type: PersonDto, description: '加签: the approver who added this signer' }) addedBy?: PersonDto;
  @ApiPropertyOptional({ enum: ['before', 'after'], description: '加签: signs before (前加签) or after (后加签) the approver who added them' }) addedHow?: string;
  @ApiPropertyOptional({ format: 'uuid', description: '加签: the task of the approver who added this signer' }) addedFor?: string;
}

/** One unit's receipt of an official notice (签收), as the acknowledge action answers it. */
export class ReceiptStateDto {
  @ApiProperty({ example: 'district-yuzhong' }) unitCode: string;
  @ApiProperty({ example: '渝中区妇联' }) unitName: string;
  @ApiProperty({ type: [PersonDto] }) liaisons: PersonDto[];
  @ApiProperty({ enum: ['pending', 'acknowledged'] }) status: string;
  @ApiPropertyOptional({ type: PersonDto }) acknowledgedBy?: PersonDto;
  @ApiPropertyOptional(instant) acknowledgedAt?: string;
  @ApiPropertyOptional({ description: 'Acknowledged after the deadline (逾期签收)' }) late?: boolean;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "The receipt's values: absent unless the caller may read this unit's receipt; personal fields masked" })
  values?: Record<string, unknown>;
}

export class NoticeStateDto {
  @ApiProperty() stepId: string;
  @ApiProperty({ type: 'integer' }) round: number;
  @ApiProperty() noticeId: string;
  @ApiPropertyOptional({ example: '渝妇发〔2027〕12号' }) docNumber?: string;
  @ApiProperty() subject: string;
  @ApiProperty(instant) issuedAt: string;
  @ApiProperty({ type: 'integer' }) recipientCount: number;
  @ApiPropertyOptional({ ...instant, nullable: true }) receiptsDueAt?: string | null;
  @ApiPropertyOptional({ type: [ReceiptStateDto] }) receipts?: ReceiptStateDto[];
  @ApiPropertyOptional({ description: "The notice's document (公文 PDF) to download (GET /events/{id} lists it; the SHA-256 comes with the file)" })
  documentUrl?: string;
}

/** The workflow's live state of an event (its Query; what the event actions answer). */
export class EventStateDto {
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() title: string;
  @ApiProperty() templateCode: string;
  @ApiProperty({ type: 'integer' }) templateVersion: number;
  @ApiProperty() leadUnit: string;
  @ApiProperty({ type: PersonDto }) organiser: PersonDto;
  @ApiProperty({ enum: EVENT_STATUSES }) status: string;
  @ApiProperty(instant) startsAt: string;
  @ApiProperty(instant) endsAt: string;
  @ApiPropertyOptional() venue?: string;
  @ApiProperty({ type: [PersonDto] }) participants: PersonDto[];
  @ApiPropertyOptional(instant) postponedAt?: string;
  @ApiPropertyOptional() cancelReason?: string;
  @ApiPropertyOptional(instant) archivedAt?: string;
  @ApiProperty({ type: [StepStateDto] }) steps: StepStateDto[];
  @ApiProperty({ type: [TaskStateDto] }) tasks: TaskStateDto[];
  @ApiProperty({ type: [NoticeStateDto] }) notices: NoticeStateDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: true },
    description: 'Latest form values by step id: only the steps the caller may read, personal fields masked',
  })
  values: Record<string, Record<string, unknown>>;
}

/** How much of the event's content the caller is shown (the access policy's read actions). */
export class EventVisibilityDto {
  @ApiProperty({ enum: ['all', 'some', 'none'], description: "all: every step's values and comments; some: the steps the caller takes part in; none: the outline only" })
  details: 'all' | 'some' | 'none';
  @ApiProperty({ type: [String], description: 'Steps whose form values and comments are included' }) stepsWithDetails: string[];
  @ApiProperty({ enum: ['all', 'own', 'status', 'none'], description: "all: every unit's receipt with values; own: only the caller's units'; status: every unit's status without values; none" })
  receipts: 'all' | 'own' | 'status' | 'none';
  @ApiProperty({ description: 'Fields marked personal (ID numbers, phones, names) are masked for this caller' }) personalMasked: boolean;
}

export class EventDetailDto {
  @ApiProperty({ type: EventSummaryDto }) event: EventSummaryDto;
  @ApiProperty({ type: EventVisibilityDto }) visibility: EventVisibilityDto;
  @ApiProperty({
    type: EventStateDto,
    description:
      "The workflow's live state; when the workflow cannot answer (gone after Temporal's retention, or unreachable), the same shape from the read model (`source`). Cut to the caller: task values and comments only for steps in visibility.stepsWithDetails, `values` only of those steps, receipts only as visibility.receipts says, personal fields masked",
  })
  state: EventStateDto;
  @ApiProperty({ enum: ['workflow', 'read-model'] }) source: 'workflow' | 'read-model';
  @ApiProperty({
    type: 'array',
    items: { $ref: getSchemaPath('HandoffDto') },
    description: 'What the event copied at its start from earlier events (M2: the honourees of A1\'s decision), a snapshot; values as the caller may see the step that reads them',
  })
  handoffs: HandoffDto[];
}

export class AuditUnitDto {
  @ApiProperty({ example: 'district-yuzhong' }) code: string;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
}

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer' }) seq: number;
  @ApiProperty(instant) at: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) actorName: string | null;
  @ApiProperty({ example: 'task.completed' }) action: string;
  @ApiProperty({ type: 'string', nullable: true }) stepId: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) taskId: string | null;
  @ApiProperty({ nullable: true, anyOf: ANY_JSON, description: 'What it was (free-form: an object, a list of people, a text…)' }) before: unknown;
  @ApiProperty({
    nullable: true,
    anyOf: ANY_JSON,
    description: 'What it became (free-form). Form values (task.completed, report.submitted) are null and receipt values (notice.acknowledged) absent where the caller may not read them; personal fields masked',
  })
  after: unknown;
  @ApiProperty({ type: 'string', nullable: true, description: 'null also where the caller may not read the step (sign-off opinions)' }) comment: string | null;
  @ApiProperty({ type: LocalizedTextDto, nullable: true, description: "The step's name, as the template calls it" }) stepName: LocalizedTextDto | null;
  @ApiProperty({ type: LocalizedTextDto, nullable: true, description: 'A sign-off: the level it was decided at' }) levelName: LocalizedTextDto | null;
  @ApiProperty({ type: [AuditUnitDto], description: 'The units the entry concerns: the one that acknowledged (签收), those urged (催办)' }) units: AuditUnitDto[];
}

export const DEADLINE_KINDS = ['task', 'wait', 'receipts', 'event-start', 'event-end'] as const;
export const REMINDER_KINDS = [
  'before-event',
  'task-sla',
  'task-escalation',
  'task-overdue',
  'report-due',
  'report-overdue',
  'report-escalation',
  'receipt',
  'receipt-escalation',
] as const;

export class ScheduledReminderDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: REMINDER_KINDS }) kind: string;
  @ApiProperty(instant) at: string;
  @ApiProperty({ type: [PersonDto] }) recipients: PersonDto[];
  @ApiProperty() escalation: boolean;
  @ApiProperty({ type: LocalizedTextDto }) subject: LocalizedTextDto;
  @ApiPropertyOptional({ format: 'uuid' }) taskId?: string;
  @ApiPropertyOptional() stepId?: string;
  @ApiPropertyOptional({ type: [String] }) unitCodes?: string[];
}

export class ScheduledDeadlineDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: DEADLINE_KINDS }) kind: string;
  @ApiProperty({ ...instant, nullable: true }) at: string | null;
  @ApiProperty({ type: LocalizedTextDto }) name: LocalizedTextDto;
  @ApiProperty({ type: [PersonDto] }) who: PersonDto[];
}

/** One deadline or reminder a change of date moves: what it is (kind + name), its time before and after. */
export class MovedDto {
  @ApiProperty({ example: 'receipts:0b7c…' }) id: string;
  @ApiProperty({ enum: [...DEADLINE_KINDS, ...REMINDER_KINDS], description: "A deadline's kind (task, wait, receipts, event-start, event-end) or a reminder's" })
  kind: string;
  @ApiProperty({ type: LocalizedTextDto, description: 'What it is about: the task, the notice step, the event' }) name: LocalizedTextDto;
  @ApiProperty({ ...instant, nullable: true, description: 'null: 待定 (the event was postponed)' }) from: string | null;
  @ApiProperty({ ...instant, nullable: true, description: 'null: 待定 (the event is postponed)' }) to: string | null;
  @ApiProperty({ description: 'The new time has already passed: a deadline overdue at once, a reminder that will not be sent' }) past: boolean;
  @ApiPropertyOptional({ type: 'integer', description: 'For a receipt deadline: the units that have not acknowledged' }) pendingUnits?: number;
}

/** What 改期 (or 恢复) to the proposed dates would move; nothing is changed. */
export class ReschedulePreviewDto {
  @ApiProperty(instant) startsAt: string;
  @ApiProperty({ ...instant, description: 'As the change would set it: the duration is kept unless an end is given' }) endsAt: string;
  @ApiProperty({ type: [MovedDto] }) moved: MovedDto[];
  @ApiProperty({ type: 'integer', description: 'Units whose receipt would be overdue (逾期) the moment the change is made' }) unitsOverdueAtOnce: number;
}

export class EventScheduleDto {
  @ApiProperty({ type: [ScheduledReminderDto] }) reminders: ScheduledReminderDto[];
  @ApiProperty({ type: [ScheduledDeadlineDto] }) deadlines: ScheduledDeadlineDto[];
  @ApiProperty({ type: [MovedDto] }) moved: MovedDto[];
}

export class ReceiptTotalsDto {
  @ApiProperty({ type: 'integer' }) units: number;
  @ApiProperty({ type: 'integer' }) acknowledged: number;
  @ApiProperty({ type: 'integer' }) pending: number;
  @ApiProperty({ type: 'integer' }) overdue: number;
}

export class UnitReceiptDto {
  @ApiProperty() unitCode: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ enum: ['acknowledged', 'pending', 'overdue'] }) status: string;
  @ApiProperty() late: boolean;
  @ApiPropertyOptional({ type: PersonDto }) acknowledgedBy?: PersonDto;
  @ApiPropertyOptional(instant) acknowledgedAt?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: "The receipt's values: absent unless the caller may read this unit's receipt; personal fields masked" })
  values?: Record<string, unknown>;
}

export class ReceiptRollupDto {
  @ApiProperty() stepId: string;
  @ApiPropertyOptional() docNumber?: string;
  @ApiProperty() subject: string;
  @ApiProperty(instant) issuedAt: string;
  @ApiPropertyOptional({ ...instant, nullable: true }) receiptsDueAt?: string | null;
  @ApiProperty({ type: ReceiptTotalsDto }) totals: ReceiptTotalsDto;
  @ApiProperty({ type: [UnitReceiptDto] }) units: UnitReceiptDto[];
  @ApiProperty({ allOf: [{ $ref: getSchemaPath('FormSpecDto') }], nullable: true, description: "The receipt's form (参会回执), to label each unit's values" })
  receiptForm: FormSpecDto | null;
}

export class UrgeResultDto {
  @ApiProperty({ type: 'integer', description: 'How many people were told' }) notified: number;
}
