// Whole event lifecycles (the compact template X1: a task, a two-level sign-off, an official notice
// acknowledged by three districts, the day, the report and its sign-off) driven through the API
// until archived, against a bare workflow running as many activities one after another.
import { randomUUID } from 'node:crypto';
import { BASELINE_TASK_QUEUE } from './baseline/worker';
import { activitiesWorkflow } from './baseline/workflows';
import { type BenchContext } from './context';
import { driveToArchived, loadTemplate, startEvent } from './drive';
import { eventWorkflowId } from '../workflows/event-model';
import { closedLoop, ms, rate, ratio } from './stats';

export async function lifecycleBenchmark(ctx: BenchContext): Promise<void> {
  const total = ctx.quick ? 6 : 40;
  const concurrency = ctx.quick ? 3 : 20;
  const template = await loadTemplate(ctx.api);
  const eventIds: string[] = [];
  // Dated a few seconds ahead: the day has come by the time the sign-offs and receipts are in.
  const product = await closedLoop(total, concurrency, async () => {
    const id = await startEvent(ctx.api, { startsAt: new Date(Date.now() + 3000), title: '性能基准：完整流程' });
    eventIds.push(id);
    await driveToArchived(ctx.api, template, id);
  });
  if (product.errors) ctx.log(`  lifecycle errors: ${product.errors} (${product.firstError})`);

  // As many activities as an archived event's history scheduled.
  const archived = await ctx.db.query<{ id: string }>(`SELECT id FROM events WHERE status = 'archived' AND id = ANY($1) LIMIT 5`, [eventIds]);
  if (!archived.rows.length) throw new Error(`no lifecycle reached archived: ${product.firstError}`);
  let activities = 0;
  for (const { id } of archived.rows) {
    const history = await ctx.temporal.workflow.getHandle(eventWorkflowId(id)).fetchHistory();
    activities = Math.max(activities, (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes).length);
  }
  const run = randomUUID().slice(0, 8);
  const bare = await closedLoop(total, concurrency, (i) =>
    ctx.temporal.workflow.execute(activitiesWorkflow, { taskQueue: BASELINE_TASK_QUEUE, workflowId: `activities-${run}-${i}`, args: [activities] }),
  );
  const r = product.perSecond / bare.perSecond;
  ctx.log(
    `lifecycle c=${concurrency}: API ${rate(product.perSecond)} (each p50 ${ms(product.p50)}) · bare ${activities} activities ${rate(bare.perSecond)} (p50 ${ms(bare.p50)}) · ${ratio(r)}`,
  );
  ctx.rows.push(
    {
      benchmark: `lifecycle, c=${concurrency} (${total})`,
      measure: 'lifecycles completed/s',
      product: rate(product.perSecond),
      baseline: `${rate(bare.perSecond)} (${activities} activities)`,
      ratio: ratio(r),
      target: '(none)',
      verdict: '',
    },
    { benchmark: '', measure: 'one lifecycle p50 / p99', product: `${ms(product.p50)} / ${ms(product.p99)}`, baseline: `${ms(bare.p50)} / ${ms(bare.p99)}` },
  );
}
