// What an event workflow takes, keeps and answers: its input, its live state, and the messages
// (Updates for human actions, a Query for the state) that the API sends it.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { FormValues } from './forms';
import type { ReminderKind } from './reminders';
import type { WorkingCalendar } from './working-calendar';
import type { EventTemplate, LocalizedText, ReminderPolicy, RoleCode, SignOffMode, StepType } from './template-types';

export const EVENT_WORKFLOW_ID_PREFIX = 'event-';
export const eventWorkflowId = (eventId: string): string => `${EVENT_WORKFLOW_ID_PREFIX}${eventId}`;
/** The failure type of a read-model write the database refuses for good (bad data, a broken constraint). */
export const READ_MODEL_REJECTED = 'ReadModelRejected';

/** A person as the workflow remembers them: enough to show and to check, no more. */
export interface Person {
  id: string;
  displayName: string;
}

/** Who is asking, as the API established from their login. */
export interface Actor extends Person {
  isAdmin?: boolean;
  /** Units where the actor is a liaison (district or member): they acknowledge notices for these. */
  liaisonOf?: string[];
}

export interface EventWorkflowInput {
  eventId: string;
  title: string;
  /** The template as it was when the event started; later edits of the template never reach it. */
  template: EventTemplate;
  organiser: Person;
  /** The lead department (`$lead` in the template). */
  leadUnit: string;
  startsAt: string; // ISO instant
  endsAt: string;
  venue?: string;
  participants?: Person[];
  /** This event's reminder policy, where it differs from the template's. */
  reminders?: ReminderPolicy;
  /**
   * How long a change of date waits before people are told (DATE_CHANGE_NOTICE_WINDOW): a burst of
   * changes is told once, with the final date. Runs started without it tell each change at once.
   */
  dateChangeNoticeWindowMs?: number;
  /**
   * The working-day calendar (holidays and 调休) from the event's year on, as the admin keeps it.
   * Runs started without it count working days by the table compiled into working-days.ts.
   */
  calendar?: WorkingCalendar;
}

/** A role someone holds in a unit, as the directory records it. */
export interface RoleGrant {
  role: RoleCode;
  unitCode: string;
}

export type EventStatus = 'active' | 'postponed' | 'cancelled' | 'archived';
export type StepStatus = 'pending' | 'active' | 'done' | 'skipped' | 'cancelled';

export interface StepState {
  id: string;
  type: StepType;
  name: LocalizedText;
  /** The parallel group a step belongs to, if any. */
  parentId?: string;
  /** Order in the template, branches included. */
  position: number;
  status: StepStatus;
  /** How many times the step ran: a rejection sends work back for another round. */
  round: number;
  startedAt?: string;
  finishedAt?: string;
  /** When a wait step releases, or when a notice's receipts are due. */
  until?: string | null;
}

export type TaskKind = 'task' | 'report' | 'sign-off';
export type TaskStatus =
  | 'open' // someone must act
  | 'waiting' // a later approver in a sequential level: not their turn yet
  | 'completed'
  | 'approved'
  | 'rejected'
  | 'withdrawn' // the submitter took the submission back (撤回)
  | 'closed' // another approver of an any-one level signed first
  | 'cancelled';

export interface Delegation {
  /** Whose task it was. */
  from: Person;
  to: Person;
  /** Who handed it over, when not `from` themself: an administrator reassigning it (改派). */
  by?: Person;
  at: string;
  comment?: string;
}

/**
 * The post a task belongs to, as its template names it with the units resolved: what someone must
 * hold to take the task over (转交). A sign-off level's slot names a role (the department head of
 * the lead department, the vice-chair in charge of it, the chair); a slot naming a person or the
 * organiser has no role, and only its pool may take it. Work tasks belong to a unit.
 */
export interface TaskPost {
  role?: RoleCode;
  /** The unit the role is held in (or, for work, the unit the task is done for). */
  unitCode?: string;
  /** A vice-chair's slot: the department they must be in charge of (分管). */
  inChargeOf?: string;
}

