// The read model's tables, one row type each, as PostgreSQL answers a `SELECT *` (or the join the
// repository makes). The workflow is the source of truth; these rows are written by its activity.
import type { AuditEntry, Delegation, NoticeState, Person, StepState, TaskPost, TaskState } from '../../workflows/event-model';
import type { LocalizedText } from '../../workflows/template-types';

/** `events`: one per event, inserted by the API at start, then kept in step by the workflow. */
export interface EventRow {
  id: string;
  workflow_id: string;
  template_code: string;
  template_version: number;
  title: string;
  lead_unit: string;
  organiser_id: string;
  starts_at: Date;
  ends_at: Date;
  venue: string | null;
  participant_ids: string[];
  status: string;
  current_step_ids: string[];
  postponed_at: Date | null;
  cancel_reason: string | null;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** What the repository joins to an event row: the people behind its ids, from the directory. */
export interface EventPeopleRow {
  organiser: Person;
  participants: Person[];
}

/** `event_steps`. */
export interface StepRow {
  event_id: string;
  step_id: string;
  parent_step_id: string | null;
  type: StepState['type'];
  name: LocalizedText;
  status: StepState['status'];
  round: number;
  started_at: Date | null;
  finished_at: Date | null;
  until: Date | null;
  position: number;
}

/** `tasks`: tasks and sign-offs. */
export interface TaskRow {
  id: string;
  event_id: string;
  step_id: string;
  kind: TaskState['kind'];
  round: number;
  name: LocalizedText;
  status: TaskState['status'];
  assignee_ids: string[];
  assignees: Person[];
  due_at: Date | null;
  created_at: Date;
  closed_at: Date | null;
  acted_by: Person | null;
  comment: string | null;
  form_values: Record<string, unknown> | null;
  level: number | null;
  level_name: LocalizedText | null;
  mode: NonNullable<TaskState['mode']> | null;
  submitter_id: string | null;
  /** The submitter as the workflow named them (null on rows written before it was kept). */
  submitter: Person | null;
  subject_task_id: string | null;
  delegations: Delegation[];
  post: TaskPost | null;
  pool: Person[] | null;
  /** 加签: who added this signer, before or after whose task (absent on rows of other tasks). */
  added?: { by: Person; how: NonNullable<TaskState['addedHow']>; for: string } | null;
  /** Order of insertion: the order in which the workflow opened its tasks. */
  seq: string;
}

/** `sign_off_decisions`: each approval or rejection, once. */
export interface DecisionRow {
  task_id: string;
  event_id: string;
  step_id: string;
  round: number;
  level: number;
  decision: 'approved' | 'rejected';
  actor_id: string;
  comment: string | null;
  decided_at: Date;
}

/** `notices`: each official notice (公文通知) issued, with its document number. */
export interface NoticeRow {
  id: string;
  event_id: string;
  step_id: string;
  round: number;
  doc_number: string | null;
  subject: LocalizedText;
  body: LocalizedText;
  recipient_count: number;
  issued_at: Date;
  receipts_due_at: Date | null;
}

/** `notice_receipts`: each unit's 签收 of a notice. */
export interface ReceiptRow {
  notice_id: string;
  unit_code: string;
  /** The unit's name as the notice was addressed (joined from `units` where not kept). */
  unit_name: string;
  liaisons: Person[] | null;
  status: 'pending' | 'acknowledged';
  acknowledged_by: string | null;
  acknowledger: Person | null;
  acknowledged_at: Date | null;
  late: boolean;
  form_values: Record<string, unknown> | null;
  seq: string;
}

/** `audit_log`: append-only. */
export interface AuditRow {
  id: string;
  event_id: string;
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  step_id: string | null;
  task_id: string | null;
  before: unknown;
  after: unknown;
  comment: string | null;
}

/** What the workflow sends its read-model activity: the event's header and what changed since the last batch. */
export interface ReadModelBatch {
  event: {
    eventId: string;
    status: string;
    startsAt: string;
    endsAt: string;
    postponedAt: string | null;
    cancelReason: string | null;
    archivedAt: string | null;
    currentStepIds: string[];
  };
  steps: StepState[];
  tasks: TaskState[];
  notices: NoticeState[];
  audit: AuditEntry[];
}
