// Replays the stored histories of finished event runs against today's workflow code: a change that
// would break a running event (non-determinism) fails here. New histories: `npm run histories:record`.
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { servers } from '../support/shared';

const DIR = join(__dirname, '..', 'histories');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.history.bin')).sort();

describe('replay of stored histories', () => {
  it('has histories of the happy path of every template and of the sign-off and date scenarios', () => {
    expect(FILES.filter((f) => f.startsWith('happy-path-'))).toHaveLength(13);
    expect(FILES).toEqual(expect.arrayContaining(['cancel-during-sign-off', 'rejected-and-resubmitted', 'postponed-and-resumed', 'rescheduled'].map((n) => `${n}.history.bin`)));
  });

  it('replays every one without a determinism error', async () => {
    const histories = FILES.map((f) => ({ workflowId: f.replace(/\.history\.bin$/, ''), history: temporal.api.history.v1.History.decode(readFileSync(join(DIR, f))) }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: servers().workflowBundlePath } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
