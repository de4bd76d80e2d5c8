// The caller's inbox (待办) and the actions on one task: complete, approve, reject, withdraw, delegate.
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import {
  approveUpdate,
  completeTaskUpdate,
  delegateUpdate,
  eventWorkflowId,
  rejectUpdate,
  stateQuery,
  withdrawUpdate,
  type EventState,
  type TaskState,
} from '../../workflows/event-model';
import { delegationRefusal } from '../../workflows/delegation';
import { hasRole, type AuthUser } from '../auth/auth-user';
import { AccessService } from '../access/access.service';
import { AttachmentsService } from '../attachments/attachments.service';
import type { AccessResource } from '../access/access.policy';
import { peopleOfRows, peopleOfState, redactTask, type EventView } from '../access/event-view';
import { DomainError } from '../common/domain-error';
import { isUuid } from '../common/ids';
import { utcInstant } from '../common/instant';
import { checkDateRange } from '../common/search';
import { actorOf, callWorkflow } from '../events/event-messages';
import { DirectoryService } from '../org/directory.service';
import { ReadModelRepository, toInboxTask, type InboxTask, type TaskAccessRow } from '../read-model/read-model.repository';
import type { EventRow } from '../read-model/rows';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { HandoffService } from '../templates/handoff.service';
import { findStep, formOf, taskForms } from './task-forms';
import { TaskDraftsRepository, type TaskDraft } from './task-drafts.repository';
import type { WithdrawalEntry } from './task-rounds';
import type { ListTasksQuery } from './tasks.dto';

/** Someone a task can be handed to, as GET /api/tasks/{id}/delegates lists them. */
export interface DelegateCandidate {
  id: string;
  displayName: string;
  unitCode: string;
  unitName: { 'zh-CN': string; en: string };
  roles: { role: string; unitCode: string }[];
}

/**
 * A task found in the live workflow of a running event while the read model has not caught up with
 * it yet: the workflow opened it a moment ago and its activity has not written it. Only events
 * changed lately are asked, the latest first: that is where a task opens and is acted on at once.
 */
const LAGGING_EVENTS = { limit: 20, changedWithinMs: 10 * 60_000, askedAtOnce: 5, answerWithinMs: 3_000 };

/** A task and its event, as the read model has them, or as the live workflow has them while the read model lags. */
interface LocatedTask {
  row: TaskAccessRow;
  /** Set when the task came from the live workflow (the read model lags). */
  live?: { event: EventRow; state: EventState; task: TaskState };
}

@Injectable()
export class TasksService {
  constructor(
    private readonly readModel: ReadModelRepository,
    private readonly directory: DirectoryService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly access: AccessService,
    private readonly drafts: TaskDraftsRepository,
    private readonly attachments: AttachmentsService,
    private readonly handoff: HandoffService,
  ) {}

