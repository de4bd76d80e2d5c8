// The compact template X1 (test/fixtures/compact-templates/compact-x1.yaml) driven through the API
// the way its people would: the organiser starts events, and everyone works through their own
// 待办 and inbox until the events are archived. Used by the fault tests; every answer is tallied so a
// test can say what a user saw while something was broken.
import { join } from 'node:path';
import { projectRoot } from '../../../src/infra/project-root';
import { allPages, apiClient, type Page, type Reply } from '../../support/api-client';

export const COMPACT_TEMPLATES_DIR = join(projectRoot(), 'test', 'fixtures', 'compact-templates');
export const COMPACT_CODE = 'compact-x1';

export const ORGANISER = 'organiser-family-children';
/** Sign-off level 1 (department head) and level 2 (vice-chair in charge), for the plan and the report. */
export const APPROVERS = ['head-family-children', 'vice-chair-2'] as const;
export const LIAISONS = ['liaison-yuzhong', 'liaison-jiangbei', 'liaison-shapingba'] as const;

/** What one whole X1 lifecycle leaves in the read model. */
export const PER_EVENT = {
  tasks: 7, // draft-plan, 2 plan sign-offs, hold-event, the report, 2 report sign-offs
  signOffs: 4,
  receipts: LIAISONS.length,
  notices: 1,
} as const;

/** Form values for each of X1's tasks. */
const VALUES: Record<string, Record<string, unknown>> = {
  'draft-plan': { theme: '故障注入测试' },
  'hold-event': { attended: 30 },
  'summary-report': { participants: 30, unitsCovered: ['渝中区妇联', '江北区妇联', '沙坪坝区妇联'], outcomes: '活动按计划举办，各区县均已签收并参加。' },
};

export type Api = ReturnType<typeof apiClient>;

interface TaskRow {
  id: string;
  eventId: string;
  stepId: string;
  kind: 'task' | 'report' | 'sign-off';
}
interface InboxItem {
  id: string;
  kind: string;
  eventId: string | null;
  stepId: string | null;
}

/**
 * Tally of every answer the API gave the people, by status (0: no answer at all). A 503 says
 * "not now, try again" and is what a passing fault should cost; any other 5xx, or no answer, is a
 * server error the tests refuse.
 */
export class Answers {
  readonly byStatus = new Map<number, number>();
  readonly serverErrors: string[] = [];

  record(what: string, reply: Reply<unknown> | undefined, error?: unknown): void {
    const status = reply?.status ?? 0;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (status === 0 || (status >= 500 && status !== 503)) {
      const detail = reply ? JSON.stringify(reply.body) : String(error);
      this.serverErrors.push(`${what}: ${status} ${detail.slice(0, 300)}`);
    }
  }

  count(pred: (status: number) => boolean): number {
    return [...this.byStatus].filter(([s]) => pred(s)).reduce((n, [, c]) => n + c, 0);
  }

  summary(): Record<string, number> {
    return Object.fromEntries([...this.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => [String(s), n]));
  }
}

/** Sends one request and records its answer; a refused connection is an answer of 0. */
async function send<T>(client: Api, answers: Answers, who: string, method: string, path: string, body?: unknown): Promise<Reply<T> | undefined> {
  try {
    const reply = await client.api<T>(await client.as(who), method, path, body);
    answers.record(`${who} ${method} ${path}`, reply);
    return reply;
  } catch (err) {
    answers.record(`${who} ${method} ${path}`, undefined, err);
    return undefined;
  }
}

export interface StartOptions {
  /** The event's start, from now; the workflow waits for it after the notice (the day). */
  startsInMs: number;
  title?: string;
  idempotencyKey?: string;
}

export function compactEventBody(opts: StartOptions): Record<string, unknown> {
  return {
    templateCode: COMPACT_CODE,
    title: opts.title ?? `X1 故障测试 ${new Date().toISOString()}`,
    startsAt: new Date(Date.now() + opts.startsInMs).toISOString(),
    venue: '重庆市妇女儿童活动中心',
  };
}

