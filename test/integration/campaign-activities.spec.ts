// A district's own activities in a campaign (本单位活动), over real HTTP with the whole application and
// its worker on the shared dev server: once the campaign runs, 渝中区's liaison starts an activity of
// the district template for 渝中区; the event is led by 渝中区, so its plan is the liaison's task and its
// sign-off the district chair's, and both may open it; another district may not start one for 渝中区 nor
// see inside it. Next year's campaign, so its units run for the whole test whatever today's date.
import type { Allocation } from '../../workflows/campaign-types';
import { apiClient } from '../support/api-client';
import { openTaskOf } from '../support/api-walk';
import { runCampaign } from '../support/campaign-driver';
import { DAY } from '../support/event-driver';
import { startTestApp, type TestApp } from '../support/shared';

const CODE = 'clean-family-campaign';
const ORGANISER = 'organiser-family-children';
const YUZHONG = 'district-yuzhong';
const LIAISON = 'liaison-yuzhong';
const CHAIR = 'district-chair-yuzhong';

interface Refusal {
  message: { 'zh-CN': string; en: string };
}

interface Activity {
  id: string;
  title: string;
  templateCode: string;
  leadUnit: string;
  organiserId: string;
  status: string;
  venue: string | null;
}

interface UnitPage {
  activities: Activity[];
  canStartActivity: boolean;
}

describe("a district's own activities in a campaign (本单位活动)", () => {
  let t: TestApp;
  const client = apiClient(() => t.baseUrl);
  const { as, api } = client;
  let id = '';
  let activity: Activity;
  const startsAt = new Date(Date.now() + 20 * DAY).toISOString();
  const path = () => `/campaigns/${id}/units/${YUZHONG}/activities`;
  const unitPage = async (who: string) => (await api<UnitPage>(await as(who), 'GET', `/campaigns/${id}/units/${YUZHONG}`)).body;

  beforeAll(async () => {
    t = await startTestApp();
    const started = await api<{ id: string }>(await as(ORGANISER), 'POST', '/campaigns', { templateCode: CODE, year: new Date(Date.now() + 8 * 3600_000).getUTCFullYear() + 1 });
    expect(started.status).toBe(201);
    id = started.body.id;
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  it('is refused while the targets are being allocated, in both languages', async () => {
    const early = await api<Refusal>(await as(LIAISON), 'POST', path(), { title: '太早的活动', startsAt });
    expect(early.status).toBe(409);
    expect(early.body.message).toEqual({
      'zh-CN': '任务尚未分解完毕，暂不能发起本单位活动',
      en: 'The targets are not allocated yet: activities can be started once the allocation is approved',
    });
  });

  it("is started by the unit's liaison once the campaign runs, led by the unit and listed on its page", async () => {
    const allocationOf = (districts: string[]): Allocation => Object.fromEntries(districts.map((code) => [code, { activitiesHeld: 10, familiesReached: 2500 }]));
    await runCampaign(client, id, { organiser: ORGANISER, approvers: ['head-family-children', 'vice-chair-2'] }, allocationOf);
    expect(await unitPage(LIAISON)).toMatchObject({ activities: [], canStartActivity: true });

    const started = await api<Activity>(await as(LIAISON), 'POST', path(), { title: '渝中区清风家庭助廉大讲堂', startsAt, venue: '渝中区妇女儿童活动中心' });
    expect(started.status).toBe(201);
    activity = started.body;
    expect(activity).toMatchObject({
      title: '渝中区清风家庭助廉大讲堂',
      templateCode: 'district-campaign-activity',
      leadUnit: YUZHONG,
      organiserId: (await as(LIAISON)).user.id,
      venue: '渝中区妇女儿童活动中心',
      status: 'active',
    });

    const page = await unitPage(LIAISON);
    expect(page.activities.map((a) => [a.id, a.title])).toEqual([[activity.id, '渝中区清风家庭助廉大讲堂']]);
    // The chair sees the district's activities too, but starting one is the liaison's.
    expect(await unitPage(CHAIR)).toMatchObject({ activities: [expect.objectContaining({ id: activity.id })], canStartActivity: false });
  }, 600_000);

  it("is refused to another district's liaison, to the chair and to the lead department's organiser", async () => {
    for (const who of ['liaison-jiangbei', CHAIR, ORGANISER]) {
      const res = await api<Refusal>(await as(who), 'POST', path(), { title: '代发起的活动', startsAt });
      expect(res.status).toBe(403);
      expect(res.body.message).toEqual({ 'zh-CN': '只能由本单位联络员发起本单位活动', en: "Only the unit's liaison can start its activities" });
    }
    // Nor can the district template be started as a department's event.
    const direct = await api<Refusal>(await as('organiser-organisation'), 'POST', '/events', { templateCode: 'district-campaign-activity', title: '直接发起', startsAt });
    expect(direct.status).toBe(400);
    expect(direct.body.message['zh-CN']).toContain('由区县妇联在目标管理活动的本单位页面发起');
    expect((await unitPage(LIAISON)).activities).toHaveLength(1);
  });

  it("gives the plan to the liaison and its sign-off to 渝中区's chair, who may open the event; 江北区 may not", async () => {
    const plan = await openTaskOf(client, LIAISON, activity.id, 'activity-plan');
    const done = await api(await as(LIAISON), 'POST', `/tasks/${plan.id}/complete`, {
      values: { plan: '邀请廉政专家讲授家风家教，组织清廉家庭代表分享。', confirmedDate: startsAt.slice(0, 10), venueName: '渝中区妇女儿童活动中心', expectedParticipants: 120 },
    });
    expect(done.status).toBe(200);

    const signOff = await openTaskOf(client, CHAIR, activity.id, 'plan-approval');
    expect(signOff.kind).toBe('sign-off');
    // The other district's chair can neither read the task nor see inside the event.
    expect((await api(await as('district-chair-jiangbei'), 'GET', `/tasks/${signOff.id}`)).status).toBe(403);
    expect((await api(await as('district-chair-jiangbei'), 'GET', `/events/${activity.id}/audit`)).status).toBe(403);
    const outside = await api<{ visibility: { details: string } }>(await as('liaison-jiangbei'), 'GET', `/events/${activity.id}`);
    expect(outside.body.visibility.details).toBe('none');

    // 渝中区's chair reads the whole event (the plan's values, the audit trail) and signs the plan.
    const inside = await api<{ visibility: { details: string } }>(await as(CHAIR), 'GET', `/events/${activity.id}`);
    expect(inside.body.visibility.details).toBe('all');
    expect((await api(await as(CHAIR), 'GET', `/events/${activity.id}/audit`)).status).toBe(200);
    const approved = await api(await as(CHAIR), 'POST', `/tasks/${signOff.id}/approve`, { comment: '同意' });
    expect(approved.status).toBe(200);
    const steps = await api<{ state: { steps: { id: string; status: string }[] } }>(await as(LIAISON), 'GET', `/events/${activity.id}`);
    expect(steps.body.state.steps.find((s) => s.id === 'plan-approval')?.status).toBe('done');
  }, 120_000);
});