export interface TaskState {
  id: string;
  stepId: string;
  kind: TaskKind;
  round: number;
  name: LocalizedText;
  /** Who may act on it now (a role may be held by several people). */
  assignees: Person[];
  status: TaskStatus;
  createdAt: string;
  /** null while the event is postponed and the deadline hangs on the event date. */
  dueAt?: string | null;
  closedAt?: string;
  actedBy?: Person;
  comment?: string;
  values?: FormValues;
  // sign-offs
  level?: number;
  levelName?: LocalizedText;
  mode?: SignOffMode;
  /** The person whose submission is being signed off; they may not sign it themselves. */
  submitter?: Person;
  /** The task whose submission this sign-off is about. */
  subjectTaskId?: string;
  delegations?: Delegation[];
  /** What a person must hold to take this task over; absent on tasks opened before it was kept. */
  post?: TaskPost;
  /** The people the task's slot resolved to when it opened: they may always take it over. */
  pool?: Person[];
  /** A signer added by 加签: who added them, on whose task (`addedFor`), and whether they sign before or after that one. */
  addedBy?: Person;
  addedHow?: AddedSignerPosition;
  addedFor?: string;
}

/** 前加签 (the added person signs first) or 后加签 (they sign once the one who added them approved). */
export type AddedSignerPosition = 'before' | 'after';

export interface ReceiptState {
  unitCode: string;
  unitName: string;
  /** The unit's liaisons: who may acknowledge for it. */
  liaisons: Person[];
  status: 'pending' | 'acknowledged';
  acknowledgedBy?: Person;
  acknowledgedAt?: string;
  /** Acknowledged after the receipt deadline (逾期签收). */
  late?: boolean;
  values?: FormValues;
}

export interface NoticeState {
  stepId: string;
  round: number;
  noticeId: string;
  docNumber?: string;
  subject: string;
  issuedAt: string;
  recipientCount: number;
  receiptsDueAt?: string | null;
  receipts?: ReceiptState[];
}

export interface AuditEntry {
  id: string;
  /** Order within the event: several entries can share one instant of workflow time. */
  seq: number;
  at: string;
  actor?: Person; // absent for what the workflow does on its own (a timer, the system)
  action: string;
  stepId?: string;
  taskId?: string;
  before?: unknown;
  after?: unknown;
  comment?: string;
}

export interface EventState {
  eventId: string;
  title: string;
  templateCode: string;
  templateVersion: number;
  leadUnit: string;
  organiser: Person;
  status: EventStatus;
  startsAt: string;
  endsAt: string;
  venue?: string;
  participants: Person[];
  /** The date is to be decided (待定) since this instant. */
  postponedAt?: string;
  cancelReason?: string;
  archivedAt?: string;
  steps: StepState[];
  tasks: TaskState[];
  notices: NoticeState[];
  /** The latest form values of each completed task, by step id. */
  values: Record<string, FormValues>;
}

// Human actions. Each carries the actor; validators refuse what the actor may not do.
export interface CompleteTaskInput {
  taskId: string;
  actor: Actor;
  values: FormValues;
}
export interface DecisionInput {
  taskId: string;
  actor: Actor;
  comment?: string;
}
export interface WithdrawInput {
  /** A sign-off task of the approval being withdrawn. */
  taskId: string;
  actor: Actor;
  comment?: string;
}
export interface DelegateInput {
  taskId: string;
  actor: Actor;
  to: Person;
  /**
   * The roles the person handed to holds now, and the departments they are in charge of, as the
   * API read them from the directory: the workflow cannot look them up in a validator. Absent:
   * only the task's pool may take it.
   */
  toRoles?: RoleGrant[];
  toInChargeOf?: string[];
  comment?: string;
}
/** 加签: the assignee of an open sign-off adds a signer to their slot of the level. */
export interface AddSignerInput {
  taskId: string;
  actor: Actor;
  /** The person added, as the API found them in the directory. */
  signer: Person;
  /** The added person is an administrator: administrators never decide a sign-off. */
  signerIsAdmin?: boolean;
  position: AddedSignerPosition;
  comment?: string;
}
/** 抄送: people told of a task's step (and shown its details), without acting on it. */
export interface CcInput {
  taskId: string;
  actor: Actor;
  /** The people CC'd, a unit's contacts with the unit they stand for, as the API found them. */
  recipients: CcRecipient[];
  comment?: string;
  /** The API found the actor to be one of the event's managers, who may CC any of its tasks. */
  byManager?: boolean;
}
export interface CcRecipient extends Person {
  /** CC'd as the contact of this unit (its head, its liaison). */
  unitCode?: string;
}
export interface AcknowledgeInput {
  stepId: string;
  unitCode: string;
  actor: Actor;
  values?: FormValues;
}
export interface RescheduleInput {
  actor: Actor;
  startsAt: string;
  endsAt?: string;
  reason?: string;
}
export interface ChangeCalendarInput {
  actor: Actor;
  calendar: WorkingCalendar;
}
/** What a calendar change moved in this event: pending working-day deadlines and their reminders. */
export interface CalendarChangeResult {
  /** False when the event already had this calendar version (the Update is idempotent). */
  applied: boolean;
  moved: { label: string; from: string; to: string }[];
}
export interface PostponeInput {
  actor: Actor;
  reason: string;
}
export interface CancelInput {
  actor: Actor;
  reason: string;
}
/** 催办 now: a pending task or sign-off, or the units that have not acknowledged a notice. */
export interface UrgeInput {
  actor: Actor;
  taskId?: string;
  /** With unitCode: a notice's receipt; without: every unit of the notice still pending (一键催办). */
  stepId?: string;
  unitCode?: string;
}

