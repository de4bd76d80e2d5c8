// Rounds keep their work (issue 12): after 退回 the plan's second round starts from the first one's
// values and shows the rejection; the sign-off lists both rounds with what changed; approvers see the
// budget, venue and guests beside the plan; 资格审查 starts from the units' nominations; and a draft
// (草稿) comes back for the person who saved it, and for nobody else.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { eventWorkflowId, type Person } from '../../workflows/event-model';
import type { EventTemplate, LocalizedText, NotifyStep } from '../../workflows/template-types';
import type { Session } from '../support/auth';
import { apiClient } from '../support/api-client';
import { DAY, findStep, formOf, sampleValues } from '../support/event-driver';
import { startTestApp, type TestApp } from '../support/shared';
import { createTimeSkippingEnv, settleWorkflow } from '../support/time-skipping';

interface InboxTask {
  id: string;
  stepId: string;
  kind: string;
  round: number;
  status: string;
}
interface Submission {
  stepId: string;
  values: Record<string, unknown> | null;
  submittedBy: Person | null;
}
interface Round {
  round: number;
  values: Record<string, unknown> | null;
  changes: { key: string; change: string }[];
  decisions: { status: string; people: Person[]; comment: string | null; levelName: LocalizedText | null }[];
}
interface TaskDetail extends InboxTask {
  values: Record<string, unknown> | null;
  subject?: Submission;
  related: Submission[];
  rounds: Round[];
  startFrom: { source: string; values: Record<string, unknown>; withheld: string[] } | null;
  returned: { how: string; by: Person | null; comment: string | null } | null;
  draft: { values: Record<string, unknown>; savedAt: string } | null;
}
interface Problem {
  statusCode: number;
  message: LocalizedText;
  details?: { field: string }[];
}
interface EventDetail {
  state: { steps: { id: string; status: string; until?: string | null }[]; notices: { stepId: string }[] };
}

