// Scale: 10,000 open events parked on timers on one worker (its RSS, the size of Temporal's and the
// product's databases), then 1,000 of their reminders falling due within one minute and the lag
// from each reminder's due time to its notification (in-app, and the email handed to SMTP).
// Reads: GET /api/tasks and GET /api/events with those events in the database.
import { verdict, waitForWorker, type BenchContext } from './context';
import { HEAD, ORGANISER, parkedEvent, startEvent } from './drive';
import { fileBytes, rssBytes } from './servers';
import { closedLoop, latencies, mib, ms, rate, sleep } from './stats';

const DAY = 86_400_000;

export async function scaleBenchmark(ctx: BenchContext): Promise<void> {
  const target = Number(process.env.BENCH_SCALE_EVENTS ?? (ctx.quick ? 400 : 10_000));
  const due = Math.round(target / 10);
  const peak = watchRss(ctx);

  // Park events through the API until `target` are open, keeping back the ones whose reminder is due.
  const open = async () => (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE status = 'active'`)).rows[0].n;
  const toPark = Math.max(0, target - due - (await open()));
  ctx.log(`scale: parking ${toPark} events through the API (50 in flight)`);
  const t0 = Date.now();
  // In batches the worker's cache can hold: thousands of events started at once all wait for their
  // first steps together, and a worker whose cache they overflow replays each of them at every step
  // (workflow tasks of 5 s and more). Real events are created over months, not in one minute.
  const batch = Number(process.env.BENCH_SCALE_BATCH ?? 500);
  const parked = { errors: 0 };
  for (let from = 0; from < toPark; from += batch) {
    const r = await closedLoop(Math.min(batch, toPark - from), 50, (i) => startEvent(ctx.api, parkedEvent(20_000 + from + i)));
    parked.errors += r.errors;
    await waitForWorker(ctx, 3_600_000);
  }
  const parkSeconds = (Date.now() - t0) / 1000;
  // With nothing left to park (a small BENCH_SCALE_EVENTS), assume a slow worker for the timing below.
  const startedPerSecond = toPark > 0 ? toPark / parkSeconds : 5;
  ctx.log(`  parked ${toPark} in ${Math.round(parkSeconds)} s (${rate(startedPerSecond)} started and at their first task; ${parked.errors} errors)`);

  // The reminders: `due` events whose one-day-before reminder falls in the same minute, far enough
  // ahead that every one of them is parked before it (a reminder owed only after its time is skipped).
  // Quick mode squeezes the minute into 15 s: the same burst, less waiting.
  const windowMs = ctx.quick ? 15_000 : 60_000;
  const dueAt = Date.now() + Math.ceil((due / startedPerSecond) * 2000) + (ctx.quick ? 15_000 : 45_000);
  const eventIds: string[] = [];
  const seeded = { errors: 0, firstError: undefined as string | undefined };
  for (let from = 0; from < due; from += batch) {
    const r = await closedLoop(Math.min(batch, due - from), 50, async (i) => {
      const fireAt = dueAt + Math.floor(((from + i) * windowMs) / due);
      eventIds.push(await startEvent(ctx.api, { startsAt: new Date(fireAt + DAY), title: `性能基准：提醒 ${from + i}`, reminders: { beforeEvent: ['-1d'] } }));
    });
    seeded.errors += r.errors;
    seeded.firstError ??= r.firstError;
    await waitForWorker(ctx);
  }
  if (Date.now() > dueAt) ctx.log(`  WARNING: the reminder events were parked only ${Math.round((Date.now() - dueAt) / 1000)} s after the first was due`);

  const openEvents = await open();
  const rss = rssBytes(ctx.servers.worker.child.pid);
  peak.sample();
  const temporalBytes = fileBytes(ctx.servers.temporalDbFiles);
  const { rows: size } = await ctx.db.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
  const dbBytes = Number(size[0].bytes);
  ctx.log(`  ${openEvents} open events: worker RSS ${mib(rss)} (peak so far ${mib(peak.max())}), Temporal ${mib(temporalBytes)}, PostgreSQL ${mib(dbBytes)}`);
  ctx.rows.push(
    { benchmark: `scale: ${openEvents} open events`, measure: 'worker RSS (peak)', product: `${mib(rss)} (${mib(peak.max())})`, target: '≤ 1024 MiB', verdict: verdict(peak.max() <= 2 ** 30) },
    { benchmark: '', measure: 'Temporal dev server database', product: Number.isFinite(temporalBytes) ? mib(temporalBytes) : 'external' },
    { benchmark: '', measure: 'PostgreSQL database', product: mib(dbBytes) },
    { benchmark: '', measure: 'events parked/s (API, c=50, worker caught up)', product: rate(startedPerSecond) },
  );
  if (seeded.errors) ctx.log(`  ${seeded.errors} reminder events failed: ${seeded.firstError}`);

  // Wait out the minute, then read when each reminder reached its recipient.
  const waitMs = dueAt + windowMs - Date.now();
  if (waitMs > 0) {
    ctx.log(`  waiting ${Math.round(waitMs / 1000)} s for the reminders' minute to pass`);
    await sleep(waitMs);
  }
  const lag = await reminderLag(ctx, eventIds, dueAt + windowMs + 120_000);
  ctx.log(
    `  ${lag.inApp.count}/${eventIds.length} reminders: in-app lag p50 ${ms(lag.inApp.p50)} p99 ${ms(lag.inApp.p99)} max ${ms(lag.inApp.max)}; email p50 ${ms(lag.email.p50)} p99 ${ms(lag.email.p99)} max ${ms(lag.email.max)}`,
  );
  ctx.rows.push(
    {
      benchmark: `reminders: ${eventIds.length} due within ${windowMs / 1000} s`,
      measure: 'lag to in-app notification p50 / p99 / max',
      product: `${ms(lag.inApp.p50)} / ${ms(lag.inApp.p99)} / ${ms(lag.inApp.max)} (${lag.inApp.count} of ${eventIds.length})`,
      target: 'p99 ≤ 5 s',
      verdict: verdict(lag.inApp.p99 <= 5000 && lag.inApp.count === eventIds.length),
    },
    {
      benchmark: '',
      measure: 'lag to email accepted by SMTP p50 / p99 / max',
      product: `${ms(lag.email.p50)} / ${ms(lag.email.p99)} / ${ms(lag.email.max)} (${lag.email.count})`,
      target: 'p99 ≤ 5 s',
      verdict: verdict(lag.email.p99 <= 5000 && lag.email.count === eventIds.length),
    },
    { benchmark: '', measure: 'worker RSS peak over the whole scale run', product: mib(peak.stop()) },
  );
  await readsBenchmark(ctx, openEvents);
}

