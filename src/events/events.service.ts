// Starting events from templates, listing them, and the organiser's actions on a whole event
// (reschedule, postpone, resume, cancel). Permissions are checked here, before Temporal is asked.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addOffset } from '../../workflows/working-days';
import { offsetSign, tryParseOffset } from '../../workflows/offsets';
import type { EventTemplate, ReminderPolicy } from '../../workflows/template-types';
import {
  acknowledgeUpdate,
  cancelUpdate,
  eventWorkflowId,
  postponeUpdate,
  reschedulePreviewQuery,
  rescheduleUpdate,
  resumeUpdate,
  scheduleQuery,
  stateQuery,
  urgeUpdate,
  type EventSchedule,
  type EventState,
  type ReschedulePreview,
  type EventWorkflowInput,
} from '../../workflows/event-model';
import { eventWorkflow } from '../../workflows/event.workflow';
import { EVENT_DATE, EVENT_STATUS, LEAD_UNIT, TEMPLATE_CODE } from '../../workflows/search-attributes';
import type { AuthUser } from '../auth/auth-user';
import { AccessService } from '../access/access.service';
import { AttachmentsService } from '../attachments/attachments.service';
import { CalendarService } from '../calendar/calendar.service';
import { peopleOfRows, peopleOfState, redactAudit, redactState, type EventFacts, type EventVisibility } from '../access/event-view';
import { DomainError } from '../common/domain-error';
import { withDocumentLinks } from '../documents/notice-downloads.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DirectoryService } from '../org/directory.service';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { TemplateRegistry } from '../templates/template-registry.service';
import { HandoffService } from '../templates/handoff.service';
import { handoffsAsSeen, type Handoff } from '../templates/handoff';
import type { AcknowledgeDto, CreateEventDto, ListEventsQuery, RescheduleDto, UrgeDto } from './events.dto';
import { actorOf, asDomainError, callWorkflow, workflowGone } from './event-messages';
import { EventIdempotency, idempotentRequest, KeyTaken, type IdempotentRequest } from './event-idempotency';
import { readableAudit, type ReadableAuditEntry } from './audit-trail';
import { isUuid } from '../common/ids';
import { utcInstant } from '../common/instant';
import { checkDateRange } from '../common/search';
import { findStep } from '../tasks/task-forms';
import { toSummary, type EventSummary } from '../read-model/mapping';
import { ReadModelRepository, type NewEvent } from '../read-model/read-model.repository';
import { refuseHandStart } from './started-elsewhere';
import type { EventRow } from '../read-model/rows';

export type { EventRow, EventSummary };

@Injectable()
export class EventsService {
  private readonly log = new Logger('Events');
  constructor(
    private readonly dataSource: DataSource,
    private readonly templates: TemplateRegistry,
    private readonly directory: DirectoryService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly idempotency: EventIdempotency,
    private readonly access: AccessService,
    private readonly readModel: ReadModelRepository,
    private readonly attachments: AttachmentsService,
    private readonly calendar: CalendarService,
    private readonly handoff: HandoffService,
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
    refuseHandStart(template, this.templates.campaigns());
    const lead = template.leadDepartment;
    await this.access.require(user, 'event.create', { event: { leadUnit: lead } }, ['只能发起本部门牵头的活动', `Only organisers of ${lead} can start this event`]);
    return this.start(user, template, lead, dto, { idempotent });
  }

  /**
   * Starts an event of `template` led by `lead`, organised by `user`, once the caller has checked
   * that they may: POST /api/events for a department's template, a campaign for a district's activity
   * (`campaign` links the event to the campaign and unit).
   */
  async start(
    user: AuthUser,
    template: EventTemplate,
    lead: string,
    dto: Omit<CreateEventDto, 'templateCode'>,
    { idempotent, campaign }: { idempotent?: IdempotentRequest; campaign?: NewEvent['campaign'] } = {},
  ): Promise<EventSummary> {
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
    // `dependsOn` and `reads` are resolved together: one source event per template, checked and copied.
    const handoffs = await this.handoff.gather(template, new Date(startsAt).toISOString());
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
      calendar: await this.calendar.forEvent(new Date(startsAt).toISOString()),
    };
    await this.dataSource.transaction(async (m) => {
      await this.templates.markUsed(m, template);
      await this.readModel.insertEvent(m, {
        id,
        workflowId: eventWorkflowId(id),
        templateCode: template.code,
        templateVersion: template.version,
        title: input.title,
        leadUnit: lead,
        organiserId: user.id,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        venue: input.venue ?? null,
        participantIds,
        campaign,
      });
      await this.handoff.record(m, id, handoffs);
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
      await this.readModel.deleteEvent(id);
      // Temporal's own words name its addresses and internals: the log gets them, the person does not.
      this.log.error(`Temporal refused the start of event ${id}: ${(err as Error).message}`);
      throw new DomainError('UNAVAILABLE', '流程服务暂不可用，活动未创建', 'The workflow service is unavailable; the event was not created');
    }
    await this.calendar.catchUp({ id, title: input.title, startsAt: input.startsAt }, input.calendar?.version);
    if (idempotent) await this.idempotency.completed(idempotent);
    return toSummary(await this.row(id));
  }

