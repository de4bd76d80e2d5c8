// One month of the 时代女性榜 as its Schedule would start it, on the time-skipping server (which has
// no Schedules, so the month is given): the month's event runs as a child to archived, and a second
// run of the same month finds it instead of making another. Both runs' histories are kept for replay.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { monthlyEventId } from '../../activities/selection.activities';
import { projectRoot } from '../../src/infra/project-root';
import { loadTemplates } from '../../src/templates/template-loader';
import { markTemplateUsed } from '../../src/templates/template-registry.service';
import { eventWorkflowId } from '../../workflows/event-model';
import { monthlySelectionWorkflow } from '../../workflows/monthly-selection.workflow';
import type { MonthlySelectionInput, MonthlySelectionResult } from '../../workflows/selection-model';
import { driveToEnd, keepHistory, userByName } from '../support/event-driver';
import { startWorkflowTestBed, type WorkflowTestBed } from '../support/time-skipping-worker';

const TASK_QUEUE = 'monthly-selection';
const TEMPLATE = loadTemplates(join(projectRoot(), 'templates')).find((t) => t.code === 'monthly-women-list')!;
const MONTH = '2027-03';

describe('a month of the 时代女性榜 on the time-skipping server', () => {
  let bed: WorkflowTestBed;
  let env: TestWorkflowEnvironment;
  let ds: DataSource;
  let selection: MonthlySelectionInput;

  beforeAll(async () => {
    bed = await startWorkflowTestBed(TASK_QUEUE);
    ({ env, ds } = bed);
    // As enabling the Schedule does: the template version every month runs is stored.
    await markTemplateUsed(ds.manager, TEMPLATE);
    selection = {
      scheduleId: `selection-women-list-${TASK_QUEUE}`,
      templateCode: TEMPLATE.code,
      templateVersion: TEMPLATE.version,
      publicationDay: 25,
      organiser: await userByName(ds, 'head-publicity'),
      month: MONTH,
    };
  });
  afterAll(async () => {
    await bed?.terminateRunning();
    await bed?.stop();
  });

  const run = (id: string) => env.client.workflow.start(monthlySelectionWorkflow, { workflowId: id, taskQueue: TASK_QUEUE, args: [selection] });

  it("runs the month's event to archived, and a second run of the month makes no other", async () => {
    const eventId = monthlyEventId(selection.scheduleId, MONTH);
    const first = await run('monthly-selection-first');
    const event = env.client.workflow.getHandle(eventWorkflowId(eventId));
    // The child starts once the month's event row is written.
    for (let i = 0; i < 100 && !(await ds.query<unknown[]>('SELECT 1 FROM events WHERE id = $1', [eventId])).length; i++) await env.sleep(1000);
    await driveToEnd(env, event, TEMPLATE);
    expect(await first.result()).toEqual<MonthlySelectionResult>({ month: MONTH, eventId, eventStatus: 'archived' });
    await keepHistory(first, 'monthly-selection-archived');

    const second = await run('monthly-selection-again');
    expect(await second.result()).toEqual<MonthlySelectionResult>({ month: MONTH, eventId, eventStatus: 'started-before' });
    await keepHistory(second, 'monthly-selection-started-before');

    const rows = await ds.query<{ title: string; status: string; starts_at: Date }[]>('SELECT title, status, starts_at FROM events WHERE template_code = $1', [TEMPLATE.code]);
    expect(rows).toEqual([{ title: '2027年3月巴渝最具引领力的时代女性榜', status: 'archived', starts_at: new Date('2027-03-25T02:00:00Z') }]);
  });
});
