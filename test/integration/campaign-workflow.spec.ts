// A campaign's year on the time-skipping server with the real activities and PostgreSQL: the 40
// district federations of the seed, the four-actions targets reported monthly over a whole year (a
// copy of the template whose span is 01-01..12-31: 12 periods). The allocation runs as a child event
// driven through its own Updates; the districts report on their calendar, some late, one never; the
// 催办/督办 go out for exactly the periods not in by their time; the assessment matches a hand count.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createCampaignActivities } from '../../activities/campaign.activities';
import { recheckRecord } from '../../src/archive/archive-record';
import { CampaignReadModel } from '../../src/campaigns/campaign-read-model';
import { loadCampaignTemplates } from '../../src/campaigns/campaign-template-loader';
import { projectRoot } from '../../src/infra/project-root';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { DirectoryService } from '../../src/org/directory.service';
import { ReadModelRepository } from '../../src/read-model/read-model.repository';
import { loadTemplates } from '../../src/templates/template-loader';
import {
  campaignStateQuery,
  campaignWorkflowId,
  cancelCampaignUpdate,
  reportProgressUpdate,
  unitCampaignStateQuery,
  unitCampaignWorkflowId,
  type CampaignState,
  type CampaignUnit,
  type CampaignWorkflowInput,
  type ReportProgressInput,
} from '../../workflows/campaign-model';
import type { Allocation, CampaignTemplate, ProgressFigures } from '../../workflows/campaign-types';
import { reportingPeriods, type ReportingPeriod } from '../../workflows/campaign/periods';
import { acknowledgeUpdate, approveUpdate, cancelUpdate, completeTaskUpdate, rejectUpdate, eventWorkflowId, stateQuery, type Actor, type EventState, type Person } from '../../workflows/event-model';
import type { EventTemplate, TaskStep } from '../../workflows/template-types';
import { formatDateTime } from '../../workflows/text';
import { keepHistory, userByName } from '../support/event-driver';
import { startWorkflowTestBed, type WorkflowTestBed } from '../support/time-skipping-worker';

const TASK_QUEUE = 'campaign-workflow';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const EVENT_CODES = new Set(loadTemplates(join(projectRoot(), 'templates')).map((t) => t.code));
const SHIPPED = loadCampaignTemplates(join(projectRoot(), 'campaigns'), EVENT_CODES).find((t) => t.code === 'four-actions-targets')!;
/** The shipped template over the whole year: 12 monthly reports. */
const TEMPLATE: CampaignTemplate = { ...SHIPPED, period: { from: '01-01', to: '12-31' } };

/** `total` split as evenly as whole numbers allow, the first units taking one more. */
const split = (total: number, n: number, i: number) => Math.floor(total / n) + (i < total % n ? 1 : 0);

/** A district's running total for period k (0–11) of its target: a twelfth more each month, the target at the end. */
const runningTotal = (target: number, k: number) => Math.floor((target * (k + 1)) / 12);

