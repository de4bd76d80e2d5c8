// 加签 and 抄送 in the event workflow itself, on the time-skipping server with the real activities and
// PostgreSQL: in A2's 或签 level the department head adds a signer before and one after herself and
// copies the rights department's head; the level passes only once all three signed, the copy is
// recorded and told exactly once, and the run goes on to the end. Its history is kept for replay
// (RECORD_HISTORIES=1) as `signer-added-and-copied`.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { projectRoot } from '../../src/infra/project-root';
import { loadTemplates } from '../../src/templates/template-loader';
import { addSignerUpdate, approveUpdate, ccUpdate, completeTaskUpdate, stateQuery, type Person, type TaskState } from '../../workflows/event-model';
import type { EventTemplate, Step } from '../../workflows/template-types';
import { driveToEnd, formOf, keepHistory, openTasks, sampleValues, startEvent, userByName } from '../support/event-driver';
import { startWorkflowTestBed, type WorkflowTestBed } from '../support/time-skipping-worker';

const A2 = loadTemplates(join(projectRoot(), 'templates')).find((t) => t.code === 'childrens-day-sorting')!;
const TASK_QUEUE = 'sign-off-extras';

/** Per step, an attachment for each file field: the workflow checks a file value's shape, the API its upload. */
function fileValues(template: EventTemplate): Record<string, Record<string, unknown>> {
  const all = (steps: Step[]): Step[] => steps.flatMap((s) => [s, ...(s.type === 'parallel' ? s.branches.flatMap((b) => all(b.steps)) : [])]);
  const values: Record<string, Record<string, unknown>> = {};
  for (const step of all(template.steps)) {
    if (step.type !== 'task' && step.type !== 'report') continue;
    for (const field of formOf(template, step.id)?.fields ?? []) {
      if ((field.type as string) === 'file') values[step.id] = { ...values[step.id], [field.key]: [{ id: randomUUID(), name: `${field.key}.pdf`, mimeType: 'application/pdf', size: 1024 }] };
    }
  }
  return values;
}

describe('加签 and 抄送 in the event workflow', () => {
  let bed: WorkflowTestBed;
  const people: Record<string, Person> = {};

  beforeAll(async () => {
    bed = await startWorkflowTestBed(TASK_QUEUE);
    for (const name of ['organiser-family-children', 'head-family-children', 'head-publicity', 'head-rights', 'head-liaison', 'vice-chair-2']) people[name] = await userByName(bed.ds, name);
  });
  afterEach(() => bed?.terminateRunning());
  afterAll(() => bed?.stop());

  it('passes a level only once the signers added before and after have signed, and tells a copied head once', async () => {
    const { eventId, handle } = await startEvent(bed.env, bed.ds, TASK_QUEUE, A2, { organiser: people['organiser-family-children'] });
    const files = fileValues(A2);
    const state = () => handle.query(stateQuery);
    const task = async (id: string) => (await state()).tasks.find((x) => x.id === id)!;
    let head: TaskState | undefined;
    for (let i = 0; i < 100 && !head; i++) {
      const open = openTasks(await state());
      head = open.find((x) => x.kind === 'sign-off');
      for (const w of open.filter((x) => x.kind !== 'sign-off')) {
        await handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: w.id, actor: w.assignees[0], values: sampleValues(formOf(A2, w.stepId), files[w.stepId]) }] });
      }
      if (!open.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(head?.assignees).toEqual([people['head-family-children']]);
    const me = people['head-family-children'];

    const before = await handle.executeUpdate(addSignerUpdate, { args: [{ taskId: head!.id, actor: me, signer: people['head-publicity'], position: 'before', comment: '请宣传部先把关' }] });
    expect(before).toMatchObject({ status: 'open', level: 0, addedBy: me, addedHow: 'before', addedFor: head!.id, assignees: [people['head-publicity']] });
    expect((await task(head!.id)).status).toBe('waiting');
    // 抄送 is the submitter's (the organiser who drafted the plan), not the approver's.
    const ccBy = { taskId: head!.id, recipients: [{ ...people['head-rights'], unitCode: 'dept-rights' }], comment: '请知悉' };
    await expect(handle.executeUpdate(ccUpdate, { args: [{ ...ccBy, actor: me }] })).rejects.toMatchObject({ cause: { message: expect.stringMatching(/只有提交人或活动负责人可以抄送/) } });
    await handle.executeUpdate(ccUpdate, { args: [{ ...ccBy, actor: people['organiser-family-children'] }] });

    await handle.executeUpdate(approveUpdate, { args: [{ taskId: before.id, actor: people['head-publicity'] }] });
    expect((await task(head!.id)).status).toBe('open');
    const after = await handle.executeUpdate(addSignerUpdate, { args: [{ taskId: head!.id, actor: me, signer: people['head-liaison'], position: 'after' }] });
    expect(after.status).toBe('waiting');
    await handle.executeUpdate(approveUpdate, { args: [{ taskId: head!.id, actor: me }] });
    expect((await task(after.id)).status).toBe('open');
    // The level has not passed: the vice-chair has nothing yet.
    expect((await state()).tasks.filter((x) => x.level === 1)).toEqual([]);

    await handle.executeUpdate(approveUpdate, { args: [{ taskId: after.id, actor: people['head-liaison'] }] });
    for (let i = 0; i < 100 && !(await state()).tasks.some((x) => x.level === 1); i++) await new Promise((r) => setTimeout(r, 50));
    expect((await state()).tasks.find((x) => x.level === 1)?.assignees).toEqual([people['vice-chair-2']]);

    await driveToEnd(bed.env, handle, A2, { values: files });
    await handle.result();
    const copies = await bed.ds.query<{ step_id: string; unit_code: string; comment: string }[]>('SELECT step_id, unit_code, comment FROM cc_recipients WHERE event_id = $1 AND recipient_id = $2', [eventId, people['head-rights'].id]);
    expect(copies).toEqual([{ step_id: 'plan-approval', unit_code: 'dept-rights', comment: '请知悉' }]);
    const told = await bed.ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM notifications WHERE event_id = $1 AND recipient_id = $2 AND kind = 'cc'`, [eventId, people['head-rights'].id]);
    expect(told).toEqual([{ n: 1 }]);
    const audit = await bed.ds.query<{ action: string }[]>(`SELECT action FROM audit_log WHERE event_id = $1 AND action IN ('sign-off.signer-added', 'cc.sent') ORDER BY seq`, [eventId]);
    expect(audit.map((a) => a.action)).toEqual(['sign-off.signer-added', 'cc.sent', 'sign-off.signer-added']);
    await keepHistory(handle, 'signer-added-and-copied');
  });
});