/** What will fire or fall due, and when; after a change of date, what moved. */
export interface EventSchedule {
  reminders: {
    id: string;
    kind: ReminderKind;
    at: string;
    /** For escalations: whose superiors will hear it. */
    recipients: Person[];
    escalation: boolean;
    subject: LocalizedText;
    taskId?: string;
    stepId?: string;
    unitCodes?: string[];
  }[];
  deadlines: { id: string; kind: DeadlineKind; at: string | null; name: LocalizedText; who: Person[] }[];
  moved: ScheduleMove[];
}

export type DeadlineKind = 'task' | 'wait' | 'receipts' | 'event-start' | 'event-end';

/** One deadline or reminder a change of date moves, named as people know it (回执截止 · 下发评选通知). */
export interface ScheduleMove {
  id: string;
  kind: DeadlineKind | ReminderKind;
  /** What it is about: the task, the notice's step, the event. */
  name: LocalizedText;
  /** null: 待定 (the event is postponed). */
  from: string | null;
  to: string | null;
  /** The new time has already passed: a deadline overdue at once, a reminder that will not be sent. */
  past: boolean;
  /** For a receipt deadline: the units that have not acknowledged. */
  pendingUnits?: number;
}

/** What 改期 (or 恢复) to the proposed dates would move, asked before the change is made. */
export interface ReschedulePreviewInput extends RescheduleInput {
  /** The caller's clock: a workflow that has slept for days answers a query with the time it last woke. */
  asOf: string;
}
export interface ReschedulePreview {
  startsAt: string;
  endsAt: string;
  moved: ScheduleMove[];
  /** Units whose receipt would be overdue (逾期) the moment the change is made. */
  unitsOverdueAtOnce: number;
  /** The change itself would be refused, and why. */
  refusal?: { kind: RefusalKind; zh: string; en: string };
}

export const completeTaskUpdate = defineUpdate<TaskState, [CompleteTaskInput]>('completeTask');
export const approveUpdate = defineUpdate<TaskState, [DecisionInput]>('approve');
export const rejectUpdate = defineUpdate<TaskState, [DecisionInput]>('reject');
export const withdrawUpdate = defineUpdate<TaskState, [WithdrawInput]>('withdraw');
export const delegateUpdate = defineUpdate<TaskState, [DelegateInput]>('delegate');
export const addSignerUpdate = defineUpdate<TaskState, [AddSignerInput]>('addSigner');
export const ccUpdate = defineUpdate<{ recipients: number }, [CcInput]>('cc');
export const acknowledgeUpdate = defineUpdate<ReceiptState, [AcknowledgeInput]>('acknowledge');
export const rescheduleUpdate = defineUpdate<EventState, [RescheduleInput]>('reschedule');
export const postponeUpdate = defineUpdate<EventState, [PostponeInput]>('postpone');
export const resumeUpdate = defineUpdate<EventState, [RescheduleInput]>('resume');
export const cancelUpdate = defineUpdate<EventState, [CancelInput]>('cancel');
export const urgeUpdate = defineUpdate<{ notified: number }, [UrgeInput]>('urge');
/** An admin changed the working-day calendar: pending working-day deadlines are planned again on it. */
export const changeCalendarUpdate = defineUpdate<CalendarChangeResult, [ChangeCalendarInput]>('changeCalendar');
export const stateQuery = defineQuery<EventState>('state');
export const scheduleQuery = defineQuery<EventSchedule>('schedule');
export const reschedulePreviewQuery = defineQuery<ReschedulePreview, [ReschedulePreviewInput]>('reschedulePreview');

/**
 * Why an action was refused; the API maps the kind to an HTTP status (400, 403, 404, 409).
 * The message is in both languages, Chinese first.
 */
export type RefusalKind = 'INVALID' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY';
export const REFUSAL_KINDS: RefusalKind[] = ['INVALID', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'TOO_MANY'];