  async inbox(user: AuthUser, q: ListTasksQuery): Promise<{ items: InboxTask[]; total: number; page: number; pageSize: number }> {
    // Only the caller's own tasks are listed: they take part in each step, so its values are theirs
    // to read — but personal fields someone else wrote (a co-assignee's form) are masked as anywhere.
    await this.access.require(user, 'task.list');
    checkDateRange(q.from, q.to);
    const { items, total } = await this.readModel.inbox(user.id, { ...q, from: q.from && utcInstant(q.from), to: q.to && utcInstant(q.to) });
    // Rare (open tasks have no values yet, and a done one was mostly done by the caller): one view
    // of the event for each such row's event, not for every row.
    const views = new Map<string, Promise<EventView>>();
    for (const item of items) {
      if (!item.values || item.actedBy?.id === user.id) continue;
      if (!views.has(item.eventId)) views.set(item.eventId, this.locate(item.id).then((found) => this.viewOf(user, found)));
      const view = await views.get(item.eventId)!;
      item.values = view.stepValues(item.stepId, item.values, item.actedBy ? [item.actedBy.id] : []) ?? null;
    }
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * A task is visible to its assignees, whoever acted on or submitted it, the event's managers, the
   * leaders and admin (task.read); its values and comments as the caller's view of the event allows.
   */
  async get(user: AuthUser, id: string): Promise<unknown> {
    const found = await this.locate(id);
    await this.access.require(user, 'task.read', resourceOf(found.row));
    const task = found.live ? toInboxTask(liveTaskRow(found.live.task, found.live.event), found.live.event) : (await this.readModel.inboxTask(id))!;
    const [view, template, state, withdrawals, draft, handoffs] = await Promise.all([
      this.viewOf(user, found),
      this.readModel.templateOf(task.eventId),
      found.live ? found.live.state : this.readModel.eventState(task.eventId),
      this.withdrawalsOf(task.eventId),
      this.ownDraft(user, task),
      this.handoff.of(task.eventId),
    ]);
    const shown = { id: task.id, stepId: task.stepId, kind: task.kind as TaskState['kind'], round: task.round, status: task.status as TaskState['status'], createdAt: iso(task.createdAt) };
    const forms = taskForms(template, state ?? { tasks: [], notices: [] }, shown, view, withdrawals, handoffs);
    const cut = redactTask({ ...task, values: task.values ?? undefined, comment: task.comment ?? undefined, actedBy: task.actedBy ?? undefined } as never, view) as typeof task;
    // The inbox row's shape: withheld values and comments are null, as the document says.
    return { ...cut, values: cut.values ?? null, comment: cut.comment ?? null, actedBy: task.actedBy, ...forms, draft: draft ?? null };
  }

  /** 撤回 as the audit trail has them: the workflow's state keeps no comment of a withdrawal. */
  private async withdrawalsOf(eventId: string): Promise<WithdrawalEntry[]> {
    const entries = await this.readModel.auditOf(eventId, 'sign-off.withdrawn');
    return entries.map((a) => ({
      taskId: a.taskId,
      actor: a.actorId ? { id: a.actorId, displayName: a.actorName ?? '' } : null,
      at: iso(a.at),
      comment: a.comment,
    }));
  }

  /** The caller's draft of an open task they hold; a draft of anything else is nobody's business now. */
  private async ownDraft(user: AuthUser, task: Pick<InboxTask, 'id' | 'kind' | 'status' | 'assignees'>): Promise<TaskDraft | undefined> {
    if (task.kind === 'sign-off' || task.status !== 'open' || !task.assignees.some((p) => p.id === user.id)) return undefined;
    return this.drafts.find(task.id, user.id);
  }

  /** The caller's draft (草稿) of a task they hold: 404 when they have none, or the task is closed. */
  async draft(user: AuthUser, id: string): Promise<TaskDraft> {
    const { row } = await this.locate(id);
    await this.access.require(user, 'task.draft', resourceOf(row));
    const draft = row.status === 'open' ? await this.drafts.find(id, user.id) : undefined;
    if (!draft) throw new DomainError('NOT_FOUND', '此待办没有您保存的草稿', 'You have no draft of this task');
    return draft;
  }

  /** Keeps the caller's half-filled form of an open task; only the form's own fields, unchecked until submitted. */
  async saveDraft(user: AuthUser, id: string, values: Record<string, unknown>): Promise<TaskDraft> {
    const { row, live } = await this.locate(id);
    await this.access.require(user, 'task.draft', resourceOf(row));
    if (row.kind === 'sign-off') throw new DomainError('INVALID', '审批没有表单，不能保存草稿', 'A sign-off has no form to keep a draft of');
    if (row.status !== 'open') throw new DomainError('CONFLICT', '此待办已办结，不再保存草稿', 'This task is closed; its draft is no longer kept');
    const [template, stepId] = await Promise.all([this.readModel.templateOf(row.event_id), live ? live.task.stepId : this.readModel.inboxTask(id).then((t) => t?.stepId)]);
    const step = template && stepId ? findStep(template.steps, stepId) : undefined;
    const keys = new Set((step ? formOf(step) : undefined)?.fields.map((f) => f.key) ?? []);
    const unknown = Object.keys(values).filter((k) => !keys.has(k));
    if (unknown.length) {
      throw new DomainError(
        'INVALID',
        `草稿中有表单没有的字段：${unknown.join('、')}`,
        `The draft has fields the form does not: ${unknown.join(', ')}`,
        unknown.map((k) => ({ field: `values.${k}`, message: { 'zh-CN': '表单没有此字段', en: 'not a field of the form' } })),
      );
    }
    const saved = await this.drafts.save(id, user.id, values);
    await this.drafts.discardClosed();
    return saved;
  }

  async discardDraft(user: AuthUser, id: string): Promise<void> {
    const { row } = await this.locate(id);
    await this.access.require(user, 'task.draft', resourceOf(row));
    await this.drafts.discard(id, user.id);
  }

  /**
   * The task and its event. The workflow is the authority: a task it has opened but the read model
   * does not have yet is found in the live state of the event's workflow, not answered 404.
   */
  private async locate(id: string): Promise<LocatedTask> {
    const notFound = () => new DomainError('NOT_FOUND', `没有此待办：${id}`, `No task ${id}`);
    if (!isUuid(id)) throw notFound();
    const row = await this.readModel.taskAccess(id);
    if (row) return { row };
    const live = await this.findInLiveWorkflows(id);
    if (!live) throw notFound();
    const { event, task } = live;
    return {
      row: {
        id: task.id,
        event_id: event.id,
        kind: task.kind,
        status: task.status,
        assignee_ids: task.assignees.map((p) => p.id),
        submitter_id: task.submitter?.id ?? null,
        acted_by: task.actedBy ?? null,
        lead_unit: event.lead_unit,
        organiser_id: event.organiser_id,
        template_code: event.template_code,
        template_version: event.template_version,
      },
      live,
    };
  }

  private async findInLiveWorkflows(id: string): Promise<LocatedTask['live']> {
    const candidates = await this.readModel.runningEvents(LAGGING_EVENTS.limit, LAGGING_EVENTS.changedWithinMs);
    for (let i = 0; i < candidates.length; i += LAGGING_EVENTS.askedAtOnce) {
      const asked = await Promise.all(
        candidates.slice(i, i + LAGGING_EVENTS.askedAtOnce).map(async (event) => {
          // A workflow that cannot answer now (or soon: no worker to run the query) is passed over.
          const state = await withinMs(LAGGING_EVENTS.answerWithinMs, this.handle(event.id).query(stateQuery)).catch(() => undefined);
          const task = state?.tasks.find((t) => t.id === id);
          return state && task ? { event, state, task } : undefined;
        }),
      );
      const found = asked.find((a) => a !== undefined);
      if (found) return found;
    }
    return undefined;
  }

  private handle(eventId: string) {
    return this.temporal.workflow.getHandle(eventWorkflowId(eventId));
  }

  async complete(user: AuthUser, id: string, values: Record<string, unknown>): Promise<TaskState> {
    const { row } = await this.locate(id);
    await this.access.require(user, 'task.act', resourceOf(row));
    // The files the values name are checked and bound to the task first (附件).
    const done = await this.attachments.bindingTo(user, { eventId: row.event_id, taskId: id }, values, (checked) =>
      callWorkflow(() => this.handle(row.event_id).executeUpdate(completeTaskUpdate, { args: [{ taskId: id, actor: actorOf(user), values: checked }] })),
    );
    await this.drafts.discardAll(id);
    return done;
  }

  async approve(user: AuthUser, id: string, comment?: string): Promise<TaskState> {
    const { row } = await this.locate(id);
    await this.access.require(user, 'task.act', resourceOf(row));
    return callWorkflow(() => this.handle(row.event_id).executeUpdate(approveUpdate, { args: [{ taskId: id, actor: actorOf(user), comment }] }));
  }

  async reject(user: AuthUser, id: string, comment: string): Promise<TaskState> {
    const { row } = await this.locate(id);
    await this.access.require(user, 'task.act', resourceOf(row));
    return callWorkflow(() => this.handle(row.event_id).executeUpdate(rejectUpdate, { args: [{ taskId: id, actor: actorOf(user), comment }] }));
  }

  async withdraw(user: AuthUser, id: string, comment?: string): Promise<TaskState> {
    const { row } = await this.locate(id);
    await this.access.require(user, 'task.withdraw', resourceOf(row));
    return callWorkflow(() => this.handle(row.event_id).executeUpdate(withdrawUpdate, { args: [{ taskId: id, actor: actorOf(user), comment }] }));
  }

  /** An assignee hands the task to another user (转交); admin may reassign any open task. */
  async delegate(user: AuthUser, id: string, toUserId: string, comment?: string): Promise<TaskState> {
    const found = await this.locate(id);
    const { row } = found;
    await this.access.require(user, 'task.delegate', resourceOf(row));
    const to = await this.directory.getUser(toUserId);
    if (!to) {
      throw new DomainError('INVALID', `转交对象不存在：${toUserId}`, `toUserId: no user ${toUserId}`, [
        { field: 'toUserId', message: { 'zh-CN': '无此用户', en: 'no such user' } },
      ]);
    }
    if (!hasRole(user, 'admin') && !row.assignee_ids.includes(user.id)) {
      throw new DomainError('FORBIDDEN', '此待办未分派给您', 'This task is not assigned to you');
    }
    // A deactivated account can be named (history keeps it) but can no longer act.
    if (!(await this.directory.isActive(to.id))) {
      throw new DomainError('INVALID', `转交对象已停用：${to.displayName}`, `toUserId: ${to.displayName}'s account is deactivated`, [
        { field: 'toUserId', message: { 'zh-CN': '该用户已停用', en: 'deactivated user' } },
      ]);
    }
    // The workflow decides whether they could hold the task (separation of duties); it cannot ask the
    // directory in a validator, so their posts travel with the request.
    const [toRoles, toInChargeOf] = await Promise.all([this.directory.rolesOf(to.id), this.directory.inChargeOf(to.id)]);
    const task = await callWorkflow(() =>
      this.handle(row.event_id).executeUpdate(delegateUpdate, {
        args: [{ taskId: id, actor: actorOf(user), to: { id: to.id, displayName: to.displayName }, toRoles, toInChargeOf, comment }],
      }),
    );
    // Admin reassigns without reading the task's content.
    return redactTask(task, await this.viewOf(user, found));
  }

  /**
   * Whom the caller could hand the task to now (转交): every active user the workflow's own rule
   * (delegationRefusal) would accept, the caller aside. Nobody while the task is not open.
   */
  async delegates(user: AuthUser, id: string): Promise<DelegateCandidate[]> {
    const { row } = await this.locate(id);
    await this.access.require(user, 'task.delegate', resourceOf(row));
    if (!hasRole(user, 'admin') && !row.assignee_ids.includes(user.id)) {
      throw new DomainError('FORBIDDEN', '此待办未分派给您', 'This task is not assigned to you');
    }
    // A task the read model has closed goes to no one, whether or not its workflow still answers;
    // an open one cannot be weighed without the workflow's state (its post, pool and round), and a
    // 转交 would not reach it either: the same 503 (or 409, workflow gone) as the action.
    const state: EventState | undefined = await callWorkflow(() => this.handle(row.event_id).query(stateQuery)).catch((err: unknown) => {
      if (row.status !== 'open') return undefined;
      throw err;
    });
    if (!state) return [];
    const t = state.tasks.find((x) => x.id === id);
    if (!t || t.status !== 'open' || state.status === 'cancelled' || state.status === 'archived') return [];
    const actor = actorOf(user);
    const people = await this.directory.activeUsersWithPosts();
    return people
      .filter((p) => p.id !== user.id && !delegationRefusal(t, state, actor, p))
      .map((p) => ({ id: p.id, displayName: p.displayName, unitCode: p.unitCode, unitName: p.unitName, roles: p.roles }));
  }

  /** The caller's view of the task's event: from its read-model tasks, or the live state where the read model lags. */
  private async viewOf(user: AuthUser, { row, live }: LocatedTask) {
    const people = live ? peopleOfState(live.state) : peopleOfRows(await this.readModel.taskPeople(row.event_id));
    return this.access.eventView(
      user,
      { id: row.event_id, organiserId: row.organiser_id, leadUnit: row.lead_unit, templateCode: row.template_code, templateVersion: row.template_version },
      people,
    );
  }
}

/** What the policy needs of a task: its event and its people, as the read model has them. */
function resourceOf(row: TaskAccessRow): AccessResource {
  return {
    event: { organiserId: row.organiser_id, leadUnit: row.lead_unit },
    task: { assigneeIds: row.assignee_ids, submitterId: row.submitter_id, actedById: row.acted_by?.id ?? null },
  };
}

/** A live task in the read model's row shape, for the inbox row it answers as. */
function liveTaskRow(t: TaskState, e: EventRow): Parameters<typeof toInboxTask>[0] {
  return {
    id: t.id,
    event_id: e.id,
    step_id: t.stepId,
    kind: t.kind,
    round: t.round,
    name: t.name,
    status: t.status,
    assignee_ids: t.assignees.map((p) => p.id),
    assignees: t.assignees,
    due_at: t.dueAt ? new Date(t.dueAt) : null,
    created_at: new Date(t.createdAt),
    closed_at: t.closedAt ? new Date(t.closedAt) : null,
    acted_by: t.actedBy ?? null,
    comment: t.comment ?? null,
    form_values: t.values ?? null,
    level: t.level ?? null,
    level_name: t.levelName ?? null,
    mode: t.mode ?? null,
    submitter_id: t.submitter?.id ?? null,
    submitter: t.submitter ?? null,
    subject_task_id: t.subjectTaskId ?? null,
    delegations: t.delegations ?? [],
    post: t.post ?? null,
    pool: t.pool ?? null,
    added: t.addedFor && t.addedBy && t.addedHow ? { by: t.addedBy, how: t.addedHow, for: t.addedFor } : null,
    seq: '0',
  };
}

const iso = (at: Date | string): string => (typeof at === 'string' ? new Date(at).toISOString() : at.toISOString());

/** The promise's value, or undefined once `ms` have passed without it. */
async function withinMs<T>(ms: number, promise: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
