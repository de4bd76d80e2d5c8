// Files (附件) on an A1 event through the API, with the whole application on the shared dev server:
// the organiser uploads the plan as a PDF and the quota table as a PNG (real bytes made here),
// completes 方案起草 with them, and the approvers open them inline with the bytes uploaded; people
// outside the step get 404. Refused: an .exe renamed .pdf (told by its content), a file over the
// limit (413, nothing kept), a file of one event named in another. A district's liaison attaches its
// nomination materials to the receipt and opens the quota table the notice names, not the plan.
// Through the service: a submission the workflow refuses gives its files back, one that may have
// been taken (no answer from the workflow service) keeps them; an upload to a task closed meanwhile
// is refused once its body is in.
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { Client } from 'pg';
import { AttachmentsService } from '../../src/attachments/attachments.service';
import type { AuthUser } from '../../src/auth/auth-user';
import { DomainError } from '../../src/common/domain-error';
import type { EventTemplate, LocalizedText } from '../../workflows/template-types';
import type { Session } from '../support/auth';
import { apiClient } from '../support/api-client';
import { DAY, formOf, sampleValues } from '../support/event-driver';
import { startTestApp, type TestApp } from '../support/shared';

const A1 = 'womens-day-110';
const LIMIT = 256 * 1024;

interface Meta {
  id: string;
  eventId: string;
  stepId: string;
  name: string;
  mimeType: string;
  size: number;
  sha256: string;
  inline: boolean;
  bound: boolean;
}
interface Problem {
  statusCode: number;
  code: string;
  message: LocalizedText;
  details?: { field: string; message: LocalizedText }[];
}
interface Task {
  id: string;
  eventId: string;
  kind: string;
  stepId: string;
}

// ---- files as a person would have them ----------------------------------------------------------

/** A one-page PDF that says 方案 in its text. */
function pdfBytes(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
}

