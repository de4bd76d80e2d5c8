// The worker killed with SIGKILL at random moments while X1 events run through the API, and started
// again each time. Every event must be archived, with nothing in the read model twice, every
// notification once, and every email delivered — at most one repeated copy per kill, the one a
// killed worker had in hand (the window docs/RELIABILITY.md and the README's outbox section name).
// Short by default (npm test); `npm run test:faults` sets FAULT_LIFECYCLES=100 and kills until done.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { apiClient } from '../support/api-client';
import { startSmtpCapture, type SmtpCapture } from '../support/mail-capture';
import { createTestDatabase, startTestApp, type TestApp } from '../support/shared';
import { spawnWorkerProcess, type WorkerProcess } from '../support/spawn-worker';
import { COMPACT_TEMPLATES_DIR, envNumber, Office, sleep, startCompactEvent } from './support/compact-event';
import { cleanCounts, readModelCounts } from './support/read-model-checks';
import { recordResult, seededRandom, wireCounts } from './support/results';

const LIFECYCLES = envNumber('FAULT_LIFECYCLES', 4);
const MAX_KILLS = envNumber('FAULT_MAX_KILLS', 3);
const SEED = envNumber('FAULT_SEED', Date.now() % 1_000_000);
/** A worker lives this long (uniformly at random in between) after it is ready, then is killed. */
const UPTIME_MS = [envNumber('FAULT_KILL_MIN_MS', 1500), envNumber('FAULT_KILL_MAX_MS', 6000)] as const;
/** Events are started one after another at this interval, so kills find them at every stage. */
const START_EVERY_MS = envNumber('FAULT_START_EVERY_MS', 400);
/**
 * Items each role acts on at once. One at a time, a click caught behind a killed worker waits up to
 * a minute (the activity's start-to-close timeout) and holds up that role's whole list.
 */
const CLICKS_IN_FLIGHT = envNumber('FAULT_CLICKS_IN_FLIGHT', 8);

describe('the worker killed (SIGKILL) at random moments during event lifecycles', () => {
  const random = seededRandom(SEED);
  let t: TestApp;
  let databaseUrl: string;
  let ds: DataSource;
  let smtp: SmtpCapture;
  let worker: WorkerProcess;
  const taskQueue = `faults-kill-${randomUUID()}`;
  const client = apiClient(() => t.baseUrl);

  const startWorker = () =>
    spawnWorkerProcess(
      {
        DATABASE_URL: databaseUrl,
        SMTP_URL: smtp.url,
        TEMPLATES_DIR: COMPACT_TEMPLATES_DIR,
        TEMPORAL_TASK_QUEUE: taskQueue,
        // A dead worker's deliveries are taken over after the lease: short, so the test is too.
        NOTIFY_LEASE_MS: '3000',
        WEBHOOK_TIMEOUT_MS: '1000',
      },
      60_000,
    );

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(databaseUrl, 2));
    await ds.initialize();
    smtp = await startSmtpCapture();
    // The API in this process, the worker in its own, both on a task queue of this test.
    t = await startTestApp({ DATABASE_URL: databaseUrl, RUN_WORKER: 'false', TEMPLATES_DIR: COMPACT_TEMPLATES_DIR, TEMPORAL_TASK_QUEUE: taskQueue });
    worker = await startWorker();
  }, 180_000);

  afterAll(async () => {
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await t?.close();
    await smtp?.close();
    await ds?.destroy();
  });

  it(
    `archives every event exactly once, with nothing written or sent twice (${LIFECYCLES} lifecycles)`,
    async () => {
      const started = Date.now();
      const eventIds = new Set<string>();
      const office = new Office(client, eventIds, CLICKS_IN_FLIGHT);

      // The organiser starts the events one after another; starting needs no worker.
      let launched = false;
      const launching = (async () => {
        for (let i = 0; i < LIFECYCLES; i++) {
          eventIds.add(await startCompactEvent(client, { startsInMs: 5000, title: `X1 故障测试 worker-kill #${i + 1}` }));
          await sleep(START_EVERY_MS);
        }
        launched = true;
      })();

      // Meanwhile the worker is killed and restarted, until the events are done or the kills run out.
      let finished = false;
      const kills: { afterMs: number; restartMs: number }[] = [];
      const killing = (async () => {
        while (!finished && kills.length < MAX_KILLS) {
          await sleep(UPTIME_MS[0] + random() * (UPTIME_MS[1] - UPTIME_MS[0]));
          if (finished) break;
          const at = Date.now();
          worker.child.kill('SIGKILL');
          expect(await worker.exited).toBeNull(); // died of the signal, no clean shutdown
          worker = await startWorker();
          kills.push({ afterMs: at - started, restartMs: Date.now() - at });
        }
      })();

      // The people work through their inboxes until every event is archived.
      await office.untilArchived(LIFECYCLES * 30_000 + 180_000, { expected: () => (launched ? LIFECYCLES : undefined) });
      finished = true;
      await Promise.all([launching, killing]);
      const lifecyclesMs = Date.now() - started;

      // The last worker, alive, drains the outbox: every delivery ends sent, none dead.
      const ids = [...eventIds];
      const deadline = Date.now() + 120_000;
      let counts = await readModelCounts(ds, ids);
      while (counts.deliveriesSent + counts.deliveriesDead < counts.deliveries && Date.now() < deadline) {
        await sleep(500);
        counts = await readModelCounts(ds, ids);
      }
      const wire = wireCounts(smtp.messages);
      recordResult('worker-kill', {
        seed: SEED,
        lifecycles: LIFECYCLES,
        clicksInFlight: CLICKS_IN_FLIGHT,
        kills: kills.length,
        meanRestartMs: Math.round(kills.reduce((a, k) => a + k.restartMs, 0) / Math.max(kills.length, 1)),
        lifecyclesMs,
        totalMs: Date.now() - started,
        done: office.done,
        conflicts: office.conflicts,
        answers: office.answers.summary(),
        ...counts,
        ...wire,
      });

      expect(office.answers.serverErrors).toEqual([]);
      expect(counts).toMatchObject(cleanCounts(LIFECYCLES));
      expect(counts.deliveriesSent).toBe(counts.deliveries);
      // Every delivery reached the mail server under its own Message-ID; a repeated copy only
      // where a worker died between the server's acceptance and the mark, at most one per kill.
      expect(wire.distinctMessageIds).toBe(counts.deliveriesSent);
      expect(wire.repeatedCopies).toBeLessThanOrEqual(kills.length);
    },
    LIFECYCLES * 30_000 + 420_000,
  );
});
