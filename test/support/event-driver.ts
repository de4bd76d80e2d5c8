// Drives event workflows on the time-skipping server the way people would: starts an event as the
// API does (read-model row first), then completes tasks, signs off and lets time pass until the
// event is archived. Form values are generated to satisfy each form's rules.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { addOffset } from '../../workflows/working-days';
import {
  approveUpdate,
  completeTaskUpdate,
  eventWorkflowId,
  stateQuery,
  type EventState,
  type EventWorkflowInput,
  type Person,
  type TaskState,
} from '../../workflows/event-model';
import { reportForm } from '../../workflows/forms';
import type { EventTemplate, FormField, FormSpec, ReminderPolicy, ReportStep, TaskStep } from '../../workflows/template-types';
import type { WorkingCalendar } from '../../workflows/working-calendar';
import { findStep } from '../../src/tasks/task-forms';
import { contentHash } from '../../src/templates/template-registry.service';

export const DAY = 24 * 3600_000;

export async function userByName(ds: DataSource, username: string): Promise<Person> {
  const [row] = await ds.query<{ id: string; display_name: string }[]>('SELECT id, display_name FROM users WHERE username = $1', [username]);
  if (!row) throw new Error(`no seeded user ${username}`);
  return { id: row.id, displayName: row.display_name };
}

/** Starts an event the way EventsService does: template version and event row, then the workflow. */
export async function startEvent(
  env: TestWorkflowEnvironment,
  ds: DataSource,
  taskQueue: string,
  template: EventTemplate,
  opts: {
    organiser: Person;
    /** The unit that leads the event; absent, the template's department (a district leads its campaign activity). */
    leadUnit?: string;
    startsInDays?: number;
    title?: string;
    participants?: Person[];
    reminders?: ReminderPolicy;
    /** As the API passes DATE_CHANGE_NOTICE_WINDOW; absent, the run tells each change of date at once (as runs before it did). */
    dateChangeNoticeWindowMs?: number;
    /** As the API passes the admin's calendar; absent, the run counts by the table compiled into working-days.ts. */
    calendar?: WorkingCalendar;
  },
): Promise<{ eventId: string; handle: ReturnType<TestWorkflowEnvironment['client']['workflow']['getHandle']> }> {
  const eventId = randomUUID();
  const startsAt = (await env.currentTimeMs()) + (opts.startsInDays ?? 60) * DAY;
  const endsAt = addOffset(startsAt, template.defaultDuration);
  const leadUnit = opts.leadUnit ?? template.leadDepartment;
  await ds.query(
    `INSERT INTO template_versions (code, version, content, content_hash, first_used_at) VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (code, version) DO NOTHING`,
    [template.code, template.version, JSON.stringify(template), contentHash(template)],
  );
  await ds.query(
    `INSERT INTO events (id, workflow_id, template_code, template_version, title, lead_unit, organiser_id, starts_at, ends_at, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active')`,
    [eventId, eventWorkflowId(eventId), template.code, template.version, opts.title ?? template.name['zh-CN'], leadUnit, opts.organiser.id, new Date(startsAt), new Date(endsAt)],
  );
  const input: EventWorkflowInput = {
    eventId,
    title: opts.title ?? template.name['zh-CN'],
    template,
    organiser: opts.organiser,
    leadUnit,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    participants: opts.participants,
    reminders: opts.reminders,
    dateChangeNoticeWindowMs: opts.dateChangeNoticeWindowMs,
    calendar: opts.calendar,
  };
  const handle = await env.client.workflow.start('eventWorkflow', { workflowId: eventWorkflowId(eventId), taskQueue, args: [input] });
  return { eventId, handle: env.client.workflow.getHandle(handle.workflowId) };
}

/** A value that satisfies the field's rules. */
export function sampleValue(field: FormField): unknown {
  switch (field.type) {
    case 'text':
    case 'textarea':
      return '示例内容：本项工作已按计划完成。'.padEnd(field.minLength ?? 0, '。').slice(0, field.maxLength ?? 1000);
    case 'number':
    case 'integer':
      return field.min !== undefined && field.min > 0 ? field.min : Math.min(field.max ?? 12, 12);
    case 'date':
      return '2027-03-08';
    case 'datetime':
      return '2027-03-08T09:00:00+08:00';
    case 'boolean':
      return true;
    case 'select':
      return field.options![0].value;
    case 'multiselect':
      return [field.options![0].value];
    case 'url':
      return 'https://fulian.example/files/doc-1';
    case 'list':
      return Array.from({ length: Math.max(field.minLength ?? 1, 1) }, (_, i) => `示例${i + 1}`);
    case 'file':
      return undefined;
  }
}

