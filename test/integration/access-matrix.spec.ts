// Every operation of the OpenAPI document, asked by one demo user of each role and by a caller
// without a token, against fixtures (events with an open task, an open sign-off, a notice with
// receipts): the answer must be what the access policy (src/access/access.policy.ts) says — denied
// → 403 (404 where the policy hides the thing, 401 without a token), allowed → neither 401 nor 403,
// nor 404 (but where the fixture names nothing on purpose), nor a 5xx.
// A route of the document that the policy's route table lacks fails the test.
import type { EventState } from '../../workflows/event-model';
import { ccSubmitterOf } from '../../workflows/event/validators';
import type { EventTemplate } from '../../workflows/template-types';
import { ACCESS_POLICY, ROUTE_ACTIONS, allowedBy, type AccessResource, type PolicyRule } from '../../src/access/access.policy';
import type { AuthUser } from '../../src/auth/auth-user';
import { apiClient } from '../support/api-client';
import type { Session } from '../support/auth';
import { runCampaign } from '../support/campaign-driver';
import { DAY, formOf, sampleValues } from '../support/event-driver';
import { startTestApp, type TestApp } from '../support/shared';
import { removeWomenListSchedule } from '../support/women-list-cleanup';

/** The month before this one (Beijing): due, and never run by the Schedule enabled here. */
const LAST_MONTH = (() => {
  const now = new Date(Date.now() + 8 * 3600_000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
})();

/** One demo user per role, and an organiser of another department. */
const CALLERS = [
  'admin',
  'chair',
  'vice-chair-1',
  'head-family-children',
  'organiser-family-children',
  'organiser-organisation',
  'liaison-yuzhong',
  'district-chair-yuzhong',
  'member-education',
  'exec-1',
] as const;
type Caller = (typeof CALLERS)[number] | 'anonymous';

/**
 * Fixtures that name something that does not exist on purpose (no lockout, no self-check run, no
 * dead letter): an allowed caller gets 404 there. Anywhere else a 404 to an allowed caller would hide
 * a route that answers nobody, and a 5xx is a bug.
 */
// The archive routes ask of an event (and a campaign) that is not archived: access is decided first, then 404 (not archived yet).
const UNKNOWN_ON_PURPOSE = new Set([
  'DELETE /api/auth/lockouts/{username}',
  'GET /api/system/self-check/{workflowId}',
  'POST /api/notifications/dead-letters/{id}/retry',
  'GET /api/archive/{eventId}',
  'GET /api/archive/{eventId}/verify',
  'GET /api/archive/{eventId}/report.pdf',
  'GET /api/campaigns/{id}/record/verify',
]);

/** Refusals that say who may act (the workflow's validators), as opposed to whom to or when. */
const WHO_REFUSALS = /not assigned to you|Only the submitter|Only the unit's liaison/;

interface Request {
  path: string;
  body?: unknown;
  resource: AccessResource;
}

describe('route × role matrix over the whole OpenAPI document', () => {
  let t: TestApp;
  const client = apiClient(() => t.baseUrl);
  const { sessions, as, api } = client;
  const users = new Map<string, AuthUser>();
  let template: EventTemplate;
  let document: { paths: Record<string, Record<string, unknown>> };

  const organiser = () => as('organiser-family-children');
  const state = async (eventId: string) => (await api<{ state: EventState }>(await organiser(), 'GET', `/events/${eventId}`)).body.state;

  async function startEvent(title: string): Promise<string> {
    const startsAt = new Date(Date.now() + 40 * DAY).toISOString();
    const created = await api<{ id: string }>(await organiser(), 'POST', '/events', { templateCode: 'childrens-day-sorting', title, startsAt });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  /** Acts on open tasks of one event as the people who do them until `done` holds. */
  async function drive(eventId: string, done: (s: EventState) => boolean): Promise<EventState> {
    const people = await Promise.all(['organiser-family-children', 'head-family-children', 'vice-chair-2'].map((u) => as(u)));
    // One action at a time, looking again after each: `done` may hold halfway through a round.
    for (let round = 0; round < 100; round++) {
      const s = await state(eventId);
      if (done(s)) return s;
      let acted = false;
      for (const who of people) {
        const [task] = (await api<{ items: { id: string; kind: string; stepId: string }[] }>(who, 'GET', `/tasks?eventId=${eventId}`)).body.items;
        if (!task) continue;
        if (task.kind === 'sign-off') await api(who, 'POST', `/tasks/${task.id}/approve`, {});
        else await api(who, 'POST', `/tasks/${task.id}/complete`, { values: sampleValues(formOf(template, task.stepId)) });
        acted = true;
        break;
      }
      if (!acted) await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`event ${eventId} did not get there`);
  }

  const openSignOff = (s: EventState) => s.tasks.find((x) => x.kind === 'sign-off' && x.status === 'open');
  const taskResource = (s: EventState, taskId: string, event: AccessResource['event']): AccessResource => {
    const task = s.tasks.find((x) => x.id === taskId)!;
    return { event, task: { assigneeIds: task.assignees.map((p) => p.id), submitterId: task.submitter?.id ?? null, actedById: task.actedBy?.id ?? null } };
  };

  const requests = new Map<string, Request>();

  beforeAll(async () => {
    // Real time on the shared dev server: nothing here waits for a date.
    t = await startTestApp();
    for (const username of CALLERS) {
      const s = await as(username);
      const me = (await api<{ inChargeOf?: string[] }>(s, 'GET', '/auth/me')).body;
      users.set(username, { ...s.user, roles: s.user.roles as AuthUser['roles'], inChargeOf: me.inChargeOf ?? [] });
    }
    document = (await api<typeof document>(null, 'GET', '/docs-json')).body;
    template = (await api<EventTemplate>(await organiser(), 'GET', '/templates/childrens-day-sorting')).body;
    const organiserId = (await organiser()).user.id;
    const event = { organiserId, leadUnit: 'dept-family-children' };

    // A notice with receipts (its tasks and sign-offs done), an open sign-off for each sign-off
    // action, an open task, and an event to reschedule and cancel.
    const [noticeEvent, approveEvent, rejectEvent, withdrawEvent, delegateEvent, completeEvent, manageEvent] = await Promise.all(
      ['回执', '同意', '退回', '撤回', '转交', '办理', '管理'].map((x) => startEvent(`矩阵：${x}`)),
    );
    const notice = await drive(noticeEvent, (s) => s.notices.some((n) => n.stepId === 'activity-notice' && n.receipts));
    const signOffs = await Promise.all([approveEvent, rejectEvent, withdrawEvent, delegateEvent].map((id) => drive(id, (s) => !!openSignOff(s))));
    const [approveState, rejectState, withdrawState, delegateState] = signOffs;
    const completeState = await drive(completeEvent, (s) => s.tasks.some((x) => x.stepId === 'draft-plan' && x.status === 'open'));
    const manageState = await drive(manageEvent, (s) => s.tasks.some((x) => x.status === 'open'));
    const draft = notice.tasks.find((x) => x.stepId === 'draft-plan')!;
    const openDraft = completeState.tasks.find((x) => x.stepId === 'draft-plan' && x.status === 'open')!;
    const startsAt = Date.parse(manageState.startsAt);

    // 渝中区's liaison was told of the notice (the in-app inbox is written by an activity).
    const recipient = await as('liaison-yuzhong');
    let notificationId: string | undefined;
    for (let i = 0; i < 150 && !notificationId; i++) {
      notificationId = (await api<{ items: { id: string }[] }>(recipient, 'GET', '/notifications?pageSize=1')).body.items[0]?.id;
      if (!notificationId) await new Promise((r) => setTimeout(r, 200));
    }
    expect(notificationId).toBeDefined();
    const feed = await api<{ url: string }>(await as('organiser-publicity'), 'GET', '/me/calendar');
    const feedToken = /\/calendar\/([^/]+)\.ics/.exec(feed.body.url)![1];
    const bystander = (await as('organiser-rights')).user.id;
    const yuzhong: AccessResource = { unitCode: 'district-yuzhong' };

    const add = (route: string, path: string, resource: AccessResource = {}, body?: unknown) => requests.set(route, { path, body, resource });
    add('POST /api/auth/login', '/auth/login', {}, { username: 'organiser-publicity', password: 'demo' });
    add('GET /api/auth/me', '/auth/me');
    add('GET /api/auth/lockouts', '/auth/lockouts');
    add('DELETE /api/auth/lockouts/{username}', '/auth/lockouts/nobody-locked');
    add('POST /api/users/{id}/sessions/revoke', `/users/${bystander}/sessions/revoke`);
    add('POST /api/users/{id}/password', `/users/${bystander}/password`, {}, { newPassword: 'Temporary-Matrix-2027' });
    add('POST /api/users/{id}/password', `/users/${bystander}/password`, {}, { newPassword: 'Matrix-Temporary-2027!' });
    add('GET /health', '/health');
    add('GET /api/web/config', '/web/config');
    add('POST /api/system/self-check', '/system/self-check');
    add('GET /api/system/self-check/{workflowId}', '/system/self-check/self-check-unknown');
    add('GET /api/org/units', '/org/units');
    add('GET /api/org/users', '/org/users?unit=district-yuzhong');
    add('GET /api/templates', '/templates');
    add('GET /api/templates/{code}', '/templates/childrens-day-sorting');
    add('GET /api/templates/{code}/handoff', '/templates/red-banner-commendation/handoff', { event: { leadUnit: 'dept-organisation' } });
    add('POST /api/events', '/events', { event: { leadUnit: 'dept-family-children' } }, {
      templateCode: 'childrens-day-sorting', title: '矩阵：发起', startsAt: new Date(startsAt + 60 * DAY).toISOString(),
    });
    add('GET /api/events', '/events');
    add('GET /api/events/{id}', `/events/${noticeEvent}`, { event });
    add('GET /api/events/{id}/audit', `/events/${noticeEvent}/audit`, { event });
    add('GET /api/events/{id}/schedule', `/events/${noticeEvent}/schedule`, { event });
    add('GET /api/events/{id}/notices/{stepId}/receipts', `/events/${noticeEvent}/notices/activity-notice/receipts`, { event });
    add('GET /api/events/{id}/notices/{stepId}/receipts.xlsx', `/events/${noticeEvent}/notices/activity-notice/receipts.xlsx`, { event });
    add('GET /api/events/{id}/notices/{stepId}/nominations.xlsx', `/events/${noticeEvent}/notices/activity-notice/nominations.xlsx`, { event });
    add('GET /api/events/{id}/audit.xlsx', `/events/${noticeEvent}/audit.xlsx`, { event });
    add('POST /api/events/{id}/notices/{stepId}/acknowledge', `/events/${noticeEvent}/notices/activity-notice/acknowledge`, { event, ...yuzhong }, {
      unitCode: 'district-yuzhong', values: { familiesRecommended: ['王芳一家'], localActivitiesPlanned: 2, contactPerson: '张晓梅 13800000000' },
    });
    const manageTask = manageState.tasks.find((x) => x.status === 'open')!;
    add('POST /api/events/{id}/urge', `/events/${manageEvent}/urge`, { event }, { taskId: manageTask.id });
    add('POST /api/events/{id}/reschedule/preview', `/events/${manageEvent}/reschedule/preview`, { event }, { startsAt: new Date(startsAt + 10 * DAY).toISOString() });
    add('POST /api/events/{id}/reschedule', `/events/${manageEvent}/reschedule`, { event }, { startsAt: new Date(startsAt + 7 * DAY).toISOString(), reason: '场地调整' });
    add('POST /api/events/{id}/postpone', `/events/${manageEvent}/postpone`, { event }, { reason: '疫情防控' });
    add('POST /api/events/{id}/resume', `/events/${manageEvent}/resume`, { event }, { startsAt: new Date(startsAt + 14 * DAY).toISOString() });
    add('POST /api/events/{id}/cancel', `/events/${manageEvent}/cancel`, { event }, { reason: '计划调整' });
    add('GET /api/tasks', '/tasks');
    add('GET /api/tasks/{id}', `/tasks/${draft.id}`, taskResource(notice, draft.id, event));
    // An assignee's empty form is refused for its fields (400): access was granted.
    add('POST /api/tasks/{id}/complete', `/tasks/${openDraft.id}/complete`, taskResource(completeState, openDraft.id, event), { values: {} });
    // 草稿: kept first, so that reading it back finds it; discarded last.
    const draftPath = `/tasks/${openDraft.id}/draft`;
    add('PUT /api/tasks/{id}/draft', draftPath, taskResource(completeState, openDraft.id, event), { values: { theme: '矩阵草稿' } });
    add('GET /api/tasks/{id}/draft', draftPath, taskResource(completeState, openDraft.id, event));
    add('DELETE /api/tasks/{id}/draft', draftPath, taskResource(completeState, openDraft.id, event));
    // 附件: who may upload is asked before the body is read (an assignee's JSON body is then refused
    // 400 for want of a file); a file not yet named by a submission is its uploader's alone.
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')]), '矩阵方案.pdf');
    const uploaded = await fetch(`${t.baseUrl}/api/events/${completeEvent}/attachments?taskId=${openDraft.id}`, {
      method: 'POST',
      headers: { authorization: (await organiser()).headers.authorization },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const fileId = ((await uploaded.json()) as { id: string }).id;
    add('POST /api/events/{id}/attachments', `/events/${completeEvent}/attachments?taskId=${openDraft.id}`, taskResource(completeState, openDraft.id, event), {});
    add('GET /api/attachments/{id}/meta', `/attachments/${fileId}/meta`, { writerIds: [organiserId] });
    add('GET /api/attachments/{id}', `/attachments/${fileId}`, { writerIds: [organiserId] });
    const sign = (s: EventState) => openSignOff(s)!.id;
    add('POST /api/tasks/{id}/approve', `/tasks/${sign(approveState)}/approve`, taskResource(approveState, sign(approveState), event), {});
    add('POST /api/tasks/{id}/reject', `/tasks/${sign(rejectState)}/reject`, taskResource(rejectState, sign(rejectState), event), { comment: '请补充预算明细' });
    add('POST /api/tasks/{id}/withdraw', `/tasks/${sign(withdrawState)}/withdraw`, taskResource(withdrawState, sign(withdrawState), event), {});
    add('GET /api/tasks/{id}/delegates', `/tasks/${sign(delegateState)}/delegates`, taskResource(delegateState, sign(delegateState), event));
    add('POST /api/tasks/{id}/delegate', `/tasks/${sign(delegateState)}/delegate`, taskResource(delegateState, sign(delegateState), event), {
      toUserId: (await as('vice-chair-2')).user.id,
    });
    // 加签 on an open sign-off of its own (the one above changes hands); 抄送 on the organiser's done plan.
    const addSignerState = await drive(await startEvent('矩阵：加签'), (s) => !!openSignOff(s));
    add('POST /api/tasks/{id}/add-signer', `/tasks/${sign(addSignerState)}/add-signer`, taskResource(addSignerState, sign(addSignerState), event), {
      personId: (await as('head-rights')).user.id,
      position: 'after',
    });
    // For 抄送 the task's submitter is whoever completed the work task.
    add('POST /api/tasks/{id}/cc', `/tasks/${draft.id}/cc`, { event, task: { assigneeIds: [], submitterId: ccSubmitterOf(draft) ?? null, actedById: null } }, { unitCodes: ['dept-rights'] });
    add('GET /api/me/cc', '/me/cc');
    add('GET /api/me/started', '/me/started');
    add('GET /api/me/submissions', '/me/submissions');
    add('GET /api/notices', '/notices');
    // 公文 PDF: 渝中区 is addressed (its liaison was delivered the notice); the event's managers and the leaders may read it too.
    add('GET /api/events/{id}/notices/{stepId}/document.pdf', `/events/${noticeEvent}/notices/activity-notice/document.pdf`, { event, ...yuzhong, ownerId: recipient.user.id });
    add('POST /api/notices/acknowledge', '/notices/acknowledge', {}, { items: [{ eventId: noticeEvent, stepId: 'activity-notice', unitCode: 'district-yuzhong' }] });
    add('GET /api/notifications', '/notifications');
    add('GET /api/notifications/unread-count', '/notifications/unread-count');
    add('POST /api/notifications/read-all', '/notifications/read-all');
    add('POST /api/notifications/{id}/read', `/notifications/${notificationId!}/read`, { ownerId: recipient.user.id });
    add('GET /api/notifications/dead-letters', '/notifications/dead-letters');
    add('POST /api/notifications/dead-letters/{id}/retry', '/notifications/dead-letters/00000000-0000-4000-8000-000000000000/retry');
    add('GET /api/me/channels', '/me/channels');
    add('PUT /api/me/channels', '/me/channels', {}, { email: { enabled: true } });
    add('GET /api/me/notification-settings', '/me/notification-settings');
    add('PUT /api/me/notification-settings', '/me/notification-settings', {}, { kinds: [{ kind: 'decision', email: true }] });
    add('GET /api/units/{code}/channels', '/units/district-yuzhong/channels', yuzhong);
    add('PUT /api/units/{code}/channels', '/units/district-yuzhong/channels', yuzhong, { robots: [] });
    add('GET /api/me/calendar', '/me/calendar');
    add('POST /api/me/calendar/reset', '/me/calendar/reset');
    add('GET /api/calendar/{token}.ics', `/calendar/${feedToken}.ics`);
    // 工作日历: a year no event counts by, added and taken out again.
    add('GET /api/calendar', '/calendar?year=2026');
    add('PUT /api/calendar/days/{date}', '/calendar/days/2031-01-01', {}, { kind: 'off', name: '元旦' });
    add('DELETE /api/calendar/days/{date}', '/calendar/days/2031-01-01');
    add('PUT /api/calendar/years/{year}', '/calendar/years/2032', {}, { days: [{ date: '2032-01-01', kind: 'off', name: '元旦' }] });
    const year = new Date(startsAt + 8 * 3600_000).getUTCFullYear();
    add('GET /api/years/{year}/summary', `/years/${year}/summary`);
    add('GET /api/years/{year}/summary.xlsx', `/years/${year}/summary.xlsx`);
    add('GET /api/years/{year}/summary.pdf', `/years/${year}/summary.pdf`);
    add('GET /api/archive/{eventId}', `/archive/${noticeEvent}`, { event });
    add('GET /api/archive/{eventId}/verify', `/archive/${noticeEvent}/verify`, { event });
    add('GET /api/archive/{eventId}/report.pdf', `/archive/${noticeEvent}/report.pdf`, { event });
    // 时代女性榜: the Schedule enabled, paused, resumed, last month run (补跑), a month of next year
    // skipped and taken back.
    const listOwner: AccessResource = { event: { leadUnit: 'dept-publicity' } };
    const skipMonth = `${new Date().getUTCFullYear() + 1}-06`;
    add('POST /api/selections/women-list/enable', '/selections/women-list/enable', listOwner, {});
    add('GET /api/selections/women-list', '/selections/women-list');
    add('POST /api/selections/women-list/pause', '/selections/women-list/pause', listOwner, { note: '矩阵暂停' });
    add('POST /api/selections/women-list/resume', '/selections/women-list/resume', listOwner);
    add('POST /api/selections/women-list/run', '/selections/women-list/run', listOwner, { month: LAST_MONTH });
    add('POST /api/selections/women-list/skip', '/selections/women-list/skip', listOwner, { month: skipMonth });
    add('POST /api/selections/women-list/unskip', '/selections/women-list/unskip', listOwner, { month: skipMonth });
    // 目标管理: a campaign of the family and children department, allocated and running; a second
    // start for its year is refused (409) to those allowed, its assessment not there yet (409),
    // and its cancel last. Next year's, which can be started on any day (this year's not once its last 督办 is past).
    const campaignYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() + 1;
    const startCampaign = { templateCode: 'clean-family-campaign', year: campaignYear };
    const startedCampaign = await api<{ id: string }>(await organiser(), 'POST', '/campaigns', startCampaign);
    expect(startedCampaign.status).toBe(201);
    const campaignId = startedCampaign.body.id;
    await runCampaign(client, campaignId, { organiser: 'organiser-family-children', approvers: ['head-family-children', 'vice-chair-2'] }, (districts) =>
      Object.fromEntries(districts.map((code) => [code, { activitiesHeld: 10, familiesReached: 2500 }])),
    );
    const campaign: AccessResource = { event };
    const yuzhongOfCampaign: AccessResource = { event, ...yuzhong };
    add('GET /api/campaign-templates', '/campaign-templates');
    add('POST /api/campaigns', '/campaigns', { event: { leadUnit: 'dept-family-children' } }, startCampaign);
    add('GET /api/campaigns', `/campaigns?year=${campaignYear}`);
    add('GET /api/campaigns/{id}', `/campaigns/${campaignId}`, campaign);
    add('GET /api/campaigns/{id}/record/verify', `/campaigns/${campaignId}/record/verify`, campaign);
    add('GET /api/campaigns/{id}/rollup', `/campaigns/${campaignId}/rollup`, campaign);
    add('GET /api/campaigns/{id}/rollup.xlsx', `/campaigns/${campaignId}/rollup.xlsx`, campaign);
    add('GET /api/campaigns/{id}/assessment', `/campaigns/${campaignId}/assessment`, campaign);
    add('GET /api/campaigns/{id}/units/{unitCode}', `/campaigns/${campaignId}/units/district-yuzhong`, yuzhongOfCampaign);
    // As for an event's upload: who may is asked first, then a JSON body is refused (400) for want of a file.
    add('POST /api/campaigns/{id}/units/{unitCode}/attachments', `/campaigns/${campaignId}/units/district-yuzhong/attachments`, yuzhongOfCampaign, {});
    add('POST /api/campaigns/{id}/units/{unitCode}/reports', `/campaigns/${campaignId}/units/district-yuzhong/reports`, yuzhongOfCampaign, {
      periodIndex: 0,
      figures: { activitiesHeld: 1, familiesReached: 10 },
    });
    // 本单位活动: each caller allowed starts one for 渝中区.
    add('POST /api/campaigns/{id}/units/{unitCode}/activities', `/campaigns/${campaignId}/units/district-yuzhong/activities`, yuzhongOfCampaign, {
      title: '矩阵：本单位活动',
      startsAt: new Date(Date.now() + 30 * DAY).toISOString(),
    });
    add('POST /api/campaigns/{id}/cancel', `/campaigns/${campaignId}/cancel`, campaign, { reason: '计划调整' });
    // Last: they end the caller's sessions.
    add('POST /api/auth/password', '/auth/password', {}, { currentPassword: 'demo', newPassword: 'Matrix-Check-2027!' });
    add('POST /api/auth/logout', '/auth/logout');
  }, 600_000);
  afterAll(async () => {
    if (t) await removeWomenListSchedule(t);
    await t?.close();
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );

  it('has a policy entry and a fixture request for every route of the document', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(40);
    expect(ops.filter((op) => !(op in ROUTE_ACTIONS))).toEqual([]);
    expect(ops.filter((op) => !requests.has(op))).toEqual([]);
    for (const action of Object.values(ROUTE_ACTIONS)) expect(ACCESS_POLICY[action]).toBeDefined();
  });

  it('answers each route for each role as the policy says', async () => {
    const ops = new Set(operations());
    const mismatches: string[] = [];
    // Routes in the order of the fixture requests: the ones that end sessions last. A route of the
    // table that the document does not have yet (another change brings it) is skipped until it lands.
    for (const [route, req] of requests) {
      if (!ops.has(route)) continue;
      const action = ROUTE_ACTIONS[route];
      const [method] = route.split(' ');
      const rule: PolicyRule = ACCESS_POLICY[action];
      const expected = (c: Caller) => allowedBy(c === 'anonymous' ? undefined : users.get(c), action, req.resource);
      // Those refused go first: an allowed call may change the fixture (a task decided, an event cancelled).
      const order = (['anonymous', ...CALLERS] as Caller[]).sort((a, b) => Number(expected(a)) - Number(expected(b)));
      for (const caller of order) {
        const session: Session | null = caller === 'anonymous' ? null : await as(caller);
        const url = route.startsWith('GET /health') ? `${t.baseUrl}/health` : undefined;
        const res = url
          ? await fetch(url).then(async (r) => ({ status: r.status, body: await r.json().catch(() => undefined) }))
          : await api<{ message?: string; accessToken?: string }>(session, method, req.path, req.body);
        const message = JSON.stringify((res.body as { message?: unknown } | undefined)?.message ?? '');
        const allowed = expected(caller);
        const ok = allowed
          ? res.status !== 401 &&
            res.status < 500 &&
            (res.status !== 404 || UNKNOWN_ON_PURPOSE.has(route)) &&
            !(res.status === 403 && (rule.enforcedIn !== 'workflow' || WHO_REFUSALS.test(message)))
          : caller === 'anonymous'
            ? res.status === 401
            : res.status === (rule.otherwise === 'not-found' ? 404 : 403);
        if (!ok) mismatches.push(`${route} as ${caller}: ${res.status} ${message} (policy: ${allowed ? 'allowed' : 'denied'})`);
        if (route === 'POST /api/auth/password' && res.status === 200 && session) {
          // The fresh token is the session now; logout ends it last.
          const token = (res.body as { accessToken: string }).accessToken;
          sessions.set(caller, { ...session, token, headers: { ...session.headers, authorization: `Bearer ${token}` } });
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 600_000);
});
