// The governed report and the frozen archive (归档记录), over real HTTP with the whole application
// against the time-skipping server: an M4 meeting is driven from its plan to archived; its report
// starts from the workflow's facts; the archived record verifies, its PDF carries the hash, and the
// database refuses every change to it — a change made behind its back fails verification.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createEventActivities, type ReadModelBatch } from '../../activities/event.activities';
import { eventWorkflowId, stateQuery, type EventState, type TaskState } from '../../workflows/event-model';
import type { EventTemplate, LocalizedText, NotifyStep } from '../../workflows/template-types';
import { apiClient, type Reply } from '../support/api-client';
import type { Session } from '../support/auth';
import { DAY, findStep, formOf, sampleValues } from '../support/event-driver';
import { pdfText, squeezed } from '../support/pdf-text';
import { startTestApp, type TestApp } from '../support/shared';
import { createTimeSkippingEnv, settleWorkflow } from '../support/time-skipping';

interface EventDetail {
  event: { id: string; status: string; archivedAt: string | null };
  state: EventState;
}
interface InboxTask {
  id: string;
  stepId: string;
  kind: 'task' | 'report' | 'sign-off';
  templateCode: string;
}
interface TaskDetail extends InboxTask {
  startFrom: { source: string; values: Record<string, unknown>; withheld: string[] } | null;
  facts: { key: string; label: LocalizedText; value: LocalizedText }[];
}
interface Verification {
  eventId: string;
  archivedAt: string;
  sha256: string;
  recomputed: string;
  matches: boolean;
  documents: { kind: string; fileName: string; sha256: string; inRecord: boolean; matches: boolean }[];
}
interface Problem {
  code: string;
  message: LocalizedText;
}

const M4 = 'family-education-meeting';
const TITLE = '2027年家庭教育工作推进会';
const CAST = ['organiser-family-children', 'head-family-children', 'vice-chair-2'];
const ATTENDANCE = 86;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const iso = (ms: number) => new Date(ms).toISOString();

