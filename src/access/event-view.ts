// What one caller may see of one event, and the event's shapes (its state, live or from the read
// model in the same shape; audit; task; receipt roll-up) cut down to it: the outline for everyone
// signed in; form values, comments and receipts as the policy's read actions say; personal fields
// masked unless personal.read holds.
import type { EventState, NoticeState, TaskState } from '../../workflows/event-model';
import type { EventTemplate, Step } from '../../workflows/template-types';
import type { AuthUser } from '../auth/auth-user';
import { permits, unitsAnsweredFor, type AccessResource } from './access.policy';
import { maskValues, type TemplatePersonalFields } from './personal-data';
import { reviewedSteps } from '../tasks/review-scope';

export interface EventFacts {
  id: string;
  organiserId: string;
  leadUnit: string;
  templateCode: string;
  templateVersion: number;
}

/** Who took part in one task of a step: its assignees, actor, submitter, delegations' people. */
export interface StepPeople {
  stepId: string;
  people: string[];
  /** Who wrote its values (the actor of a completed task). */
  writers: string[];
}

export type Values = Record<string, unknown>;

/** How much of the event's content the caller sees; the web app shapes its tabs on it. */
export interface EventVisibility {
  /** all: every step's content (managers, leaders); some: the steps they take part in; none. */
  details: 'all' | 'some' | 'none';
  /** Steps whose form values and comments are shown. */
  stepsWithDetails: string[];
  /** all: every unit's receipt; own: the caller's units' only; status: every unit's status, no values; none. */
  receipts: 'all' | 'own' | 'status' | 'none';
  /** Personal fields are shown masked to this caller (some or all of them). */
  personalMasked: boolean;
}

function collectSubjects(steps: Step[], into: Map<string, string>): Map<string, string> {
  for (const s of steps) {
    if (s.type === 'approval') into.set(s.id, s.subject);
    if (s.type === 'parallel') s.branches.forEach((b) => collectSubjects(b.steps, into));
  }
  return into;
}

export class EventView {
  private readonly participants = new Map<string, Set<string>>();
  private readonly writers = new Map<string, Set<string>>();
  /** Steps the caller was copied on (抄送), with the sign-offs of a copied submission and the submission of a copied sign-off. */
  private readonly copied = new Set<string>();
  private readonly base: AccessResource;
  readonly all: boolean;
  private readonly allReceipts: boolean;
  private readonly receiptStatuses: boolean;

  constructor(
    private readonly user: AuthUser,
    readonly event: EventFacts,
    template: EventTemplate | undefined,
    people: StepPeople[],
    private readonly personal: TemplatePersonalFields,
    ccSteps: string[] = [],
  ) {
    // An approval's approvers review its subject step: they see what they sign.
    const subjectOf = collectSubjects(template?.steps ?? [], new Map());
    const add = (map: Map<string, Set<string>>, stepId: string, ids: string[]) => {
      const set = map.get(stepId) ?? new Set<string>();
      ids.forEach((id) => set.add(id));
      map.set(stepId, set);
    };
    for (const p of people) {
      add(this.participants, p.stepId, p.people);
      add(this.writers, p.stepId, p.writers);
      // ...and the work reviewed with it: for 方案审批, the budget, venue and guests beside the plan.
      if (template && subjectOf.has(p.stepId)) for (const reviewed of reviewedSteps(template, p.stepId)) add(this.participants, reviewed, p.people);
    }
    for (const stepId of ccSteps) {
      this.copied.add(stepId);
      for (const [approval, subject] of subjectOf) {
        if (approval === stepId) this.copied.add(subject);
        if (subject === stepId) this.copied.add(approval);
      }
    }
    this.base = { event: { organiserId: event.organiserId, leadUnit: event.leadUnit } };
    this.all = permits(user, 'event.read-details', this.base);
    this.allReceipts = this.all;
    this.receiptStatuses = permits(user, 'receipts.read', this.base);
  }

  /** Who takes part in the step: its tasks' people, and the approvers who sign it off. */
  participantsOf(stepId: string): string[] {
    return [...(this.participants.get(stepId) ?? [])];
  }

  /** Was the caller copied (抄送) on the step? */
  copiedOn(stepId: string): boolean {
    return this.copied.has(stepId);
  }

  canReadStep(stepId: string): boolean {
    return (
      this.all ||
      permits(this.user, 'step.read-details', {
        ...this.base,
        stepParticipantIds: [...(this.participants.get(stepId) ?? [])],
        ccRecipientIds: this.copied.has(stepId) ? [this.user.id] : [],
      })
    );
  }

  /** Is the unit's receipt listed at all (status, who acknowledged)? */
  listsReceipt(unitCode: string): boolean {
    return this.receiptStatuses || this.canReadReceipt(unitCode);
  }

  canReadReceipt(unitCode: string): boolean {
    return this.allReceipts || permits(this.user, 'receipt.read-values', { ...this.base, unitCode });
  }

  /** A step's values as the caller may see them; undefined when withheld. */
  stepValues(stepId: string, values: Values | null | undefined, writers: string[] = []): Values | undefined {
    if (!values || !this.canReadStep(stepId)) return undefined;
    const fields = this.personal.steps.get(stepId);
    const writerIds = [...writers, ...(this.writers.get(stepId) ?? [])];
    if (permits(this.user, 'personal.read', { ...this.base, writerIds })) return values;
    return maskValues(values, fields);
  }

