// Writes the turn notifications of one read-model batch, in the transaction that mirrors it: what
// the batch's open tasks were before it (so only a turn that begins now is announced), then what the
// database knows beside the batch (read after the batch's own rows are written, so a rejection and
// the resubmission it opened are found whether they came in one batch or two), then the rows through
// the inbox and its outbox.
import type { EntityManager } from 'typeorm';
import type { ReadModelBatch } from '../../src/read-model/rows';
import { returnedWith, type WithdrawalEntry } from '../../src/tasks/task-rounds';
import type { Person, TaskState } from '../../workflows/event-model';
import type { EventTemplate, LocalizedText } from '../../workflows/template-types';
import { insertInbox } from './inbox';
import { turnNotifications, type TurnContext } from './turns';

/** The two ends of ReadModelRepository.sync for one batch: `before` its rows are written, `after`. */
export function turnsOf(batch: ReadModelBatch): { before: (m: EntityManager) => Promise<void>; after: (m: EntityManager) => Promise<number> } {
  let before: TurnContext['before'] = new Map();
  return {
    before: async (m) => {
      before = await tasksBefore(m, batch.tasks.filter((t) => t.status === 'open').map((t) => t.id));
    },
    after: (m) => announceTurns(m, batch, before),
  };
}

async function tasksBefore(m: EntityManager, taskIds: string[]): Promise<TurnContext['before']> {
  if (!taskIds.length) return new Map();
  const rows = await m.query<{ id: string; status: string; created_at: Date; delegations: number }[]>(
    'SELECT id, status, created_at, jsonb_array_length(delegations) AS delegations FROM tasks WHERE id = ANY($1::uuid[])',
    [taskIds],
  );
  return new Map(rows.map((r) => [r.id, { status: r.status, createdAt: new Date(r.created_at).toISOString(), delegations: r.delegations }]));
}

/** Returns how many notifications were new. `before`: the batch's open tasks as they were (see turnsOf). */
async function announceTurns(m: EntityManager, batch: ReadModelBatch, before: TurnContext['before']): Promise<number> {
  const { event } = batch;
  const ended = event.status === 'cancelled' || event.status === 'archived';
  const opened = batch.tasks.filter((t) => t.status === 'open');
  const withdrawn = batch.tasks.filter((t) => t.kind === 'sign-off' && t.status === 'withdrawn');
  const passed = batch.steps.filter((s) => s.type === 'approval' && s.status === 'done');
  // Most batches (a deadline moved, a receipt) announce nothing: they cost no query.
  if (!ended && !opened.length && !withdrawn.length && !passed.length) return 0;

  const [header] = await m.query<{ title: string; organiser_id: string; lead_unit: string }[]>(
    'SELECT title, organiser_id, lead_unit FROM events WHERE id = $1',
    [event.eventId],
  );
  if (!header) return 0;
  const ctx: TurnContext = {
    title: header.title,
    organiserId: header.organiser_id,
    leadHeadIds: ended ? await leadHeads(m, header.lead_unit) : [],
    stepNames: await stepNames(m, event.eventId),
    returnedBy: await rejectionsBehind(m, event.eventId, opened.filter((t) => t.kind !== 'sign-off' && t.round > 1)),
    before,
    toldOf: await toldOfTurns(m, withdrawn.map((t) => t.id)),
    submitterOf: await submitters(m, event.eventId, passed.map((s) => s.id)),
    withdrawals: await withdrawals(m, event.eventId, [...new Set(withdrawn.map((t) => t.stepId))]),
    toldOfCancellation: event.status === 'cancelled' ? await toldOfCancellation(m, event.eventId) : new Set(),
  };
  return insertInbox(m, turnNotifications(batch, ctx));
}

async function leadHeads(m: EntityManager, unitCode: string): Promise<string[]> {
  const rows = await m.query<{ id: string }[]>(
    `SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
      WHERE u.active AND r.role = 'department-head' AND r.unit_code = $1`,
    [unitCode],
  );
  return rows.map((r) => r.id);
}

async function stepNames(m: EntityManager, eventId: string): Promise<Map<string, LocalizedText>> {
  const rows = await m.query<{ step_id: string; name: LocalizedText }[]>('SELECT step_id, name FROM event_steps WHERE event_id = $1', [eventId]);
  return new Map(rows.map((r) => [r.step_id, r.name]));
}

/**
 * For each resubmission, what sent it back, as its task page says (returnedWith): the latest 退回 of a
 * sign-off whose onReject is the reopened step, or 撤回 of one whose subject it is. A rejection makes
 * the resubmission's message the 退回 with its comment; a withdrawal (the submitter's own doing), a
 * plain task. One query for the event's rejected and withdrawn sign-offs, whatever the batch holds.
 */
