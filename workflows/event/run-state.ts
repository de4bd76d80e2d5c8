// The live state of one event run and every change to it. Only this class moves the counters the
// rest of the run watches: `changes` (what the read model has yet to see) and `planVersion` (what
// changes the reminders owed); callers say what happened, never bump a counter themselves.
import { upsertSearchAttributes, uuid4 } from '@temporalio/workflow';
import type { AddedSignerPosition, AuditEntry, EventSchedule, EventState, EventWorkflowInput, NoticeState, Person, ReceiptState, StepState, TaskState } from '../event-model';
import type { FormValues } from '../forms';
import { EVENT_DATE, EVENT_STATUS } from '../search-attributes';
import type { EventTemplate, RelativeTime, Step } from '../template-types';
import type { WorkingCalendar } from '../working-calendar';
import { addOffsetInForce, type CalendarPeriod } from '../working-days';
import { isoOrNull, nowIso } from './clock';
import { person } from './people';
import { ReadModelChanges } from './sync';
import { findReceipt } from './validators';

type NewTask = Omit<TaskState, 'id' | 'createdAt' | 'status'> & { status?: TaskState['status'] };

export class EventRun {
  readonly template: EventTemplate;
  readonly state: EventState;
  readonly stepDefs = new Map<string, Step>();

  /** A cancellation has been accepted (its notice may still be on its way). */
  cancelling = false;
  /** Cancels the scope the steps run in (runs started before it existed stop at their next wait instead). */
  stopSteps?: () => void;
  /** Notices being delivered in the scope: a cancellation tells everyone only once they are known (a parallel branch may still be sending one). */
  deliveriesInFlight = 0;
  /** Runs started before separation of duties replay without it (set once, at the start of the run). */
  separateDuties = false;
  /** The run has ended: the loops beside the steps finish. */
  finished = false;

  /** Bumped by every change of date: date-relative timers recompute their target, invitations their SEQUENCE. */
  scheduleVersion = 0;
  /**
   * The working-day calendars the run has counted by, each from when it took effect; runs started
   * without one count by the table compiled into working-days.ts until an admin's change reaches them.
   */
  readonly calendars: CalendarPeriod[];
  /** When the event's date was last set: reminders that were already due then are not owed. */
  scheduleSetAt = Date.now();
  /** Changes of date so far (改期, 延期, 恢复), for their limit. */
  dateChanges = 0;
  /** What the last change of date moved. */
  lastMoves: EventSchedule['moved'] = [];

  /** Approval steps whose submitter asked to withdraw the submission. */
  readonly withdrawals = new Map<string, { actor: Person; comment?: string }>();
  readonly sentReminders = new Set<string>();
  /** The last manual 催办 of each target, for the rate limit. */
  readonly lastUrged = new Map<string, number>();
  /** When each manual 催办 of this event was sent, for the daily bound. */
  readonly urgedAt: number[] = [];
  private urgeCount = 0;
  private ccCount = 0;

  /** How each open task's deadline is defined, to recompute it when the date moves (or to preview a move). */
  readonly dueSpecs = new Map<string, { due: RelativeTime; stepStartMs: number }>();

  /** What the read model has yet to be told. */
  readonly changes = new ReadModelChanges();
  private replanSeq = 0;

  constructor(readonly input: EventWorkflowInput) {
    this.template = input.template;
    this.calendars = [{ calendar: input.calendar, since: -Infinity }];
    this.state = {
      eventId: input.eventId,
      title: input.title,
      templateCode: input.template.code,
      templateVersion: input.template.version,
      leadUnit: input.leadUnit,
      organiser: input.organiser,
      status: 'active',
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      venue: input.venue,
      participants: input.participants ?? [],
      steps: [],
      tasks: [],
      notices: [],
      values: {},
    };
    this.collect(input.template.steps);
  }

  private collect(steps: Step[], parentId?: string): void {
    for (const step of steps) {
      this.stepDefs.set(step.id, step);
      this.state.steps.push({ id: step.id, type: step.type, name: step.name, parentId, position: this.state.steps.length, status: 'pending', round: 0 });
      if (step.type === 'parallel') for (const b of step.branches) this.collect(b.steps, step.id);
    }
  }

  stepState(id: string): StepState {
    return this.state.steps.find((s) => s.id === id)!;
  }
  task(id: string): TaskState | undefined {
    return this.state.tasks.find((t) => t.id === id);
  }
  /** The receipt a unit owes for the latest round of a notice. */
  receipt(stepId: string, unitCode: string): ReceiptState | undefined {
    return findReceipt(this.state, stepId, unitCode);
  }
  latestNotice(stepId: string): NoticeState | undefined {
    return this.state.notices.filter((n) => n.stepId === stepId).pop();
  }

  /** Changes that alter the reminders owed; the reminder loop wakes on a new version. */
  get planVersion(): number {
    return this.replanSeq;
  }
  private replan(): void {
    this.replanSeq++;
  }

