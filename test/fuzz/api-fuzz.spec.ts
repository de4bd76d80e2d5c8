// API fuzzing: Schemathesis generates requests from /api/docs-json (valid and invalid) and checks
// every answer: never a 5xx, and status, content type and body as the document says. Three roles,
// because what each may do differs. `npm test` makes a bounded run; `npm run fuzz` a long one.
import { servers, startTestApp, type TestApp } from '../support/shared';
import { apiClient } from '../support/api-client';
import { failureSummary, profileFromEnv, runSchemathesis, schemathesisOrFail, type FuzzData } from './schemathesis';

const ROLES = ['admin', 'organiser-family-children', 'liaison-yuzhong'] as const;
const profile = profileFromEnv();
/** Per role: the run's own budget, plus loading the schema and finishing the last requests. */
const PER_ROLE_MS = (profile.maxTime + 60) * 1000;

describe(`API fuzzing with Schemathesis (${profile.name} run)`, () => {
  let app: TestApp;
  let st: string;
  let data: FuzzData;
  const { as, api } = apiClient(() => app.baseUrl);

  beforeAll(async () => {
    st = schemathesisOrFail(servers().toolsDir);
    app = await startTestApp();
    data = await seed();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  /** An event with open tasks, so ids the fuzzer draws lead somewhere. */
  async function seed(): Promise<FuzzData> {
    const organiser = await as('organiser-family-children');
    const created = await api<{ id: string }>(organiser, 'POST', '/events', {
      templateCode: 'childrens-day-sorting',
      title: '模糊测试活动 / Fuzzing event',
      startsAt: new Date(Date.now() + 90 * 24 * 3600_000).toISOString(),
    });
    expect(created.status).toBe(201);
    let taskIds: string[] = [];
    for (let i = 0; i < 50 && !taskIds.length; i++) {
      const tasks = await api<{ items: { id: string }[] }>(organiser, 'GET', `/tasks?eventId=${created.body.id}`);
      taskIds = tasks.body.items.map((t) => t.id);
      if (!taskIds.length) await new Promise((r) => setTimeout(r, 200));
    }
    const admin = await as('admin');
    const templates = await api<{ code: string; steps: { id: string }[] }[]>(admin, 'GET', '/templates');
    const units = await api<{ code: string }[]>(admin, 'GET', '/org/units');
    const users = await api<{ id: string }[]>(admin, 'GET', '/org/users');
    const inbox = await api<{ items: { id: string }[] }>(organiser, 'GET', '/notifications');
    const template = templates.body.find((t) => t.code === 'childrens-day-sorting')!;
    return {
      eventIds: [created.body.id],
      taskIds,
      notificationIds: inbox.body.items.map((n) => n.id).slice(0, 20),
      stepIds: template.steps.map((s) => s.id),
      templateCodes: templates.body.map((t) => t.code),
      unitCodes: units.body.map((u) => u.code).slice(0, 20),
      userIds: users.body.map((u) => u.id).slice(0, 20),
    };
  }

  for (const username of ROLES) {
    it(
      `as ${username}: no 5xx, every answer as documented`,
      async () => {
        const session = await as(username);
        const run = await runSchemathesis({ st, baseUrl: app.baseUrl, token: session.token, data, profile, reportDir: process.env.FUZZ_REPORT_DIR });
        const cases = /(\d+) generated/.exec(run.output)?.[1] ?? '?';
        process.stderr.write(`[fuzz] ${JSON.stringify({ profile: profile.name, username, cases: Number(cases), seconds: run.seconds, exitCode: run.exitCode })}\n`);
        if (run.exitCode !== 0) {
          throw new Error(`Schemathesis (as ${username}, ${run.seconds} s) exited ${run.exitCode}:\n${failureSummary(run.output)}`);
        }
      },
      PER_ROLE_MS,
    );
  }
});