const A1 = 'womens-day-110';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rounds, receipts and drafts of a task', () => {
  let env: TestWorkflowEnvironment;
  let t: TestApp;
  let template: EventTemplate;
  const { as, api } = apiClient(() => t.baseUrl);

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    t = await startTestApp({ TEMPORAL_ADDRESS: env.address });
    template = (await api<EventTemplate>(await as('admin'), 'GET', `/templates/${A1}`)).body;
  });
  afterAll(async () => {
    await t?.close();
    await env?.teardown();
  });

  const get = <T>(who: Session, path: string) => api<T>(who, 'GET', path);
  const post = <T>(who: Session, path: string, body: unknown = {}) => api<T>(who, 'POST', path, body);

  async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
      await pause(50);
    }
  }

  const settle = (eventId: string) => settleWorkflow(env, eventWorkflowId(eventId));

  /** The login's open task of this step (of a round after `afterRound`), once it is in their inbox. */
  async function openTask(who: Session, eventId: string, stepId: string, afterRound = 0): Promise<InboxTask> {
    return eventually(`${stepId} for ${who.user.username}`, async () => {
      await settle(eventId);
      const inbox = await get<{ items: InboxTask[] }>(who, `/tasks?eventId=${eventId}`);
      return inbox.body.items.find((x) => x.stepId === stepId && x.round > afterRound);
    });
  }

  async function complete(who: Session, eventId: string, stepId: string, values: Record<string, unknown> = {}, afterRound = 0) {
    const task = await openTask(who, eventId, stepId, afterRound);
    const res = await post(who, `/tasks/${task.id}/complete`, { values: sampleValues(formOf(template, stepId), values) });
    expect(res.status).toBe(200);
    return task;
  }

  async function detail(who: Session, id: string): Promise<TaskDetail> {
    const res = await get<TaskDetail>(who, `/tasks/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  /** Moves the server's clock to the next event-relative moment an active step waits for, until `done` holds. */
  async function passTimeUntil(eventId: string, done: () => Promise<boolean>): Promise<void> {
    for (let look = 0; look < 100; look++) {
      await settle(eventId);
      if (await done()) return;
      const d = (await get<EventDetail>(await as('admin'), `/events/${eventId}`)).body;
      const now = await env.currentTimeMs();
      const next = d.state.steps.filter((s) => s.status === 'active' && s.until).map((s) => Date.parse(s.until!)).filter((ms) => ms > now).sort((a, b) => a - b)[0];
      if (next === undefined) await pause(100);
      else await env.sleep(next - now + 1000);
    }
    throw new Error('the event did not get there');
  }

  it('退回 keeps the work, the sign-off shows both rounds, 资格审查 starts from the nominations, drafts stay private', async () => {
    const [organiser, headOrg, headPub, vc1, chair, yuzhong, wanzhou] = await Promise.all(
      ['organiser-organisation', 'head-organisation', 'head-publicity', 'vice-chair-1', 'chair', 'liaison-yuzhong', 'liaison-wanzhou'].map(as),
    );
    const startsAt = new Date((await env.currentTimeMs()) + 70 * DAY).toISOString();
    const created = await post<{ id: string }>(organiser, '/events', { templateCode: A1, title: '2027年纪念"三八"国际妇女节系列活动（两轮审批）', startsAt });
    expect(created.status).toBe(201);
    const eventId = created.body.id;

    // Round 1: the plan, then budget, venue and guests.
    const round1 = { theme: '巾帼心向党', seriesActivities: ['典型事迹报告会', '主题座谈会'], individualQuota: 30 };
    await complete(organiser, eventId, 'draft-plan', round1);
    await complete(organiser, eventId, 'budget', { amount: 86000, fundingSource: 'special-fund' });
    await complete(organiser, eventId, 'venue', { venueName: '重庆市人民大礼堂' });
    await complete(organiser, eventId, 'guest-list', { guests: ['市委副书记', '市人大常委会副主任'] });

    // The second department head, who is not one of the event's managers, reviews the whole submission.
    const pubSign = await openTask(headPub, eventId, 'plan-approval');
    const underReview = await detail(headPub, pubSign.id);
    expect(underReview.subject).toMatchObject({ stepId: 'draft-plan', values: expect.objectContaining(round1), submittedBy: { id: organiser.user.id } });
    expect(underReview.related.map((s) => s.stepId)).toEqual(['budget', 'venue', 'guest-list']);
    expect(underReview.related[0].values).toMatchObject({ amount: 86000, fundingSource: 'special-fund' });
    expect(underReview.related[2].values).toMatchObject({ guests: ['市委副书记', '市人大常委会副主任'] });

    // One head approves, the other sends it back.
    const orgSign = await openTask(headOrg, eventId, 'plan-approval');
    expect((await post(headOrg, `/tasks/${orgSign.id}/approve`, { comment: '同意' })).status).toBe(200);
    expect((await post(headPub, `/tasks/${pubSign.id}/reject`, { comment: '主题须突出110周年，系列活动请精简' })).status).toBe(200);

    // Round 2 opens with round 1's values and the comment that sent it back.
    const redo = await openTask(organiser, eventId, 'draft-plan', 1);
    const page = await detail(organiser, redo.id);
    expect(page).toMatchObject({ round: 2, status: 'open', values: null, draft: null });
    expect(page.startFrom).toEqual({ source: 'previous-round', values: expect.objectContaining(round1), withheld: [] });
    expect(page.returned).toMatchObject({ how: 'rejected', by: { id: headPub.user.id }, comment: '主题须突出110周年，系列活动请精简' });
    expect(page.rounds).toHaveLength(1);
    expect(page.rounds[0].decisions.map((d) => [d.status, d.people[0].id, d.comment])).toEqual([
      ['approved', headOrg.user.id, '同意'],
      ['rejected', headPub.user.id, '主题须突出110周年，系列活动请精简'],
    ]);

    // A draft: saved by the assignee, back for them, nobody else's to read.
    const saved = await api<{ values: Record<string, unknown> }>(organiser, 'PUT', `/tasks/${redo.id}/draft`, { values: { theme: '巾帼心向党 奋进新时代' } });
    expect(saved.status).toBe(200);
    expect((await get<{ values: unknown }>(organiser, `/tasks/${redo.id}/draft`)).body.values).toEqual({ theme: '巾帼心向党 奋进新时代' });
    expect((await detail(organiser, redo.id)).draft?.values).toEqual({ theme: '巾帼心向党 奋进新时代' });
    // The department head may read the task (the event is theirs) but not the organiser's draft.
    expect((await detail(headOrg, redo.id)).draft).toBeNull();
    const othersDraft = await get<Problem>(headOrg, `/tasks/${redo.id}/draft`);
    expect(othersDraft.status).toBe(403);
    expect((await api<Problem>(yuzhong, 'PUT', `/tasks/${redo.id}/draft`, { values: { theme: 'x' } })).status).toBe(403);
    const stray = await api<Problem>(organiser, 'PUT', `/tasks/${redo.id}/draft`, { values: { theme: 'x', budgetTotal: 1 } });
    expect(stray.status).toBe(400);
    expect(stray.body.details?.map((d) => d.field)).toEqual(['values.budgetTotal']);

    // Resubmitted with a new theme and one activity less; the draft is gone with the open task.
    const round2 = { theme: '巾帼心向党 奋进新时代——纪念“三八”110周年', seriesActivities: ['典型事迹报告会'], individualQuota: 30 };
    expect((await post(organiser, `/tasks/${redo.id}/complete`, { values: sampleValues(formOf(template, 'draft-plan'), round2) })).status).toBe(200);
    expect((await get<Problem>(organiser, `/tasks/${redo.id}/draft`)).status).toBe(404);

    // The second round's sign-off lists both rounds, the changed fields marked.
    const again = await openTask(headOrg, eventId, 'plan-approval', 1);
    const signOff = await detail(headOrg, again.id);
    expect(signOff.rounds.map((r) => r.round)).toEqual([1, 2]);
    expect(signOff.rounds[0].values).toMatchObject(round1);
    expect(signOff.rounds[1].values).toMatchObject(round2);
    expect(signOff.rounds[1].changes).toEqual([
      { key: 'theme', change: 'changed' },
      { key: 'seriesActivities', change: 'changed' },
    ]);
    expect(signOff.rounds[0].decisions.find((d) => d.status === 'rejected')?.comment).toBe('主题须突出110周年，系列活动请精简');
    expect(signOff.rounds[1].decisions).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'open' })]));

    // Through the chain: both heads, the vice-chair, the chair.
    expect((await post(headOrg, `/tasks/${again.id}/approve`, { comment: '同意' })).status).toBe(200);
    expect((await post(headPub, `/tasks/${(await openTask(headPub, eventId, 'plan-approval', 1)).id}/approve`, { comment: '同意' })).status).toBe(200);
    expect((await post(vc1, `/tasks/${(await openTask(vc1, eventId, 'plan-approval', 1)).id}/approve`, {})).status).toBe(200);
    expect((await post(chair, `/tasks/${(await openTask(chair, eventId, 'plan-approval', 1)).id}/approve`, {})).status).toBe(200);

    // Two districts nominate in their receipts; the rest never answer.
    await eventually('the selection notice', async () => {
      await settle(eventId);
      const d = (await get<EventDetail>(organiser, `/events/${eventId}`)).body;
      return d.state.notices.find((n) => n.stepId === 'selection-notice');
    });
    const receiptForm = (findStep(template.steps, 'selection-notice') as NotifyStep).receipt!.form;
    const nominate = async (who: Session, values: Record<string, unknown>) =>
      expect((await post(who, `/events/${eventId}/notices/selection-notice/acknowledge`, { values: sampleValues(receiptForm, values) })).status).toBe(200);
    await nominate(yuzhong, { nominees: ['王小红', '李芳'], collectiveNominees: ['渝中区妇幼保健院'] });
    await nominate(wanzhou, { nominees: ['陈静'], collectiveNominees: ['万州区三峡移民纪念馆'] });

    // The receipts close at their deadline, and 资格审查 starts from the nominations.
    await passTimeUntil(eventId, async () => (await get<{ items: InboxTask[] }>(organiser, `/tasks?eventId=${eventId}`)).body.items.some((x) => x.stepId === 'eligibility-review'));
    const review = await openTask(organiser, eventId, 'eligibility-review');
    const reviewPage = await detail(organiser, review.id);
    expect(reviewPage.startFrom?.source).toBe('receipts');
    expect((reviewPage.startFrom?.values.shortlist as string[]).sort()).toEqual(['王小红', '李芳', '陈静'].sort());
    expect((reviewPage.startFrom?.values.collectiveShortlist as string[]).sort()).toEqual(['渝中区妇幼保健院', '万州区三峡移民纪念馆'].sort());
    expect(reviewPage.startFrom?.values.nominationsReceived).toBe(3);
    expect(reviewPage.startFrom?.withheld).toEqual([]);
  });
});