  // ---- the read model ------------------------------------------------------------------------
  changed(what: { step?: string; task?: string; notice?: string } = {}): void {
    this.changes.mark(what);
  }
  audit(entry: Omit<AuditEntry, 'id' | 'seq' | 'at'>): void {
    this.changes.audit({ ...entry, actor: entry.actor && person(entry.actor) });
  }
  publishStatus(): void {
    upsertSearchAttributes([
      { key: EVENT_STATUS, value: this.state.status },
      { key: EVENT_DATE, value: new Date(this.state.startsAt) },
    ]);
  }

  // ---- time ------------------------------------------------------------------------------------
  /** The instant a relative time points at now, or null while the event's date is to be decided. */
  resolveTime(rt: RelativeTime, stepStartMs: number): number | null {
    if (rt.anchor === 'stepStart') return addOffsetInForce(stepStartMs, rt.offset, this.calendars);
    if (this.state.status === 'postponed') return null;
    return addOffsetInForce(Date.parse(rt.anchor === 'eventStart' ? this.state.startsAt : this.state.endsAt), rt.offset, this.calendars);
  }
  /** The working-day calendar in force now (undefined: the compiled table). */
  get calendar(): WorkingCalendar | undefined {
    return this.calendars[this.calendars.length - 1].calendar;
  }
  /** Changes whenever a deadline may have moved (a new date, a new calendar): the clocks recompute their target. */
  get clockVersion(): number {
    return this.scheduleVersion + this.calendars.length - 1;
  }
  /**
   * An admin's new calendar, in force from now: every deadline still ahead is counted again on it
   * from its same anchor; those already passed stay (addOffsetInForce). The event's date does not move.
   */
  changeCalendar(calendar: WorkingCalendar): void {
    this.calendars.push({ calendar, since: Date.now() });
    this.replan();
    for (const [id, spec] of this.dueSpecs) {
      const t = this.task(id)!;
      const dueAt = isoOrNull(this.resolveTime(spec.due, spec.stepStartMs));
      if (t.dueAt === dueAt) continue;
      t.dueAt = dueAt;
      this.changed({ task: id });
    }
  }

  // ---- steps -----------------------------------------------------------------------------------
  startStep(id: string): StepState {
    const s = this.stepState(id);
    s.status = 'active';
    s.round += 1;
    s.startedAt = nowIso();
    s.finishedAt = undefined;
    this.changed({ step: id });
    return s;
  }
  finishStep(id: string, status: 'done' | 'skipped' = 'done'): void {
    const s = this.stepState(id);
    s.status = status;
    s.finishedAt = nowIso();
    this.changed({ step: id });
  }
  /** The step stays open after its work (a report while its sign-off runs). */
  reopenStep(id: string): void {
    this.stepState(id).status = 'active';
    this.changed({ step: id });
  }
  /** A resubmission runs the chain again: 第二轮. */
  nextRound(stepId: string): void {
    this.stepState(stepId).round += 1;
    this.changed({ step: stepId });
  }
  /** Where a wait step or a notice's receipts stand now. */
  setUntil(stepId: string, iso: string | null): void {
    const s = this.stepState(stepId);
    if (s.until === iso) return;
    s.until = iso;
    this.changed({ step: stepId });
  }
  recordValues(stepId: string, values: FormValues | undefined): void {
    this.state.values[stepId] = values ?? {};
  }

  // ---- tasks -----------------------------------------------------------------------------------
  openTask(t: NewTask, due?: RelativeTime, stepStartMs = Date.now()): TaskState {
    const created: TaskState = { id: uuid4(), createdAt: nowIso(), status: 'open', ...t };
    if (due) {
      this.dueSpecs.set(created.id, { due, stepStartMs });
      created.dueAt = isoOrNull(this.resolveTime(due, stepStartMs));
    }
    this.state.tasks.push(created);
    this.replan();
    this.changed({ task: created.id });
    return created;
  }
  /** A sequential level's next approver: their turn now, and the SLA counts from here. */
  takeTurn(t: TaskState): void {
    t.status = 'open';
    t.createdAt = nowIso();
    this.replan();
    const spec = this.dueSpecs.get(t.id);
    if (spec) {
      spec.stepStartMs = Date.now();
      t.dueAt = isoOrNull(this.resolveTime(spec.due, spec.stepStartMs));
    }
    this.changed({ task: t.id });
  }
  closeTask(t: TaskState, status: TaskState['status'], by?: Person, comment?: string): void {
    t.status = status;
    t.closedAt = nowIso();
    if (by) t.actedBy = person(by);
    if (comment) t.comment = comment;
    this.dueSpecs.delete(t.id);
    this.replan();
    this.changed({ task: t.id });
  }
  completeTask(t: TaskState, by: Person, values: FormValues): void {
    t.values = values;
    this.closeTask(t, 'completed', by);
  }
  /** 转交: the task is someone else's now; `by` an administrator reassigning it. */
  handOver(t: TaskState, from: Person, to: Person, by: Person | undefined, comment?: string): void {
    t.assignees = [person(to)];
    this.replan();
    t.delegations = [...(t.delegations ?? []), { from, to: person(to), ...(by ? { by } : {}), at: nowIso(), comment }];
    this.changed({ task: t.id });
  }
  /**
   * 加签: a sign-off for `signer` in `t`'s slot, with `t`'s deadline rule. Before: theirs opens now and
   * `t` waits until they approved; after: theirs waits until `t` is approved.
   */
  addSigner(t: TaskState, signer: Person, how: AddedSignerPosition, by: Person): TaskState {
    const added = this.openTask(
      {
        stepId: t.stepId,
        kind: 'sign-off',
        round: t.round,
        name: t.name,
        assignees: [person(signer)],
        post: {},
        pool: [person(signer)],
        level: t.level,
        levelName: t.levelName,
        mode: t.mode,
        submitter: t.submitter,
        subjectTaskId: t.subjectTaskId,
        addedBy: person(by),
        addedHow: how,
        addedFor: t.id,
        status: how === 'before' ? 'open' : 'waiting',
      },
      this.dueSpecs.get(t.id)?.due,
    );
    if (how === 'before') {
      t.status = 'waiting';
      this.replan();
      this.changed({ task: t.id });
    }
    return added;
  }
  /** The key of the next 抄送 of this run: its notifications are written once however often the activity runs. */
  nextCcKey(): string {
    return `cc:${this.state.eventId}:${++this.ccCount}`;
  }
  withdraw(stepId: string, actor: Person, comment?: string): void {
    this.withdrawals.set(stepId, { actor, comment });
    this.changed();
  }
  recomputeDeadlines(): void {
    this.replan();
    for (const [id, spec] of this.dueSpecs) {
      this.task(id)!.dueAt = isoOrNull(this.resolveTime(spec.due, spec.stepStartMs));
      this.changed({ task: id });
    }
  }

