// A worker killed while it is sending a batch of emails: the 40 district liaisons are notified at
// once, the SMTP server accepts slowly, and the worker process gets SIGKILL at the worst moment —
// the server has taken the 10th message but the worker never hears its 250, so never marks it sent.
// A second worker takes over after the lease and finishes the batch. Every liaison ends up with the
// notice exactly once as far as Message-IDs go; the one message caught in the lost-mark window is
// the single physical duplicate, and it carries the same Message-ID as its first copy.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { insertInbox, type InboxRow } from '../../activities/notifications';
import { dataSourceOptions } from '../../src/database/data-source';
import { eventually } from '../support/http-receiver';
import { startSmtpCapture, type SmtpCapture } from '../support/mail-capture';
import { createTestDatabase } from '../support/shared';
import { spawnWorkerProcess, type WorkerProcess } from '../support/spawn-worker';

const KILL_AT = 10; // the 10th message
const LEASE_MS = 3000;

describe('the outbox when a worker dies mid-batch', () => {
  let databaseUrl: string;
  let ds: DataSource;
  let smtp: SmtpCapture;
  const workers: WorkerProcess[] = [];
  let killedAt: number | undefined;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(databaseUrl, 2));
    await ds.initialize();
    smtp = await startSmtpCapture({
      acceptDelayMs: 100,
      beforeReply: async (_mail, index) => {
        if (index !== KILL_AT - 1 || killedAt !== undefined) return;
        // The message is in: kill the worker before it can see the server's 250.
        killedAt = Date.now();
        workers[0].child.kill('SIGKILL');
        await workers[0].exited;
      },
    });
  });

  afterAll(async () => {
    for (const w of workers) {
      if (w.child.exitCode === null && w.child.signalCode === null) {
        w.child.kill('SIGTERM');
        await w.exited;
      }
    }
    await smtp?.close();
    await ds?.destroy();
  });

  const worker = (): Promise<WorkerProcess> =>
    spawnWorkerProcess({
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtp.url,
      NOTIFY_LEASE_MS: String(LEASE_MS),
      WEBHOOK_TIMEOUT_MS: '1000',
      TEMPORAL_TASK_QUEUE: `outbox-crash-${randomUUID()}`,
    });

  const statuses = () =>
    ds.query<{ status: string; n: number }[]>(`SELECT status, count(*)::int AS n FROM notification_deliveries GROUP BY status ORDER BY status`);

  it('gives every liaison the notice once, by Message-ID, across a SIGKILL and a restart', async () => {
    const liaisons = await ds.query<{ id: string; email: string }[]>(
      `SELECT u.id, u.email FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'district-liaison' ORDER BY u.username`,
    );
    expect(liaisons).toHaveLength(40);
    const rows: InboxRow[] = liaisons.map((l) => ({
      key: `crash-notice:${l.id}`,
      recipientId: l.id,
      eventId: null,
      stepId: null,
      kind: 'notice',
      subject: { 'zh-CN': '渝妇发〔2027〕8号 关于报送年度工作总结的通知', en: 'Notice: annual work reports' },
      body: { 'zh-CN': '请于12月20日前报送。', en: 'Please send it by 20 December.' },
    }));
    expect(await ds.transaction((m) => insertInbox(m, rows))).toBe(40);
    const notifications = await ds.query<{ id: string; recipient_id: string }[]>(
      `SELECT id, recipient_id FROM notifications WHERE idempotency_key LIKE 'crash-notice:%'`,
    );
    const expectedIdOf = new Map(notifications.map((n) => [liaisons.find((l) => l.id === n.recipient_id)!.email, `<${n.id}.email@fulian-flow>`]));
    expect(await statuses()).toEqual([{ status: 'pending', n: 40 }]);

    // The first worker claims the batch and sends one message after another until it is killed.
    workers.push(await worker());
    await eventually('the first worker to be killed', () => (killedAt === undefined ? undefined : true), 30_000);
    expect(await workers[0].exited).toBeNull(); // died of the signal
    const victim = smtp.messages[KILL_AT - 1];
    // Each message was marked sent before the next one went out: 9 marks, the 10th lost with the
    // worker, and the rest of the batch claimed but never started.
    expect(await statuses()).toEqual([
      { status: 'sending', n: 40 - (KILL_AT - 1) },
      { status: 'sent', n: KILL_AT - 1 },
    ]);
    expect(smtp.messages).toHaveLength(KILL_AT);

    // A new worker: once the dead one's lease runs out, it takes the unfinished deliveries over.
    workers.push(await worker());
    await eventually(
      'every delivery sent',
      async () => ((await statuses()).every((s) => s.status === 'sent') ? true : undefined),
      30_000,
    );
    expect(Date.now() - killedAt!).toBeGreaterThanOrEqual(LEASE_MS);

    // On the wire: 40 distinct Message-IDs, the expected one for each liaison, at the right address.
    const byMessageId = new Map<string, typeof smtp.messages>();
    for (const m of smtp.messages) byMessageId.set(m.messageId, [...(byMessageId.get(m.messageId) ?? []), m]);
    expect(byMessageId.size).toBe(40);
    for (const [address, messageId] of expectedIdOf) {
      const copies = byMessageId.get(messageId) ?? [];
      expect(copies.length).toBeGreaterThanOrEqual(1);
      expect(copies.every((c) => c.rcptTo.length === 1 && c.rcptTo[0] === address)).toBe(true);
    }
    // At-least-once remains in exactly one place: the message the server took just as the worker
    // died. Its second copy is detectable — same Message-ID, same recipient, same content.
    const duplicates = [...byMessageId.values()].filter((copies) => copies.length > 1);
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]).toHaveLength(2);
    expect(duplicates[0][0].messageId).toBe(victim.messageId);
    expect(duplicates[0][1].rcptTo).toEqual(victim.rcptTo);
    expect(duplicates[0][1].parsed.text).toBe(victim.parsed.text);
    expect(smtp.messages).toHaveLength(41);

    // The outbox's own record: every delivery sent once with its Message-ID; the first nine in one
    // attempt, the rest (claimed by the dead worker) in a second.
    const rowsAfter = await ds.query<{ attempts: number; n: number }[]>(
      `SELECT attempts, count(*)::int AS n FROM notification_deliveries WHERE status = 'sent' AND message_id IS NOT NULL GROUP BY attempts ORDER BY attempts`,
    );
    expect(rowsAfter).toEqual([
      { attempts: 1, n: KILL_AT - 1 },
      { attempts: 2, n: 40 - (KILL_AT - 1) },
    ]);
  });
});
