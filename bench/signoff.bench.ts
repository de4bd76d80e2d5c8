// The sign-off round trip: POST /api/tasks/:id/approve until its response (the workflow's Update
// has run and the read model is in step), against a bare Temporal Update on a minimal workflow,
// 20 in flight.
import { randomUUID } from 'node:crypto';
import { BASELINE_TASK_QUEUE } from './baseline/worker';
import { approveBaselineUpdate, finishBaselineUpdate, updateWorkflow } from './baseline/workflows';
import { verdict, waitForWorker, type BenchContext } from './context';
import { HEAD, ORGANISER, loadTemplate, parkedEvent, startEvent } from './drive';
import { formOf, sampleValues } from '../test/support/event-driver';
import { closedLoop, ms, ratio } from './stats';
import { waitUntil } from '../src/infra/net';

const CONCURRENCY = 20;

export async function signOffBenchmark(ctx: BenchContext): Promise<void> {
  const total = ctx.quick ? 40 : 200;
  const template = await loadTemplate(ctx.api);

  // Events waiting for the department head's sign-off of their plan.
  const eventIds: string[] = [];
  const started = await closedLoop(total, 20, async (i) => eventIds.push(await startEvent(ctx.api, parkedEvent(10_000 + i))));
  if (started.errors) throw new Error(`could not start the sign-off events: ${started.firstError}`);
  await waitForWorker(ctx);
  const drafts = await ctx.db.query<{ id: string }>(
    `SELECT id FROM tasks WHERE step_id = 'draft-plan' AND status = 'open' AND event_id = ANY($1)`,
    [eventIds],
  );
  const values = sampleValues(formOf(template, 'draft-plan'));
  await closedLoop(drafts.rows.length, 20, (i) => ctx.api.by(ORGANISER, 'POST', `/tasks/${drafts.rows[i].id}/complete`, { values }));
  const open = async () =>
    (await ctx.db.query<{ id: string }>(`SELECT id FROM tasks WHERE kind = 'sign-off' AND level = 0 AND status = 'open' AND event_id = ANY($1)`, [eventIds])).rows;
  await waitUntil('the sign-offs to open', async () => (await open()).length >= drafts.rows.length, { timeoutMs: 300_000, intervalMs: 500 });
  const tasks = await open();
  await ctx.api.as(HEAD);

  const run = randomUUID().slice(0, 8);
  const handles = await Promise.all(
    tasks.map((_, i) => ctx.temporal.workflow.start(updateWorkflow, { taskQueue: BASELINE_TASK_QUEUE, workflowId: `update-${run}-${i}` })),
  );
  // Both sides start warm: the first Update of a workflow is not what is being compared.
  const bare = await closedLoop(handles.length, CONCURRENCY, (i) => handles[i].executeUpdate(approveBaselineUpdate, { args: ['head'] }));
  const product = await closedLoop(tasks.length, CONCURRENCY, (i) => ctx.api.by(HEAD, 'POST', `/tasks/${tasks[i].id}/approve`, {}));
  await closedLoop(handles.length, CONCURRENCY, (i) => handles[i].executeUpdate(finishBaselineUpdate));
  if (product.errors || bare.errors) ctx.log(`  errors: API ${product.errors} (${product.firstError}), bare ${bare.errors} (${bare.firstError})`);

  const r = product.p99 / bare.p99;
  ctx.log(`sign-off c=${CONCURRENCY}: API p50 ${ms(product.p50)} p99 ${ms(product.p99)} · bare Update p50 ${ms(bare.p50)} p99 ${ms(bare.p99)} · p99 ${ratio(r)}`);
  ctx.rows.push({
    benchmark: `sign-off round trip, c=${CONCURRENCY} (${tasks.length})`,
    measure: 'latency p50 / p99',
    product: `${ms(product.p50)} / ${ms(product.p99)}`,
    baseline: `${ms(bare.p50)} / ${ms(bare.p99)}`,
    ratio: `${ratio(r)} (p99)`,
    target: '≤ 1.5× p99',
    verdict: verdict(r <= 1.5),
  });
  await waitForWorker(ctx);
}
