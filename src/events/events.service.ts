// Starting events from templates, listing them, and the organiser's actions on a whole event
// (reschedule, postpone, resume, cancel). Permissions are checked here, before Temporal is asked.
import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addOffset } from '../../workflows/calendar';
import { offsetSign, tryParseOffset } from '../../workflows/offsets';
import type { ReminderPolicy } from '../../workflows/template-types';
import {
  acknowledgeUpdate,
  cancelUpdate,
  eventWorkflowId,
  postponeUpdate,
  rescheduleUpdate,
  resumeUpdate,
  scheduleQuery,
  stateQuery,
  urgeUpdate,
  type EventSchedule,
  type EventState,
  type EventWorkflowInput,
} from '../../workflows/event-model';
import { eventWorkflow } from '../../workflows/event.workflow';
import { EVENT_DATE, EVENT_STATUS, LEAD_UNIT, TEMPLATE_CODE } from '../../workflows/search-attributes';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../access/access.service';
import { peopleOfRows, peopleOfState, redactAudit, redactReadModel, redactState, type AuditRow, type EventFacts, type EventVisibility, type TaskRowPeople } from '../access/event-view';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DirectoryService } from '../org/directory.service';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { TemplateRegistry } from '../templates/template-registry.service';
import type { AcknowledgeDto, CreateEventDto, ListEventsQuery, RescheduleDto, UrgeDto } from './events.dto';
import { actorOf, toEvent } from './event-messages';
import { EventIdempotency, idempotentRequest, KeyTaken, type IdempotentRequest } from './event-idempotency';
import { isUuid } from '../common/ids';
import { utcInstant } from '../common/instant';