  // ---- notices ---------------------------------------------------------------------------------
  addNotice(notice: NoticeState): void {
    this.state.notices.push(notice);
    this.replan();
    this.changed({ notice: notice.noticeId });
  }
  setReceiptsDue(notice: NoticeState, iso: string | null): void {
    if (notice.receiptsDueAt === iso) return;
    notice.receiptsDueAt = iso;
    this.replan();
    this.stepState(notice.stepId).until = iso;
    this.changed({ notice: notice.noticeId, step: notice.stepId });
  }
  acknowledge(notice: NoticeState, receipt: ReceiptState, by: Person, values: FormValues | undefined): void {
    receipt.status = 'acknowledged';
    receipt.acknowledgedBy = person(by);
    receipt.acknowledgedAt = nowIso();
    // Late 签收 still counts; the roll-up shows it was late.
    receipt.late = notice.receiptsDueAt ? Date.now() > Date.parse(notice.receiptsDueAt) : false;
    receipt.values = values;
    this.replan();
    this.changed({ notice: notice.noticeId });
  }
  /** A manual 催办 of a target: noted for the rate limits; the key of its message. */
  urged(target: string): string {
    this.lastUrged.set(target, Date.now());
    this.urgedAt.push(Date.now());
    return `urge:${target}:${++this.urgeCount}`;
  }

  // ---- the event's date and status -------------------------------------------------------------
  setDates(startsAt: string, endsAt: string | undefined): void {
    const s = this.state;
    const duration = Date.parse(s.endsAt) - Date.parse(s.startsAt);
    s.startsAt = new Date(Date.parse(startsAt)).toISOString();
    s.endsAt = endsAt ? new Date(Date.parse(endsAt)).toISOString() : new Date(Date.parse(startsAt) + duration).toISOString();
    s.status = 'active';
    s.postponedAt = undefined;
    this.scheduleVersion++;
    this.scheduleSetAt = Date.now();
    this.recomputeDeadlines();
    this.dateChanges++;
  }
  postpone(): void {
    this.state.status = 'postponed';
    this.state.postponedAt = nowIso();
    this.scheduleVersion++;
    this.recomputeDeadlines();
    this.dateChanges++;
  }
  /** The event is done: archived, and so in the search attributes and the audit trail, after `stepId` (the report) if any. */
  archive(stepId?: string): void {
    this.state.status = 'archived';
    this.state.archivedAt = nowIso();
    this.replan();
    this.publishStatus();
    this.audit({ action: 'event.archived', stepId });
  }
  acceptCancellation(reason: string): void {
    this.state.cancelReason = reason;
    this.cancelling = true;
    this.stopSteps?.();
  }
  /** The cancellation's turn: what is open now is what it closes; its CANCEL supersedes every invitation sent before it. */
  beginClosing(): TaskState[] {
    this.scheduleVersion++;
    return this.state.tasks.filter((t) => t.status === 'open' || t.status === 'waiting');
  }
  /** After the CANCEL went out: what was open is closed, what was to come will not. */
  closeCancelled(openTasks: TaskState[]): void {
    for (const t of openTasks) this.closeTask(t, 'cancelled');
    for (const s of this.state.steps) {
      if (s.status === 'active' || s.status === 'pending') {
        s.status = 'cancelled';
        this.changed({ step: s.id });
      }
    }
    this.state.status = 'cancelled';
  }
}
