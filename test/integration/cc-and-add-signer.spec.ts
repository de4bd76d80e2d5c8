// 加签 and 抄送 through the API, the whole application on the shared Temporal dev server: in A1's
// 方案审批 the vice-chair adds a signer before and after themselves, within the separation of duties;
// an added signer's 退回 sends the plan back like any other; a department copied on the plan sees
// it in 抄送我的, is told, may read it and cannot decide it; a level's 抄送 in the template reaches its
// department once the level passed; 我发起的 lists the organiser's event.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { projectRoot } from '../../src/infra/project-root';
import type { EventState } from '../../workflows/event-model';
import type { EventTemplate } from '../../workflows/template-types';
import { apiClient } from '../support/api-client';
import { DAY, formOf, sampleValues } from '../support/event-driver';
import { startTestApp, type TestApp } from '../support/shared';

interface InboxTask {
  id: string;
  eventId: string;
  stepId: string;
  kind: string;
  status: string;
  round: number;
  level: number | null;
  addedHow: 'before' | 'after' | null;
  addedBy: { id: string } | null;
}
interface Problem {
  statusCode: number;
  message: { 'zh-CN': string; en: string };
}

/** A one-page PDF, for the form's file fields (方案文本, 名额分配表). */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** Asks again until `get` answers something, for up to 20 s (the read model follows the workflow). */
async function eventually<T>(what: string, get: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = await get();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never happened: ${what}`);
}

describe('加签 and 抄送 in A1’s plan sign-off', () => {
  let t: TestApp;
  const { as, api } = apiClient(() => t.baseUrl);
  let template: EventTemplate;
  let eventId: string;

  const inbox = async (username: string) =>
    (await api<{ items: InboxTask[] }>(await as(username), 'GET', `/tasks?eventId=${eventId}&status=open&pageSize=100`)).body.items;
  const signOffOf = (username: string, round: number) =>
    eventually(`${username}'s plan sign-off of round ${round}`, async () =>
      (await inbox(username)).find((x) => x.kind === 'sign-off' && x.stepId === 'plan-approval' && x.round === round),
    );
  const state = async () => (await api<{ state: EventState }>(await as('organiser-organisation'), 'GET', `/events/${eventId}`)).body.state;
  const userId = async (username: string) => (await as(username)).user.id;
  const approve = async (username: string, taskId: string) => {
    const res = await api(await as(username), 'POST', `/tasks/${taskId}/approve`, { comment: '同意' });
    expect(res.status).toBe(200);
  };
  const addSigner = async (username: string, taskId: string, signer: string, position: string) =>
    api<InboxTask & Problem & { addedHow?: string; addedBy?: { id: string }; assignees: { id: string }[] }>(await as(username), 'POST', `/tasks/${taskId}/add-signer`, {
      personId: await userId(signer),
      position,
      comment: '请一并把关',
    });

  /** The task's form filled in, each file field with a PDF uploaded to the task. */
  async function valuesFor(task: InboxTask, round: number): Promise<Record<string, unknown>> {
    const form = formOf(template, task.stepId);
    const files: Record<string, unknown> = {};
    for (const field of form?.fields ?? []) {
      if ((field.type as string) !== 'file') continue;
      const body = new FormData();
      body.append('file', new Blob([PDF], { type: 'application/pdf' }), `${field.key}.pdf`);
      const res = await fetch(`${t.baseUrl}/api/events/${eventId}/attachments?taskId=${task.id}`, {
        method: 'POST',
        headers: { authorization: (await as('organiser-organisation')).headers.authorization },
        body,
      });
      expect(res.status).toBe(201);
      const { id, name, mimeType, size } = (await res.json()) as { id: string; name: string; mimeType: string; size: number };
      files[field.key] = [{ id, name, mimeType, size }];
    }
    return sampleValues(form, { ...files, ...(task.stepId === 'draft-plan' ? { theme: `巾帼心向党（第${round}稿）` } : {}) });
  }

  /** The organiser submits the plan (and, the first time, budget, venue and guests) until both heads have the sign-off. */
  async function submitPlan(round: number): Promise<string> {
    const organiser = await as('organiser-organisation');
    let draftId: string | undefined;
    for (let i = 0; i < 200; i++) {
      const heads = await Promise.all(['head-organisation', 'head-publicity'].map(inbox));
      if (heads.every((items) => items.some((x) => x.kind === 'sign-off' && x.round === round))) return draftId!;
      const work = (await inbox('organiser-organisation')).filter((x) => x.kind === 'task');
      for (const task of work) {
        if (task.stepId === 'draft-plan') draftId = task.id;
        const done = await api(organiser, 'POST', `/tasks/${task.id}/complete`, { values: await valuesFor(task, round) });
        expect(done).toMatchObject({ status: 200 });
      }
      if (!work.length) await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`round ${round} of the plan did not reach the heads`);
  }

  async function headsApprove(round: number): Promise<void> {
    for (const head of ['head-organisation', 'head-publicity']) await approve(head, (await signOffOf(head, round)).id);
  }

  /** The shipped templates, A1's chair level with a 抄送 to the rights department added. */
  function templatesWithCc(): string {
    const dir = mkdtempSync(join(tmpdir(), 'templates-cc-'));
    const shipped = join(projectRoot(), 'templates');
    for (const file of readdirSync(shipped)) copyFileSync(join(shipped, file), join(dir, file));
    const a1 = parse(readFileSync(join(dir, 'womens-day-110.yaml'), 'utf8')) as EventTemplate;
    const approval = a1.steps.find((s) => s.id === 'plan-approval');
    if (approval?.type !== 'approval') throw new Error('A1 has no plan sign-off');
    approval.levels[approval.levels.length - 1].cc = [{ role: 'department-head', unit: 'dept-rights' }];
    writeFileSync(join(dir, 'womens-day-110.yaml'), stringify(a1));
    return dir;
  }

  beforeAll(async () => {
    t = await startTestApp({ TEMPLATES_DIR: templatesWithCc() });
    template = (await api<EventTemplate>(await as('organiser-organisation'), 'GET', '/templates/womens-day-110')).body;
    const created = await api<{ id: string }>(await as('organiser-organisation'), 'POST', '/events', {
      templateCode: 'womens-day-110',
      title: '纪念“三八”110周年系列活动（加签与抄送）',
      startsAt: new Date(Date.now() + 90 * DAY).toISOString(),
    });
    expect(created.status).toBe(201);
    eventId = created.body.id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('copies the rights department on the plan: its head is told, sees it in 抄送我的 and may read the plan; another head may not', async () => {
    const draftId = await submitPlan(1);
    const copied = await api<{ recipients: number }>(await as('organiser-organisation'), 'POST', `/tasks/${draftId}/cc`, { unitCodes: ['dept-rights'], comment: '请权益部知悉' });
    expect(copied).toMatchObject({ status: 200, body: { recipients: 1, alreadyCopied: 0 } });

    const rights = await as('head-rights');
    const mine = await eventually('the copy in 抄送我的', async () => {
      const items = (await api<{ items: { eventId: string; stepId: string; by: { id: string } | null; unitCode: string; comment: string }[] }>(rights, 'GET', '/me/cc')).body.items;
      return items.find((x) => x.eventId === eventId);
    });
    expect(mine).toMatchObject({ stepId: 'draft-plan', by: { id: await userId('organiser-organisation') }, unitCode: 'dept-rights', comment: '请权益部知悉' });
    const told = await eventually('the CC notification', async () =>
      (await api<{ items: { kind: string; eventId: string; subject: { 'zh-CN': string } }[] }>(rights, 'GET', '/notifications?pageSize=100')).body.items.find(
        (n) => n.kind === 'cc' && n.eventId === eventId,
      ),
    );
    expect(told.subject['zh-CN']).toContain('抄送');

    const seen = (await api<{ visibility: { stepsWithDetails: string[] }; state: EventState }>(rights, 'GET', `/events/${eventId}`)).body;
    expect(seen.visibility.stepsWithDetails).toEqual(expect.arrayContaining(['draft-plan', 'plan-approval']));
    expect(seen.state.values['draft-plan']).toMatchObject({ theme: '巾帼心向党（第1稿）' });
    const other = (await api<{ visibility: { stepsWithDetails: string[] }; state: EventState }>(await as('head-wcc-office'), 'GET', `/events/${eventId}`)).body;
    expect(other.visibility.stepsWithDetails).not.toContain('draft-plan');
    expect(other.state.values['draft-plan']).toBeUndefined();

    // Copying the head again tells nobody twice.
    const again = await api<{ recipients: number; alreadyCopied: number }>(await as('organiser-organisation'), 'POST', `/tasks/${draftId}/cc`, { unitCodes: ['dept-rights'] });
    expect(again).toMatchObject({ status: 200, body: { recipients: 0, alreadyCopied: 1 } });
    const ccs = (await api<{ items: { kind: string; eventId: string }[] }>(rights, 'GET', '/notifications?pageSize=100')).body.items;
    expect(ccs.filter((n) => n.kind === 'cc' && n.eventId === eventId)).toHaveLength(1);

    // Only the submitter or the event's managers copy it: not another head, nor an approver.
    const stranger = await api<Problem>(await as('head-wcc-office'), 'POST', `/tasks/${draftId}/cc`, { unitCodes: ['dept-liaison'] });
    expect(stranger.status).toBe(403);
    const approver = await api<Problem>(await as('head-publicity'), 'POST', `/tasks/${(await signOffOf('head-publicity', 1)).id}/cc`, { unitCodes: ['dept-liaison'] });
    expect(approver.status).toBe(403);
    expect(approver.body.message['zh-CN']).toContain('只有提交人或活动负责人');
    expect(approver.body.message.en).toContain("submitter or the event's managers");
  }, 120_000);

  it("sends the plan back when a signer added before the vice-chair returns it, like any 退回", async () => {
    await headsApprove(1);
    const vice = await signOffOf('vice-chair-1', 1);
    const added = await addSigner('vice-chair-1', vice.id, 'head-liaison', 'before');
    expect(added.status).toBe(200);
    const liaisonTask = await signOffOf('head-liaison', 1);
    expect(liaisonTask.id).toBe(added.body.id);
    const rejected = await api(await as('head-liaison'), 'POST', `/tasks/${liaisonTask.id}/reject`, { comment: '请补充各区县名额分配依据' });
    expect(rejected.status).toBe(200);
    const again = await eventually('the plan back with the organiser', async () =>
      (await inbox('organiser-organisation')).find((x) => x.stepId === 'draft-plan' && x.round === 2),
    );
    expect(again.kind).toBe('task');
    expect((await state()).tasks.find((x) => x.id === vice.id)?.status).toBe('closed');
  }, 120_000);

  it('refuses adding the submitter or someone who decided this round, in both languages', async () => {
    await submitPlan(2);
    await headsApprove(2);
    const vice = await signOffOf('vice-chair-1', 2);
    const submitter = await addSigner('vice-chair-1', vice.id, 'organiser-organisation', 'before');
    expect(submitter.status).toBe(403);
    expect(submitter.body.message['zh-CN']).toContain('不能加签提交人');
    expect(submitter.body.message.en).toContain('cannot sign it off');
    const decided = await addSigner('vice-chair-1', vice.id, 'head-organisation', 'after');
    expect(decided.status).toBe(403);
    expect(decided.body.message['zh-CN']).toContain('已审批本轮');
    expect(decided.body.message.en).toContain('already decided');
    // Only the task's approver adds to it.
    expect((await addSigner('head-development', vice.id, 'head-liaison', 'before')).status).toBe(403);
  }, 120_000);

  it('has a signer added before the vice-chair sign first, one added after sign next, and only then the chair', async () => {
    const vice = await signOffOf('vice-chair-1', 2);
    const before = await addSigner('vice-chair-1', vice.id, 'head-liaison', 'before');
    expect(before.body).toMatchObject({ addedHow: 'before', addedBy: { id: await userId('vice-chair-1') }, status: 'open', assignees: [{ id: await userId('head-liaison') }] });
    // The vice-chair's own task waits meanwhile.
    expect((await state()).tasks.find((x) => x.id === vice.id)?.status).toBe('waiting');
    expect((await api(await as('vice-chair-1'), 'POST', `/tasks/${vice.id}/approve`, {})).status).toBe(409);

    // In the added signer's inbox it reads as added, by whom and where.
    const liaisonTask = await signOffOf('head-liaison', 2);
    expect(liaisonTask).toMatchObject({ id: before.body.id, addedHow: 'before', addedBy: { id: await userId('vice-chair-1') } });
    await approve('head-liaison', liaisonTask.id);
    const reopened = await signOffOf('vice-chair-1', 2);
    expect(reopened.id).toBe(vice.id);

    const after = await addSigner('vice-chair-1', vice.id, 'head-development', 'after');
    expect(after.body).toMatchObject({ addedHow: 'after', status: 'waiting' });
    await approve('vice-chair-1', vice.id);
    const development = await signOffOf('head-development', 2);
    expect(development.id).toBe(after.body.id);
    expect(development.level).toBe(1);
    expect((await inbox('chair')).filter((x) => x.stepId === 'plan-approval')).toEqual([]);

    await approve('head-development', development.id);
    const chair = await signOffOf('chair', 2);
    expect(chair.level).toBe(2);

    const entries = (await api<{ action: string; after: { position?: string } }[]>(await as('organiser-organisation'), 'GET', `/events/${eventId}/audit`)).body;
    expect(entries.filter((e) => e.action === 'sign-off.signer-added').map((e) => e.after.position)).toEqual(['before', 'before', 'after']);
    expect(entries.filter((e) => e.action === 'cc.sent')).toHaveLength(1);
  }, 120_000);

  it('lets the copied head read the sign-off but not decide it', async () => {
    const chair = await signOffOf('chair', 2);
    const refused = await api<Problem>(await as('head-rights'), 'POST', `/tasks/${chair.id}/approve`, {});
    expect(refused.status).toBe(403);
    expect((await state()).tasks.find((x) => x.id === chair.id)?.status).toBe('open');
  });

  it('lists the event under 我发起的, and the plan among the submissions until it passes', async () => {
    const organiser = await as('organiser-organisation');
    const started = (await api<{ items: { id: string; title: string }[] }>(organiser, 'GET', '/me/started')).body.items;
    expect(started.map((e) => e.id)).toContain(eventId);
    expect((await api<{ items: { id: string }[] }>(await as('organiser-publicity'), 'GET', '/me/started')).body.items.map((e) => e.id)).not.toContain(eventId);

    const submissions = async () =>
      (await api<{ items: { eventId: string; stepId: string; round: number; outcome: string }[] }>(organiser, 'GET', '/me/submissions?pageSize=100')).body.items.filter(
        (s) => s.eventId === eventId && s.stepId === 'draft-plan',
      );
    expect((await submissions()).map((s) => [s.round, s.outcome])).toEqual([
      [2, 'pending'],
      [1, 'rejected'],
    ]);
    await approve('chair', (await signOffOf('chair', 2)).id);
    await eventually('the plan approved', async () => ((await submissions())[0]?.outcome === 'approved' ? true : undefined));
  }, 120_000);

  it("copies the rights department once the chair's level passed, as the template's level says", async () => {
    const copied = await eventually('the template’s 抄送', async () =>
      (await api<{ items: { eventId: string; stepId: string; by: unknown; unitCode: string }[] }>(await as('head-rights'), 'GET', '/me/cc')).body.items.find(
        (x) => x.eventId === eventId && x.stepId === 'plan-approval',
      ),
    );
    expect(copied).toMatchObject({ by: null, unitCode: 'dept-rights' });
    const audit = (await api<{ action: string; actorId: string | null; stepId: string }[]>(await as('organiser-organisation'), 'GET', `/events/${eventId}/audit`)).body;
    expect(audit.filter((e) => e.action === 'cc.sent').map((e) => [e.stepId, e.actorId])).toEqual([
      ['draft-plan', await userId('organiser-organisation')],
      ['plan-approval', null],
    ]);
  }, 60_000);
});