async function rejectionsBehind(m: EntityManager, eventId: string, resubmissions: TaskState[]): Promise<TurnContext['returnedBy']> {
  if (!resubmissions.length) return new Map();
  const [version] = await m.query<{ content: EventTemplate }[]>(
    `SELECT tv.content FROM template_versions tv JOIN events e ON e.template_code = tv.code AND e.template_version = tv.version WHERE e.id = $1`,
    [eventId],
  );
  if (!version) return new Map();
  const rows = await m.query<
    { id: string; step_id: string; round: number; status: 'rejected' | 'withdrawn'; created_at: Date; closed_at: Date; acted_by: Person | null; comment: string | null; submitter: Person | null }[]
  >(
    `SELECT id, step_id, round, status, created_at, closed_at, acted_by, comment, submitter FROM tasks
      WHERE event_id = $1 AND kind = 'sign-off' AND status IN ('rejected', 'withdrawn') AND closed_at IS NOT NULL`,
    [eventId],
  );
  const signOffs = rows.map(
    (r): ClosedSignOff => ({
      id: r.id,
      stepId: r.step_id,
      kind: 'sign-off',
      round: r.round,
      status: r.status,
      assignees: [],
      createdAt: new Date(r.created_at).toISOString(),
      closedAt: new Date(r.closed_at).toISOString(),
      actedBy: r.acted_by ?? undefined,
      comment: r.comment ?? undefined,
      submitter: r.submitter ?? undefined,
    }),
  );
  return rejectionsOf(version.content, signOffs, resubmissions);
}

/** A sign-off that was rejected (退回) or withdrawn (撤回), as the tasks table holds it. */
export type ClosedSignOff = Pick<TaskState, 'id' | 'stepId' | 'kind' | 'round' | 'status' | 'assignees' | 'createdAt' | 'closedAt' | 'actedBy' | 'comment' | 'submitter'>;

/** The pure half of rejectionsBehind: each resubmission's 退回, with whose submission it returned. */
export function rejectionsOf(template: Pick<EventTemplate, 'steps'>, signOffs: ClosedSignOff[], resubmissions: TaskState[]): TurnContext['returnedBy'] {
  const out: TurnContext['returnedBy'] = new Map();
  // A withdrawn sign-off closed when its round was taken back: that is the 撤回 returnedWith weighs.
  const withdrawals: WithdrawalEntry[] = signOffs.filter((s) => s.status === 'withdrawn').map((s) => ({ taskId: s.id, actor: null, at: s.closedAt!, comment: null }));
  for (const t of resubmissions) {
    const why = returnedWith(template, signOffs, t, withdrawals);
    if (why?.how !== 'rejected') continue;
    const decided = signOffs.find((s) => s.status === 'rejected' && s.stepId === why.stepId && s.closedAt === why.at);
    out.set(t.id, { actedBy: why.by, comment: why.comment, submitter: decided?.submitter ?? null });
  }
  return out;
}

async function toldOfTurns(m: EntityManager, taskIds: string[]): Promise<TurnContext['toldOf']> {
  const out: TurnContext['toldOf'] = new Map();
  if (!taskIds.length) return out;
  const rows = await m.query<{ task_id: string; recipient_id: string }[]>(
    `SELECT task_id, recipient_id FROM notifications WHERE task_id = ANY($1::uuid[]) AND kind IN ('sign-off-waiting', 'delegated')`,
    [taskIds],
  );
  for (const r of rows) out.set(r.task_id, (out.get(r.task_id) ?? new Set()).add(r.recipient_id));
  return out;
}

async function submitters(m: EntityManager, eventId: string, stepIds: string[]): Promise<TurnContext['submitterOf']> {
  if (!stepIds.length) return new Map();
  const rows = await m.query<{ step_id: string; id: string; display_name: string }[]>(
    `SELECT DISTINCT ON (t.step_id) t.step_id, u.id, u.display_name
       FROM tasks t JOIN users u ON u.id = t.submitter_id
      WHERE t.event_id = $1 AND t.step_id = ANY($2) AND t.kind = 'sign-off'
      ORDER BY t.step_id, t.round DESC, t.closed_at DESC NULLS LAST`,
    [eventId, stepIds],
  );
  return new Map(rows.map((r) => [r.step_id, { id: r.id, displayName: r.display_name }]));
}

async function withdrawals(m: EntityManager, eventId: string, stepIds: string[]): Promise<TurnContext['withdrawals']> {
  if (!stepIds.length) return new Map();
  const rows = await m.query<{ step_id: string; actor_name: string | null; comment: string | null }[]>(
    `SELECT DISTINCT ON (step_id) step_id, actor_name, comment FROM audit_log
      WHERE event_id = $1 AND action = 'sign-off.withdrawn' AND step_id = ANY($2)
      ORDER BY step_id, seq DESC`,
    [eventId, stepIds],
  );
  return new Map(rows.map((r) => [r.step_id, { actorName: r.actor_name, comment: r.comment }]));
}

/** The announcement of a cancellation (workflows/event/announcements.ts) already reached these people. */
async function toldOfCancellation(m: EntityManager, eventId: string): Promise<Set<string>> {
  const rows = await m.query<{ recipient_id: string }[]>(
    `SELECT recipient_id FROM notifications WHERE event_id = $1 AND kind = 'event' AND idempotency_key LIKE $2`,
    [eventId, `${eventId}:cancelled-%`],
  );
  return new Set(rows.map((r) => r.recipient_id));
}
