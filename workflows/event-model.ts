// What an event workflow takes, keeps and answers: its input, its live state, and the messages
// (Updates for human actions, a Query for the state) that the API sends it.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { FormValues } from './forms';
import type { ReminderKind } from './reminders';
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
}

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
  /** With unitCode: a notice's receipt. */
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
  deadlines: { id: string; kind: 'task' | 'wait' | 'receipts' | 'event-start' | 'event-end'; at: string | null; name: LocalizedText; who: Person[] }[];
  moved: { id: string; from: string | null; to: string | null }[];
}

export const completeTaskUpdate = defineUpdate<TaskState, [CompleteTaskInput]>('completeTask');
export const approveUpdate = defineUpdate<TaskState, [DecisionInput]>('approve');
export const rejectUpdate = defineUpdate<TaskState, [DecisionInput]>('reject');
export const withdrawUpdate = defineUpdate<TaskState, [WithdrawInput]>('withdraw');
export const delegateUpdate = defineUpdate<TaskState, [DelegateInput]>('delegate');
export const acknowledgeUpdate = defineUpdate<ReceiptState, [AcknowledgeInput]>('acknowledge');
export const rescheduleUpdate = defineUpdate<EventState, [RescheduleInput]>('reschedule');
export const postponeUpdate = defineUpdate<EventState, [PostponeInput]>('postpone');
export const resumeUpdate = defineUpdate<EventState, [RescheduleInput]>('resume');
export const cancelUpdate = defineUpdate<EventState, [CancelInput]>('cancel');
export const urgeUpdate = defineUpdate<{ notified: number }, [UrgeInput]>('urge');
export const stateQuery = defineQuery<EventState>('state');
export const scheduleQuery = defineQuery<EventSchedule>('schedule');

/**
 * Why an action was refused; the API maps the kind to an HTTP status (400, 403, 404, 409).
 * The message is in both languages, Chinese first.
 */
export type RefusalKind = 'INVALID' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY';
export const REFUSAL_KINDS: RefusalKind[] = ['INVALID', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'TOO_MANY'];