export interface EventRow {
  id: string;
  workflow_id: string;
  template_code: string;
  template_version: number;
  title: string;
  lead_unit: string;
  organiser_id: string;
  starts_at: Date;
  ends_at: Date;
  venue: string | null;
  participant_ids: string[];
  status: string;
  current_step_ids: string[];
  postponed_at: Date | null;
  cancel_reason: string | null;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** An event as the API answers it. */
export interface EventSummary {
  id: string;
  workflowId: string;
  templateCode: string;
  templateVersion: number;
  title: string;
  leadUnit: string;
  organiserId: string;
  startsAt: Date;
  endsAt: Date;
  venue: string | null;
  participantIds: string[];
  status: string;
  currentStepIds: string[];
  postponedAt: Date | null;
  cancelReason: string | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toSummary(r: EventRow): EventSummary {
  return {
    id: r.id,
    workflowId: r.workflow_id,
    templateCode: r.template_code,
    templateVersion: r.template_version,
    title: r.title,
    leadUnit: r.lead_unit,
    organiserId: r.organiser_id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    venue: r.venue,
    participantIds: r.participant_ids,
    status: r.status,
    currentStepIds: r.current_step_ids,
    postponedAt: r.postponed_at,
    cancelReason: r.cancel_reason,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

@Injectable()
export class EventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly templates: TemplateRegistry,
    private readonly directory: DirectoryService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly idempotency: EventIdempotency,
    private readonly access: AccessService,
  ) {}

  /**
   * POST /api/events with its optional Idempotency-Key: a repeat of a request that started an event
   * is answered with that event (`replayed`) and starts nothing.
   */
  async createOnce(user: AuthUser, dto: CreateEventDto, key: string | undefined): Promise<{ event: EventSummary; replayed: boolean }> {
    const req = idempotentRequest(user.id, key, dto);
    if (!req) return { event: await this.create(user, dto), replayed: false };
    const hasStarted = (eventId: string) =>
      this.temporal.workflow
        .getHandle(eventWorkflowId(eventId))
        .describe()
        .then(() => true)
        .catch(() => false);
    // Twice at most: a copy that lost the race for the key is answered as a repeat of the winner.
    for (let attempt = 0; ; attempt++) {
      const earlier = await this.idempotency.earlierEvent(req, hasStarted);
      if (earlier) return { event: toSummary(await this.row(earlier)), replayed: true };
      try {
        return { event: await this.create(user, dto, req), replayed: false };
      } catch (err) {
        if (!(err instanceof KeyTaken) || attempt > 0) throw err;
      }
    }
  }

  /** Organisers start events of their own department; admin any. */
  async create(user: AuthUser, dto: CreateEventDto, idempotent?: IdempotentRequest): Promise<EventSummary> {
    const template = this.templates.find(dto.templateCode);
    if (!template) {
      throw new DomainError('INVALID', `没有此模板：${dto.templateCode}`, `templateCode: no template ${dto.templateCode}`, [
        { field: 'templateCode', message: { 'zh-CN': '没有此模板', en: 'unknown template' } },
      ]);
    }
    const lead = template.leadDepartment;
    await this.access.require(user, 'event.create', { event: { leadUnit: lead } }, ['只能发起本部门牵头的活动', `Only organisers of ${lead} can start this event`]);
    const startsAt = Date.parse(dto.startsAt);
    if (startsAt <= Date.now()) {
      throw new DomainError('INVALID', '开始时间须晚于现在', 'startsAt must be in the future', [
        { field: 'startsAt', message: { 'zh-CN': '须晚于现在', en: 'must be in the future' } },
      ]);
    }
    const endsAt = dto.endsAt ? Date.parse(dto.endsAt) : addOffset(startsAt, template.defaultDuration);
    if (endsAt <= startsAt) {
      throw new DomainError('INVALID', '结束时间须晚于开始时间', 'endsAt must be after startsAt', [
        { field: 'endsAt', message: { 'zh-CN': '须晚于开始时间', en: 'must be after startsAt' } },
      ]);
    }
    const participantIds = [...new Set(dto.participants ?? [])];
    const participants = await Promise.all(participantIds.map((id) => this.directory.getUser(id)));
    const unknown = participantIds.filter((_, i) => !participants[i]);
    if (unknown.length) {
      throw new DomainError('INVALID', `参与人员不存在：${unknown.join('、')}`, `participants: unknown users ${unknown.join(', ')}`, [
        { field: 'participants', message: { 'zh-CN': '含不存在的用户', en: 'contains unknown users' } },
      ]);
    }
    if (template.dependsOn) await this.checkDependency(template.dependsOn.template, template.dependsOn.step);
    const reminders = dto.reminders ? checkReminderPolicy(dto.reminders) : undefined;

    const id = randomUUID();
    const input: EventWorkflowInput = {
      eventId: id,
      title: dto.title.trim(),
      template,
      organiser: { id: user.id, displayName: user.displayName },
      leadUnit: lead,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      venue: dto.venue?.trim() || undefined,
      participants: participants.map((p) => ({ id: p!.id, displayName: p!.displayName })),
      reminders,
      dateChangeNoticeWindowMs: this.config.notifications.dateChangeNoticeWindowMs,
    };
    await this.dataSource.transaction(async (m) => {
      await this.templates.markUsed(m, template);
      await m.query(
        `INSERT INTO events (id, workflow_id, template_code, template_version, title, lead_unit, organiser_id,
                             starts_at, ends_at, venue, participant_ids, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'active')`,
        [id, eventWorkflowId(id), template.code, template.version, input.title, lead, user.id, input.startsAt, input.endsAt, input.venue ?? null, participantIds],
      );
      if (idempotent) await this.idempotency.claim(m, idempotent, id);
    });
    try {
      await this.temporal.workflow.start(eventWorkflow, {
        workflowId: eventWorkflowId(id),
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: TEMPLATE_CODE, value: template.code },
          { key: EVENT_STATUS, value: 'active' },
          { key: EVENT_DATE, value: new Date(startsAt) },
          { key: LEAD_UNIT, value: lead },
        ],
      });
    } catch (err) {
      // Nothing half-written: without its workflow the event does not exist.
      await this.dataSource.query('DELETE FROM events WHERE id = $1', [id]);
      throw new DomainError('UNAVAILABLE', '流程服务暂不可用，活动未创建', `Temporal refused the start: ${(err as Error).message}`);
    }
    if (idempotent) await this.idempotency.completed(idempotent);
    return toSummary(await this.row(id));
  }