/** Samples the worker's RSS every second. */
function watchRss(ctx: BenchContext) {
  let max = 0;
  const sample = () => (max = Math.max(max, rssBytes(ctx.servers.worker.child.pid) || 0));
  const timer = setInterval(sample, 1000);
  return {
    sample,
    max: () => max,
    stop: () => {
      clearInterval(timer);
      return max;
    },
  };
}

/** Due time from the notification's key (`<event>:before-event:-1d@<due ISO>:<recipient>`) to its row, and to its email's send. */
async function reminderLag(ctx: BenchContext, eventIds: string[], deadline: number) {
  const query = () =>
    ctx.db.query<{ due: Date; created: Date; sent: Date | null }>(
      `SELECT substring(n.idempotency_key from '@([^@]+Z):')::timestamptz AS due, n.created_at AS created, d.sent_at AS sent
         FROM notifications n LEFT JOIN notification_deliveries d ON d.notification_id = n.id AND d.channel = 'email'
        WHERE n.event_id = ANY($1) AND n.idempotency_key LIKE '%:before-event:%'`,
      [eventIds],
    );
  let rows = (await query()).rows;
  while ((rows.length < eventIds.length || rows.some((r) => !r.sent)) && Date.now() < deadline) {
    await sleep(2000);
    rows = (await query()).rows;
  }
  return {
    inApp: latencies(rows.map((r) => r.created.getTime() - r.due.getTime())),
    email: latencies(rows.filter((r) => r.sent).map((r) => r.sent!.getTime() - r.due.getTime())),
  };
}

/** The list endpoints with every event of the run in the database, one request at a time. */
async function readsBenchmark(ctx: BenchContext, openEvents: number): Promise<void> {
  const n = ctx.quick ? 50 : 300;
  const reads: [string, string, string][] = [
    ['GET /api/tasks (organiser: an open task in every event; first page of 20 and the total)', ORGANISER, '/tasks'],
    ['GET /api/tasks?page=50 (the same organiser)', ORGANISER, '/tasks?page=50'],
    ['GET /api/tasks (department head)', HEAD, '/tasks'],
    ['GET /api/events (first page of 20)', ORGANISER, '/events'],
    ['GET /api/events?status=active&page=200', ORGANISER, '/events?status=active&page=200'],
  ];
  for (const [what, who, path] of reads) {
    await ctx.api.by(who, 'GET', path); // warm
    const r = await closedLoop(n, 1, () => ctx.api.by(who, 'GET', path));
    ctx.log(`reads ${what}: p50 ${ms(r.p50)} p99 ${ms(r.p99)}`);
    ctx.rows.push({
      benchmark: what === reads[0][0] ? `reads, ${openEvents} events (c=1, ${n} each)` : '',
      measure: what,
      product: `${ms(r.p50)} / ${ms(r.p99)}`,
      target: 'p99 ≤ 50 ms',
      verdict: verdict(r.p99 <= 50),
    });
  }
}