/** A 16×16 PNG, one red square, chunk by chunk with its CRCs. */
function pngBytes(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(16, 0);
  header.writeUInt32BE(16, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.concat(Array.from({ length: 16 }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(48, Buffer.from([220, 20, 60]))])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** The start of a Windows program: "MZ", and the PE header it points to. */
function exeBytes(): Buffer {
  const b = Buffer.alloc(1024);
  b.write('MZ', 0, 'ascii');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'ascii');
  return b;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('attachments', () => {
  let t: TestApp;
  const { as, api } = apiClient(() => t.baseUrl);
  let eventId: string;
  let template: EventTemplate;
  let pdf: Meta;
  let png: Meta;
  let other: string;

  async function sql<R>(query: string, params: unknown[] = []): Promise<R[]> {
    const db = new Client({ connectionString: t.config.database.url });
    await db.connect();
    try {
      return (await db.query(query, params)).rows as R[];
    } finally {
      await db.end();
    }
  }

  async function upload(who: Session, event: string, query: string, bytes: Buffer, name: string, type = 'application/octet-stream') {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type }), name);
    const res = await fetch(`${t.baseUrl}/api/events/${event}/attachments?${query}`, { method: 'POST', headers: { authorization: who.headers.authorization }, body: form });
    return { status: res.status, body: (await res.json()) as Meta & Problem };
  }

  async function download(who: Session, id: string) {
    const res = await fetch(`${t.baseUrl}/api/attachments/${id}`, { headers: { authorization: who.headers.authorization } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
    for (const until = Date.now() + timeoutMs; ; ) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function openTask(username: string, event: string, stepId: string): Promise<Task> {
    const who = await as(username);
    return eventually(`${stepId} for ${username}`, async () =>
      (await api<{ items: Task[] }>(who, 'GET', `/tasks?eventId=${event}`)).body.items.find((x) => x.stepId === stepId),
    );
  }

  async function startA1(title: string): Promise<string> {
    const created = await api<{ id: string }>(await as('organiser-organisation'), 'POST', '/events', {
      templateCode: A1,
      title,
      startsAt: new Date(Date.now() + 60 * DAY).toISOString(),
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  /** The service itself, for what HTTP cannot stage: a workflow service that does not answer, a task that closes mid-upload. */
  const service = () => t.app.get(AttachmentsService);
  const authUser = (who: Session) => ({ ...who.user, inChargeOf: [] }) as unknown as AuthUser;
  const boundTo = async (id: string) => (await sql<{ bound_to: string | null }>('SELECT bound_to FROM attachments WHERE id = $1', [id]))[0].bound_to;

  const rowsOf = async (event: string) => (await sql<{ n: number }>('SELECT count(*)::int AS n FROM attachments WHERE event_id = $1', [event]))[0].n;

  beforeAll(async () => {
    t = await startTestApp({ ATTACHMENT_MAX_BYTES: String(LIMIT) });
    template = (await api<EventTemplate>(await as('organiser-organisation'), 'GET', `/templates/${A1}`)).body;
    eventId = await startA1('纪念"三八"国际妇女节110周年系列活动（附件）');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps a PDF and a PNG uploaded to the task, told by their content, with their SHA-256', async () => {
    const organiser = await as('organiser-organisation');
    const draft = await openTask('organiser-organisation', eventId, 'draft-plan');
    const plan = await upload(organiser, eventId, `taskId=${draft.id}`, pdfBytes(), '方案文本.pdf', 'application/pdf');
    expect(plan.status).toBe(201);
    pdf = plan.body;
    expect(pdf).toMatchObject({ eventId, stepId: 'draft-plan', name: '方案文本.pdf', mimeType: 'application/pdf', size: pdfBytes().length, sha256: sha256(pdfBytes()), inline: true, bound: false });
    // The browser's word (a text file) and the name's missing extension count for nothing: the content is a PNG.
    const table = await upload(organiser, eventId, `taskId=${draft.id}`, pngBytes(), '名额分配表', 'text/plain');
    expect(table.status).toBe(201);
    png = table.body;
    expect(png).toMatchObject({ name: '名额分配表.png', mimeType: 'image/png', sha256: sha256(pngBytes()) });
  });

  it('refuses a program renamed .pdf by its content, and keeps nothing of it', async () => {
    const draft = await openTask('organiser-organisation', eventId, 'draft-plan');
    const before = await rowsOf(eventId);
    const res = await upload(await as('organiser-organisation'), eventId, `taskId=${draft.id}`, exeBytes(), '方案文本.pdf', 'application/pdf');
    expect(res.status).toBe(400);
    expect(res.body.details?.[0]).toMatchObject({ field: 'file', message: { 'zh-CN': expect.stringContaining('文件内容不是可接受的类型'), en: expect.stringContaining("the file's content is not an accepted kind") } });
    expect(await rowsOf(eventId)).toBe(before);
  });

  it('refuses a file over the limit with 413 naming the limit, and keeps no row of it', async () => {
    const draft = await openTask('organiser-organisation', eventId, 'draft-plan');
    const before = await rowsOf(eventId);
    const big = Buffer.concat([pdfBytes(), Buffer.alloc(LIMIT, 0x20)]);
    const res = await upload(await as('organiser-organisation'), eventId, `taskId=${draft.id}`, big, '方案文本（大）.pdf', 'application/pdf');
    expect(res.status).toBe(413);
    expect(res.body.message).toEqual({ 'zh-CN': '文件超过大小上限 256 KB', en: 'The file is larger than the limit of 256 KB' });
    expect(await rowsOf(eventId)).toBe(before);
    expect((await sql<{ n: number }>('SELECT count(*)::int AS n FROM attachment_chunks c LEFT JOIN attachments a ON a.id = c.attachment_id WHERE a.id IS NULL'))[0].n).toBe(0);
  });

  it("refuses an upload to someone else's task before reading it", async () => {
    const draft = await openTask('organiser-organisation', eventId, 'draft-plan');
    const res = await upload(await as('head-organisation'), eventId, `taskId=${draft.id}`, pdfBytes(), '方案.pdf');
    expect(res.status).toBe(403);
    expect(res.body.message).toEqual({ 'zh-CN': '只能为分派给您的待办上传附件', en: 'You can upload files only to a task assigned to you' });
  });

  it('shows a file only to its uploader until a submission names it', async () => {
    expect((await api(await as('organiser-organisation'), 'GET', `/attachments/${pdf.id}/meta`)).status).toBe(200);
    expect((await api(await as('head-organisation'), 'GET', `/attachments/${pdf.id}/meta`)).status).toBe(404);
  });

  it('gives the files back when the workflow refuses the submission, and keeps them bound when it may have taken it', async () => {
    const organiser = await as('organiser-organisation');
    const draft = await openTask('organiser-organisation', eventId, 'draft-plan');
    const submitFailing = (err: DomainError) =>
      service().bindingTo(authUser(organiser), { eventId, taskId: draft.id }, { planDocument: [{ id: pdf.id, name: pdf.name }] }, () => Promise.reject(err));

    await expect(submitFailing(new DomainError('INVALID', '请填写活动预算', 'Fill in the budget'))).rejects.toMatchObject({ code: 'INVALID' });
    expect(await boundTo(pdf.id)).toBeNull();
    // The workflow service did not answer: the submission may have been taken, and its approvers would find no file.
    await expect(submitFailing(new DomainError('UNAVAILABLE', '流程服务暂不可用', 'The workflow service is unavailable'))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await boundTo(pdf.id)).toBe(`task:${draft.id}`);
    // Its retry, refused because the task was completed after all, leaves them where they are.
    await expect(submitFailing(new DomainError('CONFLICT', '此待办已办结', 'The task is closed'))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await boundTo(pdf.id)).toBe(`task:${draft.id}`);
  });

  it('completes the task with the files, their names and types taken from what was kept', async () => {
    const organiser = await as('organiser-organisation');
    const draft = await openTask('organiser-organisation', eventId, 'draft-plan');
    const values = sampleValues(formOf(template, 'draft-plan'), {
      planDocument: [{ id: pdf.id, name: 'plan-final.pdf' }],
      districtQuotas: [{ id: png.id, name: '名额分配表.png' }],
    });
    const done = await api<{ status: string; values: Record<string, unknown> }>(organiser, 'POST', `/tasks/${draft.id}/complete`, { values });
    expect(done.status).toBe(200);
    expect(done.body.values.planDocument).toEqual([{ id: pdf.id, name: '方案文本.pdf', mimeType: 'application/pdf', size: pdf.size }]);
    expect((await api<Meta>(organiser, 'GET', `/attachments/${pdf.id}/meta`)).body.bound).toBe(true);

    // An upload whose body was still arriving when the task was completed is refused, and nothing of it kept.
    const path = join(mkdtempSync(join(tmpdir(), 'attachment-')), 'late.pdf');
    writeFileSync(path, pdfBytes());
    await eventually('方案起草 closed in the read model', async () => ((await sql<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [draft.id]))[0].status !== 'open' ? true : undefined));
    const before = await rowsOf(eventId);
    const late = service().keep(authUser(organiser), { eventId, stepId: 'draft-plan', taskId: draft.id, unitCode: null }, { path, originalname: '补充方案.pdf', size: pdfBytes().length });
    await expect(late).rejects.toMatchObject({ code: 'CONFLICT', text: { 'zh-CN': '此待办已办结，不能再上传附件', en: 'The task is closed: no more files can be uploaded to it' } });
    expect(await rowsOf(eventId)).toBe(before);
  });

  it('lets the approvers open the files inline with the bytes uploaded, and no one outside the step', async () => {
    // Through the planning tasks to the sign-off.
    const organiser = await as('organiser-organisation');
    for (const step of ['budget', 'venue', 'guest-list']) {
      const task = await openTask('organiser-organisation', eventId, step);
      expect((await api(organiser, 'POST', `/tasks/${task.id}/complete`, { values: sampleValues(formOf(template, step)) })).status).toBe(200);
    }
    await openTask('head-organisation', eventId, 'plan-approval');
    await openTask('head-publicity', eventId, 'plan-approval');

    for (const approver of ['head-organisation', 'head-publicity']) {
      const got = await download(await as(approver), pdf.id);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('application/pdf');
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      // Opened at its own address, the PDF runs nothing; no cache keeps a copy.
      expect(got.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(got.headers.get('cache-control')).toBe('private, no-store');
      expect(got.headers.get('content-disposition')).toBe(`inline; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('方案文本.pdf')}`);
      expect(sha256(got.bytes)).toBe(sha256(pdfBytes()));
    }
    const image = await download(await as('head-organisation'), png.id);
    expect([image.status, image.headers.get('content-type'), sha256(image.bytes)]).toEqual([200, 'image/png', sha256(pngBytes())]);
    expect(image.headers.get('content-disposition')).toMatch(/^inline; /);

    for (const outsider of ['organiser-family-children', 'head-rights', 'liaison-yuzhong', 'admin']) {
      const who = await as(outsider);
      expect((await download(who, pdf.id)).status).toBe(404);
      expect((await api(who, 'GET', `/attachments/${pdf.id}/meta`)).status).toBe(404);
    }
  });

  it('refuses a file of this event named in another event, and binds nothing there', async () => {
    other = await startA1('另一场活动（附件）');
    const draft = await openTask('organiser-organisation', other, 'draft-plan');
    const res = await api<Problem>(await as('organiser-organisation'), 'POST', `/tasks/${draft.id}/complete`, {
      values: sampleValues(formOf(template, 'draft-plan'), { planDocument: [{ id: pdf.id, name: '方案文本.pdf' }] }),
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { field: 'values.planDocument', message: { 'zh-CN': '方案文本.pdf：属于另一个活动，不能在此使用', en: '方案文本.pdf: belongs to another event' } },
    ]);
    const [row] = await sql<{ bound_to: string }>('SELECT bound_to FROM attachments WHERE id = $1', [pdf.id]);
    expect(row.bound_to).toBe(`task:${(await sql<{ id: string }>("SELECT id FROM tasks WHERE event_id = $1 AND step_id = 'draft-plan'", [eventId]))[0].id}`);
    expect((await api<{ items: Task[] }>(await as('organiser-organisation'), 'GET', `/tasks?eventId=${other}`)).body.items.map((x) => x.stepId)).toContain('draft-plan');
  });

  it('carries a round\'s files into its resubmission after 退回', async () => {
    const organiser = await as('organiser-organisation');
    const first = await openTask('organiser-organisation', other, 'draft-plan');
    const own = (await upload(organiser, other, `taskId=${first.id}`, pdfBytes(), '第一轮方案.pdf')).body;
    const values = sampleValues(formOf(template, 'draft-plan'), { planDocument: [{ id: own.id, name: own.name }] });
    expect((await api(organiser, 'POST', `/tasks/${first.id}/complete`, { values })).status).toBe(200);
    for (const step of ['budget', 'venue', 'guest-list']) {
      const task = await openTask('organiser-organisation', other, step);
      expect((await api(organiser, 'POST', `/tasks/${task.id}/complete`, { values: sampleValues(formOf(template, step)) })).status).toBe(200);
    }
    const signOff = await openTask('head-organisation', other, 'plan-approval');
    expect((await api(await as('head-organisation'), 'POST', `/tasks/${signOff.id}/reject`, { comment: '请补充各区县名额依据' })).status).toBe(200);

    const second = await eventually('round 2 of 方案起草', async () => {
      const found = await openTask('organiser-organisation', other, 'draft-plan');
      return found.id !== first.id ? found : undefined;
    });
    expect((await api(organiser, 'POST', `/tasks/${second.id}/complete`, { values })).status).toBe(200);
    const [row] = await sql<{ bound_to: string }>('SELECT bound_to FROM attachments WHERE id = $1', [own.id]);
    expect(row.bound_to).toBe(`task:${second.id}`);
    expect((await download(await as('head-organisation'), own.id)).status).toBe(200);
  });

  it("takes a district's nomination materials with its receipt; the district opens the quota table its notice names, not the plan", async () => {
    // The sign-off chain, each approver in turn, to the notice.
    for (const approver of ['head-organisation', 'head-publicity', 'vice-chair-1', 'chair']) {
      const task = await openTask(approver, eventId, 'plan-approval');
      expect((await api(await as(approver), 'POST', `/tasks/${task.id}/approve`, { comment: '同意' })).status).toBe(200);
    }
    const liaison = await as('liaison-yuzhong');
    // As the liaison finds it: in 通知签收, and in the inbox.
    await eventually('the notice in 通知签收', async () => {
      const mine = await api<{ eventId: string; stepId: string }[]>(liaison, 'GET', '/notices?status=pending');
      return mine.body.some((n) => n.eventId === eventId && n.stepId === 'selection-notice') || undefined;
    });
    await eventually('the notice in the inbox', async () =>
      (await sql('SELECT 1 FROM notifications WHERE event_id = $1 AND step_id = $2 AND recipient_id = $3', [eventId, 'selection-notice', liaison.user.id])).length ? true : undefined,
    );

    const materials = await upload(liaison, eventId, 'stepId=selection-notice', pdfBytes(), '渝中区推荐材料.pdf');
    expect(materials.status).toBe(201);
    expect((await upload(liaison, eventId, 'stepId=draft-plan', pdfBytes(), 'x.pdf')).status).toBe(400);
    const ack = await api(liaison, 'POST', `/events/${eventId}/notices/selection-notice/acknowledge`, {
      values: { nominees: ['王小红'], vettedByPartyCommittee: true, nominationMaterials: [{ id: materials.body.id, name: '推荐材料.pdf' }] },
    });
    expect(ack.status).toBe(200);

    expect(sha256((await download(await as('organiser-organisation'), materials.body.id)).bytes)).toBe(sha256(pdfBytes()));
    expect((await download(await as('liaison-jiangbei'), materials.body.id)).status).toBe(404);
    expect((await download(liaison, png.id)).status).toBe(200);
    expect((await download(liaison, pdf.id)).status).toBe(404);
  });
});
