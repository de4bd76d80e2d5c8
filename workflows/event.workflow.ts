// The one interpreter that runs every event template: it walks the template's steps (tasks,
// sign-off chains, notices, waits, parallel groups, the report), answers human actions through
// validated Updates, keeps date-relative deadlines in step with the event's date, and mirrors what
// happens into the read model through an activity.
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import type { EventActivities } from '../activities/event.activities';
import { addOffset } from './calendar';
import { delegationRefusal } from './delegation';
import {
  acknowledgeUpdate,
  approveUpdate,
  cancelUpdate,
  completeTaskUpdate,
  delegateUpdate,
  postponeUpdate,
  rejectUpdate,
  rescheduleUpdate,
  resumeUpdate,
  scheduleQuery,
  stateQuery,
  urgeUpdate,
  withdrawUpdate,
  type Actor,
  type AuditEntry,
  type EventSchedule,
  type EventState,
  type EventWorkflowInput,
  type NoticeState,
  type Person,
  type ReceiptState,
  type RefusalKind,
  type DelegateInput,
  type RescheduleInput,
  type StepState,
  type TaskKind,
  type TaskPost,
  type TaskState,
} from './event-model';
import { reportForm, validateForm, type FieldError } from './forms';
import { EVENT_DATE, EVENT_STATUS, LEAD_UNIT, TEMPLATE_CODE } from './search-attributes';
import type {
  ApprovalStep,
  NotifyStep,
  PartyRef,
  RelativeTime,
  ReportStep,
  SignOffLevel,
  Step,
  TaskStep,
} from './template-types';
import { calendarUid, type CalendarPayload } from '../activities/notifications/calendar-payload';
import { fillBoth, formatDateTime } from './text';
import { pendingReminders, plannedReminders, type Reminder, type ReminderContext } from './reminders';

const acts = proxyActivities<EventActivities>({
  startToCloseTimeout: '1 minute',
  // A database or mail server outage is waited out, not given up on; a unit or user the directory
  // does not know will not appear by retrying.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['DirectoryError'] },
});

/** Who someone is, without what the API knew of their login (roles, admin). */
const person = (p: Person): Person => ({ id: p.id, displayName: p.displayName });

/** Manual 催办 of one task or unit: at most once an hour. */
const URGE_INTERVAL_MS = 3600_000;
/**
 * Manual 催办 of one event, all targets together, in any 24 hours: enough to urge each of the 43
 * recipient units twice in a day, far short of what a script sends.
 */
const MAX_URGES_PER_DAY = 100;
/**
 * Changes of date (改期, 延期, 恢复) one event may have. The seed's M1 was postponed once and resumed;
 * an event moved twenty times is a script or a mistake, and each change reaches every participant.
 */
const MAX_DATE_CHANGES = 20;
/** How far up the line (上级) a sign-off looks for someone not barred from it. */
const MAX_STAND_IN_HOPS = 4;

/** Thrown inside the step runners once the event is cancelled; caught at the top. */
class EventCancelled extends Error {}

function refuse(kind: RefusalKind, zh: string, en: string, details?: FieldError[]): never {
  throw ApplicationFailure.create({
    type: kind,
    message: `${zh} / ${en}`,
    nonRetryable: true,
    details: details ? [details] : undefined,
  });
}

