// Starting events: POST /api/events (sign-in token check, validation, the read-model row, the
// workflow start) against a bare client.workflow.start of a no-op workflow, at 1, 10 and 50 in flight.
import { randomUUID } from 'node:crypto';
import { BASELINE_TASK_QUEUE } from './baseline/worker';
import { noopWorkflow } from './baseline/workflows';
import { verdict, waitForWorker, type BenchContext } from './context';
import { parkedEvent, startEvent, ORGANISER } from './drive';
import { closedLoop, ms, rate, ratio } from './stats';

/** Stops both workers (SIGSTOP) until resumed: their tasks wait on Temporal's queues meanwhile. */
function pauseWorkers(ctx: BenchContext): { resume(): void } {
  const pids = [ctx.servers.worker.child.pid, ctx.servers.baseline.child.pid];
  for (const pid of pids) if (pid) process.kill(pid, 'SIGSTOP');
  return { resume: () => pids.forEach((pid) => pid && process.kill(pid, 'SIGCONT')) };
}

export async function startBenchmark(ctx: BenchContext): Promise<void> {
  const levels = ctx.quick
    ? [{ concurrency: 1, total: 10 }, { concurrency: 10, total: 30 }, { concurrency: 50, total: 50 }]
    : [{ concurrency: 1, total: 100 }, { concurrency: 10, total: 300 }, { concurrency: 50, total: 500 }];
  await ctx.api.as(ORGANISER);
  let parked = 0;
  for (const { concurrency, total } of levels) {
    const run = randomUUID().slice(0, 8);
    const startBare = (from: number) => (i: number) =>
      ctx.temporal.workflow.start(noopWorkflow, { taskQueue: BASELINE_TASK_QUEUE, workflowId: `noop-${run}-${from + i}` });
    const startApi = () => startEvent(ctx.api, parkedEvent(parked++));

    // The start path alone, as the issue names it: both workers paused, so neither side pays for
    // running what it started (the no-op costs nothing to run; an event's first steps do).
    const paused = pauseWorkers(ctx);
    let bare, product;
    try {
      bare = await closedLoop(total, concurrency, startBare(0));
      product = await closedLoop(total, concurrency, startApi);
    } finally {
      paused.resume();
    }
    await waitForWorker(ctx);
    // Everything on the same two cores: the worker runs each event's first steps meanwhile.
    const bareBusy = await closedLoop(total, concurrency, startBare(total));
    const productBusy = await closedLoop(total, concurrency, startApi);
    await waitForWorker(ctx);

    for (const r of [bare, product, bareBusy, productBusy]) if (r.errors) ctx.log(`  ${r.errors} errors: ${r.firstError}`);
    const r = product.perSecond / bare.perSecond;
    const rBusy = productBusy.perSecond / bareBusy.perSecond;
    ctx.log(
      `start c=${concurrency}: API ${rate(product.perSecond)} (p50 ${ms(product.p50)}, p99 ${ms(product.p99)}) · bare ${rate(bare.perSecond)} (p50 ${ms(bare.p50)}, p99 ${ms(bare.p99)}) · ${ratio(r)}` +
        ` | workers running: API ${rate(productBusy.perSecond)} · bare ${rate(bareBusy.perSecond)} · ${ratio(rBusy)}`,
    );
    ctx.rows.push(
      { benchmark: `start, c=${concurrency} (${total})`, measure: 'events started/s (start path)', product: rate(product.perSecond), baseline: rate(bare.perSecond), ratio: ratio(r), target: '≥ 0.80×', verdict: verdict(r >= 0.8) },
      { benchmark: '', measure: 'latency p50 / p99', product: `${ms(product.p50)} / ${ms(product.p99)}`, baseline: `${ms(bare.p50)} / ${ms(bare.p99)}`, ratio: `${ratio(product.p99 / bare.p99)} (p99)` },
      { benchmark: '', measure: 'started/s, workers running too', product: rate(productBusy.perSecond), baseline: rate(bareBusy.perSecond), ratio: ratio(rBusy) },
    );
  }
}
