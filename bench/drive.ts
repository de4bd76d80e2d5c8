// Events driven through the API as people would: the organiser starts one, does the tasks, the
// department head and the vice-chair sign off, the district liaisons acknowledge the notice.
import type { EventState } from '../workflows/event-model';
import type { EventTemplate, NotifyStep } from '../workflows/template-types';
import { findStep, formOf, sampleValues } from '../test/support/event-driver';
import { ApiError, type Api } from './api';
import { sleep } from './stats';

export const TEMPLATE_CODE = 'compact-x1';
/** Starts every benchmark event: an organiser of the template's lead department. */
export const ORGANISER = 'organiser-family-children';
export const HEAD = 'head-family-children';

export interface NewEvent {
  startsAt: Date;
  title?: string;
  reminders?: { beforeEvent?: string[]; taskSla?: string; signOffSla?: string };
}

export async function startEvent(api: Api, e: NewEvent): Promise<string> {
  const body = await api.by<{ id: string }>(ORGANISER, 'POST', '/events', {
    templateCode: TEMPLATE_CODE,
    title: e.title ?? `性能基准活动 ${e.startsAt.toISOString()}`,
    startsAt: e.startsAt.toISOString(),
    venue: '重庆市妇女儿童活动中心',
    reminders: e.reminders,
  });
  return body.id;
}

/** A parked event: dated weeks ahead, with a before-event reminder and a task SLA on timers. */
export function parkedEvent(i: number): NewEvent {
  return { startsAt: new Date(Date.now() + 60 * 86_400_000 + i * 60_000), reminders: { beforeEvent: ['-1d'], taskSla: '3d', signOffSla: '2d' } };
}

export async function loadTemplate(api: Api): Promise<EventTemplate> {
  return api.by<EventTemplate>(ORGANISER, 'GET', `/templates/${TEMPLATE_CODE}`);
}

/** Acts on whatever the event waits for, as whoever it waits for, until it is archived. */
export async function driveToArchived(api: Api, template: EventTemplate, eventId: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const done = new Set<string>();
  for (;;) {
    if (Date.now() > deadline) throw new Error(`event ${eventId} not archived after ${timeoutMs / 1000} s`);
    const { state } = await api.by<{ state: EventState }>(ORGANISER, 'GET', `/events/${eventId}`);
    if (state.status === 'archived') return;
    const actions: [string, Promise<unknown>][] = [];
    for (const t of state.tasks) {
      if (t.status !== 'open' || done.has(t.id)) continue;
      done.add(t.id);
      const who = api.username(t.assignees[0].id);
      actions.push([
        t.id,
        t.kind === 'sign-off'
          ? api.by(who, 'POST', `/tasks/${t.id}/approve`, {})
          : api.by(who, 'POST', `/tasks/${t.id}/complete`, { values: sampleValues(formOf(template, t.stepId)) }),
      ]);
    }
    for (const n of state.notices) {
      for (const r of n.receipts ?? []) {
        const key = `${n.noticeId}/${r.unitCode}`;
        if (r.status !== 'pending' || done.has(key)) continue;
        done.add(key);
        const form = (findStep(template.steps, n.stepId) as NotifyStep).receipt?.form;
        actions.push([key, api.by(api.username(r.liaisons[0].id), 'POST', `/events/${eventId}/notices/${n.stepId}/acknowledge`, { values: sampleValues(form) })]);
      }
    }
    // A 409 means an earlier action of ours got there first. A 404 means the workflow has opened the
    // task but its read-model row (which the task routes look up) is not written yet: try again.
    const results = await Promise.allSettled(actions.map(([, action]) => action));
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') return;
      if (r.reason instanceof ApiError && r.reason.status === 404) done.delete(actions[i][0]);
      else if (!(r.reason instanceof ApiError && r.reason.status === 409)) throw r.reason;
    });
    if (!actions.length || results.some((r) => r.status === 'rejected')) await sleep(50);
  }
}
