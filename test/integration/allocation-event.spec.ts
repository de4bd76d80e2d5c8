// The allocation (任务分解) as a child event on its own, on the time-skipping server with the real
// activities and PostgreSQL: the lead department's table refused while a sum is wrong (by the task's
// Update validator, in Chinese and English, naming the target and the sum), accepted once it fits,
// signed off (after one 退回), sent to the 40 district federations as an official notice with 签收,
// and the event archived with no report once the receipts are settled.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { allocationEventTemplate } from '../../src/campaigns/allocation-template';
import { loadCampaignTemplates } from '../../src/campaigns/campaign-template-loader';
import { DocumentsService } from '../../src/documents/documents.service';
import { NoticeDocuments } from '../../src/documents/notice-document';
import { projectRoot } from '../../src/infra/project-root';
import { loadTemplates } from '../../src/templates/template-loader';
import { ALLOCATION_FIELD, ALLOCATION_STEP, type CampaignUnit } from '../../workflows/campaign-model';
import { acknowledgeUpdate, approveUpdate, completeTaskUpdate, rejectUpdate, stateQuery, type EventState, type Person, type TaskState } from '../../workflows/event-model';
import { evenAllocation } from '../support/allocation-fixtures';
import { DAY, eventually, openTasks, startEvent, userByName } from '../support/event-driver';
import { pdfText, squeezed } from '../support/pdf-text';
import { startWorkflowTestBed, type WorkflowTestBed } from '../support/time-skipping-worker';

const TASK_QUEUE = 'allocation-event';
const EVENT_CODES = new Set(loadTemplates(join(projectRoot(), 'templates')).map((t) => t.code));
const fourActions = loadCampaignTemplates(join(projectRoot(), 'campaigns'), EVENT_CODES).find((t) => t.code === 'four-actions-targets')!;

