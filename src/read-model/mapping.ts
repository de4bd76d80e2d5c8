// Read-model rows mapped once to the API's shapes. The event state built here is the workflow's
// own shape (EventState): an answer from PostgreSQL reads exactly like one from the live workflow.
import type { EventState, EventStatus, NoticeState, ReceiptState, StepState, TaskState } from '../../workflows/event-model';
import type { FormValues } from '../../workflows/forms';
import type { EventPeopleRow, EventRow, NoticeRow, ReceiptRow, StepRow, TaskRow } from './rows';

/** An event as the API lists it. */
export interface EventSummary {
  id: string;
  workflowId: string;
  templateCode: string;
  templateVersion: number;
  title: string;
  leadUnit: string;
  organiserId: string;
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  participantIds: string[];
  status: string;
  currentStepIds: string[];
  postponedAt: Date | null;
  cancelReason: string | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toSummary(r: EventRow): EventSummary {
  return {
    id: r.id,
    workflowId: r.workflow_id,
    templateCode: r.template_code,
    templateVersion: r.template_version,
    title: r.title,
    leadUnit: r.lead_unit,
    organiserId: r.organiser_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    venue: r.venue,
    participantIds: r.participant_ids,
    status: r.status,
    currentStepIds: r.current_step_ids,
    postponedAt: r.postponed_at,
    cancelReason: r.cancel_reason,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();
/** The workflow leaves a field out rather than writing null: so does the mapping. */
const opt = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export function toStepState(r: StepRow): StepState {
  return {
    id: r.step_id,
    type: r.type,
    name: r.name,
    ...opt('parentId', r.parent_step_id),
    position: r.position,
    status: r.status,
    round: r.round,
    ...opt('startedAt', r.started_at && iso(r.started_at)),
    ...opt('finishedAt', r.finished_at && iso(r.finished_at)),
    ...opt('until', r.until && iso(r.until)),
  };
}

export function toTaskState(r: TaskRow): TaskState {
  return {
    id: r.id,
    stepId: r.step_id,
    kind: r.kind,
    round: r.round,
    name: r.name,
    assignees: r.assignees,
    status: r.status,
    createdAt: iso(r.created_at),
    ...opt('dueAt', r.due_at && iso(r.due_at)),
    ...opt('closedAt', r.closed_at && iso(r.closed_at)),
    ...opt('actedBy', r.acted_by),
    ...opt('comment', r.comment),
    ...opt('values', r.form_values),
    ...opt('level', r.level),
    ...opt('levelName', r.level_name),
    ...opt('mode', r.mode),
    ...opt('submitter', r.submitter),
    ...opt('subjectTaskId', r.subject_task_id),
    ...opt('delegations', r.delegations?.length ? r.delegations : null),
    ...opt('post', r.post),
    ...opt('pool', r.pool),
    ...(r.added ? { addedBy: r.added.by, addedHow: r.added.how, addedFor: r.added.for } : {}),
  };
}

export function toReceiptState(r: ReceiptRow): ReceiptState {
  return {
    unitCode: r.unit_code,
    unitName: r.unit_name,
    liaisons: r.liaisons ?? [],
    status: r.status,
    ...opt('acknowledgedBy', r.acknowledger),
    ...opt('acknowledgedAt', r.acknowledged_at && iso(r.acknowledged_at)),
    // Set when acknowledged (on time or late), absent while pending.
    ...(r.status === 'acknowledged' || r.late ? { late: r.late } : {}),
    ...opt('values', r.form_values),
  };
}

export function toNoticeState(n: NoticeRow, receipts: ReceiptRow[]): NoticeState {
  return {
    stepId: n.step_id,
    round: n.round,
    noticeId: n.id,
    ...opt('docNumber', n.doc_number),
    // The workflow keeps the Chinese subject, without the document number.
    subject: n.subject['zh-CN'],
    issuedAt: iso(n.issued_at),
    recipientCount: n.recipient_count,
    ...opt('receiptsDueAt', n.receipts_due_at && iso(n.receipts_due_at)),
    ...(receipts.length ? { receipts: receipts.map(toReceiptState) } : {}),
  };
}

/** The latest values of each step's completed task or report, as the workflow keeps them. */
function latestValues(tasks: TaskState[]): Record<string, FormValues> {
  const values: Record<string, FormValues> = {};
  for (const t of tasks) if (t.kind !== 'sign-off' && t.status === 'completed') values[t.stepId] = t.values ?? {};
  return values;
}

/** The event's state from its rows (tasks in the order they opened, receipts in the order addressed). */
export function toEventState(
  e: EventRow & EventPeopleRow,
  steps: StepRow[],
  tasks: TaskRow[],
  notices: NoticeRow[],
  receipts: ReceiptRow[],
): EventState {
  const taskStates = tasks.map(toTaskState);
  return {
    eventId: e.id,
    title: e.title,
    templateCode: e.template_code,
    templateVersion: e.template_version,
    leadUnit: e.lead_unit,
    organiser: e.organiser,
    status: e.status as EventStatus,
    startsAt: iso(e.starts_at),
    endsAt: iso(e.ends_at),
    ...opt('venue', e.venue),
    participants: e.participants,
    ...opt('postponedAt', e.postponed_at && iso(e.postponed_at)),
    ...opt('cancelReason', e.cancel_reason),
    ...opt('archivedAt', e.archived_at && iso(e.archived_at)),
    steps: steps.map(toStepState),
    tasks: taskStates,
    notices: notices.map((n) => toNoticeState(n, receipts.filter((r) => r.notice_id === n.id))),
    values: latestValues(taskStates),
  };
}