describe('the governed report and the frozen archive', () => {
  let env: TestWorkflowEnvironment;
  let t: TestApp;
  const { as, api } = apiClient(() => t.baseUrl);
  let template: EventTemplate;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    t = await startTestApp({ TEMPORAL_ADDRESS: env.address });
    template = (await api<EventTemplate>(await as('admin'), 'GET', `/templates/${M4}`)).body;
  });
  afterAll(async () => {
    await t?.close();
    await env?.teardown();
  });

  const get = <T>(who: Session, path: string) => api<T>(who, 'GET', path);
  const post = <T>(who: Session, path: string, body: unknown = {}) => api<T>(who, 'POST', path, body);

  async function withDb<R>(use: (db: Client) => Promise<R>): Promise<R> {
    const db = new Client({ connectionString: t.config.database.url });
    await db.connect();
    try {
      return await use(db);
    } finally {
      await db.end();
    }
  }

  async function download(who: Session, path: string): Promise<{ status: number; bytes: Buffer; type: string | null }> {
    const res = await fetch(`${t.baseUrl}/api${path}`, { headers: who.headers });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
  }

  async function detail(eventId: string): Promise<EventDetail> {
    return (await get<EventDetail>(await as('admin'), `/events/${eventId}`)).body;
  }

  const settle = (eventId: string) => settleWorkflow(env, eventWorkflowId(eventId));

  async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
      await pause(100);
    }
  }

  /** Works every task of the cast (the check-in with its headcount), the clock moved on when nobody has anything, until `done`. */
  async function drive(eventId: string, done: (d: EventDetail) => boolean): Promise<EventDetail> {
    const cast = await Promise.all(CAST.map(as));
    const liaison = await as('liaison-yuzhong');
    for (let round = 0; round < 300; round++) {
      const d = await detail(eventId);
      if (done(d)) return d;
      let acted = false;
      // 渝中区 acknowledges the meeting notice with its 回执 as soon as it is there.
      const notice = d.state.notices.find((n) => n.stepId === 'meeting-notice');
      if (notice?.receipts?.find((r) => r.unitCode === 'district-yuzhong')?.status === 'pending') {
        const receiptForm = (findStep(template.steps, 'meeting-notice') as NotifyStep).receipt!.form;
        const ack = await post(liaison, `/events/${eventId}/notices/meeting-notice/acknowledge`, { values: sampleValues(receiptForm, { attendees: ['张丽 副主席'] }) });
        expect(ack.status).toBe(200);
        acted = true;
      }
      for (const who of cast) {
        const tasks = (await get<{ items: InboxTask[] }>(who, `/tasks?eventId=${eventId}`)).body.items;
        for (const task of tasks) {
          if (task.kind === 'report') continue; // written by the test itself
          const overrides = task.stepId === 'check-in' ? { attendance: ATTENDANCE } : {};
          const res: Reply<unknown> =
            task.kind === 'sign-off'
              ? await post(who, `/tasks/${task.id}/approve`, { comment: '同意' })
              : await post(who, `/tasks/${task.id}/complete`, { values: sampleValues(formOf(template, task.stepId), overrides) });
          if (res.status !== 200) throw new Error(`${who.user.username} on ${task.stepId}: ${res.status} ${JSON.stringify(res.body)}`);
          acted = true;
        }
      }
      if (acted) continue;
      await settle(eventId);
      const open = d.state.tasks.filter((x) => x.status === 'open');
      if (open.length) {
        await pause(100);
        continue;
      }
      const now = await env.currentTimeMs();
      const nextDue = d.state.steps
        .filter((s) => s.status === 'active' && s.until)
        .map((s) => Date.parse(s.until!))
        .filter((ms) => ms > now)
        .sort((a, b) => a - b)[0];
      if (nextDue === undefined) await pause(50);
      else await env.sleep(nextDue - now + 1000);
    }
    throw new Error(`event ${eventId} did not get there`);
  }

  let eventId: string;
  let report: TaskDetail;

  it('starts the report from the workflow: 实到人数, the units that acknowledged, the facts', async () => {
    const organiser = await as('organiser-family-children');
    const startsAt = iso((await env.currentTimeMs()) + 40 * DAY);
    const created = await post<{ id: string }>(organiser, '/events', { templateCode: M4, title: TITLE, startsAt, venue: '重庆市妇女儿童活动中心' });
    expect(created.status).toBe(201);
    eventId = created.body.id;

    // Before it is archived there is no record to verify or download, in either language.
    const early = await get<Problem>(organiser, `/archive/${eventId}/verify`);
    expect(early.status).toBe(404);
    expect(early.body.message['zh-CN']).toContain('尚未归档');
    expect(early.body.message.en).toContain('not archived');

    await drive(eventId, (d) => d.state.tasks.some((x) => x.kind === 'report' && x.status === 'open'));
    const open = (await detail(eventId)).state.tasks.find((x: TaskState) => x.kind === 'report' && x.status === 'open')!;
    report = (await get<TaskDetail>(organiser, `/tasks/${open.id}`)).body;
    expect(report.startFrom?.source).toBe('workflow');
    expect(report.startFrom?.values).toMatchObject({ participants: ATTENDANCE, unitsCovered: ['渝中区妇联'] });
    const figures = String(report.startFrom?.values.figures);
    expect(figures).toContain(`实到人数：${ATTENDANCE}人`);
    expect(figures).toContain('已签收单位：1个');
    expect(figures).toMatch(/印发文件：渝妇发〔\d{4}〕\d+号《关于召开家家幸福安康工程——家庭教育工作推进会的通知》/);
    expect(report.facts.map((f) => f.key)).toEqual(['attendance', 'notified', 'acknowledged', 'late', 'documents']);
    expect(report.facts.find((f) => f.key === 'notified')?.value['zh-CN']).toBe('40个');

    // The meeting notice's PDF is stored before archiving, so the record will hold its hash.
    expect((await download(organiser, `/events/${eventId}/notices/meeting-notice/document.pdf`)).status).toBe(200);
  });

  it('freezes the record at archiving: it verifies, and the report PDF carries its hash', async () => {
    const organiser = await as('organiser-family-children');
    // The author edits the prefilled report and submits it; the sign-off follows.
    const values = { ...sampleValues(formOf(template, 'summary-report')), ...report.startFrom!.values, outcomes: '会议部署了全市家庭教育指导服务阵地建设的重点任务。' };
    expect((await post(organiser, `/tasks/${report.id}/complete`, { values })).status).toBe(200);
    const archived = await drive(eventId, (d) => d.event.status === 'archived');
    expect(archived.event.archivedAt).not.toBeNull();

    const verified = await eventually('the archive record', async () => {
      const res = await get<Verification>(organiser, `/archive/${eventId}/verify`);
      return res.status === 200 ? res.body : undefined;
    });
    expect(verified).toMatchObject({ eventId, archivedAt: archived.event.archivedAt, matches: true });
    expect(verified.recomputed).toBe(verified.sha256);
    expect(verified.sha256).toMatch(/^[0-9a-f]{64}$/);

    const pdf = await download(organiser, `/archive/${eventId}/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toContain('application/pdf');
    const text = squeezed(await pdfText(pdf.bytes));
    expect(text).toContain(TITLE);
    expect(text).toContain(String(ATTENDANCE));
    expect(text).toContain('渝中区妇联');
    expect(text).toContain('归档日期');
    expect(text).toContain(verified.sha256);
    // Rendered once: asked again, the same bytes; and verification now hashes the stored report too.
    expect((await download(organiser, `/archive/${eventId}/report.pdf`)).bytes.equals(pdf.bytes)).toBe(true);
    const again = (await get<Verification>(organiser, `/archive/${eventId}/verify`)).body;
    expect(again.documents).toContainEqual(expect.objectContaining({ kind: 'report', inRecord: false, matches: true }));
    expect(again.documents).toContainEqual(expect.objectContaining({ kind: 'meeting-notice', inRecord: true, matches: true }));
    expect(again.matches).toBe(true);

    // The record holds the 操作记录, the tasks' due dates and the documents issued by then.
    const [{ record }] = await withDb(async (db) => (await db.query('SELECT record FROM archive_records WHERE event_id = $1', [eventId])).rows);
    const [audited] = await withDb(async (db) => (await db.query('SELECT count(*)::int AS n FROM audit_log WHERE event_id = $1', [eventId])).rows);
    expect(record.format).toBe(2);
    expect(record.audit.length).toBe(audited.n);
    expect(record.audit.map((a: { seq: number }) => a.seq)).toEqual([...record.audit.map((a: { seq: number }) => a.seq)].sort((x: number, y: number) => x - y));
    expect(record.tasks.some((x: { dueAt: string | null }) => x.dueAt !== null)).toBe(true);
    const meetingNotice = again.documents.find((d) => d.kind === 'meeting-notice')!;
    expect(record.documents).toEqual([expect.objectContaining({ kind: 'meeting-notice', stepId: 'meeting-notice', sha256: meetingNotice.sha256 })]);
    expect(record.documents[0].docNumber).toMatch(/^渝妇发〔\d{4}〕\d+号$/);

    // A district liaison may see that the event is archived and verify it, not read the report.
    const liaison = await as('liaison-yuzhong');
    expect((await get<Verification>(liaison, `/archive/${eventId}/verify`)).body.matches).toBe(true);
    expect((await download(liaison, `/archive/${eventId}/report.pdf`)).status).toBe(403);
  });

  it('is refused by the database: the record and the rows it was built from cannot change', async () => {
    await withDb(async (db) => {
      await expect(db.query(`UPDATE archive_records SET record = jsonb_set(record, '{event,title}', '"改过的标题"') WHERE event_id = $1`, [eventId])).rejects.toThrow(
        /archive_records is append-only/,
      );
      await expect(db.query('DELETE FROM archive_records WHERE event_id = $1', [eventId])).rejects.toThrow(/append-only/);
      await expect(db.query(`UPDATE tasks SET comment = '事后补充' WHERE event_id = $1 AND kind = 'sign-off'`, [eventId])).rejects.toThrow(/archived event cannot change/);
      await expect(db.query(`UPDATE notice_receipts SET late = true WHERE notice_id LIKE $1`, [`${eventId}:%`])).rejects.toThrow(/archived event cannot change/);
      await expect(db.query(`UPDATE events SET title = '改过的标题' WHERE id = $1`, [eventId])).rejects.toThrow(/archived event cannot change/);
      await expect(db.query(`UPDATE tasks SET due_at = due_at + interval '1 day' WHERE event_id = $1 AND due_at IS NOT NULL`, [eventId])).rejects.toThrow(/archived event cannot change/);
    });
  });

  it('lets through a change to what the record does not hold, as a re-sent batch may bring', async () => {
    await withDb(async (db) => {
      const tasks = await db.query(`UPDATE tasks SET pool = '[]'::jsonb, delegations = '[{"from":"x","to":"y"}]'::jsonb WHERE event_id = $1`, [eventId]);
      expect(tasks.rowCount).toBeGreaterThan(0);
      const receipts = await db.query(`UPDATE notice_receipts SET liaisons = '[]'::jsonb WHERE notice_id LIKE $1`, [`${eventId}:%`]);
      expect(receipts.rowCount).toBeGreaterThan(0);
      const steps = await db.query(`UPDATE event_steps SET until = now() WHERE event_id = $1`, [eventId]);
      expect(steps.rowCount).toBeGreaterThan(0);
    });
    const verified = (await get<Verification>(await as('organiser-family-children'), `/archive/${eventId}/verify`)).body;
    expect(verified.matches).toBe(true);
  });

  it('takes a re-sent archiving batch as no change: the same record, no second one', async () => {
    const [before] = await withDb(async (db) => (await db.query('SELECT sha256, created_at FROM archive_records WHERE event_id = $1', [eventId])).rows);
    // Everything the workflow holds, sent again as the sync activity's retry would.
    const state = await env.client.workflow.getHandle(eventWorkflowId(eventId)).query(stateQuery);
    const batch: ReadModelBatch = {
      event: {
        eventId,
        status: state.status,
        startsAt: state.startsAt,
        endsAt: state.endsAt,
        postponedAt: state.postponedAt ?? null,
        cancelReason: state.cancelReason ?? null,
        archivedAt: state.archivedAt ?? null,
        currentStepIds: [],
      },
      steps: state.steps,
      tasks: state.tasks,
      notices: state.notices,
      audit: [],
    };
    const ds = await new DataSource({ type: 'postgres', url: t.config.database.url }).initialize();
    try {
      await createEventActivities({ dataSource: ds, directory: undefined as never }).syncReadModel(batch);
    } finally {
      await ds.destroy();
    }
    const after = await withDb(async (db) => (await db.query('SELECT sha256, created_at FROM archive_records WHERE event_id = $1', [eventId])).rows);
    expect(after).toEqual([before]);
  });

  it('fails verification after a change made behind the database triggers', async () => {
    await withDb(async (db) => {
      await db.query('BEGIN');
      await db.query('SET LOCAL session_replication_role = replica');
      await db.query(`UPDATE archive_records SET record = jsonb_set(record, '{event,title}', '"改过的标题"') WHERE event_id = $1`, [eventId]);
      await db.query(`UPDATE documents SET bytes = set_byte(bytes, 200, (get_byte(bytes, 200) + 1) % 256) WHERE kind = 'report' AND ref = $1`, [eventId]);
      // The meeting notice changed with its own hash column to match: only the record's hash catches it.
      await db.query(
        `UPDATE documents SET bytes = set_byte(bytes, 200, (get_byte(bytes, 200) + 1) % 256) WHERE kind = 'meeting-notice' AND event_id = $1`,
        [eventId],
      );
      await db.query(`UPDATE documents SET sha256 = encode(sha256(bytes), 'hex') WHERE kind = 'meeting-notice' AND event_id = $1`, [eventId]);
      await db.query('COMMIT');
    });
    const organiser = await as('organiser-family-children');
    const verified = (await get<Verification>(organiser, `/archive/${eventId}/verify`)).body;
    expect(verified.matches).toBe(false);
    expect(verified.recomputed).toBe(verified.sha256);
    expect(verified.documents).toContainEqual(expect.objectContaining({ kind: 'report', matches: false }));
    expect(verified.documents).toContainEqual(expect.objectContaining({ kind: 'meeting-notice', inRecord: true, matches: false }));

    // The text that is hashed changed too: the recomputed hash is no longer the stored one.
    await withDb(async (db) => {
      await db.query('BEGIN');
      await db.query('SET LOCAL session_replication_role = replica');
      await db.query(`UPDATE archive_records SET canonical_text = replace(canonical_text, $2, '改过的标题') WHERE event_id = $1`, [eventId, TITLE]);
      await db.query('COMMIT');
    });
    const textChanged = (await get<Verification>(organiser, `/archive/${eventId}/verify`)).body;
    expect(textChanged.recomputed).not.toBe(textChanged.sha256);
    expect(textChanged.matches).toBe(false);
  });
});
