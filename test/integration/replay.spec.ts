// Replays the stored histories of finished event and campaign runs against today's workflow code: a
// change that would break a running event or campaign (non-determinism) fails here. New histories: `npm run histories:record`.
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
  const own = (version: string) => FILES.filter((f) => f.startsWith(version) && !f.slice(version.length).includes('/')).map((f) => name(f.slice(version.length)));

  it.each([
    // The monthly 时代女性榜 and the district activity came after reminders: today's histories have 15 templates.
    ['of today', '', 15],
    ['from before reminders', 'before-reminders/', 13],
  ])('has histories %s of every template and of the sign-off and date scenarios', (_label, version, templates) => {
    expect(own(version).filter((f) => f.startsWith('happy-path-'))).toHaveLength(templates);
    expect(own(version)).toEqual(expect.arrayContaining(['cancel-during-sign-off', 'rejected-and-resubmitted', 'postponed-and-resumed', 'rescheduled']));
  });

  it('has, in the histories of today, a month of the 时代女性榜 run to archived and a month run twice', () => {
    expect(own('')).toEqual(expect.arrayContaining(['happy-path-monthly-women-list', 'monthly-selection-archived', 'monthly-selection-started-before']));
  });

  it("has, in the histories of today, a district's campaign activity led by the district", () => {
    const started = temporal.api.history.v1.History.decode(readFileSync(join(DIR, 'happy-path-district-campaign-activity.history.bin'))).events?.[0];
    const [input] = started?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    expect(JSON.parse(Buffer.from(input.data!).toString('utf8'))).toMatchObject({ template: { code: 'district-campaign-activity' }, leadUnit: 'district-yuzhong' });
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

  it("has a campaign's year, one unit's year and its two events, each replayed as the workflow that made it", () => {
    // The replayer runs the workflow type a history starts with; the bundle holds every workflow.
    const typeOf = (f: string) =>
      temporal.api.history.v1.History.decode(readFileSync(join(DIR, f))).events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
    expect(typeOf('campaign-year.history.bin')).toBe('campaignWorkflow');
    expect(typeOf('campaign-unit-year.history.bin')).toBe('unitCampaignWorkflow');
    expect(typeOf('campaign-allocation-event.history.bin')).toBe('eventWorkflow');
    expect(typeOf('campaign-assessment-event.history.bin')).toBe('eventWorkflow');
  });

  it('replays every one without a determinism error', async () => {
    const histories = FILES.map((f) => ({ workflowId: name(f), history: temporal.api.history.v1.History.decode(readFileSync(join(DIR, f))) }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: servers().workflowBundlePath } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    // About fifty histories of whole lifecycles: about a minute on a quiet 2-core machine, more beside the
    // browser and fault tests.
  }, 600_000);
});
