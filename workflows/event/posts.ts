// The posts (职务) a task is held in, from the template's party references: they decide whom a task
// may be handed to (转交). Pure: the validators use them too.
import type { TaskPost } from '../event-model';
import type { PartyRef } from '../template-types';

const unitOf = (ref: string, leadUnit: string) => (ref === '$lead' ? leadUnit : ref);

/** The post a sign-off slot names: who could hold it (转交 goes only to them or the pool). */
export function signOffPost(ref: PartyRef, leadUnit: string): TaskPost {
  if ('inChargeOf' in ref) return { role: 'vice-chair', inChargeOf: unitOf(ref.inChargeOf, leadUnit) };
  if ('unit' in ref) return { role: ref.role, unitCode: unitOf(ref.unit, leadUnit) };
  if ('role' in ref) return { role: ref.role };
  return {}; // a named person or the organiser: the pool only
}

/** Work is done for a unit: the one its assignee's role is named in, else the lead department. */
export function workPost(ref: PartyRef, leadUnit: string): TaskPost {
  return { unitCode: 'unit' in ref ? unitOf(ref.unit, leadUnit) : leadUnit };
}