  async list(user: AuthUser, q: ListEventsQuery): Promise<{ items: EventSummary[]; total: number; page: number; pageSize: number }> {
    await this.access.require(user, 'event.list');
    checkDateRange(q.from, q.to);
    const { items, total } = await this.readModel.events(
      { q: q.q, status: q.status, template: q.template, unit: q.unit, from: q.from ? utcInstant(q.from) : undefined, to: q.to ? utcInstant(q.to) : undefined },
      q.page,
      q.pageSize,
    );
    return { items: items.map(toSummary), total, page: q.page, pageSize: q.pageSize };
  }

  async row(id: string): Promise<EventRow> {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND', `没有此活动：${id}`, `No event ${id}`);
    const row = await this.readModel.event(id);
    if (!row) throw new DomainError('NOT_FOUND', `没有此活动：${id}`, `No event ${id}`);
    return row;
  }

  /**
   * The event with its live state from the workflow; from the read model when the workflow cannot
   * answer (gone after Temporal's retention, or unreachable), in the same shape. Everyone signed in
   * sees the outline; content as the caller's EventView allows.
   */
  async detail(user: AuthUser, id: string): Promise<{ event: EventSummary; state: EventState; source: 'workflow' | 'read-model'; visibility: EventVisibility; handoffs: Handoff[] }> {
    const row = await this.row(id);
    await this.access.require(user, 'event.read-summary', { event: { organiserId: row.organiser_id, leadUnit: row.lead_unit } });
    const event = toSummary(row);
    let state: EventState | undefined;
    let source: 'workflow' | 'read-model' = 'workflow';
    try {
      state = await this.temporal.workflow.getHandle(row.workflow_id).query(stateQuery);
    } catch {
      state = await this.readModel.eventState(id);
      source = 'read-model';
    }
    if (!state) throw new DomainError('NOT_FOUND', `没有此活动：${id}`, `No event ${id}`);
    const view = await this.access.eventView(user, factsOf(row), peopleOfState(state));
    const template = this.templates.find(row.template_code);
    const handoffs = template?.reads ? handoffsAsSeen(template, await this.handoff.of(id), view) : [];
    return { event, state: withDocumentLinks(redactState(state, view)), source, visibility: view.visibility(state.steps.map((s) => s.id)), handoffs };
  }

  /**
   * The live state for a route that needs it; the read model's once the workflow is gone (an
   * archived event past Temporal's retention). Temporal unreachable stays a 503.
   */
  private async liveOrStored(row: EventRow): Promise<EventState> {
    try {
      return await this.temporal.workflow.getHandle(row.workflow_id).query(stateQuery);
    } catch (err) {
      const stored = workflowGone(err) ? await this.readModel.eventState(row.id) : undefined;
      if (stored) return stored;
      throw asDomainError(err);
    }
  }

  /** An event's live state as an action answers it: cut to what the caller may see, as GET /events/:id is. */
  private async seenBy(user: AuthUser, row: EventRow, state: EventState): Promise<EventState> {
    return redactState(state, await this.access.eventView(user, factsOf(row), peopleOfState(state)));
  }

  /** The caller's view of an event, from its read-model tasks (for routes that do not query the workflow). */
  private async viewFromReadModel(user: AuthUser, row: EventRow) {
    return this.access.eventView(user, factsOf(row), peopleOfRows(await this.readModel.taskPeople(row.id)));
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
    return callWorkflow(() => this.temporal.workflow.getHandle(event.workflow_id).query(scheduleQuery));
  }

  /** The receipt roll-up of a notice (签收情况): each unit acknowledged, pending, or overdue. */
  async receipts(user: AuthUser, id: string, stepId: string) {
    const event = await this.overseen(user, id, 'receipts.read');
    const state = await this.liveOrStored(event);
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
    const step = findStep((await this.readModel.templateOf(id))?.steps ?? [], stepId);
    return {
      stepId,
      docNumber: notice.docNumber,
      subject: notice.subject,
      issuedAt: notice.issuedAt,
      receiptsDueAt: notice.receiptsDueAt,
      totals: { units: units.length, acknowledged: count('acknowledged'), pending: count('pending'), overdue: count('overdue') },
      units,
      receiptForm: step?.type === 'notify' ? (step.receipt?.form ?? null) : null,
    };
  }