describe('the allocation event (任务分解)', () => {
  let bed: WorkflowTestBed;
  let env: TestWorkflowEnvironment;
  let ds: DataSource;
  let organiser: Person;
  let districts: CampaignUnit[];

  beforeAll(async () => {
    bed = await startWorkflowTestBed(TASK_QUEUE);
    ({ env, ds } = bed);
    organiser = await userByName(ds, 'organiser-development');
    const rows = await ds.query<{ code: string; name_zh: string }[]>(`SELECT code, name_zh FROM units WHERE kind = 'district' ORDER BY sort_order, code`);
    districts = rows.map((r) => ({ code: r.code, name: r.name_zh }));
  });
  afterEach(() => bed?.terminateRunning());
  afterAll(() => bed?.stop());

  type Handle = Awaited<ReturnType<typeof startEvent>>['handle'];
  const openTask = async (h: Handle, check: (t: TaskState) => boolean): Promise<TaskState> => {
    const s = await eventually(env, h, (x) => openTasks(x).some(check));
    const task = openTasks(s).find(check);
    if (!task) throw new Error(`no such open task; open: ${openTasks(s).map((t) => `${t.stepId}:${t.kind}`).join(', ')}`);
    return task;
  };
  const allocate = (h: Handle, task: TaskState, table: unknown) =>
    h.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, actor: task.assignees[0], values: { [ALLOCATION_FIELD]: table } }] });
  const notifications = (eventId: string, subject: string) =>
    ds.query<{ recipient_id: string }[]>(`SELECT recipient_id FROM notifications WHERE event_id = $1 AND subject->>'zh-CN' LIKE $2`, [eventId, `${subject}%`]);

  it('refuses a wrong total, takes a table that fits, signs it off, gives the 40 districts their targets and archives without a report', async () => {
    const template = allocationEventTemplate(fourActions, districts, 2027);
    const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, template, { organiser, startsInDays: 0, title: '2027年"四大巴渝巾帼行动"目标任务任务分解' });

    const draft = await openTask(handle, (t) => t.stepId === ALLOCATION_STEP);
    expect(draft.assignees).toEqual([organiser]);
    const good = evenAllocation(fourActions.targets, districts);
    const wrong = structuredClone(good);
    wrong[districts[0].code].povertyWorkshops += 2;
    const refused = await allocate(handle, draft, wrong).then(
      () => undefined,
      (e: unknown) => e as { cause: { type: string; message: string; details: unknown[] } },
    );
    expect(refused?.cause.type).toBe('INVALID');
    expect(refused?.cause.message).toBe('表单填写有误：allocation / Form errors in: allocation');
    expect(refused?.cause.details).toEqual([
      [
        {
          field: 'allocation',
          message: {
            'zh-CN': '建立"巾帼扶贫工坊"：各单位合计 102 个，与计划数 100 个不符',
            en: "Women's poverty-relief workshops set up: the units add up to 102 个, not the plan's 100 个",
          },
        },
      ],
    ]);
    // A refused table leaves nothing behind: the task is still open, no value recorded.
    expect((await handle.query(stateQuery)).values[ALLOCATION_STEP]).toBeUndefined();

    await allocate(handle, draft, good);
    const head = await openTask(handle, (t) => t.kind === 'sign-off' && t.level === 0);
    expect(head.stepId).toBe('approve-allocation');
    await handle.executeUpdate(rejectUpdate, { args: [{ taskId: head.id, actor: head.assignees[0], comment: '请再核对各区县的培训人次' }] });

    // 退回: the table comes back to the organiser, who sends it again; both levels then sign it off.
    const again = await openTask(handle, (t) => t.stepId === ALLOCATION_STEP && t.round > draft.round);
    await allocate(handle, again, good);
    for (const level of [0, 1]) {
      const signOff = await openTask(handle, (t) => t.kind === 'sign-off' && t.level === level && t.round === again.round);
      await handle.executeUpdate(approveUpdate, { args: [{ taskId: signOff.id, actor: signOff.assignees[0], comment: '同意' }] });
    }

    const issued = await eventually(env, handle, (s) => s.notices.some((n) => n.receipts?.length));
    expect(issued.values[ALLOCATION_STEP][ALLOCATION_FIELD]).toEqual(good);
    const [notice] = issued.notices;
    expect(notice).toMatchObject({ stepId: 'issue-targets', recipientCount: 40, subject: '关于下达2027年"四大巴渝巾帼行动"目标任务的通知' });
    expect(notice.docNumber).toMatch(/^渝妇发〔\d{4}〕\d+号$/);
    expect(notice.receipts!.map((r) => r.unitCode)).toEqual(districts.map((d) => d.code));

    // Most districts sign for it; the last three do not, and are 督办'd before the event closes.
    const late = notice.receipts!.slice(-3);
    for (const r of notice.receipts!.slice(0, -3)) {
      await handle.executeUpdate(acknowledgeUpdate, { args: [{ stepId: notice.stepId, unitCode: r.unitCode, actor: r.liaisons[0] }] });
    }
    expect((await handle.query(stateQuery)).status).toBe('active');
    await env.sleep(Date.parse(notice.receiptsDueAt!) - (await env.currentTimeMs()) + 6 * DAY);
    const done: EventState = await eventually(env, handle, (s) => s.status === 'archived');
    expect(done.status).toBe('archived');
    expect(done.steps.map((s) => [s.id, s.status])).toEqual([
      ['allocate', 'done'],
      ['approve-allocation', 'done'],
      ['issue-targets', 'done'],
    ]);
    expect(done.steps.some((s) => s.type === 'report')).toBe(false);
    const chairs = await ds.query<{ id: string }[]>(`SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'district-chair' AND r.unit_code = ANY($1::text[])`, [
      late.map((r) => r.unitCode),
    ]);
    expect(chairs).toHaveLength(3);
    expect(new Set((await notifications(eventId, '【签收督办】')).map((n) => n.recipient_id))).toEqual(new Set(chairs.map((c) => c.id)));

    // The read model follows: the event row archived.
    let row: { status: string }[] = [];
    for (let i = 0; i < 30 && row[0]?.status !== 'archived'; i++) {
      await env.sleep(2000);
      row = await ds.query<{ status: string }[]>('SELECT status FROM events WHERE id = $1', [eventId]);
    }
    expect(row[0].status).toBe('archived');
  });

  it('archives as soon as every district has signed for the targets; the notice prints their table', async () => {
    const template = allocationEventTemplate(fourActions, districts, 2027);
    const { eventId, handle } = await startEvent(env, ds, TASK_QUEUE, template, { organiser, startsInDays: 0 });
    const table = evenAllocation(fourActions.targets, districts);
    await allocate(handle, await openTask(handle, (t) => t.stepId === ALLOCATION_STEP), table);
    for (const level of [0, 1]) {
      const signOff = await openTask(handle, (t) => t.kind === 'sign-off' && t.level === level);
      await handle.executeUpdate(approveUpdate, { args: [{ taskId: signOff.id, actor: signOff.assignees[0] }] });
    }
    const [notice] = (await eventually(env, handle, (s) => s.notices.some((n) => n.receipts?.length))).notices;
    for (const r of notice.receipts!) {
      await handle.executeUpdate(acknowledgeUpdate, { args: [{ stepId: notice.stepId, unitCode: r.unitCode, actor: r.liaisons[0] }] });
    }
    const done = await eventually(env, handle, (s) => s.status === 'archived');
    expect(done.status).toBe('archived');
    expect(Date.parse(done.archivedAt!)).toBeLessThan(Date.parse(notice.receiptsDueAt!));

    // The 公文 as a district downloads it: 附件 任务分解表, a row per district with its figures, the sums.
    let archived: { status: string }[] = [];
    for (let i = 0; i < 30 && archived[0]?.status !== 'archived'; i++) {
      await env.sleep(2000);
      archived = await ds.query<{ status: string }[]>('SELECT status FROM events WHERE id = $1', [eventId]);
    }
    const pdf = await new NoticeDocuments(ds, new DocumentsService(ds)).documentOf(notice.noticeId);
    const text = squeezed(await pdfText(pdf!.bytes));
    expect(text).toContain('附件：任务分解表');
    expect(text).toContain(`${squeezed(districts[0].name)}${table[districts[0].code].povertyWorkshops}${table[districts[0].code].disabledPoorWomenCared}`);
    expect(text).toContain('合计100928');
  });
});
