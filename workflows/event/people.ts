// Who does the work and who signs it off: the template's party references resolved to people
// through the organisation directory.
import type { Person } from '../event-model';
import type { PartyRef } from '../template-types';
import { acts } from './activity-stubs';
import type { EventRun } from './run-state';

/** Who someone is, without what the API knew of their login (roles, admin). */
export const person = (p: Person): Person => ({ id: p.id, displayName: p.displayName });

export const uniquePeople = (list: Person[]): Person[] => [...new Map(list.map((p) => [p.id, person(p)])).values()];

export async function resolvePeople(run: EventRun, refs: PartyRef[]): Promise<Person[][]> {
  return acts.resolveParties({ refs, leadUnit: run.input.leadUnit, organiserId: run.input.organiser.id });
}