/** Starts an X1 event as its organiser; resolves with the event id (throws on anything but 201). */
export async function startCompactEvent(client: Api, opts: StartOptions): Promise<string> {
  const reply = await client.api<{ id: string }>(await client.as(ORGANISER), 'POST', '/events', compactEventBody(opts));
  if (reply.status !== 201) throw new Error(`POST /api/events answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body.id;
}

/**
 * Everyone who acts on X1 events, each working through what their own inbox shows them: the
 * organiser and the approvers their 待办 (GET /api/tasks), the liaisons their unread notices. One
 * pass acts on everything that is there; the people work side by side.
 */
export class Office {
  answers = new Answers();
  /** Actions that took effect (2xx), by kind. */
  readonly done = { completed: 0, approved: 0, acknowledged: 0 };
  /** Actions refused because someone (or an earlier attempt) had already done them. */
  conflicts = 0;

  constructor(
    private readonly client: Api,
    /** Only these events are worked on (other tests' or a benchmark's events are left alone). */
    private readonly eventIds: ReadonlySet<string>,
    /**
     * How many of one person's items are acted on at once: 1 is one person clicking through a list;
     * more stand for a department sharing a role, so that one slow answer does not hold up the rest.
     */
    private readonly clicksInFlight = 1,
  ) {}

  async pass(): Promise<number> {
    const counts = await Promise.all([
      this.workTasks(ORGANISER),
      ...APPROVERS.map((a) => this.workTasks(a)),
      ...LIAISONS.map((l) => this.workNotices(l)),
    ]);
    return counts.reduce((a, b) => a + b, 0);
  }

  private async workTasks(who: string): Promise<number> {
    const list = await allPages<TaskRow>('/tasks?status=open', (path) => send<Page<TaskRow>>(this.client, this.answers, who, 'GET', path));
    if (list?.status !== 200) return 0;
    let acted = 0;
    await inParallel(list.body.filter((row) => this.eventIds.has(row.eventId)), this.clicksInFlight, async (t) => {
      const approve = t.kind === 'sign-off';
      const reply = approve
        ? await send(this.client, this.answers, who, 'POST', `/tasks/${t.id}/approve`, { comment: '同意' })
        : await send(this.client, this.answers, who, 'POST', `/tasks/${t.id}/complete`, { values: VALUES[t.stepId] });
      if (reply?.status === 200) {
        acted++;
        if (approve) this.done.approved++;
        else this.done.completed++;
      } else if (reply?.status === 409) {
        this.conflicts++;
      }
    });
    return acted;
  }

  private async workNotices(who: string): Promise<number> {
    const inbox = await send<{ items: InboxItem[] }>(this.client, this.answers, who, 'GET', '/notifications?unread=true&pageSize=100');
    if (inbox?.status !== 200) return 0;
    let acted = 0;
    await inParallel(inbox.body.items.filter((i) => i.kind === 'notice' && i.eventId && this.eventIds.has(i.eventId)), this.clicksInFlight, async (n) => {
      const reply = await send(this.client, this.answers, who, 'POST', `/events/${n.eventId}/notices/${n.stepId}/acknowledge`, {
        values: { attendees: 3 },
      });
      if (reply?.status === 200) {
        acted++;
        this.done.acknowledged++;
      } else if (reply?.status === 409) {
        this.conflicts++;
      }
      // Read once acknowledged (or found acknowledged already); otherwise it stays for the next pass.
      if (reply?.status === 200 || reply?.status === 409) await send(this.client, this.answers, who, 'POST', `/notifications/${n.id}/read`);
    });
    return acted;
  }

  /** How many of the events are archived, as the events list shows it. */
  async archivedCount(): Promise<number> {
    let archived = 0;
    for (let page = 1; ; page++) {
      const reply = await send<{ items: { id: string }[]; total: number }>(
        this.client,
        this.answers,
        ORGANISER,
        'GET',
        `/events?template=${COMPACT_CODE}&status=archived&pageSize=100&page=${page}`,
      );
      if (reply?.status !== 200) return archived;
      archived += reply.body.items.filter((e) => this.eventIds.has(e.id)).length;
      if (page * 100 >= reply.body.total) return archived;
    }
  }

  /**
   * Works in passes until every event is archived; throws after `timeoutMs` naming how far it got.
   * `expected` is how many events there will be (undefined while they are still being started).
   */
  async untilArchived(timeoutMs: number, opts: { expected?: () => number | undefined; pauseMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const expected = opts.expected ?? (() => this.eventIds.size);
    for (;;) {
      const acted = await this.pass();
      const target = expected();
      if (acted === 0 && target !== undefined && (await this.archivedCount()) === target) return;
      if (Date.now() > deadline) {
        throw new Error(
          `${await this.archivedCount()} of ${this.eventIds.size} events archived after ${timeoutMs} ms; done ${JSON.stringify(this.done)}; answers ${JSON.stringify(this.answers.summary())}`,
        );
      }
      if (acted === 0) await sleep(opts.pauseMs ?? 500);
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `act` on every item, at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, act: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await act(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** A number from the environment, or the default: the short CI version uses the defaults. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name}=${JSON.stringify(raw)}: expected a non-negative number`);
  return n;
}
