// The shared dev server outlives a test file: the 时代女性榜 Schedule a file enabled goes with it, and
// so do the months' runs it started and their events (else they wait for this file's workers forever).
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { WOMEN_LIST_TEMPLATE, womenListScheduleId } from '../../src/selections/women-list-schedule';
import { TEMPORAL_CLIENT } from '../../src/temporal/temporal.tokens';
import type { TestApp } from './shared';

export async function removeWomenListSchedule(t: TestApp): Promise<void> {
  const temporal = t.app.get<Client>(TEMPORAL_CLIENT);
  const schedule = temporal.schedule.getHandle(womenListScheduleId(t.config.temporal.taskQueue));
  const running = (await schedule.describe().catch(() => undefined))?.info.runningActions ?? [];
  await schedule.delete().catch(() => undefined);
  const events = await t.app.get(DataSource).query<{ workflow_id: string }[]>('SELECT workflow_id FROM events WHERE template_code = $1', [WOMEN_LIST_TEMPLATE]);
  const ids = [...running.map((r) => r.workflow.workflowId), ...events.map((e) => e.workflow_id)];
  await Promise.all(ids.map((id) => temporal.workflow.getHandle(id).terminate('test over').catch(() => undefined)));
}