  receiptValues(noticeStepId: string, unitCode: string, values: Values | null | undefined): Values | undefined {
    if (!values || !this.canReadReceipt(unitCode)) return undefined;
    if (permits(this.user, 'personal.read', { ...this.base, writerUnitCode: unitCode })) return values;
    return maskValues(values, this.personal.receipts.get(noticeStepId));
  }

  visibility(stepIds: string[]): EventVisibility {
    const readable = stepIds.filter((id) => this.canReadStep(id));
    const anyPersonal = this.personal.steps.size > 0 || this.personal.receipts.size > 0;
    return {
      details: this.all ? 'all' : readable.length ? 'some' : 'none',
      stepsWithDetails: readable,
      receipts: this.allReceipts ? 'all' : this.receiptStatuses ? 'status' : unitsAnsweredFor(this.user).length ? 'own' : 'none',
      personalMasked: anyPersonal && !permits(this.user, 'personal.read', this.base),
    };
  }
}

// ---- the shapes, cut down -------------------------------------------------------------------

const ids = (people: ({ id: string } | null | undefined)[] | undefined): string[] => (people ?? []).filter((p): p is { id: string } => !!p).map((p) => p.id);

/** Who took part in each task of the live state. */
export function peopleOfState(state: Pick<EventState, 'tasks'>): StepPeople[] {
  return state.tasks.map((t) => ({
    stepId: t.stepId,
    people: [...ids(t.assignees), ...ids([t.actedBy, t.submitter]), ...(t.delegations ?? []).flatMap((d) => ids([d.from, d.to]))],
    writers: t.kind !== 'sign-off' ? ids([t.actedBy]) : [],
  }));
}

export interface TaskRowPeople {
  step_id: string;
  kind: string;
  assignee_ids: string[];
  acted_by: { id: string } | null;
  submitter_id: string | null;
  delegations: { from?: { id: string }; to?: { id: string } }[] | null;
}

/** Who took part in each task row of the read model. */
export function peopleOfRows(rows: TaskRowPeople[]): StepPeople[] {
  return rows.map((t) => ({
    stepId: t.step_id,
    people: [...t.assignee_ids, ...ids([t.acted_by]), ...(t.submitter_id ? [t.submitter_id] : []), ...(t.delegations ?? []).flatMap((d) => ids([d.from, d.to]))],
    writers: t.kind !== 'sign-off' ? ids([t.acted_by]) : [],
  }));
}

/** A task as the caller sees it: values, comment and delegation comments only where the step is readable. */
export function redactTask<T extends Pick<TaskState, 'stepId' | 'values' | 'comment' | 'delegations' | 'actedBy'>>(t: T, view: EventView): T {
  const readable = view.canReadStep(t.stepId);
  const { values, comment, ...rest } = t;
  const shown = view.stepValues(t.stepId, values, ids([t.actedBy]));
  return {
    ...rest,
    ...(shown ? { values: shown } : {}),
    ...(readable && comment !== undefined ? { comment } : {}),
    ...(t.delegations ? { delegations: t.delegations.map(({ comment: c, ...d }) => (readable && c !== undefined ? { ...d, comment: c } : d)) } : {}),
  } as T;
}

export function redactNotice(n: NoticeState, view: EventView): NoticeState {
  if (!n.receipts) return n;
  return {
    ...n,
    receipts: n.receipts
      .filter((r) => view.listsReceipt(r.unitCode))
      .map(({ values, ...r }) => {
        const shown = view.receiptValues(n.stepId, r.unitCode, values);
        return shown ? { ...r, values: shown } : r;
      }),
  };
}

/** The workflow's live state for the caller. */
export function redactState(state: EventState, view: EventView): EventState {
  const values: EventState['values'] = {};
  for (const [stepId, v] of Object.entries(state.values)) {
    const shown = view.stepValues(stepId, v);
    if (shown) values[stepId] = shown;
  }
  return { ...state, tasks: state.tasks.map((t) => redactTask(t, view)), notices: state.notices.map((n) => redactNotice(n, view)), values };
}

export interface AuditRow {
  action: string;
  stepId: string | null;
  actorId: string | null;
  before: unknown;
  after: unknown;
  comment: string | null;
}

/** Audit entries that carry content: form values in `after`, opinions in `comment`. */
const VALUES_AFTER = new Set(['task.completed', 'report.submitted']);

/** The audit trail for the caller: form values, receipt values and opinions where they may see them. */
export function redactAudit<T extends AuditRow>(rows: T[], view: EventView): T[] {
  return rows.map((row) => {
    const stepId = row.stepId ?? '';
    const readable = row.stepId === null || view.canReadStep(stepId);
    if (VALUES_AFTER.has(row.action)) {
      const after = view.stepValues(stepId, row.after as Values | null, row.actorId ? [row.actorId] : []);
      return { ...row, after: after ?? null, comment: readable ? row.comment : null };
    }
    if (row.action === 'notice.acknowledged') {
      const { unitCode, values } = (row.after ?? {}) as { unitCode?: string; values?: Values };
      const shown = unitCode ? view.receiptValues(stepId, unitCode, values) : undefined;
      return { ...row, after: { unitCode, ...(shown ? { values: shown } : {}) } };
    }
    return { ...row, comment: readable ? row.comment : null };
  });
}
