// Every shipped template runs its whole happy path on the time-skipping server, with the real
// activities writing the read model into PostgreSQL: planning → sign-offs → notices → preparation →
// the day → the report → its sign-off → archived.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../../src/infra/project-root';
import { loadTemplates } from '../../src/templates/template-loader';
import type { EventState } from '../../workflows/event-model';
import type { EventTemplate } from '../../workflows/template-types';
import { driveToEnd, keepHistory, startEvent, userByName } from '../support/event-driver';
import { startWorkflowTestBed, type WorkflowTestBed } from '../support/time-skipping-worker';

const TEMPLATES = loadTemplates(join(projectRoot(), 'templates'));
const TASK_QUEUE = 'event-templates';
const organiserOf = (t: EventTemplate) => `organiser-${t.leadDepartment.replace(/^dept-/, '')}`;

describe('the 13 annexed templates on the time-skipping server', () => {
  let bed: WorkflowTestBed;
  let env: TestWorkflowEnvironment;
  let ds: DataSource;

  beforeAll(async () => {
    bed = await startWorkflowTestBed(TASK_QUEUE);
    ({ env, ds } = bed);
  });
  afterEach(() => bed?.terminateRunning());
  afterAll(() => bed?.stop());

  it('ships all 13 with their codes', () => {
    expect(TEMPLATES.map((t) => t.code).sort()).toEqual(
      [
        'childrens-day-sorting', 'children-care-camp', 'clean-family', 'domestic-skills-contest', 'exec-committee-plenary',
        'family-education-meeting', 'family-reading', 'four-actions-onsite', 'poverty-showcase', 'public-welfare-launch',
        'red-banner-commendation', 'women-children-committee', 'womens-day-110',
      ].sort(),
    );
  });

  it.each(TEMPLATES.map((t) => [t.code, t] as const))('%s runs from start to archived', async (_code, template) => {
    const organiser = await userByName(ds, organiserOf(template));
    const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, template, { organiser });
    await driveToEnd(env, handle, template);
    // The workflow completes once its last changes are in the read model.
    const final = (await handle.result()) as EventState;
    await keepHistory(handle, `happy-path-${template.code}`);

    expect(final.status).toBe('archived');
    expect(final.steps.filter((s) => s.status !== 'done' && s.status !== 'skipped')).toEqual([]);
    // Nobody signed their own submission.
    for (const t of final.tasks.filter((x) => x.kind === 'sign-off' && x.status === 'approved')) {
      expect(t.actedBy?.id).not.toBe(t.submitter?.id);
    }
    // The report was submitted and signed off before archiving.
    const report = template.steps[template.steps.length - 1];
    expect(final.tasks.some((t) => t.stepId === report.id && t.kind === 'report' && t.status === 'completed')).toBe(true);
    expect(final.tasks.some((t) => t.stepId === report.id && t.kind === 'sign-off' && t.status === 'approved')).toBe(true);

    // The read model followed: the event row, every task closed, the audit trail ends with archiving.
    const [row] = await ds.query<{ status: string; archived_at: Date | null }[]>('SELECT status, archived_at FROM events WHERE id = $1', [eventId]);
    expect(row.status).toBe('archived');
    expect(row.archived_at).not.toBeNull();
    const [{ open }] = await ds.query<{ open: number }[]>(`SELECT count(*)::int AS open FROM tasks WHERE event_id = $1 AND status = 'open'`, [eventId]);
    expect(open).toBe(0);
    const [{ n }] = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM tasks WHERE event_id = $1', [eventId]);
    expect(n).toBe(final.tasks.length);
    const audit = await ds.query<{ action: string }[]>('SELECT action FROM audit_log WHERE event_id = $1 ORDER BY seq', [eventId]);
    expect(audit[0].action).toBe('event.started');
    expect(audit[audit.length - 1].action).toBe('event.archived');
    // Official notices got document numbers 渝妇发〔YYYY〕N号.
    for (const notice of final.notices.filter((x) => x.docNumber)) expect(notice.docNumber).toMatch(/^渝妇发〔\d{4}〕\d+号$/);
  });
});
