// Moves an event on through the API, as its people would, for browser tests that need it at a
// given step without clicking through the steps that are not their point: each open task of the
// named people is completed with sample values, each sign-off approved.
import type { EventState } from '../../workflows/event-model';
import type { FormSpec } from '../../workflows/template-types';
import type { apiClient } from './api-client';
import { sampleValues } from './event-driver';
import { until } from './until';

type Api = ReturnType<typeof apiClient>;

export interface StepRow {
  id: string;
  status: string;
}

interface OpenTask {
  id: string;
  kind: string;
  stepId: string;
}

export async function stepsOf(client: Api, who: string, eventId: string): Promise<StepRow[]> {
  const { status, body } = await client.api<{ state: { steps: StepRow[] } }>(await client.as(who), 'GET', `/events/${eventId}`);
  if (status !== 200) throw new Error(`GET /events/${eventId} as ${who}: ${status}`);
  return body.state.steps;
}

export const stepIs = (stepId: string, status: string) => (steps: StepRow[]) => steps.some((s) => s.id === stepId && s.status === status);

/**
 * Acts on every open task of `people` in this event until `until` holds of its steps (asked as the
 * first of them): tasks completed with sample values (`values` overrides them per step), sign-offs
 * approved. Fails naming the steps still active when nothing moves for `timeoutMs`.
 */
export async function walkEvent(
  client: Api,
  eventId: string,
  people: string[],
  until: (steps: StepRow[]) => boolean,
  opts: { values?: Record<string, Record<string, unknown>>; timeoutMs?: number } = {},
): Promise<void> {
  let idleSince = Date.now();
  for (;;) {
    const steps = await stepsOf(client, people[0], eventId);
    if (until(steps)) return;
    let acted = false;
    for (const who of people) {
      const session = await client.as(who);
      const { body } = await client.api<{ items: OpenTask[] }>(session, 'GET', `/tasks?status=open&eventId=${eventId}`);
      for (const task of body.items) {
        const reply =
          task.kind === 'sign-off'
            ? await client.api(session, 'POST', `/tasks/${task.id}/approve`, { comment: '同意' })
            : await client.api(session, 'POST', `/tasks/${task.id}/complete`, { values: sampleValues(await formOf(client, who, task.id), opts.values?.[task.stepId]) });
        if (reply.status !== 200) throw new Error(`${who} on ${task.stepId} (${task.kind}): ${reply.status} ${JSON.stringify(reply.body)}`);
        acted = true;
      }
    }
    if (acted) idleSince = Date.now();
    else if (Date.now() - idleSince > (opts.timeoutMs ?? 30_000)) {
      throw new Error(`event ${eventId} did not get there; active: ${steps.filter((s) => s.status === 'active').map((s) => s.id).join(', ')}`);
    } else await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Walks the event (tasks and sign-offs of `people`) until notice step `stepId` has gone out with its
 * receipts, as a browser test needs it before a liaison can sign.
 */
export async function walkToNotice(client: Api, eventId: string, people: string[], stepId: string): Promise<void> {
  await walkEvent(client, eventId, people, stepIs(stepId, 'active'));
  await until(`the notice of ${stepId}`, async () => {
    const { body } = await client.api<{ state: EventState }>(await client.as(people[0]), 'GET', `/events/${eventId}`);
    return body.state.notices.some((n) => n.stepId === stepId && n.receipts) || undefined;
  });
}

async function formOf(client: Api, who: string, taskId: string): Promise<FormSpec | undefined> {
  const { body } = await client.api<{ form?: FormSpec }>(await client.as(who), 'GET', `/tasks/${taskId}`);
  return body.form;
}

/** Waits until `who` has an open task of this event (of `stepId`, when given), and answers it. */
export async function openTaskOf(client: Api, who: string, eventId: string, stepId?: string, timeoutMs = 30_000): Promise<OpenTask> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await client.api<{ items: OpenTask[] }>(await client.as(who), 'GET', `/tasks?status=open&eventId=${eventId}`);
    const task = body.items.find((t) => !stepId || t.stepId === stepId);
    if (task) return task;
    if (Date.now() > until) throw new Error(`${who} has no open task${stepId ? ` of ${stepId}` : ''} in event ${eventId} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export interface PendingNotice {
  eventId: string;
  stepId: string;
  unitCode: string;
  receiptForm: FormSpec | null;
}

/** Waits until `who` (a liaison) has this event's notice to acknowledge, and answers it. */
export async function pendingNoticeOf(client: Api, who: string, eventId: string, timeoutMs = 30_000): Promise<PendingNotice> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await client.api<PendingNotice[]>(await client.as(who), 'GET', '/notices?status=pending');
    const notice = body.find((n) => n.eventId === eventId);
    if (notice) return notice;
    if (Date.now() > until) throw new Error(`${who} has no notice of event ${eventId} to acknowledge after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** `who` acknowledges the notice for their unit, with sample receipt values (`values` overrides them). */
export async function acknowledge(client: Api, who: string, notice: PendingNotice, values: Record<string, unknown> = {}): Promise<void> {
  const reply = await client.api(await client.as(who), 'POST', `/events/${notice.eventId}/notices/${notice.stepId}/acknowledge`, {
    unitCode: notice.unitCode,
    values: sampleValues(notice.receiptForm ?? undefined, values),
  });
  if (reply.status !== 200) throw new Error(`${who} acknowledging ${notice.stepId}: ${reply.status} ${JSON.stringify(reply.body)}`);
}
