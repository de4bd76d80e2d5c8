// What an event copied at its start from an earlier event (M2 ← A1's honourees), and how it lands in
// the form that reads it. Plain data and pure functions: the task page and the event page share them.
import type { EventTemplate, LocalizedText, Step } from '../../workflows/template-types';

/** The earlier event a new one reads from, as a person recognises it: its title and the document it issued. */
export interface HandoffSource {
  template: string;
  templateName: LocalizedText;
  eventId: string;
  title: string;
  startsAt: string;
  /** The China year the source starts in, and whether it is the reading event's: if not, no event of that year was ready and the reader should check. */
  year: number;
  sameYear: boolean;
  /** The step after which the values are final (A1: 印发表彰决定), and the notice it issued, if it is one. */
  after: { stepId: string; name: LocalizedText };
  docNumber: string | null;
  noticeSubject: LocalizedText | null;
}

/** Values copied from one source event: value name (as the source provides it) → value. */
export interface Handoff {
  source: HandoffSource;
  values: Record<string, unknown>;
  /** Set once stored with the new event. */
  copiedAt: string | null;
}

/** What a lens shows of one step's values (the caller's view of the event). */
export interface StepLens {
  canReadStep(stepId: string): boolean;
  stepValues(stepId: string, values: Record<string, unknown> | null | undefined): Record<string, unknown> | undefined;
}

/** The copies as the caller may see them: each value as the step that reads it is shown to them, or left out. */
export function handoffsAsSeen(template: EventTemplate, handoffs: readonly Handoff[], lens: StepLens): Handoff[] {
  return handoffs.map((h) => {
    const values: Record<string, unknown> = {};
    for (const read of (template.reads ?? []).filter((r) => r.from === h.source.template && r.value in h.values)) {
      if (!lens.canReadStep(read.into.step)) continue;
      const shown = lens.stepValues(read.into.step, { [read.into.field]: h.values[read.value] });
      if (shown && read.into.field in shown) values[read.value] = shown[read.into.field];
    }
    return { ...h, values };
  });
}

/** A task's starting values from what its event copied at start: form field → value, and the events they came from. */
export function handedOnTo(template: EventTemplate, step: Step, handoffs: readonly Handoff[]): { values: Record<string, unknown>; from: HandoffSource[] } | undefined {
  const values: Record<string, unknown> = {};
  const from: HandoffSource[] = [];
  for (const read of template.reads ?? []) {
    if (read.into.step !== step.id) continue;
    const handoff = handoffs.find((h) => h.source.template === read.from);
    if (!handoff || !(read.value in handoff.values)) continue;
    values[read.into.field] = handoff.values[read.value];
    if (!from.includes(handoff.source)) from.push(handoff.source);
  }
  return from.length ? { values, from } : undefined;
}