describe('a campaign year: 40 districts, 12 monthly reports', () => {
  let bed: WorkflowTestBed;
  let env: TestWorkflowEnvironment;
  let ds: DataSource;
  let units: CampaignUnit[];
  const people: Record<string, Person> = {};

  beforeAll(async () => {
    bed = await startWorkflowTestBed(TASK_QUEUE);
    ({ env, ds } = bed);
    units = (await new DirectoryService(ds).listUnits('district')).map((u) => ({ code: u.code, name: u.nameZh }));
    for (const name of ['organiser-development', 'admin']) people[name] = await userByName(ds, name);
  });
  afterAll(async () => {
    await bed?.terminateRunning();
    await bed?.stop();
  });

  const liaisonOf = async (unitCode: string): Promise<Actor> => ({ ...(await userByName(ds, unitCode.replace(/^district-/, 'liaison-'))), liaisonOf: [unitCode] });
  const refusal = (kind: string, message: RegExp) => ({ cause: expect.objectContaining({ type: kind, message: expect.stringMatching(message) }) });

  /** The approved table: every `total` target split among the 40, `each` at its figure, `atLeast` at an even share of it. */
  function allocationOf(list: CampaignUnit[]): Allocation {
    return Object.fromEntries(
      list.map((u, i) => [u.code, Object.fromEntries(TEMPLATE.targets.map((t) => [t.key, t.allocation === 'each' ? t.planFigure : split(t.planFigure, list.length, i)]))]),
    );
  }

  async function startCampaign(year: number) {
    const campaignId = (await ds.query<{ id: string }[]>('SELECT gen_random_uuid() AS id'))[0].id;
    const input: CampaignWorkflowInput = {
      campaignId,
      title: `${year}年“四大巴渝巾帼行动”目标任务`,
      year,
      template: TEMPLATE,
      organiser: people['organiser-development'],
      leadUnit: TEMPLATE.leadDepartment,
      units,
    };
    // As the API starts one: its row first, then the workflow.
    const { takenBy } = await new CampaignReadModel(ds).insertUnlessTaken({
      id: campaignId,
      workflowId: campaignWorkflowId(campaignId),
      template: TEMPLATE,
      title: input.title,
      year,
      leadUnit: TEMPLATE.leadDepartment,
      periods: reportingPeriods(TEMPLATE, year),
      organiserId: input.organiser.id,
    });
    expect(takenBy).toBeUndefined();
    const handle = await env.client.workflow.start('campaignWorkflow', { workflowId: campaignWorkflowId(campaignId), taskQueue: TASK_QUEUE, args: [input] });
    return { campaignId, input, handle: env.client.workflow.getHandle<() => Promise<CampaignState>>(handle.workflowId) };
  }

  /**
   * Reads until `read` finds `what`, a second of workflow time between looks, at most two minutes of
   * it: far inside every deadline the test is about (working days). The server moves its clock only
   * while the workflows are idle, so a loaded machine makes the wait slower, never shorter.
   */
  async function until<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
    const LOOKS = 120;
    for (let look = 0; look < LOOKS; look++) {
      const found = await read().catch((e: unknown) => {
        if (e instanceof WorkflowNotFoundError) return undefined; // the child has not started yet
        throw e;
      });
      if (found !== undefined) return found;
      await env.sleep(1000);
    }
    throw new Error(`${what}: not there after ${LOOKS} looks, one per second of workflow time`);
  }

  const nextYear = async () => new Date((await env.currentTimeMs()) + 8 * HOUR).getUTCFullYear() + 1;
  const sleepUntil = async (at: number) => {
    const now = await env.currentTimeMs();
    if (at > now) await env.sleep(at - now);
  };

  type Campaign = Pick<Awaited<ReturnType<typeof startCampaign>>, 'campaignId' | 'handle'>;

  /**
   * 任务分解 through the allocation event's own Updates: a wrong total refused, the right one signed off
   * at each level, the notice out. The units' workflows start then, while the 签收 are still open.
   */
  async function issueAllocation({ campaignId, handle }: Campaign, eventId: string, allocation: Allocation): Promise<void> {
    const event = env.client.workflow.getHandle(eventWorkflowId(eventId));
    const openTask = (step: string, kind: string) =>
      until(`${step} open`, async () => (await event.query(stateQuery)).tasks.find((t) => t.stepId === step && t.kind === kind && t.status === 'open'));
    const allocate = await openTask('allocate', 'task');
    expect(allocate.assignees).toEqual([people['organiser-development']]);

    const wrong = structuredClone(allocation);
    for (const u of units) wrong[u.code].povertyWorkshops = 2; // 40 × 2 = 80, not the plan's 100
    const refused = await event.executeUpdate(completeTaskUpdate, { args: [{ taskId: allocate.id, actor: people['organiser-development'], values: { allocation: wrong } }] }).catch((e: unknown) => e);
    expect(refused).toMatchObject(refusal('INVALID', /^表单填写有误/));
    expect(JSON.stringify((refused as { cause: { details: unknown } }).cause.details)).toContain('各单位合计 80 个，与计划数 100 个不符');

    await event.executeUpdate(completeTaskUpdate, { args: [{ taskId: allocate.id, actor: people['organiser-development'], values: { allocation } }] });
    // 部门负责人审核 by the development department's head, then 分管副主席审批 by the vice-chair in charge of it.
    for (const [level, approver] of ['head-development', 'vice-chair-2'].entries()) {
      const signOff = await until(`level ${level}`, async () =>
        (await event.query(stateQuery)).tasks.find((t) => t.kind === 'sign-off' && t.level === level && t.status === 'open'),
      );
      expect(signOff.assignees).toEqual([await userByName(ds, approver)]);
      await event.executeUpdate(approveUpdate, { args: [{ taskId: signOff.id, actor: signOff.assignees[0] }] });
    }
    const notice = await until('the notice', async () => (await event.query(stateQuery)).notices.find((n) => n.stepId === 'issue-targets'));
    expect(notice.docNumber).toMatch(/〔\d{4}〕\d+号$/);
    expect(notice.receipts).toHaveLength(40);
    const running = await until('running', async () => {
      const s = await handle.query(campaignStateQuery);
      return s.status === 'running' ? s : undefined;
    });
    expect(running.allocation).toEqual(allocation);
    const firstUnit = await until('the first unit', () => env.client.workflow.getHandle(unitCampaignWorkflowId(campaignId, units[0].code)).query(unitCampaignStateQuery));
    expect(firstUnit).toMatchObject({ status: 'running', targets: allocation[units[0].code] });
    const receipts = (await event.query(stateQuery)).notices[0].receipts!;
    expect(receipts.filter((r) => r.status === 'pending')).toHaveLength(40);
  }

  /** 签收 by a few units; the others' deadline passes, and the allocation event is archived. */
  async function settleReceipts(eventId: string): Promise<void> {
    const event = env.client.workflow.getHandle(eventWorkflowId(eventId));
    for (const u of units.slice(0, 3)) {
      await event.executeUpdate(acknowledgeUpdate, { args: [{ stepId: 'issue-targets', unitCode: u.code, actor: await liaisonOf(u.code) }] });
    }
    // The others' 签收 deadline passes; the event is done.
    await sleepUntil((await env.currentTimeMs()) + 14 * DAY);
    // Read by a query, not by awaiting its result: awaiting lets the test server skip time, here
    // past the units' first reminders.
    const final: EventState = await event.query(stateQuery);
    expect(final.status).toBe('archived');
  }

  /**
   * 考核结果审定 through the assessment event's Updates: the organiser sees the computed table beside
   * the 考核说明, the head sends it back once (退回), then both levels sign off and the 通报 goes to the 40.
   */
  async function signOffAssessment({ handle }: Campaign, year: number, line: string): Promise<string> {
    const assessing = await until('assessing', async () => {
      const s = await handle.query(campaignStateQuery);
      return s.status === 'assessing' && s.assessmentEventId ? s : undefined;
    });
    const eventId = assessing.assessmentEventId!;
    const event = env.client.workflow.getHandle(eventWorkflowId(eventId));
    const organiser = people['organiser-development'];
    // The task page reads the event's stored template: the table is there, beside the 考核说明.
    const [stored] = await ds.query<{ content: EventTemplate }[]>('SELECT content FROM template_versions WHERE code = $1', [`${TEMPLATE.code}-assessment-${year}`]);
    expect((stored.content.steps[0] as TaskStep).form!.fields[0]).toMatchObject({ key: 'note', help: { 'zh-CN': expect.stringContaining(line) } });
    const review = async () => {
      const task = await until('the assessment task', async () => (await event.query(stateQuery)).tasks.find((t) => t.stepId === 'review-assessment' && t.status === 'open'));
      expect(task.assignees).toEqual([organiser]);
      return task;
    };
    await event.executeUpdate(completeTaskUpdate, { args: [{ taskId: (await review()).id, actor: organiser, values: {} }] });
    const signOff = async (level: number) =>
      until(`assessment level ${level}`, async () => (await event.query(stateQuery)).tasks.find((t) => t.kind === 'sign-off' && t.level === level && t.status === 'open'));
    const first = await signOff(0);
    await event.executeUpdate(rejectUpdate, { args: [{ taskId: first.id, actor: first.assignees[0], comment: '请补充考核说明' }] });
    await event.executeUpdate(completeTaskUpdate, { args: [{ taskId: (await review()).id, actor: organiser, values: { note: '缺报按考核细则扣分' } }] });
    for (const level of [0, 1]) {
      const task = await signOff(level);
      await event.executeUpdate(approveUpdate, { args: [{ taskId: task.id, actor: task.assignees[0] }] });
    }
    const final = await until('the assessment event archived', async () => {
      const s = await event.query(stateQuery);
      return s.status === 'archived' ? s : undefined;
    });
    expect(final.values['review-assessment']).toEqual({ note: '缺报按考核细则扣分' });
    const notice = final.notices.find((n) => n.stepId === 'issue-assessment')!;
    expect(notice).toMatchObject({ docNumber: expect.stringMatching(/〔\d{4}〕\d+号$/), recipientCount: 40 });
    expect(notice.receipts ?? []).toHaveLength(0); // a 通报: no 签收
    const body = await until('the 通报 in the read model', async () => (await ds.query<{ body: Record<string, string> }[]>('SELECT body FROM notices WHERE id = $1', [notice.noticeId]))[0]?.body);
    expect(body['zh-CN']).toContain(line);
    return eventId;
  }

  it('allocates, runs the year with 催办 and 督办 for exactly the reports not in, rolls up the figures and scores every district', async () => {
    const year = await nextYear();
    const { campaignId, handle } = await startCampaign(year);
    const periods: ReportingPeriod[] = reportingPeriods(TEMPLATE, year);
    expect(periods).toHaveLength(12);

    const allocation = allocationOf(units);
    const campaign = { campaignId, handle };
    const eventId = await until('the allocation event', async () => (await handle.query(campaignStateQuery)).allocationEventId);
    await issueAllocation(campaign, eventId, allocation);
    await settleReceipts(eventId);

    // Who does what. NEVER sends nothing; SKIPS forgets May; LATE is late in March (before the
    // 催办), June (after it) and August (after the 督办 too); HALF reaches half its training figure
    // and corrects April with a reason. Everyone else reports every month on time.
    const [, LATE, HALF] = units;
    const SKIPS = units[38];
    const NEVER = units[39];
    const half = (u: CampaignUnit, k: number): ProgressFigures => {
      const figures = Object.fromEntries(TEMPLATE.targets.map((t) => [t.key, runningTotal(allocation[u.code][t.key], k)]));
      return u === HALF ? { ...figures, ruralWomenTrained: runningTotal(allocation[u.code].ruralWomenTrained / 2, k) } : figures;
    };
    const reportAt = (u: CampaignUnit, p: ReportingPeriod): number | undefined => {
      if (u === NEVER || (u === SKIPS && p.index === 4)) return undefined;
      if (u === LATE && p.index === 2) return Date.parse(p.dueAt) + HOUR;
      if (u === LATE && p.index === 5) return Date.parse(p.urgeAt) + HOUR;
      if (u === LATE && p.index === 7) return Date.parse(p.superviseAt) + HOUR;
      return Date.parse(`${p.endsOn}T16:00:00Z`) + HOUR; // 01:00 Beijing time the day after the period
    };

    const unitHandle = (u: CampaignUnit) => env.client.workflow.getHandle(unitCampaignWorkflowId(campaignId, u.code));
    const send = async (u: CampaignUnit, input: Omit<ReportProgressInput, 'actor'>, actor?: Actor) =>
      unitHandle(u).executeUpdate(reportProgressUpdate, { args: [{ ...input, actor: actor ?? (await liaisonOf(u.code)) }] });

    // Refused before anything is kept: a period not begun, another district's liaison.
    await expect(send(HALF, { periodIndex: 11, figures: half(HALF, 11) })).rejects.toMatchObject(refusal('CONFLICT', /^2\d{3}年12月尚未开始，不能报送 \/ Dec \d{4} has not begun/));
    await expect(send(HALF, { periodIndex: 0, figures: half(HALF, 0) }, await liaisonOf(LATE.code))).rejects.toMatchObject(refusal('FORBIDDEN', /^只有.+的联络员可以报送本单位进度/));

    const actions = units
      .flatMap((u) => periods.map((p) => ({ u, p, at: reportAt(u, p) })))
      .filter((a): a is { u: CampaignUnit; p: ReportingPeriod; at: number } => a.at !== undefined)
      .sort((a, b) => a.at - b.at);
    for (let i = 0; i < actions.length; ) {
      const at = actions[i].at;
      const batch = [];
      while (i < actions.length && actions[i].at === at) batch.push(actions[i++]);
      await sleepUntil(at);
      await Promise.all(batch.map(({ u, p }) => send(u, { periodIndex: p.index, figures: half(u, p.index) })));
      if (batch.some(({ u, p }) => u === HALF && p.index === 3)) {
        // A running total that goes down needs its reason; with one, April is corrected (revision 2).
        const lower = { ...half(HALF, 3), ruralWomenTrained: half(HALF, 2).ruralWomenTrained - 10 };
        await expect(send(HALF, { periodIndex: 3, figures: lower })).rejects.toMatchObject(
          refusal('INVALID', /^进度报告未通过校验：线上线下培训农村妇女：累计数由 \d+ 人次 降为 \d+ 人次，须填写说明 \/ The progress report is refused/),
        );
        const corrected = await send(HALF, { periodIndex: 3, figures: lower, comment: '4月培训人次重复统计，已核减' });
        expect(corrected.reports.find((r) => r.periodIndex === 3)).toMatchObject({ revision: 2, late: false, comment: '4月培训人次重复统计，已核减' });
      }
    }
    await sleepUntil(Date.parse(periods[11].superviseAt) + DAY);
    const assessmentEventId = await signOffAssessment(campaign, year, `第40名 ${NEVER.name} 0分（逾期0次，缺报12次，扣60分）`);
    const final = await handle.result();
    expect(final.status).toBe('archived');

    // 催办 and 督办: exactly the periods not in by their time, each once.
    const expected = [
      ...periods.flatMap((p) => [`${NEVER.code}:${p.index}:urge`, `${NEVER.code}:${p.index}:supervise`]),
      `${SKIPS.code}:4:urge`,
      `${SKIPS.code}:4:supervise`,
      `${LATE.code}:5:urge`,
      `${LATE.code}:7:urge`,
      `${LATE.code}:7:supervise`,
    ].sort();
    const urgings = await ds.query<{ key: string; recipients: string[] }[]>(
      `SELECT g.unit_code || ':' || g.period_index || ':' || g.kind AS key, array(SELECT u.username FROM users u WHERE u.id = ANY(g.recipient_ids)) AS recipients
         FROM campaign_urgings g WHERE g.campaign_id = $1 ORDER BY 1`,
      [campaignId],
    );
    expect(urgings.map((u) => u.key)).toEqual(expected);
    for (const u of urgings) {
      const pinyin = u.key.split(':')[0].replace(/^district-/, '');
      expect(u.recipients).toEqual([u.key.endsWith(':urge') ? `liaison-${pinyin}` : `district-chair-${pinyin}`]);
    }
    const notes = await ds.query<{ kind: string; username: string; subject: Record<string, string>; body: Record<string, string> }[]>(
      `SELECT n.kind, u.username, n.subject, n.body FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.campaign_id = $1 ORDER BY n.created_at, u.username`,
      [campaignId],
    );
    expect(notes).toHaveLength(expected.length);
    const neverPinyin = NEVER.code.replace(/^district-/, '');
    const firstUrge = notes.find((n) => n.username === `liaison-${neverPinyin}`)!;
    expect(firstUrge.subject['zh-CN']).toBe(`【催办】${final.title}：${NEVER.name}${year}年1月进度报告未报送`);
    expect(firstUrge.body['zh-CN']).toContain(`应于${formatDateTime(periods[0].dueAt, 'zh-CN')}前报送`);
    expect(firstUrge.body.en).toContain(`was due by ${formatDateTime(periods[0].dueAt, 'en')}`);
    // The liaison's inbox opens the unit's page, where the report is sent, from each of the 12 催办.
    const liaison = await userByName(ds, `liaison-${neverPinyin}`);
    const inbox = await new NotificationsService(ds).list(
      { ...liaison, username: `liaison-${neverPinyin}`, unitCode: NEVER.code, roles: [], inChargeOf: [] },
      { page: 1, pageSize: 100 },
    );
    expect(inbox.items.filter((n) => n.kind === 'campaign-urge').map((n) => n.link)).toEqual(Array(12).fill(`/campaigns/${campaignId}/units/${NEVER.code}`));
    const kinds = await ds.query<{ kind: string; n: number }[]>('SELECT kind, count(*)::int AS n FROM notifications WHERE campaign_id = $1 GROUP BY kind ORDER BY kind', [campaignId]);
    expect(kinds).toEqual([
      { kind: 'campaign-supervise', n: 14 },
      { kind: 'campaign-urge', n: 15 },
    ]);

    // The roll-up's figures: every revision kept, the figure so far per unit.
    const revisions = await ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM campaign_reports WHERE campaign_id = $1', [campaignId]);
    expect(revisions[0].n).toBe(actions.length + 1);
    const soFar = new Map(
      (await ds.query<{ unit_code: string; so_far: ProgressFigures; status: string }[]>('SELECT unit_code, so_far, status FROM campaign_units WHERE campaign_id = $1', [campaignId])).map((r) => [
        r.unit_code,
        r,
      ]),
    );
    expect(soFar.size).toBe(40);
    // Every unit's part began when the targets were issued: the periods due before then would not be owed.
    const began = await ds.query<{ at: Date }[]>('SELECT DISTINCT started_at AS at FROM campaign_units WHERE campaign_id = $1', [campaignId]);
    expect(began.map((b) => b.at.toISOString())).toEqual([(await unitHandle(units[0]).query(unitCampaignStateQuery)).startedAt]);
    expect([...soFar.values()].every((r) => r.status === 'closed')).toBe(true);
    expect(soFar.get(units[10].code)!.so_far).toEqual(allocation[units[10].code]);
    expect(soFar.get(HALF.code)!.so_far).toEqual({ ...allocation[HALF.code], ruralWomenTrained: 2500 });
    expect(soFar.get(NEVER.code)!.so_far).toEqual(Object.fromEntries(TEMPLATE.targets.map((t) => [t.key, 0])));

    // The assessment by hand (weights add up to 100; 2 points per late report, 5 per missing one):
    //   an on-time district at every target: 100;
    //   SKIPS: every target, May missing: 100 − 5 = 95;
    //   LATE: every target, March, June and August late: 100 − 3 × 2 = 94;
    //   HALF: on time, ruralWomenTrained 2500 of 5000 (weight 12 × 0.5 = 6 of 12): 100 − 6 = 94;
    //   NEVER: nothing done, 12 missing: max(0, 0 − 60) = 0.
    const table = new Map(final.assessment!.map((a) => [a.unitCode, a]));
    expect(table.get(units[10].code)).toMatchObject({ score: 100, late: 0, missing: 0, rank: 1 });
    expect(table.get(SKIPS.code)).toMatchObject({ score: 95, late: 0, missing: 1, penalty: 5, rank: 37 });
    expect(table.get(LATE.code)).toMatchObject({ score: 94, late: 3, missing: 0, penalty: 6, rank: 38 });
    expect(table.get(HALF.code)).toMatchObject({ score: 94, late: 0, missing: 0, rank: 38 });
    expect(table.get(HALF.code)!.points.ruralWomenTrained).toBe(6);
    expect(table.get(NEVER.code)).toMatchObject({ score: 0, missing: 12, penalty: 60, rank: 40 });

    const [row] = await ds.query<{ status: string; assessment: unknown[]; allocation_event_id: string; assessment_event_id: string; archived_at: Date | null; record_text: string; record_sha256: string }[]>(
      'SELECT status, assessment, allocation_event_id, assessment_event_id, archived_at, record_text, record_sha256 FROM campaigns WHERE id = $1',
      [campaignId],
    );
    expect(row).toMatchObject({ status: 'archived', allocation_event_id: eventId, assessment_event_id: assessmentEventId });
    expect(row.archived_at).not.toBeNull();
    expect(row.assessment).toEqual(final.assessment);
    // The campaign's record, frozen with its SHA-256: the allocation, every revision, the assessment, both events.
    expect(createHash('sha256').update(row.record_text).digest('hex')).toBe(row.record_sha256);
    // What GET /api/campaigns/:id/record/verify answers of it (test/integration/campaign-record.spec.ts).
    expect(recheckRecord(row.record_text, row.record_sha256)).toEqual({ recomputed: row.record_sha256, matches: true });
    const record = JSON.parse(row.record_text);
    expect(record).toMatchObject({ allocationEventId: eventId, assessmentEventId, allocation, assessment: final.assessment, campaign: { id: campaignId, year } });
    expect(record.units).toHaveLength(40);
    expect(record.reports).toHaveLength(actions.length + 1);
    await expect(ds.query("UPDATE campaigns SET record_text = '{}' WHERE id = $1", [campaignId])).rejects.toThrow(/its record is frozen/);

    // Replayed by test/integration/replay.spec.ts: the campaign's year, LATE's (late reports, a 催办, a 督办),
    // and the allocation event, which tells its campaign when the notice is out.
    await keepHistory(handle, 'campaign-year');
    await keepHistory(unitHandle(LATE), 'campaign-unit-year');
    await keepHistory(env.client.workflow.getHandle(eventWorkflowId(eventId)), 'campaign-allocation-event');
    await keepHistory(env.client.workflow.getHandle(eventWorkflowId(assessmentEventId)), 'campaign-assessment-event');
  });
  it("keeps each year's allocation table with that year's units: a district fewer the next year does not change the last year's form", async () => {
    const { prepareCampaignEvent } = createCampaignActivities({ dataSource: ds, directory: new DirectoryService(ds) });
    const prepare = async (year: number, list: CampaignUnit[]) => {
      const campaignId = (await ds.query<{ id: string }[]>('SELECT gen_random_uuid() AS id'))[0].id;
      const organiser = people['organiser-development'];
      const title = `${year}年“四大巴渝巾帼行动”目标任务`;
      const { eventId } = await prepareCampaignEvent({ campaignId, purpose: 'allocation', title, template: TEMPLATE, units: list, year, organiser, leadUnit: TEMPLATE.leadDepartment, startsAt: new Date().toISOString() });
      return eventId;
    };
    // Years no other test here starts a campaign in.
    const [earlier, later] = [await prepare(2040, units), await prepare(2041, units.slice(1))];
    const readModel = new ReadModelRepository(ds);
    const rowsOf = async (eventId: string) => {
      const template = await readModel.templateOf(eventId);
      const field = (template!.steps[0] as TaskStep).form!.fields[0];
      return { code: template!.code, units: field.allocation!.units.length };
    };
    expect(await rowsOf(earlier)).toEqual({ code: 'four-actions-targets-allocation-2040', units: 40 });
    expect(await rowsOf(later)).toEqual({ code: 'four-actions-targets-allocation-2041', units: 39 });
  });

  const campaignRow = async (id: string) =>
    (await ds.query<{ status: string; cancelled_at: Date | null }[]>('SELECT status, cancelled_at FROM campaigns WHERE id = $1', [id]))[0];

  it('cancelled while the targets are being allocated: the allocation event is cancelled through its own Update', async () => {
    const { campaignId, handle } = await startCampaign(await nextYear());
    const eventId = await until('the allocation event', async () => (await handle.query(campaignStateQuery)).allocationEventId);
    const admin: Actor = { ...people['admin'], isAdmin: true };
    await expect(handle.executeUpdate(cancelCampaignUpdate, { args: [{ actor: admin, reason: ' ' }] })).rejects.toMatchObject(
      refusal('INVALID', /^取消须说明原因 \/ A cancellation needs a reason$/),
    );
    const cancelled = await handle.executeUpdate(cancelCampaignUpdate, { args: [{ actor: admin, reason: '年度计划调整' }] });
    expect(cancelled.status).toBe('cancelled');
    expect(await campaignRow(campaignId)).toMatchObject({ status: 'cancelled', cancelled_at: expect.any(Date) });
    const event: EventState = await env.client.workflow.getHandle(eventWorkflowId(eventId)).query(stateQuery);
    expect(event).toMatchObject({ status: 'cancelled', cancelReason: '年度计划调整' });
    expect(event.tasks.filter((t) => t.status === 'open')).toEqual([]);
  });

  it('cancelled from Temporal itself while the targets are being allocated: the allocation event is cancelled through its Update too', async () => {
    const { campaignId, handle } = await startCampaign(await nextYear());
    const eventId = await until('the allocation event', async () => (await handle.query(campaignStateQuery)).allocationEventId);
    await handle.cancel();
    await until('the campaign cancelled', async () => ((await campaignRow(campaignId)).status === 'cancelled' ? true : undefined));
    const event: EventState = await env.client.workflow.getHandle(eventWorkflowId(eventId)).query(stateQuery);
    expect(event).toMatchObject({ status: 'cancelled', cancelReason: '目标任务已由系统运维直接取消 / The campaign was cancelled directly by a system operator' });
    expect(event.tasks.filter((t) => t.status === 'open')).toEqual([]);
    const [row] = await ds.query<{ status: string }[]>('SELECT status FROM events WHERE id = $1', [eventId]);
    expect(row.status).toBe('cancelled');
  });

  it('cancelled while the units run and the 签收 are still open: every unit closes as cancelled, and so does the allocation event', async () => {
    const campaign = await startCampaign(await nextYear());
    const { campaignId, handle } = campaign;
    const eventId = await until('the allocation event', async () => (await handle.query(campaignStateQuery)).allocationEventId);
    await issueAllocation(campaign, eventId, allocationOf(units));
    const cancelled = await handle.executeUpdate(cancelCampaignUpdate, { args: [{ actor: { ...people['admin'], isAdmin: true }, reason: '年度计划调整' }] });
    expect(cancelled.status).toBe('cancelled');
    const statuses = await ds.query<{ status: string; n: number }[]>('SELECT status, count(*)::int AS n FROM campaign_units WHERE campaign_id = $1 GROUP BY status', [campaignId]);
    expect(statuses).toEqual([{ status: 'cancelled', n: 40 }]);
    const unit = await env.client.workflow.getHandle(unitCampaignWorkflowId(campaignId, units[0].code)).query(unitCampaignStateQuery);
    expect(unit.status).toBe('cancelled');
    expect(await campaignRow(campaignId)).toMatchObject({ status: 'cancelled' });
    const event: EventState = await env.client.workflow.getHandle(eventWorkflowId(eventId)).query(stateQuery);
    expect(event).toMatchObject({ status: 'cancelled', cancelReason: '年度计划调整' });
  });

  it('the allocation event cancelled by its organiser once the targets are out: the campaign and its units are cancelled with it', async () => {
    const campaign = await startCampaign(await nextYear());
    const { campaignId, handle } = campaign;
    const eventId = await until('the allocation event', async () => (await handle.query(campaignStateQuery)).allocationEventId);
    await issueAllocation(campaign, eventId, allocationOf(units));
    await env.client.workflow.getHandle(eventWorkflowId(eventId)).executeUpdate(cancelUpdate, { args: [{ actor: people['organiser-development'], reason: '指标另行下达' }] });
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    expect(await campaignRow(campaignId)).toMatchObject({ status: 'cancelled', cancelled_at: expect.any(Date) });
    const statuses = await ds.query<{ status: string; n: number }[]>('SELECT status, count(*)::int AS n FROM campaign_units WHERE campaign_id = $1 GROUP BY status', [campaignId]);
    expect(statuses).toEqual([{ status: 'cancelled', n: 40 }]);
  });
  it('cancelled from Temporal itself while the units run: recorded as cancelled, its units closed', async () => {
    const campaign = await startCampaign(await nextYear());
    const { campaignId, handle } = campaign;
    const eventId = await until('the allocation event', async () => (await handle.query(campaignStateQuery)).allocationEventId);
    await issueAllocation(campaign, eventId, allocationOf(units));
    await settleReceipts(eventId);
    await handle.cancel();
    await until('the campaign cancelled', async () => ((await campaignRow(campaignId)).status === 'cancelled' ? true : undefined));
    await until('its units closed', async () => {
      const [{ n }] = await ds.query<{ n: number }[]>("SELECT count(*)::int AS n FROM campaign_units WHERE campaign_id = $1 AND status = 'cancelled'", [campaignId]);
      return n === 40 ? true : undefined;
    });
  });
});
