// Takes a campaign started over the API through its allocation (任务分解) as its people would, in
// real time: the organiser fills in the table, each sign-off level approves, the admin signs for
// every district's notice, until the campaign runs with its units given their targets.
import type { Allocation } from '../../workflows/campaign-types';
import type { apiClient } from './api-client';
import { openTaskOf } from './api-walk';
import { until } from './until';

type Api = ReturnType<typeof apiClient>;

export interface RunningCampaign {
  allocationEventId: string;
  /** The district codes, in the directory's order. */
  districts: string[];
}

/**
 * Allocates campaign `id` of the districts with `allocationOf(districts)`: `organiser` fills in the
 * table, `approvers` sign it off level by level; answers once the campaign runs.
 */
export async function runCampaign(
  client: Api,
  id: string,
  people: { organiser: string; approvers: string[] },
  allocationOf: (districts: string[]) => Allocation,
): Promise<RunningCampaign> {
  const { as, api } = client;
  const detail = async () => (await api<{ status: string; allocationEventId: string | null; units: unknown[] }>(await as(people.organiser), 'GET', `/campaigns/${id}`)).body;
  const eventId = await until('the allocation event', async () => (await detail()).allocationEventId ?? undefined);
  const districts = (await api<{ code: string }[]>(await as(people.organiser), 'GET', '/org/units?kind=district')).body.map((u) => u.code);

  const allocate = await openTaskOf(client, people.organiser, eventId, 'allocate');
  const done = await api(await as(people.organiser), 'POST', `/tasks/${allocate.id}/complete`, { values: { allocation: allocationOf(districts) } });
  if (done.status !== 200) throw new Error(`allocation refused: ${done.status} ${JSON.stringify(done.body)}`);
  for (const who of people.approvers) {
    const signOff = await openTaskOf(client, who, eventId);
    const approved = await api(await as(who), 'POST', `/tasks/${signOff.id}/approve`, { comment: '同意' });
    if (approved.status !== 200) throw new Error(`${who} could not approve: ${approved.status} ${JSON.stringify(approved.body)}`);
  }
  await until('the notice of the targets', async () => {
    const { body } = await api<{ state: { notices: { stepId: string }[] } }>(await as(people.organiser), 'GET', `/events/${eventId}`);
    return body.state.notices.some((n) => n.stepId === 'issue-targets') || undefined;
  });
  // Once every district has signed for the notice the allocation event is done (the batch takes 50 at most).
  for (let i = 0; i < districts.length; i += 20) {
    const items = districts.slice(i, i + 20).map((unitCode) => ({ eventId, stepId: 'issue-targets', unitCode }));
    const signed = await api(await as('admin'), 'POST', '/notices/acknowledge', { items });
    if (signed.status !== 200) throw new Error(`receipts refused: ${signed.status} ${JSON.stringify(signed.body)}`);
  }
  await until('the campaign running', async () => {
    const d = await detail();
    return d.status !== 'allocating' && d.units.length === districts.length ? d : undefined;
  });
  return { allocationEventId: eventId, districts };
}
