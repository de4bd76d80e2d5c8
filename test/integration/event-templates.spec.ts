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

// The campaigns' district activity is led by a district, not by its template's department: 渝中区's
// liaison runs it, as from the campaign's unit page (test/integration/campaign-activities.spec.ts).
const DISTRICT_ACTIVITY = 'district-campaign-activity';
const TEMPLATES = loadTemplates(join(projectRoot(), 'templates'));
const TASK_QUEUE = 'event-templates';
const leadOf = (t: EventTemplate) =>
  t.code === DISTRICT_ACTIVITY ? { leadUnit: 'district-yuzhong', organiser: 'liaison-yuzhong' } : { leadUnit: t.leadDepartment, organiser: `organiser-${t.leadDepartment.replace(/^dept-/, '')}` };
// Its report requires photos: one uploaded file, as the API would have stored it before the submission.
const VALUES: Record<string, Record<string, Record<string, unknown>>> = {
  [DISTRICT_ACTIVITY]: { 'activity-report': { photos: [{ id: '6f1c2a4e-8b3d-4c5e-9a7f-0d1e2f3a4b5c', name: '活动照片.jpg', mimeType: 'image/jpeg', size: 204800 }] } },
};

describe('the shipped templates on the time-skipping server', () => {
  let bed: WorkflowTestBed;
  let env: TestWorkflowEnvironment;
  let ds: DataSource;

  beforeAll(async () => {
    bed = await startWorkflowTestBed(TASK_QUEUE);
    ({ env, ds } = bed);
  });
  afterEach(() => bed?.terminateRunning());
  afterAll(() => bed?.stop());

  it('ships the 13 annexed ones with their codes, the monthly 时代女性榜 and the district activity', () => {
    expect(TEMPLATES.map((t) => t.code).sort()).toEqual(
      [
        'childrens-day-sorting', 'children-care-camp', 'clean-family', 'domestic-skills-contest', 'exec-committee-plenary',
        'family-education-meeting', 'family-reading', 'four-actions-onsite', 'poverty-showcase', 'public-welfare-launch',
        'red-banner-commendation', 'women-children-committee', 'womens-day-110', 'monthly-women-list',
        DISTRICT_ACTIVITY,
      ].sort(),
    );
  });

  it.each(TEMPLATES.map((t) => [t.code, t] as const))('%s runs from start to archived', async (_code, template) => {
    const lead = leadOf(template);
    const organiser = await userByName(ds, lead.organiser);
    const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, template, { organiser, leadUnit: lead.leadUnit });
    await driveToEnd(env, handle, template, { values: VALUES[template.code] });
    // The workflow completes once its last changes are in the read model.
    const final = (await handle.result()) as EventState;
    await keepHistory(handle, `happy-path-${template.code}`);

    expect(final.status).toBe('archived');
    expect(final.steps.filter((s) => s.status !== 'done' && s.status !== 'skipped')).toEqual([]);
    // Nobody signed their own submission.
    for (const t of final.tasks.filter((x) => x.kind === 'sign-off' && x.status === 'approved')) {
      expect(t.actedBy?.id).not.toBe(t.submitter?.id);
    }
    // A district's activity is signed off by that district's own chair, its plan and its report alike.
    if (template.code === DISTRICT_ACTIVITY) {
      const chair = await userByName(ds, 'district-chair-yuzhong');
      expect(final.tasks.filter((t) => t.kind === 'sign-off' && t.status === 'approved').map((t) => t.actedBy?.id)).toEqual([chair.id, chair.id]);
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
