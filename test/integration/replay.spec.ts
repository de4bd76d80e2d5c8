// Replays the stored histories of finished event runs against today's workflow code: a change that
// would break a running event (non-determinism) fails here. New histories: `npm run histories:record`.
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as model from '../../workflows/event-model';
import { servers } from '../support/shared';

// test/histories/ holds runs of today's code; each subfolder, runs of an earlier version (e.g.
// before-reminders/, before-cancellation-scope/) that a deployed worker may still meet, replayed
// through their patch checks.
const DIR = join(__dirname, '..', 'histories');
const FILES = readdirSync(DIR, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.history.bin'))
  .sort();
const name = (f: string) => f.replace(/\.history\.bin$/, '');

describe('replay of stored histories', () => {
  it.each([
    ['of today', ''],
    ['from before reminders', 'before-reminders/'],
  ])('has histories %s of every template and of the sign-off and date scenarios', (_label, version) => {
    const own = FILES.filter((f) => f.startsWith(version) && !f.slice(version.length).includes('/')).map((f) => name(f.slice(version.length)));
    expect(own.filter((f) => f.startsWith('happy-path-'))).toHaveLength(13);
    expect(own).toEqual(expect.arrayContaining(['cancel-during-sign-off', 'rejected-and-resubmitted', 'postponed-and-resumed', 'rescheduled']));
  });

  it('has, in the histories of today, every Update the event workflow answers', () => {
    const defined = (Object.values(model) as unknown[])
      .filter((v): v is { type: 'update'; name: string } => typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'update')
      .map((u) => u.name);
    expect(defined).toEqual(expect.arrayContaining(['acknowledge', 'urge', 'cancel']));
    const sent = new Set<string>();
    for (const f of FILES.filter((x) => !x.includes('/'))) {
      for (const e of temporal.api.history.v1.History.decode(readFileSync(join(DIR, f))).events ?? []) {
        const name = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
        if (name) sent.add(name);
      }
    }
    expect([...sent].sort()).toEqual(expect.arrayContaining([...defined].sort()));
  });

  it('replays every one without a determinism error', async () => {
    const histories = FILES.map((f) => ({ workflowId: name(f), history: temporal.api.history.v1.History.decode(readFileSync(join(DIR, f))) }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: servers().workflowBundlePath } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    // 40 histories of whole lifecycles: about a minute on a quiet 2-core machine, more beside the
    // browser and fault tests.
  }, 600_000);
});