export async function eventWorkflow(input: EventWorkflowInput): Promise<EventState> {
  const { template } = input;
  const nowIso = () => new Date(Date.now()).toISOString();

  // ---- state -------------------------------------------------------------------------------
  const stepDefs = new Map<string, Step>();
  const state: EventState = {
    eventId: input.eventId,
    title: input.title,
    templateCode: template.code,
    templateVersion: template.version,
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
  const collect = (steps: Step[], parentId?: string) => {
    for (const step of steps) {
      stepDefs.set(step.id, step);
      state.steps.push({ id: step.id, type: step.type, name: step.name, parentId, position: state.steps.length, status: 'pending', round: 0 });
      if (step.type === 'parallel') for (const b of step.branches) collect(b.steps, step.id);
    }
  };
  collect(template.steps);
  const stepState = (id: string) => state.steps.find((s) => s.id === id)!;
  const task = (id: string) => state.tasks.find((t) => t.id === id);

  let cancelled = false;
  /** Runs started before separation of duties replay without it (set once, at the start of the run). */
  let separateDuties = false;
  /** Bumped by every change of date: date-relative timers recompute their target. */
  let scheduleVersion = 0;
  /** Approval steps whose submitter asked to withdraw the submission. */
  const withdrawals = new Map<string, { actor: Person; comment?: string }>();
  /** When the event's date was last set: reminders that were already due then are not owed. */
  let scheduleSetAt = Date.now();
  const sentReminders = new Set<string>();
  let lastMoves: EventSchedule['moved'] = [];
  /** The last manual 催办 of each target, for the rate limit. */
  const lastUrged = new Map<string, number>();
  let urgeCount = 0;
  /** When each manual 催办 of this event was sent, for the daily bound. */
  const urgedAt: number[] = [];
  /** Changes of date so far, for MAX_DATE_CHANGES. */
  let dateChanges = 0;
  /** A change of date people have not been told of yet, and when its window closes. */
  let dateNotice: { dueAt: number; reason?: string } | undefined;
  let flushDateNotice = false;
  let tellingDate = false;
  /** The date people were last told: a burst of changes that ends where it began is no news. */
  let toldDate = { status: 'active' as EventState['status'], startsAt: input.startsAt, endsAt: input.endsAt };
  /** How each open task's deadline is defined, to recompute it when the date moves. */
  const dueSpecs = new Map<string, { due: RelativeTime; stepStartMs: number }>();

  // ---- the read model, kept in step through one activity at a time --------------------------
  let changeSeq = 0;
  /** Bumped by what changes the reminders owed: tasks opening or closing, dates, receipts, the event's status. */
  let replanSeq = 0;
  let syncedSeq = 0;
  let finished = false;
  const dirtySteps = new Set<string>();
  const dirtyTasks = new Set<string>();
  const dirtyNotices = new Set<string>();
  const auditQueue: AuditEntry[] = [];
  const changed = (what: { step?: string; task?: string; notice?: string } = {}) => {
    if (what.step) dirtySteps.add(what.step);
    if (what.task) dirtyTasks.add(what.task);
    if (what.notice) dirtyNotices.add(what.notice);
    changeSeq++;
  };
  let auditSeq = 0;
  const audit = (entry: Omit<AuditEntry, 'id' | 'seq' | 'at'>) => {
    auditQueue.push({ id: uuid4(), seq: ++auditSeq, at: nowIso(), ...entry, actor: entry.actor && person(entry.actor) });
    changed();
  };
  const syncLoop = async () => {
    for (;;) {
      await condition(() => changeSeq > syncedSeq || finished);
      if (changeSeq === syncedSeq) return;
      const upTo = changeSeq;
      const batch = {
        event: header(),
        steps: [...dirtySteps].map(stepState),
        tasks: [...dirtyTasks].map((id) => task(id)!),
        notices: state.notices.filter((n) => dirtyNotices.has(n.noticeId)),
        audit: auditQueue.splice(0),
      };
      dirtySteps.clear();
      dirtyTasks.clear();
      dirtyNotices.clear();
      await acts.syncReadModel(batch);
      syncedSeq = upTo;
    }
  };
  /** Resolves once everything changed so far is in the read model: an action's answer reflects it. */
  const synced = async () => {
    const target = changeSeq;
    await condition(() => syncedSeq >= target);
  };
  const header = () => ({
    eventId: state.eventId,
    status: state.status,
    startsAt: state.startsAt,
    endsAt: state.endsAt,
    postponedAt: state.postponedAt ?? null,
    cancelReason: state.cancelReason ?? null,
    archivedAt: state.archivedAt ?? null,
    currentStepIds: state.steps.filter((s) => s.status === 'active').map((s) => s.id),
  });
  const publishStatus = () =>
    upsertSearchAttributes([
      { key: EVENT_STATUS, value: state.status },
      { key: EVENT_DATE, value: new Date(state.startsAt) },
    ]);

  // ---- time ----------------------------------------------------------------------------------
  /** The instant a relative time points at now, or null while the event's date is to be decided. */
  const resolveTime = (rt: RelativeTime, stepStartMs: number): number | null => {
    if (rt.anchor === 'stepStart') return addOffset(stepStartMs, rt.offset);
    if (state.status === 'postponed') return null;
    return addOffset(Date.parse(rt.anchor === 'eventStart' ? state.startsAt : state.endsAt), rt.offset);
  };
  const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

  /** Waits until a condition holds or an event-relative time comes, following every date change. */
  const waitUntil = async (rt: RelativeTime, stepStartMs: number, done: () => boolean = () => false, onTarget?: (iso: string | null) => void) => {
    for (;;) {
      if (cancelled) throw new EventCancelled();
      if (done()) return;
      const target = resolveTime(rt, stepStartMs);
      onTarget?.(isoOrNull(target));
      const seen = scheduleVersion;
      const wake = () => cancelled || done() || scheduleVersion !== seen;
      if (target === null) {
        await condition(wake); // postponed: the event's date is to be decided
        continue;
      }
      const ms = target - Date.now();
      if (ms <= 0) return;
      await condition(wake, ms);
    }
  };
  const waitFor = async (fn: () => boolean) => {
    await condition(() => cancelled || fn());
    if (cancelled) throw new EventCancelled();
  };

  // ---- people --------------------------------------------------------------------------------
  const partyContext = { leadUnit: input.leadUnit, organiserId: input.organiser.id };
  const resolvePeople = async (refs: PartyRef[]): Promise<Person[][]> => acts.resolveParties({ refs, ...partyContext });
  const unitOf = (ref: string) => (ref === '$lead' ? input.leadUnit : ref);
  /** The post a sign-off slot names: who could hold it (转交 goes only to them or the pool). */
  const signOffPost = (ref: PartyRef): TaskPost => {
    if ('inChargeOf' in ref) return { role: 'vice-chair', inChargeOf: unitOf(ref.inChargeOf) };
    if ('unit' in ref) return { role: ref.role, unitCode: unitOf(ref.unit) };
    if ('role' in ref) return { role: ref.role };
    return {}; // a named person or the organiser: the pool only
  };
  /** Work is done for a unit: the one its assignee's role is named in, else the lead department. */
  const workPost = (ref: PartyRef): TaskPost => ({ unitCode: 'unit' in ref ? unitOf(ref.unit) : input.leadUnit });
  const uniquePeople = (list: Person[]) => [...new Map(list.map((p) => [p.id, person(p)])).values()];

  // ---- tasks ---------------------------------------------------------------------------------
  const openTask = (t: Omit<TaskState, 'id' | 'createdAt' | 'status'> & { status?: TaskState['status'] }, due?: RelativeTime, stepStartMs = Date.now()): TaskState => {
    const created: TaskState = { id: uuid4(), createdAt: nowIso(), status: 'open', ...t };
    if (due) {
      dueSpecs.set(created.id, { due, stepStartMs });
      created.dueAt = isoOrNull(resolveTime(due, stepStartMs));
    }
    state.tasks.push(created);
    replanSeq++;
    changed({ task: created.id });
    return created;
  };
  const closeTask = (t: TaskState, status: TaskState['status'], by?: Person, comment?: string) => {
    t.status = status;
    t.closedAt = nowIso();
    if (by) t.actedBy = person(by);
    if (comment) t.comment = comment;
    dueSpecs.delete(t.id);
    replanSeq++;
    changed({ task: t.id });
  };
  const recomputeDeadlines = () => {
    replanSeq++;
    for (const [id, spec] of dueSpecs) {
      const t = task(id)!;
      t.dueAt = isoOrNull(resolveTime(spec.due, spec.stepStartMs));
      changed({ task: id });
    }
  };

  // ---- steps ---------------------------------------------------------------------------------
  const startStep = (id: string): StepState => {
    const s = stepState(id);
    s.status = 'active';
    s.round += 1;
    s.startedAt = nowIso();
    s.finishedAt = undefined;
    changed({ step: id });
    return s;
  };
  const finishStep = (id: string, status: 'done' | 'skipped' = 'done') => {
    const s = stepState(id);
    s.status = status;
    s.finishedAt = nowIso();
    changed({ step: id });
  };

  const conditionHolds = (step: Step): boolean => {
    if (!step.when) return true;
    const value = state.values[step.when.step]?.[step.when.field];
    if (step.when.equals !== undefined) return value === step.when.equals;
    if (step.when.notEquals !== undefined) return value !== step.when.notEquals;
    return true;
  };

  const runSequence = async (steps: Step[]) => {
    for (const step of steps) await runStep(step);
  };

  const runStep = async (step: Step): Promise<void> => {
    if (cancelled) throw new EventCancelled();
    if (!conditionHolds(step)) {
      finishStep(step.id, 'skipped');
      audit({ action: 'step.skipped', stepId: step.id, after: { when: step.when } });
      return;
    }
    switch (step.type) {
      case 'task':
        return runWorkStep(step, 'task');
      case 'report':
        return runReport(step);
      case 'approval':
        return runApproval(step);
      case 'notify':
        return runNotify(step);
      case 'wait': {
        const s = startStep(step.id);
        await waitUntil(step.until, Date.now(), undefined, (iso) => {
          if (s.until !== iso) {
            s.until = iso;
            changed({ step: step.id });
          }
        });
        finishStep(step.id);
        return;
      }
      case 'parallel': {
        startStep(step.id);
        await Promise.all(step.branches.map((b) => runSequence(b.steps)));
        finishStep(step.id);
        return;
      }
    }
  };

  /** A task or the report: assigned, completed by an assignee with the form's values. */
  const runWorkStep = async (step: TaskStep | ReportStep, kind: TaskKind, assignTo?: Person) => {
    const s = startStep(step.id);
    const [people] = assignTo ? [[assignTo]] : await resolvePeople([step.assignee]);
    const assignees = people.length ? people : [input.organiser];
    const t = openTask({ stepId: step.id, kind, round: s.round, name: step.name, assignees, post: workPost(step.assignee), pool: uniquePeople(assignees) }, step.due);
    await waitFor(() => t.status !== 'open');
    state.values[step.id] = t.values ?? {};
    finishStep(step.id);
  };

  const lastCompleted = (stepId: string) =>
    [...state.tasks].reverse().find((t) => t.stepId === stepId && t.status === 'completed');

  /** Runs a sign-off chain until it passes; each rejection or withdrawal sends the work back first. */
  const signOff = async (stepId: string, levels: SignOffLevel[], subjectId: string, sendBackTo: string) => {
    for (;;) {
      const subject = lastCompleted(subjectId);
      const submitter = subject?.actedBy ?? input.organiser;
      const outcome = await runChain(stepId, levels, submitter, subject?.id);
      if (outcome === 'approved') return;
      const back = stepDefs.get(outcome === 'withdrawn' ? subjectId : sendBackTo) as TaskStep | ReportStep;
      // The work goes back to whoever submitted it, for another round.
      await runWorkStep(back, back.type === 'report' ? 'report' : 'task', submitter);
      if (back.id !== stepId) {
        stepState(stepId).round += 1; // the resubmission runs the chain again: 第二轮
        changed({ step: stepId });
      }
    }
  };

  const runApproval = async (step: ApprovalStep) => {
    startStep(step.id);
    await signOff(step.id, step.levels, step.subject, step.onReject ?? step.subject);
    finishStep(step.id);
  };

  const runReport = async (step: ReportStep) => {
    await runWorkStep(step, 'report');
    stepState(step.id).status = 'active'; // still open while its sign-off runs
    changed({ step: step.id });
    await signOff(step.id, step.signOff.levels, step.id, step.id);
    finishStep(step.id);
    state.status = 'archived';
    state.archivedAt = nowIso();
    replanSeq++;
    publishStatus();
    audit({ action: 'event.archived', stepId: step.id });
  };

  /** One pass through the levels: 'approved', or how the pass ended early. */
  const runChain = async (stepId: string, levels: SignOffLevel[], submitter: Person, subjectTaskId?: string): Promise<'approved' | 'rejected' | 'withdrawn'> => {
    withdrawals.delete(stepId);
    const round = stepState(stepId).round;
    for (let level = 0; level < levels.length; level++) {
      const spec = levels[level];
      const slots = await resolvePeople(spec.approvers);
      const people: { assignees: Person[]; post: TaskPost; pool: Person[] }[] = [];
      // Separation of duties: whoever decided an earlier level of this round, or holds another slot
      // of this level, is left out too, so that no one decides twice in one round.
      const deciders = separateDuties ? decidersOf(stepId, round) : new Set<string>();
      const taken = new Set<string>();
      const barred = (p: Person) => p.id === submitter.id || (separateDuties && (deciders.has(p.id) || taken.has(p.id)));
      for (const [i, slot] of slots.entries()) {
        // Nobody signs off their own submission: their superior signs in their place.
        let holders = slot.filter((p) => !barred(p));
        if (!holders.length) {
          if (separateDuties) {
            // The superior of whoever is left out (the submitter when the post is vacant), and up
            // the line while that one is barred as well.
            let superior = await acts.superiorOf({ personId: (slot.find(barred) ?? submitter).id });
            for (let hop = 1; superior && barred(superior) && hop < MAX_STAND_IN_HOPS; hop++) superior = await acts.superiorOf({ personId: superior.id });
            holders = superior && !barred(superior) ? [superior] : [];
          } else {
            const superior = await acts.superiorOf({ personId: submitter.id });
            holders = superior ? [superior] : [];
          }
        }
        for (const p of holders) taken.add(p.id);
        if (holders.length) people.push({ assignees: holders, post: signOffPost(spec.approvers[i]), pool: uniquePeople([...slot, ...holders]) });
      }
      if (!people.length) {
        audit({ action: 'sign-off.level-skipped', stepId, comment: `${spec.name['zh-CN']}：无可审批人员 / no one can sign this level` });
        continue;
      }
      const sequential = spec.mode === 'sequential';
      const tasks = people.map(({ assignees, post, pool }, i) =>
        openTask(
          {
            stepId,
            kind: 'sign-off',
            round,
            name: spec.name,
            assignees,
            post,
            pool,
            level,
            levelName: spec.name,
            mode: spec.mode,
            submitter,
            subjectTaskId,
            status: sequential && i > 0 ? 'waiting' : 'open',
          },
          spec.sla ? { anchor: 'stepStart', offset: spec.sla } : undefined,
        ),
      );
      const withdrawn = () => withdrawals.has(stepId);
      const rejected = () => tasks.some((t) => t.status === 'rejected');
      const closeRest = (status: TaskState['status']) => {
        for (const t of tasks) if (t.status === 'open' || t.status === 'waiting') closeTask(t, status);
      };
      if (sequential) {
        for (const t of tasks) {
          if (t.status === 'waiting') {
            // Their turn now: the SLA counts from here.
            t.status = 'open';
            t.createdAt = nowIso();
            replanSeq++;
            const spec = dueSpecs.get(t.id);
            if (spec) {
              spec.stepStartMs = Date.now();
              t.dueAt = isoOrNull(resolveTime(spec.due, spec.stepStartMs));
            }
            changed({ task: t.id });
          }
          await waitFor(() => t.status !== 'open' || withdrawn());
          if (t.status !== 'approved') break;
        }
      } else if (spec.mode === 'all') {
        await waitFor(() => tasks.every((t) => t.status === 'approved') || rejected() || withdrawn());
      } else {
        await waitFor(() => tasks.some((t) => t.status === 'approved') || rejected() || withdrawn());
      }
      if (withdrawn()) {
        closeRest('withdrawn');
        return 'withdrawn';
      }
      if (rejected()) {
        closeRest('closed');
        return 'rejected';
      }
      closeRest('closed'); // 或签: the first signature decides for the level
    }
    return 'approved';
  };

  /** The event day as a calendar invitation: one UID per event, SEQUENCE = how often its date was set. */
  const invitation = (method: CalendarPayload['method']): CalendarPayload => ({
    uid: calendarUid(state.eventId),
    sequence: scheduleVersion,
    method,
    start: state.startsAt,
    end: state.endsAt,
    summary: state.title,
    location: state.venue ?? null,
    description: template.name['zh-CN'],
  });

  const runNotify = async (step: NotifyStep) => {
    const s = startStep(step.id);
    const stepStartMs = Date.now();
    const data = (lang: 'zh-CN' | 'en') => ({
      title: state.title,
      startsAt: formatDateTime(state.startsAt, lang),
      endsAt: formatDateTime(state.endsAt, lang),
      venue: state.venue ?? (lang === 'zh-CN' ? '（地点另行通知）' : '(venue to follow)'),
      templateName: template.name[lang],
      organiser: state.organiser.displayName,
      steps: state.values,
    });
    const texts = { subject: fillBoth(step.subject, { 'zh-CN': data('zh-CN'), en: data('en') }), message: fillBoth(step.message, { 'zh-CN': data('zh-CN'), en: data('en') }) };
    const delivered = await acts.deliverNotice({
      eventId: state.eventId,
      stepId: step.id,
      round: s.round,
      audience: step.audience,
      official: step.official ?? false,
      subject: texts.subject,
      message: texts.message,
      participantIds: state.participants.map((p) => p.id),
      ...partyContext,
      calendar: state.status === 'postponed' ? undefined : invitation('REQUEST'),
    });
    const notice: NoticeState = {
      stepId: step.id,
      round: s.round,
      noticeId: delivered.noticeId,
      docNumber: delivered.docNumber,
      subject: texts.subject['zh-CN'],
      issuedAt: delivered.issuedAt,
      recipientCount: delivered.recipientCount,
    };
    if (step.receipt) {
      notice.receipts = delivered.units.map((u) => ({ unitCode: u.code, unitName: u.name, liaisons: u.liaisons, status: 'pending' }));
    }
    state.notices.push(notice);
    replanSeq++;
    changed({ notice: notice.noticeId });
    audit({ action: 'notice.issued', stepId: step.id, after: { docNumber: notice.docNumber, recipients: notice.recipientCount } });
    if (step.receipt && notice.receipts?.length) {
      const receipts = notice.receipts;
      // Receipts are collected until every unit has acknowledged or the deadline passes.
      await waitUntil(step.receipt.due, stepStartMs, () => receipts.every((r) => r.status === 'acknowledged'), (iso) => {
        if (notice.receiptsDueAt !== iso) {
          notice.receiptsDueAt = iso;
          replanSeq++;
          s.until = iso;
          changed({ notice: notice.noticeId, step: step.id });
        }
      });
    }
    finishStep(step.id);
  };

  // ---- reminders (提醒, 催办, 督办) -------------------------------------------------------------
  const notifySteps = new Map(
    [...stepDefs.values()].filter((d): d is NotifyStep => d.type === 'notify').map((d) => [d.id, d]),
  );
  const reminderContext = (): ReminderContext => ({
    policy: input.reminders ?? template.reminders ?? {},
    notifySteps,
    scheduleSetAt,
  });
  const owedReminders = () => pendingReminders(plannedReminders(state, reminderContext()), sentReminders);

  const schedule = (): EventSchedule => {
    const deadlines: EventSchedule['deadlines'] = [
      { id: 'event-start', kind: 'event-start', at: state.status === 'postponed' ? null : state.startsAt, name: { 'zh-CN': '活动开始', en: 'Event starts' }, who: [] },
      { id: 'event-end', kind: 'event-end', at: state.status === 'postponed' ? null : state.endsAt, name: { 'zh-CN': '活动结束', en: 'Event ends' }, who: [] },
      ...state.tasks
        .filter((t) => t.status === 'open' && t.dueAt !== undefined)
        .map((t) => ({ id: `task:${t.id}`, kind: 'task' as const, at: t.dueAt ?? null, name: t.name, who: t.assignees })),
      ...state.steps
        .filter((x) => x.status === 'active' && x.type === 'wait')
        .map((x) => ({ id: `wait:${x.id}`, kind: 'wait' as const, at: x.until ?? null, name: x.name, who: [] })),
      ...state.notices
        .filter((n) => n.receipts?.some((r) => r.status === 'pending'))
        .map((n) => ({
          id: `receipts:${n.noticeId}`,
          kind: 'receipts' as const,
          at: n.receiptsDueAt ?? null,
          name: { 'zh-CN': `签收截止：${n.subject}`, en: `Receipts due: ${n.subject}` },
          who: n.receipts!.filter((r) => r.status === 'pending').flatMap((r) => r.liaisons),
        })),
    ];
    return {
      reminders: owedReminders().map((r) => ({
        id: r.id,
        kind: r.kind,
        at: new Date(r.fireAt).toISOString(),
        recipients: r.recipients,
        escalation: r.escalation,
        subject: r.subject,
        taskId: r.taskId,
        stepId: r.stepId,
        unitCodes: r.unitCodes,
      })),
      deadlines: deadlines.sort((a, b) => (a.at ?? '9').localeCompare(b.at ?? '9')),
      moved: lastMoves,
    };
  };
  /** What a change of date moved: every pending deadline and reminder, old time and new. */
  const recordMoves = (before: EventSchedule) => {
    const times = (x: EventSchedule) => new Map([...x.deadlines.map((d) => [d.id, d.at] as const), ...x.reminders.map((r) => [r.id, r.at] as const)]);
    const was = times(before);
    const now = times(schedule());
    lastMoves = [...new Set([...was.keys(), ...now.keys()])]
      .filter((id) => was.get(id) !== now.get(id))
      .map((id) => ({ id, from: was.get(id) ?? null, to: now.get(id) ?? null }));
  };

  const fireReminder = async (r: Reminder) => {
    let recipients = r.recipients;
    if (r.escalation) {
      const superiors: Person[] = [];
      for (const p of r.recipients) {
        const superior = await acts.superiorOf({ personId: p.id });
        if (superior) superiors.push(superior);
      }
      recipients = superiors;
    }
    if (!recipients.length) return;
    await acts.notifyPeople({ eventId: state.eventId, key: r.key, recipientIds: [...new Set(recipients.map((p) => p.id))], subject: r.subject, message: r.message });
    audit({ action: `reminder.${r.kind}`, taskId: r.taskId, stepId: r.stepId, after: { recipients: recipients.map((p) => p.displayName), at: new Date(r.fireAt).toISOString() } });
  };

  /** Sends each reminder when its time comes; any change to the event re-plans them. */
  const reminderLoop = async () => {
    for (;;) {
      if (finished || cancelled || state.status === 'cancelled' || state.status === 'archived') return;
      const owed = owedReminders();
      const now = Date.now();
      const due = owed.filter((r) => r.fireAt <= now);
      for (const r of due) {
        sentReminders.add(r.key);
        await fireReminder(r);
      }
      if (due.length) continue;
      const seen = replanSeq;
      const wake = () => replanSeq !== seen || finished || cancelled;
      if (owed.length) await condition(wake, owed[0].fireAt - now);
      else await condition(wake);
    }
  };

  // ---- validators: refuse before anything is written -----------------------------------------
  const mayActOn = (t: TaskState, actor: Actor) => t.assignees.some((p) => p.id === actor.id);
  const openTaskFor = (taskId: string, actor: Actor, kinds: TaskKind[]): TaskState => {
    const t = task(taskId);
    if (!t || !kinds.includes(t.kind)) refuse('NOT_FOUND', `没有此待办：${taskId}`, `No such task: ${taskId}`);
    if (cancelled && state.status !== 'cancelled') refuse('CONFLICT', '活动正在取消，不能再办理', 'The event is being cancelled');
    if (state.status === 'cancelled' || state.status === 'archived') refuse('CONFLICT', '活动已结束，不能再办理', 'The event is closed');
    if (t.status !== 'open') refuse('CONFLICT', `此待办当前状态为“${t.status}”，不能办理`, `This task is ${t.status}, not open`);
    if (!mayActOn(t, actor)) refuse('FORBIDDEN', '此待办未分派给您', 'This task is not assigned to you');
    return t;
  };
  const notOwnSubmission = (t: TaskState, actor: Actor) => {
    if (t.submitter?.id === actor.id) refuse('FORBIDDEN', '不能审批自己提交的事项', 'You cannot sign off your own submission');
  };
  /** The sign-offs of one chain's round: each level's tasks, open, waiting or decided. */
  const roundOf = (t: Pick<TaskState, 'stepId' | 'round'>) => state.tasks.filter((x) => x.kind === 'sign-off' && x.stepId === t.stepId && x.round === t.round);
  const decided = (x: TaskState) => x.status === 'approved' || x.status === 'rejected';
  const decidersOf = (stepId: string, round: number) => new Set(roundOf({ stepId, round }).flatMap((x) => (decided(x) && x.actedBy ? [x.actedBy.id] : [])));
  /** Who may decide a sign-off: not an administrator, not the submitter, not someone who decided another level of this round. */
  const mayDecide = (t: TaskState, actor: Actor) => {
    if (actor.isAdmin) refuse('FORBIDDEN', '系统管理员可以改派审批，但不能审批', 'An administrator may reassign a sign-off but not decide it');
    notOwnSubmission(t, actor);
    const other = roundOf(t).find((x) => x.id !== t.id && decided(x) && x.actedBy?.id === actor.id);
    if (other) {
      refuse(
        'FORBIDDEN',
        `您已审批本轮的“${other.levelName?.['zh-CN'] ?? other.name['zh-CN']}”，同一人不能审批同一轮的两个层级`,
        `You already decided "${other.levelName?.en ?? other.name.en}" in this round; one person cannot decide two levels of one round`,
      );
    }
  };
  /** The posts a task could be held in: as kept on the task, or (tasks opened before it was kept) from the template. */
  const postsOf = (t: TaskState): TaskPost[] => {
    if (t.post) return [t.post];
    const def = stepDefs.get(t.stepId);
    if (t.kind !== 'sign-off') return def && (def.type === 'task' || def.type === 'report') ? [workPost(def.assignee)] : [];
    const levels = def?.type === 'approval' ? def.levels : def?.type === 'report' ? def.signOff.levels : [];
    return (levels[t.level ?? 0]?.approvers ?? []).map(signOffPost);
  };
  const eventOpen = () => {
    // From the moment a cancellation is accepted (its notice may still be on its way): no more actions.
    if (cancelled && state.status !== 'cancelled') refuse('CONFLICT', '活动正在取消，不能再办理', 'The event is being cancelled');
    if (state.status === 'cancelled') refuse('CONFLICT', '活动已取消', 'The event is cancelled');
    if (state.status === 'archived') refuse('CONFLICT', '活动已归档', 'The event is archived');
  };
  const checkDates = (startsAt: string, endsAt: string | undefined) => {
    const start = Date.parse(startsAt);
    if (Number.isNaN(start)) refuse('INVALID', '开始时间无效', 'startsAt is not a valid date', [{ field: 'startsAt', message: { 'zh-CN': '开始时间无效', en: 'not a valid date' } }]);
    if (start <= Date.now()) refuse('INVALID', '新的开始时间须晚于现在', 'The new start must be in the future', [{ field: 'startsAt', message: { 'zh-CN': '须晚于现在', en: 'must be in the future' } }]);
    if (endsAt !== undefined && !(Date.parse(endsAt) > start)) refuse('INVALID', '结束时间须晚于开始时间', 'endsAt must be after startsAt', [{ field: 'endsAt', message: { 'zh-CN': '须晚于开始时间', en: 'must be after startsAt' } }]);
  };
  const dateChangesLeft = () => {
    if (dateChanges >= MAX_DATE_CHANGES) {
      refuse(
        'CONFLICT',
        `此活动已改期、延期或恢复${MAX_DATE_CHANGES}次，不能再改动日期；如确需调整，请取消后重新发起`,
        `This event's date has changed ${MAX_DATE_CHANGES} times, the most one event allows; cancel it and start a new one if it must move again`,
      );
    }
  };
  const notYetHeld = () => {
    if (Date.now() >= Date.parse(state.startsAt) && state.status !== 'postponed') {
      refuse('CONFLICT', '活动已开始，不能再改期', 'The event has already begun');
    }
  };

  // ---- handlers ------------------------------------------------------------------------------
  setHandler(stateQuery, () => state);
  setHandler(scheduleQuery, () => schedule());

  setHandler(
    urgeUpdate,
    async ({ actor, taskId, stepId, unitCode }) => {
      const target = taskId ?? `${stepId}/${unitCode}`;
      lastUrged.set(target, Date.now());
      urgedAt.push(Date.now());
      let recipients: Person[];
      let subject;
      if (taskId) {
        const t = task(taskId)!;
        recipients = t.assignees;
        subject = { 'zh-CN': `【催办】${actor.displayName}请您尽快办理“${t.name['zh-CN']}”`, en: `${actor.displayName} asks you to handle "${t.name.en}" soon` };
      } else {
        const receipt = findReceipt(stepId!, unitCode!)!;
        recipients = receipt.liaisons;
        const notice = state.notices.filter((n) => n.stepId === stepId).pop()!;
        subject = { 'zh-CN': `【催办】请尽快签收《${notice.subject}》`, en: `Please acknowledge "${notice.subject}" soon` };
      }
      await acts.notifyPeople({
        eventId: state.eventId,
        key: `urge:${target}:${++urgeCount}`,
        recipientIds: recipients.map((p) => p.id),
        subject,
        message: { 'zh-CN': `活动：${state.title}`, en: `Event: ${state.title}` },
      });
      audit({ actor, action: taskId ? 'task.urged' : 'receipt.urged', taskId, stepId, after: { unitCode, recipients: recipients.map((p) => p.displayName) } });
      await synced();
      return { notified: recipients.length };
    },
    {
      validator: ({ taskId, stepId, unitCode }) => {
        eventOpen();
        if (taskId) {
          const t = task(taskId);
          if (!t) refuse('NOT_FOUND', `没有此待办：${taskId}`, `No such task: ${taskId}`);
          if (t.status !== 'open') refuse('CONFLICT', '此待办已办结，无需催办', 'This task is no longer open');
        } else {
          const receipt = stepId && unitCode ? findReceipt(stepId, unitCode) : undefined;
          if (!receipt) refuse('NOT_FOUND', '没有此签收事项', 'No such receipt');
          if (receipt.status === 'acknowledged') refuse('CONFLICT', '该单位已签收，无需催办', 'This unit has already acknowledged');
        }
        const last = lastUrged.get(taskId ?? `${stepId}/${unitCode}`);
        if (last !== undefined && Date.now() - last < URGE_INTERVAL_MS) {
          refuse('TOO_MANY', '一小时内已催办过，请稍后再试', 'Already urged within the hour; try again later');
        }
        if (urgedAt.filter((at) => Date.now() - at < 24 * URGE_INTERVAL_MS).length >= MAX_URGES_PER_DAY) {
          refuse('TOO_MANY', `此活动24小时内已催办${MAX_URGES_PER_DAY}次，请明天再试`, `This event has been urged ${MAX_URGES_PER_DAY} times in 24 hours; try again tomorrow`);
        }
      },
    },
  );

  setHandler(
    completeTaskUpdate,
    async ({ taskId, actor, values }) => {
      const t = task(taskId)!;
      t.values = values;
      closeTask(t, 'completed', actor);
      audit({ actor, action: t.kind === 'report' ? 'report.submitted' : 'task.completed', stepId: t.stepId, taskId, after: values });
      await synced();
      return t;
    },
    {
      validator: ({ taskId, actor, values }) => {
        const t = openTaskFor(taskId, actor, ['task', 'report']);
        const def = stepDefs.get(t.stepId) as TaskStep | ReportStep;
        const form = def.type === 'report' ? reportForm(def.form) : def.form;
        const errors = validateForm(form, values);
        if (errors.length) {
          refuse('INVALID', `表单填写有误：${errors.map((e) => e.field).join('、')}`, `Form errors in: ${errors.map((e) => e.field).join(', ')}`, errors);
        }
      },
    },
  );

  setHandler(
    approveUpdate,
    async ({ taskId, actor, comment }) => {
      const t = task(taskId)!;
      closeTask(t, 'approved', actor, comment);
      audit({ actor, action: 'sign-off.approved', stepId: t.stepId, taskId, comment, after: { level: t.level } });
      await synced();
      return t;
    },
    {
      validator: ({ taskId, actor }) => mayDecide(openTaskFor(taskId, actor, ['sign-off']), actor),
    },
  );

  setHandler(
    rejectUpdate,
    async ({ taskId, actor, comment }) => {
      const t = task(taskId)!;
      closeTask(t, 'rejected', actor, comment);
      audit({ actor, action: 'sign-off.rejected', stepId: t.stepId, taskId, comment, after: { level: t.level } });
      await synced();
      return t;
    },
    {
      validator: ({ taskId, actor, comment }) => {
        mayDecide(openTaskFor(taskId, actor, ['sign-off']), actor);
        if (!comment?.trim()) refuse('INVALID', '退回须填写意见', 'A rejection needs a comment', [{ field: 'comment', message: { 'zh-CN': '退回须填写意见', en: 'required when rejecting' } }]);
      },
    },
  );

  setHandler(
    withdrawUpdate,
    async ({ taskId, actor, comment }) => {
      const t = task(taskId)!;
      withdrawals.set(t.stepId, { actor, comment });
      changed();
      audit({ actor, action: 'sign-off.withdrawn', stepId: t.stepId, taskId, comment });
      await condition(() => !state.tasks.some((x) => x.stepId === t.stepId && x.round === t.round && (x.status === 'open' || x.status === 'waiting')));
      await synced();
      return t;
    },
    {
      validator: ({ taskId, actor }) => {
        const t = task(taskId);
        if (!t || t.kind !== 'sign-off') refuse('NOT_FOUND', `没有此审批：${taskId}`, `No such sign-off: ${taskId}`);
        eventOpen();
        if (t.submitter?.id !== actor.id) refuse('FORBIDDEN', '只有提交人可以撤回', 'Only the submitter can withdraw');
        const pending = state.tasks.some((x) => x.stepId === t.stepId && x.round === t.round && x.status === 'open');
        if (!pending || withdrawals.has(t.stepId)) refuse('CONFLICT', '此审批已办结，不能撤回', 'This sign-off is no longer pending');
      },
    },
  );

  setHandler(
    delegateUpdate,
    async ({ taskId, actor, to, comment }) => {
      const t = task(taskId)!;
      const before = t.assignees;
      // Whose task it was: the assignee handing it on, or (an administrator reassigning) its holder.
      const own = before.some((p) => p.id === actor.id);
      const from = person(own ? actor : before[0]);
      const by = own ? undefined : person(actor);
      t.assignees = [person(to)];
      replanSeq++;
      t.delegations = [...(t.delegations ?? []), { from, to: person(to), ...(by ? { by } : {}), at: nowIso(), comment }];
      changed({ task: taskId });
      audit({ actor, action: 'task.delegated', stepId: t.stepId, taskId, before: { assignees: before }, after: { from, to: person(to), ...(by ? { by } : {}), assignees: t.assignees }, comment });
      await synced();
      return t;
    },
    {
      validator: (arg: DelegateInput) => {
        const { taskId, actor, to } = arg;
        const t = task(taskId);
        if (!t) refuse('NOT_FOUND', `没有此待办：${taskId}`, `No such task: ${taskId}`);
        if (!actor.isAdmin) openTaskFor(taskId, actor, ['task', 'report', 'sign-off']);
        else {
          eventOpen();
          if (t.status !== 'open') refuse('CONFLICT', '此待办已办结', 'This task is no longer open');
        }
        if (!to?.id) refuse('INVALID', '须指定转交对象', 'Name the person to delegate to', [{ field: 'toUserId', message: { 'zh-CN': '必填', en: 'required' } }]);
        // The rule is shared with the API's list of whom a task can go to (GET /api/tasks/{id}/delegates).
        const refusal = delegationRefusal(t, state, actor, { id: to.id, roles: arg.toRoles, inChargeOf: arg.toInChargeOf }, postsOf(t));
        if (refusal) refuse(refusal.kind, refusal.zh, refusal.en);
      },
    },
  );

  setHandler(
    acknowledgeUpdate,
    async ({ stepId, unitCode, actor, values }) => {
      const receipt = findReceipt(stepId, unitCode)!;
      const notice = state.notices.filter((n) => n.stepId === stepId).pop()!;
      receipt.status = 'acknowledged';
      receipt.acknowledgedBy = person(actor);
      receipt.acknowledgedAt = nowIso();
      // Late 签收 still counts; the roll-up shows it was late.
      receipt.late = notice.receiptsDueAt ? Date.now() > Date.parse(notice.receiptsDueAt) : false;
      receipt.values = values;
      replanSeq++;
      changed({ notice: notice.noticeId });
      audit({ actor, action: 'notice.acknowledged', stepId, after: { unitCode, values } });
      await synced();
      return receipt;
    },
    {
      validator: ({ stepId, unitCode, actor, values }) => {
        eventOpen();
        const receipt = findReceipt(stepId, unitCode);
        if (!receipt) refuse('NOT_FOUND', `此通知无需${unitCode}签收`, `No receipt from ${unitCode} is expected for this notice`);
        if (!actor.isAdmin && !receipt.liaisons.some((p) => p.id === actor.id) && !actor.liaisonOf?.includes(unitCode)) {
          refuse('FORBIDDEN', '只有该单位联络员可以签收', "Only the unit's liaison can acknowledge");
        }
        if (receipt.status === 'acknowledged') refuse('CONFLICT', '该单位已签收', 'This unit has already acknowledged');
        const def = stepDefs.get(stepId) as NotifyStep;
        const errors = validateForm(def.receipt?.form, values ?? {});
        if (errors.length) refuse('INVALID', `回执填写有误：${errors.map((e) => e.field).join('、')}`, `Receipt errors in: ${errors.map((e) => e.field).join(', ')}`, errors);
      },
    },
  );
  const findReceipt = (stepId: string, unitCode: string): ReceiptState | undefined =>
    state.notices
      .filter((n) => n.stepId === stepId)
      .pop()
      ?.receipts?.find((r) => r.unitCode === unitCode);

  const moveDates = async ({ actor, startsAt, endsAt, reason }: RescheduleInput, action: 'event.rescheduled' | 'event.resumed') => {
    const before = { startsAt: state.startsAt, endsAt: state.endsAt, status: state.status };
    const scheduleBefore = schedule();
    const duration = Date.parse(state.endsAt) - Date.parse(state.startsAt);
    state.startsAt = new Date(Date.parse(startsAt)).toISOString();
    state.endsAt = endsAt ? new Date(Date.parse(endsAt)).toISOString() : new Date(Date.parse(startsAt) + duration).toISOString();
    state.status = 'active';
    state.postponedAt = undefined;
    scheduleVersion++;
    scheduleSetAt = Date.now();
    recomputeDeadlines();
    recordMoves(scheduleBefore);
    publishStatus();
    audit({ actor, action, before, after: { startsAt: state.startsAt, endsAt: state.endsAt, status: state.status }, comment: reason });
    await tellOfDate(action === 'event.resumed' ? 'resumed' : 'rescheduled', reason);
    await synced();
    return state;
  };

  /**
   * A change of date is told once its window closes, with the date as it then stands: a burst of
   * changes reaches each person once, and one that ends where it began not at all. Runs started
   * without a window (before this existed) tell each change at once, as they always did.
   */
  const tellOfDate = async (what: 'rescheduled' | 'postponed' | 'resumed', reason?: string) => {
    dateChanges++;
    const window = input.dateChangeNoticeWindowMs;
    if (window === undefined) return tellEveryone(what, reason);
    dateNotice = { dueAt: dateNotice?.dueAt ?? Date.now() + window, reason: reason?.trim() ? reason : dateNotice?.reason };
  };
  const tellDateChange = async (reason?: string) => {
    const was = toldDate;
    const now = { status: state.status, startsAt: state.startsAt, endsAt: state.endsAt };
    toldDate = now;
    const what =
      now.status === 'postponed'
        ? was.status === 'postponed' ? undefined : 'postponed'
        : was.status === 'postponed'
          ? 'resumed'
          : was.startsAt === now.startsAt && was.endsAt === now.endsAt ? undefined : 'rescheduled';
    if (what) await tellEveryone(what, reason);
  };
  const dateNoticeLoop = async () => {
    for (;;) {
      await condition(() => dateNotice !== undefined || finished);
      if (!dateNotice) return;
      const wait = dateNotice.dueAt - Date.now();
      if (wait > 0) await condition(() => dateNotice === undefined || flushDateNotice, wait);
      // A cancellation accepted as the window closed (in the same workflow task): the change is moot,
      // and must not go out just ahead of the CANCEL.
      if (cancelled) dateNotice = undefined;
      const pending = dateNotice;
      if (!pending) continue; // a cancellation dropped it
      dateNotice = undefined;
      tellingDate = true;
      try {
        await tellDateChange(pending.reason);
      } finally {
        tellingDate = false;
      }
    }
  };

  setHandler(rescheduleUpdate, (arg) => moveDates(arg, 'event.rescheduled'), {
    validator: ({ startsAt, endsAt }) => {
      eventOpen();
      if (state.status === 'postponed') refuse('CONFLICT', '活动已延期待定，请使用“恢复”并给出新日期', 'The event is postponed: resume it with a new date');
      notYetHeld();
      checkDates(startsAt, endsAt);
      // Well-formed, but it changes nothing: 409, as for other requests the event's state makes moot.
      const start = Date.parse(startsAt);
      const end = endsAt !== undefined ? Date.parse(endsAt) : start + Date.parse(state.endsAt) - Date.parse(state.startsAt);
      if (start === Date.parse(state.startsAt) && end === Date.parse(state.endsAt)) {
        refuse('CONFLICT', '活动已定于该时间，无需改期', 'The event is already at that date and time; nothing to reschedule');
      }
      dateChangesLeft();
    },
  });

  setHandler(resumeUpdate, (arg) => moveDates(arg, 'event.resumed'), {
    validator: ({ startsAt, endsAt }) => {
      eventOpen();
      if (state.status !== 'postponed') refuse('CONFLICT', '活动未处于延期待定状态', 'The event is not postponed');
      checkDates(startsAt, endsAt);
      dateChangesLeft();
    },
  });

  setHandler(
    postponeUpdate,
    async ({ actor, reason }) => {
      const before = { status: state.status, startsAt: state.startsAt };
      const scheduleBefore = schedule();
      state.status = 'postponed';
      state.postponedAt = nowIso();
      scheduleVersion++;
      recomputeDeadlines();
      recordMoves(scheduleBefore);
      publishStatus();
      audit({ actor, action: 'event.postponed', before, after: { status: state.status }, comment: reason });
      await tellOfDate('postponed', reason);
      await synced();
      return state;
    },
    {
      validator: ({ reason }) => {
        eventOpen();
        if (state.status === 'postponed') refuse('CONFLICT', '活动已处于延期待定状态', 'The event is already postponed');
        notYetHeld();
        dateChangesLeft();
        if (!reason?.trim()) refuse('INVALID', '延期须说明原因', 'A postponement needs a reason', [{ field: 'reason', message: { 'zh-CN': '必填', en: 'required' } }]);
      },
    },
  );

  setHandler(
    cancelUpdate,
    async ({ actor, reason }) => {
      const before = { status: state.status };
      state.cancelReason = reason;
      cancelled = true;
      audit({ actor, action: 'event.cancelled', before, after: { status: 'cancelled' }, comment: reason });
      await condition(() => state.status === 'cancelled');
      await synced();
      return state;
    },
    {
      validator: ({ reason }) => {
        eventOpen();
        if (!reason?.trim()) refuse('INVALID', '取消须说明原因', 'A cancellation needs a reason', [{ field: 'reason', message: { 'zh-CN': '必填', en: 'required' } }]);
      },
    },
  );

  /** Everyone concerned hears of a change of date or a cancellation. */
  const tellEveryone = async (what: 'rescheduled' | 'postponed' | 'resumed' | 'cancelled', reason?: string) => {
    // Everyone who has had a part: the organiser, participants, whoever was given or did a task.
    const people = new Map<string, Person>();
    const involved = state.tasks.flatMap((t) => [...t.assignees, ...(t.actedBy ? [t.actedBy] : [])]);
    for (const p of [state.organiser, ...state.participants, ...involved]) people.set(p.id, p);
    for (const n of state.notices) for (const r of n.receipts ?? []) for (const p of r.liaisons) people.set(p.id, p);
    const when = { 'zh-CN': formatDateTime(state.startsAt, 'zh-CN'), en: formatDateTime(state.startsAt, 'en') };
    const subjects = {
      rescheduled: { 'zh-CN': `【改期】${state.title}改至${when['zh-CN']}`, en: `Rescheduled: ${state.title} now on ${when.en}` },
      resumed: { 'zh-CN': `【恢复】${state.title}定于${when['zh-CN']}举行`, en: `Back on: ${state.title} on ${when.en}` },
      postponed: { 'zh-CN': `【延期】${state.title}延期举行，时间另行通知`, en: `Postponed: ${state.title}, new date to follow` },
      cancelled: { 'zh-CN': `【取消】${state.title}已取消`, en: `Cancelled: ${state.title}` },
    };
    await acts.notifyPeople({
      eventId: state.eventId,
      key: `${what}-${scheduleVersion}`,
      recipientIds: [...people.keys()],
      subject: subjects[what],
      message: reason ? { 'zh-CN': `原因：${reason}`, en: `Reason: ${reason}` } : subjects[what],
      // A new date updates the calendar entry; postponement and cancellation remove it.
      calendar: invitation(what === 'rescheduled' || what === 'resumed' ? 'REQUEST' : 'CANCEL'),
    });
  };

  // ---- run -----------------------------------------------------------------------------------
  upsertSearchAttributes([
    { key: TEMPLATE_CODE, value: template.code },
    { key: LEAD_UNIT, value: input.leadUnit },
  ]);
  publishStatus();
  audit({ actor: input.organiser, action: 'event.started', after: { templateCode: template.code, templateVersion: template.version, startsAt: state.startsAt, endsAt: state.endsAt } });
  const syncing = syncLoop();
  // Runs started before reminders existed replay without them.
  const reminding = patched('reminders') ? reminderLoop() : Promise.resolve();
  // Leaving deciders out of later levels can ask the directory for a superior an old run never asked for.
  separateDuties = patched('separation-of-duties');
  const coalescing = input.dateChangeNoticeWindowMs !== undefined;
  const noticing = coalescing ? dateNoticeLoop() : Promise.resolve();
  try {
    await runSequence(template.steps);
  } catch (err) {
    if (!(err instanceof EventCancelled)) throw err;
    const openTasks = state.tasks.filter((t) => t.status === 'open' || t.status === 'waiting');
    scheduleVersion++; // the CANCEL supersedes every invitation sent before it
    dateNotice = undefined; // a change of date not yet told is moot now
    await tellEveryone('cancelled', state.cancelReason);
    for (const t of openTasks) closeTask(t, 'cancelled');
    for (const s of state.steps) {
      if (s.status === 'active' || s.status === 'pending') {
        s.status = 'cancelled';
        changed({ step: s.id });
      }
    }
    state.status = 'cancelled';
    publishStatus();
    log.info('Event cancelled', { eventId: state.eventId });
  }
  // Let in-flight actions (the last approval, a cancel) answer before the workflow completes.
  await condition(allHandlersFinished);
  if (coalescing) {
    // A change of date still in its window is told before the run ends.
    flushDateNotice = true;
    await condition(() => dateNotice === undefined && !tellingDate);
  }
  changed();
  finished = true;
  await Promise.all([syncing, reminding, noticing]);
  return state;
}