  private async checkDependency(templateCode: string, stepId?: string): Promise<void> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM events e
        WHERE e.template_code = $1 AND e.status <> 'cancelled'
          AND (e.status = 'archived' OR ($2::text IS NOT NULL AND EXISTS (
                SELECT 1 FROM event_steps s WHERE s.event_id = e.id AND s.step_id = $2 AND s.status = 'done')))`,
      [templateCode, stepId ?? null],
    );
    if (!row.n) {
      const name = this.templates.find(templateCode)?.name ?? { 'zh-CN': templateCode, en: templateCode };
      throw new DomainError('CONFLICT', `须待“${name['zh-CN']}”完成${stepId ? `（${stepId}）` : ''}后才能发起`, `This needs ${name.en}${stepId ? ` (${stepId})` : ''} done first`);
    }
  }

  async list(user: AuthUser, q: ListEventsQuery): Promise<{ items: EventSummary[]; total: number; page: number; pageSize: number }> {
    await this.access.require(user, 'event.list');
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.status) add('status = ?', q.status);
    if (q.template) add('template_code = ?', q.template);
    if (q.unit) add('lead_unit = ?', q.unit);
    if (q.from) add('starts_at >= ?', utcInstant(q.from));
    if (q.to) add('starts_at < ?', utcInstant(q.to));
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM events ${clause}`, params);
    const items = await this.dataSource.query<EventRow[]>(
      `SELECT * FROM events ${clause} ORDER BY starts_at, id LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
      params,
    );
    return { items: items.map(toSummary), total, page: q.page, pageSize: q.pageSize };
  }

  async row(id: string): Promise<EventRow> {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND', `没有此活动：${id}`, `No event ${id}`);
    const [row] = await this.dataSource.query<EventRow[]>('SELECT * FROM events WHERE id = $1', [id]);
    if (!row) throw new DomainError('NOT_FOUND', `没有此活动：${id}`, `No event ${id}`);
    return row;
  }

  /**
   * The event with its live state from the workflow; from the read model when the workflow cannot
   * answer. Everyone signed in sees the outline; content as the caller's EventView allows.
   */
  async detail(
    user: AuthUser,
    id: string,
  ): Promise<{ event: EventSummary; state: EventState | ReadModelState; source: 'workflow' | 'read-model'; visibility: EventVisibility }> {
    const row = await this.row(id);
    await this.access.require(user, 'event.read-summary', { event: { organiserId: row.organiser_id, leadUnit: row.lead_unit } });
    const event = toSummary(row);
    let state: EventState | undefined;
    try {
      state = await this.temporal.workflow.getHandle(row.workflow_id).query(stateQuery);
    } catch {
      state = undefined;
    }
    if (state) {
      const view = await this.access.eventView(user, factsOf(row), peopleOfState(state));
      return { event, state: redactState(state, view), source: 'workflow', visibility: view.visibility(state.steps.map((s) => s.id)) };
    }
    const rm = await this.readModelState(id);
    const view = await this.access.eventView(user, factsOf(row), peopleOfRows(rm.tasks as unknown as TaskRowPeople[]));
    const stepIds = (rm.steps as { step_id: string }[]).map((s) => s.step_id);
    return { event, state: redactReadModel(rm as Parameters<typeof redactReadModel>[0], view), source: 'read-model', visibility: view.visibility(stepIds) };
  }

  /** An event's live state as an action answers it: cut to what the caller may see, as GET /events/:id is. */
  private async seenBy(user: AuthUser, row: EventRow, state: EventState): Promise<EventState> {
    return redactState(state, await this.access.eventView(user, factsOf(row), peopleOfState(state)));
  }

  /** The caller's view of an event, from its read-model tasks (for routes that do not query the workflow). */
  private async viewFromReadModel(user: AuthUser, row: EventRow) {
    const tasks = await this.dataSource.query<TaskRowPeople[]>(
      'SELECT step_id, kind, assignee_ids, acted_by, submitter_id, delegations FROM tasks WHERE event_id = $1',
      [row.id],
    );
    return this.access.eventView(user, factsOf(row), peopleOfRows(tasks));
  }

  private async readModelState(id: string): Promise<ReadModelState> {
    const [steps, tasks, notices] = await Promise.all([
      this.dataSource.query('SELECT * FROM event_steps WHERE event_id = $1 ORDER BY position', [id]),
      this.dataSource.query('SELECT * FROM tasks WHERE event_id = $1 ORDER BY created_at', [id]),
      this.dataSource.query(
        `SELECT n.*, coalesce(json_agg(r ORDER BY r.unit_code) FILTER (WHERE r.unit_code IS NOT NULL), '[]') AS receipts
           FROM notices n LEFT JOIN notice_receipts r ON r.notice_id = n.id
          WHERE n.event_id = $1 GROUP BY n.id ORDER BY n.issued_at`,
        [id],
      ),
    ]);
    return { steps, tasks, notices };
  }

  /** What only the event's managers, the federation's leaders and admin see: audit, schedule, receipts. */
  private async overseen(user: AuthUser, id: string, action: 'event.oversee' | 'receipts.read' = 'event.oversee'): Promise<EventRow> {
    const event = await this.row(id);
    await this.access.require(user, action, { event: { organiserId: event.organiser_id, leadUnit: event.lead_unit } });
    return event;
  }

  /** Every pending reminder and deadline with its time and recipients; after a change of date, what moved. */
  async schedule(user: AuthUser, id: string): Promise<EventSchedule> {
    const event = await this.overseen(user, id);
    if (event.status === 'cancelled' || event.status === 'archived') return { reminders: [], deadlines: [], moved: [] };
    return toEvent(() => this.temporal.workflow.getHandle(event.workflow_id).query(scheduleQuery));
  }

  /** The receipt roll-up of a notice (签收情况): each unit acknowledged, pending, or overdue. */
  async receipts(user: AuthUser, id: string, stepId: string) {
    const event = await this.overseen(user, id, 'receipts.read');
    const state = await toEvent(() => this.temporal.workflow.getHandle(event.workflow_id).query(stateQuery));
    const view = await this.access.eventView(user, factsOf(event), peopleOfState(state));
    const notice = state.notices.filter((n) => n.stepId === stepId).pop();
    if (!notice?.receipts) throw new DomainError('NOT_FOUND', `此步骤没有需签收的通知：${stepId}`, `No notice with receipts at step ${stepId}`);
    const due = notice.receiptsDueAt ? Date.parse(notice.receiptsDueAt) : undefined;
    const units = notice.receipts.map((r) => ({
      unitCode: r.unitCode,
      unitName: r.unitName,
      status: r.status === 'acknowledged' ? ('acknowledged' as const) : due !== undefined && Date.now() > due ? ('overdue' as const) : ('pending' as const),
      late: r.late ?? false,
      acknowledgedBy: r.acknowledgedBy,
      acknowledgedAt: r.acknowledgedAt,
      ...(view.receiptValues(stepId, r.unitCode, r.values) ? { values: view.receiptValues(stepId, r.unitCode, r.values) } : {}),
    }));
    const count = (s: string) => units.filter((u) => u.status === s).length;
    return {
      stepId,
      docNumber: notice.docNumber,
      subject: notice.subject,
      issuedAt: notice.issuedAt,
      receiptsDueAt: notice.receiptsDueAt,
      totals: { units: units.length, acknowledged: count('acknowledged'), pending: count('pending'), overdue: count('overdue') },
      units,
    };
  }

  /** 催办 now, to a pending task's assignees or a unit that has not acknowledged; at most once an hour each. */
  async urge(user: AuthUser, id: string, dto: UrgeDto): Promise<{ notified: number }> {
    const event = await this.manageable(user, id);
    if (!dto.taskId && !(dto.stepId && dto.unitCode)) {
      throw new DomainError('INVALID', '须指定待办（taskId）或通知步骤与单位（stepId、unitCode）', 'Give taskId, or stepId and unitCode', [
        { field: 'taskId', message: { 'zh-CN': '须指定催办对象', en: 'required unless stepId and unitCode are given' } },
      ]);
    }
    return toEvent(() =>
      this.temporal.workflow.getHandle(event.workflow_id).executeUpdate(urgeUpdate, { args: [{ actor: actorOf(user), ...dto }] }),
    );
  }

  /** The audit trail: for the event's managers, the federation's leaders and admin. */
  async audit(user: AuthUser, id: string): Promise<unknown[]> {
    const event = await this.overseen(user, id);
    const rows = await this.dataSource.query<AuditRow[]>(
      `SELECT id, seq, at, actor_id AS "actorId", actor_name AS "actorName", action, step_id AS "stepId", task_id AS "taskId",
              before, after, comment
         FROM audit_log WHERE event_id = $1 ORDER BY seq`,
      [id],
    );
    // The audit trail records form and receipt values: they are cut as everywhere else.
    return redactAudit(rows, await this.viewFromReadModel(user, event));
  }

  /** Who may reschedule, postpone, resume, cancel or urge: event.manage in the access policy. */
  async manageable(user: AuthUser, id: string): Promise<EventRow> {
    const event = await this.row(id);
    await this.access.require(user, 'event.manage', { event: { organiserId: event.organiser_id, leadUnit: event.lead_unit } });
    return event;
  }

  async reschedule(user: AuthUser, id: string, dto: RescheduleDto): Promise<EventState> {
    const event = await this.manageable(user, id);
    return this.seenBy(user, event, await toEvent(() =>
      this.temporal.workflow.getHandle(event.workflow_id).executeUpdate(rescheduleUpdate, { args: [{ actor: actorOf(user), ...dto }] }),
    ));
  }

  async resume(user: AuthUser, id: string, dto: RescheduleDto): Promise<EventState> {
    const event = await this.manageable(user, id);
    return this.seenBy(user, event, await toEvent(() =>
      this.temporal.workflow.getHandle(event.workflow_id).executeUpdate(resumeUpdate, { args: [{ actor: actorOf(user), ...dto }] }),
    ));
  }

  async postpone(user: AuthUser, id: string, reason: string): Promise<EventState> {
    const event = await this.manageable(user, id);
    return this.seenBy(user, event, await toEvent(() =>
      this.temporal.workflow.getHandle(event.workflow_id).executeUpdate(postponeUpdate, { args: [{ actor: actorOf(user), reason }] }),
    ));
  }

  async cancel(user: AuthUser, id: string, reason: string): Promise<EventState> {
    const event = await this.manageable(user, id);
    return this.seenBy(user, event, await toEvent(() =>
      this.temporal.workflow.getHandle(event.workflow_id).executeUpdate(cancelUpdate, { args: [{ actor: actorOf(user), reason }] }),
    ));
  }

  /** A district (or member unit) liaison acknowledges an official notice (签收). */
  async acknowledge(user: AuthUser, id: string, stepId: string, dto: AcknowledgeDto) {
    const event = await this.row(id);
    const unitCode = dto.unitCode ?? user.unitCode;
    // The notice's liaisons are in the live state: the workflow's validator decides (the policy says so).
    await this.access.require(user, 'notice.acknowledge', { event: { organiserId: event.organiser_id, leadUnit: event.lead_unit }, unitCode });
    return toEvent(() =>
      this.temporal.workflow
        .getHandle(event.workflow_id)
        .executeUpdate(acknowledgeUpdate, { args: [{ stepId, unitCode, actor: actorOf(user), values: dto.values }] }),
    );
  }
}

/** Offsets must parse; before-event ones point before the event, SLAs after the task opens. */
function checkReminderPolicy(p: ReminderPolicy): ReminderPolicy {
  const bad = (field: string, zh: string, en: string): never => {
    throw new DomainError('INVALID', `${field}：${zh}`, `${field}: ${en}`, [{ field, message: { 'zh-CN': zh, en } }]);
  };
  (p.beforeEvent ?? []).forEach((offset, i) => {
    const parsed = tryParseOffset(offset);
    if (!parsed || offsetSign(parsed) >= 0) bad(`reminders.beforeEvent[${i}]`, '应为活动开始前的时间，如 -7d', 'must be before the event, e.g. -7d');
  });
  for (const key of ['taskSla', 'signOffSla'] as const) {
    const offset = p[key];
    if (offset === undefined) continue;
    const parsed = tryParseOffset(offset);
    if (!parsed || offsetSign(parsed) <= 0) bad(`reminders.${key}`, '应为正的时长，如 3d', 'must be a positive duration, e.g. 3d');
  }
  return { beforeEvent: p.beforeEvent, taskSla: p.taskSla, signOffSla: p.signOffSla };
}

function factsOf(row: EventRow): EventFacts {
  return { id: row.id, organiserId: row.organiser_id, leadUnit: row.lead_unit, templateCode: row.template_code, templateVersion: row.template_version };
}

export interface ReadModelState {
  steps: unknown[];
  tasks: unknown[];
  notices: unknown[];
}
