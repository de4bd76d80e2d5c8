// The caller's inbox (待办) and the actions on one task: complete, approve, reject, withdraw, delegate.
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
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
import type { AccessResource } from '../access/access.policy';
import { peopleOfRows, redactTask, type EventView, type TaskRowPeople } from '../access/event-view';
import { DomainError } from '../common/domain-error';
import { isUuid } from '../common/ids';
import { actorOf, toEvent } from '../events/event-messages';
import { EventsService } from '../events/events.service';
import { DirectoryService } from '../org/directory.service';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { taskForms } from './task-forms';
import type { ListTasksQuery } from './tasks.dto';

/** Someone a task can be handed to, as GET /api/tasks/{id}/delegates lists them. */
export interface DelegateCandidate {
  id: string;
  displayName: string;
  unitCode: string;
  unitName: { 'zh-CN': string; en: string };
  roles: { role: string; unitCode: string }[];
}

interface TaskRow {
  id: string;
  event_id: string;
  kind: string;
  status: string;
  assignee_ids: string[];
  submitter_id: string | null;
  acted_by: { id: string } | null;
  lead_unit: string;
  organiser_id: string;
  template_code: string;
  template_version: number;
}

/** An inbox row as SELECT answers it (the fields this service reads). */
interface InboxRow {
  id: string;
  eventId: string;
  stepId: string;
  values: Record<string, unknown> | null;
  actedBy: { id: string } | null;
}

const SELECT = `
  SELECT t.id, t.event_id AS "eventId", e.title AS "eventTitle", e.template_code AS "templateCode", e.starts_at AS "eventStartsAt",
         t.step_id AS "stepId", t.kind, t.round, t.name, t.status, t.assignees, t.due_at AS "dueAt", t.created_at AS "createdAt",
         t.closed_at AS "closedAt", t.acted_by AS "actedBy", t.comment, t.form_values AS "values", t.level, t.level_name AS "levelName",
         t.mode, t.submitter_id AS "submitterId", t.delegations
    FROM tasks t JOIN events e ON e.id = t.event_id`;