export function sampleValues(form: FormSpec | undefined, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of form?.fields ?? []) {
    // A file field has no sample (it takes uploaded attachments): it is left out, as a user leaves it empty.
    const v = sampleValue(f);
    if (v !== undefined) values[f.key] = v;
  }
  return { ...values, ...overrides };
}

// One walk of a template's steps, branches included, for the product and the tests alike.
export { findStep };

export function formOf(template: EventTemplate, stepId: string): FormSpec | undefined {
  const step = findStep(template.steps, stepId) as TaskStep | ReportStep;
  return step.type === 'report' ? reportForm(step.form) : step.form;
}

export const openTasks = (s: EventState): TaskState[] => s.tasks.filter((t) => t.status === 'open');

/**
 * Acts on every open task as its first assignee and lets time pass when nothing is open, until the
 * event reaches `until` (archived by default). `values` overrides form values per step.
 */
export async function driveToEnd(
  env: TestWorkflowEnvironment,
  handle: { query: (q: typeof stateQuery) => Promise<EventState>; executeUpdate: (...args: never[]) => Promise<unknown> },
  template: EventTemplate,
  opts: { values?: Record<string, Record<string, unknown>>; until?: (s: EventState) => boolean; maxRounds?: number } = {},
): Promise<EventState> {
  const done = opts.until ?? ((s: EventState) => s.status === 'archived' || s.status === 'cancelled');
  const h = handle as unknown as {
    query: (q: typeof stateQuery) => Promise<EventState>;
    executeUpdate: <R, A extends unknown[]>(u: unknown, o: { args: A }) => Promise<R>;
  };
  for (let round = 0; round < (opts.maxRounds ?? 2000); round++) {
    const state = await h.query(stateQuery);
    if (process.env.DEBUG_DRIVER) console.log(round, state.status, state.steps.filter((x) => x.status === 'active').map((x) => `${x.id}@${x.until ?? ''}`).join(','), openTasks(state).map((t) => `${t.stepId}:${t.kind}`).join(','));
    if (done(state)) return state;
    const open = openTasks(state);
    if (open.length) {
      for (const t of open) {
        const actor = t.assignees[0];
        if (t.kind === 'sign-off') await h.executeUpdate(approveUpdate, { args: [{ taskId: t.id, actor, comment: '同意' }] });
        else await h.executeUpdate(completeTaskUpdate, { args: [{ taskId: t.id, actor, values: sampleValues(formOf(template, t.stepId), opts.values?.[t.stepId]) }] });
      }
      continue;
    }
    // Nothing to do by hand: skip to the next moment something is due.
    const nextDue = state.steps
      .filter((s) => s.status === 'active' && s.until)
      .map((s) => Date.parse(s.until!))
      .sort((a, b) => a - b)[0];
    const now = await env.currentTimeMs();
    if (nextDue && nextDue > now) await env.sleep(nextDue - now + 1000);
    // Nothing due and nothing open: the workflow is busy (an activity runs, or waits to be retried
    // after a time skip cut it short). Let a little server time pass, never enough to time one out.
    else await env.sleep(2000);
  }
  throw new Error(`event did not finish: ${JSON.stringify((await h.query(stateQuery)).steps.filter((s) => s.status === 'active'))}`);
}

/**
 * With RECORD_HISTORIES=1 (`npm run histories:record`), keeps the finished run's history under
 * test/histories/ (binary protobuf), where the replay test replays it on every run to catch
 * non-deterministic changes.
 */
export async function keepHistory(handle: { fetchHistory: () => Promise<unknown> }, name: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const { temporal } = await import('@temporalio/proto');
  const { writeFileSync, mkdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const dir = join(__dirname, '..', 'histories');
  mkdirSync(dir, { recursive: true });
  const history = temporal.api.history.v1.History.fromObject(await handle.fetchHistory() as object);
  writeFileSync(join(dir, `${name}.history.bin`), temporal.api.history.v1.History.encode(history).finish());
}

/** Polls the event until `check` holds, letting a little server time pass between looks. */
export async function eventually(
  env: TestWorkflowEnvironment,
  handle: { query: (q: typeof stateQuery) => Promise<EventState> },
  check: (s: EventState) => boolean,
): Promise<EventState> {
  for (let i = 0; i < 60; i++) {
    const s = await handle.query(stateQuery);
    if (check(s)) return s;
    await env.sleep(2000);
  }
  return handle.query(stateQuery);
}