  /** 催办 now, to a pending task's assignees or a unit that has not acknowledged; at most once an hour each. */
  async urge(user: AuthUser, id: string, dto: UrgeDto): Promise<{ notified: number }> {
    const event = await this.manageable(user, id);
    if (!dto.taskId && !dto.stepId) {
      throw new DomainError('INVALID', '须指定待办（taskId）或通知步骤（stepId，可加单位 unitCode）', 'Give taskId, or stepId (with unitCode for one unit)', [
        { field: 'taskId', message: { 'zh-CN': '须指定催办对象：待办（taskId）或通知步骤（stepId）', en: 'required unless stepId is given' } },
      ]);
    }
    return callWorkflow(() =>
      this.temporal.workflow.getHandle(event.workflow_id).executeUpdate(urgeUpdate, { args: [{ actor: actorOf(user), ...dto }] }),
    );
  }

  /** The audit trail: for the event's managers, the federation's leaders and admin; with the names of steps and units. */
  async audit(user: AuthUser, id: string): Promise<ReadableAuditEntry[]> {
    const event = await this.overseen(user, id);
    const rows = await this.readModel.audit(id);
    const [template, units] = await Promise.all([this.readModel.templateOf(id), this.directory.listUnits()]);
    const names = new Map(units.map((u) => [u.code, { 'zh-CN': u.nameZh, en: u.nameEn }]));
    // The audit trail records form and receipt values: they are cut as everywhere else.
    return readableAudit(redactAudit(rows, await this.viewFromReadModel(user, event)), template?.steps ?? [], (code) => names.get(code));
  }

  /** Who may reschedule, postpone, resume, cancel or urge: event.manage in the access policy. */
  async manageable(user: AuthUser, id: string): Promise<EventRow> {
    const event = await this.row(id);
    await this.access.require(user, 'event.manage', { event: { organiserId: event.organiser_id, leadUnit: event.lead_unit } });
    return event;
  }

  /** What 改期 (or, while postponed, 恢复) to these dates would move and leave overdue; refused as the change would be. */
  async previewReschedule(user: AuthUser, id: string, dto: RescheduleDto): Promise<Omit<ReschedulePreview, 'refusal'>> {
    const event = await this.manageable(user, id);
    const { refusal, ...preview } = await callWorkflow(() =>
      this.temporal.workflow
        .getHandle(event.workflow_id)
        .query(reschedulePreviewQuery, { actor: actorOf(user), startsAt: dto.startsAt, endsAt: dto.endsAt, asOf: new Date().toISOString() }),
    );
    if (refusal) throw new DomainError(refusal.kind, refusal.zh, refusal.en);
    return preview;
  }

  async reschedule(user: AuthUser, id: string, dto: RescheduleDto): Promise<EventState> {
    const event = await this.manageable(user, id);
    return this.seenBy(user, event, await callWorkflow(() =>
      this.temporal.workflow.getHandle(event.workflow_id).executeUpdate(rescheduleUpdate, { args: [{ actor: actorOf(user), ...dto }] }),
    ));
  }

  async resume(user: AuthUser, id: string, dto: RescheduleDto): Promise<EventState> {
    const event = await this.manageable(user, id);
    return this.seenBy(user, event, await callWorkflow(() =>
      this.temporal.workflow.getHandle(event.workflow_id).executeUpdate(resumeUpdate, { args: [{ actor: actorOf(user), ...dto }] }),
    ));
  }

  async postpone(user: AuthUser, id: string, reason: string): Promise<EventState> {
    const event = await this.manageable(user, id);
    return this.seenBy(user, event, await callWorkflow(() =>
      this.temporal.workflow.getHandle(event.workflow_id).executeUpdate(postponeUpdate, { args: [{ actor: actorOf(user), reason }] }),
    ));
  }

  async cancel(user: AuthUser, id: string, reason: string): Promise<EventState> {
    const event = await this.manageable(user, id);
    return this.seenBy(user, event, await callWorkflow(() =>
      this.temporal.workflow.getHandle(event.workflow_id).executeUpdate(cancelUpdate, { args: [{ actor: actorOf(user), reason }] }),
    ));
  }

  /** A district (or member unit) liaison acknowledges an official notice (签收). */
  async acknowledge(user: AuthUser, id: string, stepId: string, dto: AcknowledgeDto) {
    const event = await this.row(id);
    const unitCode = dto.unitCode ?? user.unitCode;
    // The notice's liaisons are in the live state: the workflow's validator decides (the policy says so).
    await this.access.require(user, 'notice.acknowledge', { event: { organiserId: event.organiser_id, leadUnit: event.lead_unit }, unitCode });
    // The files the receipt names are checked and bound to it first (附件).
    return this.attachments.bindingTo(user, { eventId: id, stepId, unitCode }, dto.values ?? {}, (values) =>
      callWorkflow(() =>
        this.temporal.workflow
          .getHandle(event.workflow_id)
          .executeUpdate(acknowledgeUpdate, { args: [{ stepId, unitCode, actor: actorOf(user), values: dto.values === undefined ? undefined : values }] }),
      ),
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