@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly directory: DirectoryService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly access: AccessService,
  ) {}

  async inbox(user: AuthUser, q: ListTasksQuery): Promise<{ items: unknown[]; total: number; page: number; pageSize: number }> {
    // Only the caller's own tasks are listed: they take part in each step, so its values are theirs
    // to read — but personal fields someone else wrote (a co-assignee's form) are masked as anywhere.
    await this.access.require(user, 'task.list');
    const params: unknown[] = [user.id];
    // `@>` (not `= ANY`) lets PostgreSQL use the GIN index on assignee_ids.
    const where = ['t.assignee_ids @> ARRAY[$1]::uuid[]'];
    if (q.status === 'open' || q.status === 'overdue') where.push(`t.status = 'open'`);
    if (q.status === 'overdue') where.push('t.due_at < now()');
    if (q.status === 'done') where.push(`t.status <> 'open'`);
    if (q.kind) {
      params.push(q.kind);
      where.push(`t.kind = $${params.length}`);
    }
    if (q.eventId) {
      params.push(q.eventId);
      where.push(`t.event_id = $${params.length}`);
    }
    const clause = where.join(' AND ');
    // What is done is looked back on, latest first; what is open is worked through, soonest deadline first.
    const order = q.status === 'done' ? 't.closed_at DESC NULLS LAST, t.id' : 't.due_at NULLS LAST, t.created_at, t.id';
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM tasks t WHERE ${clause}`, params);
    const items = await this.dataSource.query<InboxRow[]>(
      `${SELECT} WHERE ${clause} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    );
    // Rare (open tasks have no values yet, and a done one was mostly done by the caller): one view
    // of the event for each such row's event, not for every row.
    const views = new Map<string, Promise<EventView>>();
    for (const item of items) {
      if (!item.values || item.actedBy?.id === user.id) continue;
      if (!views.has(item.eventId)) views.set(item.eventId, this.row(item.id).then((row) => this.viewOf(user, row)));
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
    const row = await this.row(id);
    await this.access.require(user, 'task.read', resourceOf(row));
    const [task] = await this.dataSource.query<
      { eventId: string; stepId: string; kind: string; values: Record<string, unknown> | null; comment: string | null; actedBy: { id: string } | null; delegations: { comment?: string }[] }[]
    >(`${SELECT} WHERE t.id = $1`, [id]);
    const forms = await taskForms(this.dataSource, task);
    const view = await this.viewOf(user, row);
    const cut = redactTask({ ...task, values: task.values ?? undefined, comment: task.comment ?? undefined, actedBy: task.actedBy ?? undefined } as never, view) as typeof task;
    const subject = forms.subject && {
      ...forms.subject,
      values: view.stepValues(forms.subject.stepId, forms.subject.values, forms.subject.submittedBy ? [forms.subject.submittedBy.id] : []) ?? null,
    };
    // The inbox row's shape: withheld values and comments are null, as the document says.
    return { ...cut, values: cut.values ?? null, comment: cut.comment ?? null, actedBy: task.actedBy, ...forms, ...(subject ? { subject } : {}) };
  }

  private async row(id: string): Promise<TaskRow> {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND', `没有此待办：${id}`, `No task ${id}`);
    const [row] = await this.dataSource.query<TaskRow[]>(
      `SELECT t.id, t.event_id, t.kind, t.status, t.assignee_ids, t.submitter_id, t.acted_by, e.lead_unit, e.organiser_id,
              e.template_code, e.template_version
         FROM tasks t JOIN events e ON e.id = t.event_id WHERE t.id = $1`,
      [id],
    );
    if (!row) throw new DomainError('NOT_FOUND', `没有此待办：${id}`, `No task ${id}`);
    return row;
  }

  private handle(eventId: string) {
    return this.temporal.workflow.getHandle(eventWorkflowId(eventId));
  }

  async complete(user: AuthUser, id: string, values: Record<string, unknown>): Promise<TaskState> {
    const row = await this.row(id);
    await this.access.require(user, 'task.act', resourceOf(row));
    return toEvent(() => this.handle(row.event_id).executeUpdate(completeTaskUpdate, { args: [{ taskId: id, actor: actorOf(user), values }] }));
  }

  async approve(user: AuthUser, id: string, comment?: string): Promise<TaskState> {
    const row = await this.row(id);
    await this.access.require(user, 'task.act', resourceOf(row));
    return toEvent(() => this.handle(row.event_id).executeUpdate(approveUpdate, { args: [{ taskId: id, actor: actorOf(user), comment }] }));
  }

  async reject(user: AuthUser, id: string, comment: string): Promise<TaskState> {
    const row = await this.row(id);
    await this.access.require(user, 'task.act', resourceOf(row));
    return toEvent(() => this.handle(row.event_id).executeUpdate(rejectUpdate, { args: [{ taskId: id, actor: actorOf(user), comment }] }));
  }

  async withdraw(user: AuthUser, id: string, comment?: string): Promise<TaskState> {
    const row = await this.row(id);
    await this.access.require(user, 'task.withdraw', resourceOf(row));
    return toEvent(() => this.handle(row.event_id).executeUpdate(withdrawUpdate, { args: [{ taskId: id, actor: actorOf(user), comment }] }));
  }

  /** An assignee hands the task to another user (转交); admin may reassign any open task. */
  async delegate(user: AuthUser, id: string, toUserId: string, comment?: string): Promise<TaskState> {
    const row = await this.row(id);
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
    const task = await toEvent(() =>
      this.handle(row.event_id).executeUpdate(delegateUpdate, {
        args: [{ taskId: id, actor: actorOf(user), to: { id: to.id, displayName: to.displayName }, toRoles, toInChargeOf, comment }],
      }),
    );
    // Admin reassigns without reading the task's content.
    return redactTask(task, await this.viewOf(user, row));
  }

  /**
   * Whom the caller could hand the task to now (转交): every active user the workflow's own rule
   * (delegationRefusal) would accept, the caller aside. Nobody while the task is not open.
   */
  async delegates(user: AuthUser, id: string): Promise<DelegateCandidate[]> {
    const row = await this.row(id);
    await this.access.require(user, 'task.delegate', resourceOf(row));
    if (!hasRole(user, 'admin') && !row.assignee_ids.includes(user.id)) {
      throw new DomainError('FORBIDDEN', '此待办未分派给您', 'This task is not assigned to you');
    }
    // A task the read model has closed goes to no one, whether or not its workflow still answers;
    // an open one cannot be weighed without the workflow's state (its post, pool and round), and a
    // 转交 would not reach it either: the same 503 (or 409, workflow gone) as the action.
    const state: EventState | undefined = await toEvent(() => this.handle(row.event_id).query(stateQuery)).catch((err: unknown) => {
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

  /** The caller's view of the task's event, from its read-model tasks. */
  private async viewOf(user: AuthUser, row: TaskRow) {
    const people = await this.dataSource.query<TaskRowPeople[]>(
      'SELECT step_id, kind, assignee_ids, acted_by, submitter_id, delegations FROM tasks WHERE event_id = $1',
      [row.event_id],
    );
    return this.access.eventView(
      user,
      { id: row.event_id, organiserId: row.organiser_id, leadUnit: row.lead_unit, templateCode: row.template_code, templateVersion: row.template_version },
      peopleOfRows(people),
    );
  }
}

/** What the policy needs of a task: its event and its people, as the read model has them. */
function resourceOf(row: TaskRow): AccessResource {
  return {
    event: { organiserId: row.organiser_id, leadUnit: row.lead_unit },
    task: { assigneeIds: row.assignee_ids, submitterId: row.submitter_id, actedById: row.acted_by?.id ?? null },
  };
}
