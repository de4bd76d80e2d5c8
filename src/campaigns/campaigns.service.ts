// Campaigns (目标管理) over HTTP: starting one from its template, and everything read from the read
// model its workflows write — the summary, the roll-up and its workbook, a unit's page, the
// assessment — and the two actions sent to the workflows: a unit's progress report and the cancel.
// Access is asked first in every method: a district sees and reports its own figures only.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { CampaignTemplate } from '../../workflows/campaign-types';
import {
  cancelCampaignUpdate,
  campaignWorkflowId,
  reportProgressUpdate,
  unitCampaignWorkflowId,
  type CampaignState,
  type CampaignUnit,
  type CampaignWorkflowInput,
  type Rollup,
  type UnitCampaignState,
} from '../../workflows/campaign-model';
import { campaignWorkflow } from '../../workflows/campaign.workflow';
import { startOfChinaDay } from '../../workflows/campaign/china-days';
import { reportingPeriods, type ReportingPeriod } from '../../workflows/campaign/periods';
import { isCumulative } from '../../workflows/campaign/reports';
import type { AttachmentRef } from '../../workflows/forms';
import { LEAD_UNIT, TEMPLATE_CODE } from '../../workflows/search-attributes';
import { unitsAnsweredFor } from '../access/access.policy';
import { AccessService } from '../access/access.service';
import { recheckRecord } from '../archive/archive-record';
import { AttachmentsService } from '../attachments/attachments.service';
import type { AuthUser } from '../auth/auth-user';
import { CalendarService } from '../calendar/calendar.service';
import { DomainError } from '../common/domain-error';
import { isUuid } from '../common/ids';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { idempotentRequest } from '../events/event-idempotency';
import { actorOf, callWorkflow } from '../events/event-messages';
import { EventsService, type EventSummary } from '../events/events.service';
import { toSummary } from '../read-model/mapping';
import type { Download } from '../exports/exports.service';
import { DirectoryService } from '../org/directory.service';
import { UNIT_GROUP_KINDS } from '../org/org.constants';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens';
import { TemplateRegistry } from '../templates/template-registry.service';
import { campaignWorkbook } from './campaign-export';
import { CampaignReadModel, type CampaignProgressRow, type CampaignRow, type ReportRevisionRow } from './campaign-read-model';
import type { ListCampaignsQuery, ReportProgressDto, StartCampaignDto, StartUnitActivityDto } from './campaigns.dto';
import { overdueFor, rollupOf } from './rollup';
import { refuseNothingLeftToReport, refuseYearTooFarAhead } from './startable-year';
import { callUnitWorkflow } from './unit-report-call';

const notFound = (id: string) => new DomainError('NOT_FOUND', `没有此目标管理活动：${id}`, `No campaign ${id}`);
const STAFF_ONLY: [string, string] = ['各单位的完成情况仅供市妇联机关工作人员查看', "Every unit's figures are for the federation's own staff"];

export interface CampaignListItem {
  id: string;
  title: string;
  year: number;
  templateCode: string;
  templateName: CampaignTemplate['name'];
  leadUnit: string;
  status: CampaignRow['status'];
  startedAt: string;
  units: number;
  reportsIn: number;
  reportsDue: number;
  completion: number | null;
}

@Injectable()
export class CampaignsService {
  private readonly log = new Logger('Campaigns');

  constructor(
    private readonly templateRegistry: TemplateRegistry,
    private readonly readModel: CampaignReadModel,
    private readonly directory: DirectoryService,
    private readonly calendar: CalendarService,
    private readonly access: AccessService,
    private readonly attachments: AttachmentsService,
    private readonly events: EventsService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async templates(user: AuthUser): Promise<CampaignTemplate[]> {
    await this.access.require(user, 'template.read');
    return this.templateRegistry.campaigns();
  }

  /**
   * Starts a campaign: its units resolved from the directory in its order, its row, then its workflow.
   * One per template and year; if Temporal refuses the start, the row goes again.
   */
  async start(user: AuthUser, dto: StartCampaignDto) {
    const template = this.templateRegistry.campaigns().find((t) => t.code === dto.templateCode);
    if (!template) {
      throw new DomainError('INVALID', `没有此目标管理模板：${dto.templateCode}`, `templateCode: no campaign template ${dto.templateCode}`, [
        { field: 'templateCode', message: { 'zh-CN': '没有此模板', en: 'unknown template' } },
      ]);
    }
    const lead = template.leadDepartment;
    await this.access.require(user, 'campaign.create', { event: { leadUnit: lead } }, ['只能发起本部门牵头的目标管理活动', `Only the organisers and the head of ${lead} can start this campaign`]);
    refuseYearTooFarAhead(dto.year, Date.now());
    const calendar = await this.calendar.forEvent(new Date(startOfChinaDay(`${dto.year}-${template.period.from}`)).toISOString());
    const periods = reportingPeriods(template, dto.year, calendar);
    refuseNothingLeftToReport(dto.year, periods, Date.now());
    const id = randomUUID();
    const input: CampaignWorkflowInput = {
      campaignId: id,
      title: dto.title ?? `${dto.year}年${template.name['zh-CN']}`,
      year: dto.year,
      template,
      organiser: { id: user.id, displayName: user.displayName },
      leadUnit: lead,
      units: await this.unitsOf(template),
      calendar,
    };
    const { takenBy } = await this.readModel.insertUnlessTaken({
      id,
      workflowId: campaignWorkflowId(id),
      template,
      title: input.title,
      year: dto.year,
      leadUnit: lead,
      organiserId: user.id,
      periods,
    });
    if (takenBy) {
      throw new DomainError('CONFLICT', `${dto.year}年已发起此目标管理活动（${takenBy}）`, `This campaign has already been started for ${dto.year} (${takenBy})`);
    }
    try {
      await this.temporal.workflow.start(campaignWorkflow, {
        workflowId: campaignWorkflowId(id),
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: TEMPLATE_CODE, value: template.code },
          { key: LEAD_UNIT, value: lead },
        ],
      });
    } catch (err) {
      // Nothing half-written: without its workflow the campaign does not exist.
      await this.readModel.delete(id);
      this.log.error(`Temporal refused the start of campaign ${id}: ${(err as Error).message}`);
      throw new DomainError('UNAVAILABLE', '流程服务暂不可用，目标管理活动未发起', 'The workflow service is unavailable; the campaign was not started');
    }
    return this.detail(user, id);
  }

  /** The units given targets, group by group as the template lists them, each in the directory's order. */
  private async unitsOf(template: CampaignTemplate): Promise<CampaignUnit[]> {
    const groups = await Promise.all(template.units.map((group) => this.directory.listUnits(UNIT_GROUP_KINDS[group])));
    return groups.flat().map((u) => ({ code: u.code, name: u.nameZh }));
  }

  async list(user: AuthUser, q: ListCampaignsQuery): Promise<CampaignListItem[]> {
    await this.access.require(user, 'campaign.list');
    const rows = await this.readModel.list(q.year);
    const progress = await this.readModel.progressOf(rows.map((r) => r.id));
    const mine = new Set(unitsAnsweredFor(user));
    const now = Date.now();
    return rows.map((c) => {
      const seesAll = this.access.permits(user, 'campaign.read-all', leadOf(c));
      const units = progress.filter((p) => p.campaignId === c.id);
      // The report counts of the units one may see: every unit to the staff, one's own to a district.
      const counted = seesAll ? units : units.filter((u) => mine.has(u.unitCode));
      // The mean over the targets of the city's done against the units' shares.
      const shares = c.template.targets.map(({ key }) => {
        const goal = units.reduce((n, u) => n + (u.targets[key] ?? 0), 0);
        const done = units.reduce((n, u) => n + (u.soFar[key] ?? 0), 0);
        return goal > 0 ? done / goal : 1;
      });
      return {
        id: c.id,
        title: c.title,
        year: c.year,
        templateCode: c.templateCode,
        templateName: c.template.name,
        leadUnit: c.leadUnit,
        status: c.status,
        startedAt: new Date(c.startedAt).toISOString(),
        units: units.length,
        reportsIn: counted.reduce((n, u) => n + u.periodsIn.length, 0),
        reportsDue: counted.reduce((n, u) => n + reportsDueOf(c.periods, u, now), 0),
        completion: seesAll && units.length ? shares.reduce((a, b) => a + b, 0) / shares.length : null,
      };
    });
  }

  private async row(id: string): Promise<CampaignRow> {
    const row = isUuid(id) ? await this.readModel.campaign(id) : undefined;
    if (!row) throw notFound(id);
    return row;
  }

  /**
   * The campaign for everyone signed in, with the whole allocation: the 任务分解表 is an official
   * document sent to every unit, so its targets are no secret. Progress figures stay each unit's own.
   */
  async detail(user: AuthUser, id: string) {
    const c = await this.row(id);
    await this.access.require(user, 'campaign.read-summary', leadOf(c));
    const units = await this.readModel.units(id);
    const mine = new Set(unitsAnsweredFor(user));
    const seesAll = this.access.permits(user, 'campaign.read-all', leadOf(c));
    const record = await this.readModel.record(id);
    return {
      id: c.id,
      title: c.title,
      year: c.year,
      templateCode: c.templateCode,
      templateVersion: c.templateVersion,
      templateName: c.template.name,
      leadUnit: c.leadUnit,
      organiser: c.organiser,
      status: c.status,
      startedAt: new Date(c.startedAt).toISOString(),
      archivedAt: c.archivedAt && new Date(c.archivedAt).toISOString(),
      cancelledAt: c.cancelledAt && new Date(c.cancelledAt).toISOString(),
      allocationEventId: c.allocationEventId,
      assessmentEventId: c.assessmentEventId,
      targets: c.template.targets,
      periods: c.periods,
      units: units.map((u) => ({ code: u.unitCode, name: u.unitName })),
      allocation: c.allocation,
      visibility: seesAll ? ('all' as const) : ('own-units' as const),
      ownUnits: units.filter((u) => mine.has(u.unitCode)).map((u) => u.unitCode),
      record: record ? { archivedAt: new Date(record.archivedAt).toISOString(), sha256: record.sha256, verifyUrl: `/api/campaigns/${id}/record/verify` } : null,
    };
  }

  /** 校验: the archived campaign's record hashed again from its stored text, as an event's archive is. */
  async verifyRecord(user: AuthUser, id: string) {
    const c = await this.row(id);
    await this.access.require(user, 'archive.read', leadOf(c));
    const record = await this.readModel.record(id);
    if (!record) throw new DomainError('NOT_FOUND', `此目标管理活动尚未归档，没有归档记录：${c.title}`, `The campaign is not archived yet and has no record: ${c.title}`);
    return { campaignId: id, archivedAt: new Date(record.archivedAt).toISOString(), sha256: record.sha256, ...recheckRecord(record.text, record.sha256) };
  }

  /** Every unit's figures against its targets and the time elapsed, the city's totals and trend. */
  async rollup(user: AuthUser, id: string): Promise<Rollup> {
    return (await this.withRollup(user, id)).rollup;
  }

  async workbook(user: AuthUser, id: string): Promise<Download> {
    const { campaign, rollup } = await this.withRollup(user, id);
    return campaignWorkbook(campaign, rollup);
  }

  /** The campaign and its roll-up, for the staff; read in one query, and nothing of it answered before access is granted. */
  private async withRollup(user: AuthUser, id: string): Promise<{ campaign: CampaignRow; rollup: Rollup }> {
    const c = isUuid(id) ? await this.readModel.campaignWithReports(id) : undefined;
    if (!c) throw notFound(id);
    await this.access.require(user, 'campaign.read-all', leadOf(c), STAFF_ONLY);
    return { campaign: c, rollup: rollupOf({ campaignId: c.id, template: c.template, periods: c.periods, units: c.units, reports: c.reports }, Date.now()) };
  }

  async assessment(user: AuthUser, id: string) {
    const c = await this.row(id);
    await this.access.require(user, 'campaign.read-all', leadOf(c), STAFF_ONLY);
    if (!c.assessment) throw new DomainError('CONFLICT', '年度考核尚未进行：考核在活动结束时进行', 'The assessment is not done yet: it is computed at the campaign’s close');
    return c.assessment;
  }

  /** A unit's page: its targets and figures, every period with its report and revisions, the 催办/督办 sent, what is due next. */
  async unitPage(user: AuthUser, id: string, unitCode: string) {
    const c = await this.row(id);
    await this.access.require(user, 'campaign.read-unit', { ...leadOf(c), unitCode }, ['只能查看本单位的报送情况', "You can see only your own unit's reports"]);
    const unit = await this.unitOf(c, unitCode);
    const [revisions, urgings, activities] = await Promise.all([
      this.readModel.unitReports(id, unitCode),
      this.readModel.unitUrgings(id, unitCode),
      this.readModel.unitActivities(id, unitCode),
    ]);
    const now = Date.now();
    const [progress] = rollupOf({ campaignId: id, template: c.template, periods: c.periods, units: [unit], reports: revisions.map((r) => ({ ...r, unitCode })) }, now).units;
    const periods = c.periods.map((p) => {
      const own = revisions.filter((r) => r.periodIndex === p.index).map(revisionOf);
      const report = own[own.length - 1] ?? null;
      return {
        ...p,
        report,
        revisions: own,
        late: report?.late ?? false,
        missing: !report && overdueFor(unit, p, now),
        urgings: urgings.filter((u) => u.periodIndex === p.index).map((u) => ({ kind: u.kind, at: new Date(u.sentAt).toISOString() })),
      };
    });
    // The first period begun without a report, passing over one the unit never owed (due before its part began).
    const owed = periods.find((p) => !p.report && startOfChinaDay(p.startsOn) <= now && (Date.parse(p.dueAt) >= now || p.missing));
    return {
      campaignId: id,
      title: c.title,
      year: c.year,
      campaignStatus: c.status,
      unit: { code: unit.unitCode, name: unit.unitName },
      status: unit.status,
      standing: progress.standing,
      targets: c.template.targets.map((t) => ({ key: t.key, name: t.name, unit: t.unit, cumulative: isCumulative(t), ...progress.targets[t.key] })),
      periods,
      dueNext: owed ? { periodIndex: owed.index, label: owed.label, dueAt: owed.dueAt, overdue: owed.missing } : null,
      canReport: this.access.permits(user, 'campaign.report', { unitCode }) && c.status === 'running' && unit.status === 'running',
      activities: activities.map(toSummary),
      canStartActivity: this.access.permits(user, 'campaign.start-activity', { unitCode }) && c.status === 'running' && unit.status === 'running',
    };
  }

  /**
   * The unit's own activity (本单位活动): an ordinary event of the campaign's district template, led by
   * the unit and organised by the caller — its liaison, the district's organiser for now, or the admin —
   * started as POST /api/events starts one, while the campaign and the unit run.
   */
  async startActivity(user: AuthUser, id: string, unitCode: string, dto: StartUnitActivityDto): Promise<EventSummary> {
    const c = await this.row(id);
    await this.access.require(user, 'campaign.start-activity', { ...leadOf(c), unitCode }, ['只能由本单位联络员发起本单位活动', "Only the unit's liaison can start its activities"]);
    if (c.status !== 'running') {
      const [zh, en] = c.status === 'allocating' ? ['任务尚未分解完毕，暂不能发起本单位活动', 'The targets are not allocated yet: activities can be started once the allocation is approved'] : ['活动已结束，不能再发起本单位活动', 'The campaign is over: no more activities can be started'];
      throw new DomainError('CONFLICT', zh, en);
    }
    const unit = await this.unitOf(c, unitCode);
    if (unit.status !== 'running') throw new DomainError('CONFLICT', '本单位的目标任务已结束，不能再发起活动', "This unit's part of the campaign is over: no more activities can be started");
    const template = this.templateRegistry.get(c.template.districtActivity);
    return this.events.start(user, template, unitCode, dto, { campaign: { id, unitCode } });
  }

  private async unitOf(c: CampaignRow, unitCode: string) {
    const unit = await this.readModel.unit(c.id, unitCode);
    if (!unit) {
      throw new DomainError('NOT_FOUND', `${unitCode} 不是此活动的任务单位（或任务尚未分解）`, `${unitCode} is not given targets in this campaign (or the allocation is not approved yet)`);
    }
    return unit;
  }

  /**
   * A unit's progress report, sent to its workflow as an Update: the files it names are checked to be
   * this campaign's and this unit's and bound to the period first; the validator's refusal of a
   * figure is answered 400 in both languages, and then the files go back. A repeat with the same
   * requestId (a retry after 503) is the same Update, which Temporal answers once: one revision.
   */
  async report(user: AuthUser, id: string, unitCode: string, dto: ReportProgressDto): Promise<UnitCampaignState> {
    const c = await this.row(id);
    await this.access.require(user, 'campaign.report', { ...leadOf(c), unitCode }, ['只能由本单位联络员报送进度', "Only the unit's liaison can send its progress reports"]);
    // Asked before the unit: while allocating, no unit has its row yet, and the answer is "not yet", not 404.
    if (c.status !== 'running') {
      const [zh, en] = c.status === 'allocating' ? ['任务尚未分解完毕，暂不能报送', 'The targets are not allocated yet: reports open once the allocation is approved'] : ['活动已结束报送', 'The campaign no longer takes reports'];
      throw new DomainError('CONFLICT', zh, en);
    }
    await this.unitOf(c, unitCode);
    const target = { campaignId: id, unitCode, periodIndex: dto.periodIndex };
    const unit = this.temporal.workflow.getHandle(unitCampaignWorkflowId(id, unitCode));
    return this.attachments.bindingToCampaignReport(user, target, (dto.attachments ?? []).map((a) => a.id), (attachments: AttachmentRef[]) =>
      callUnitWorkflow(unit, () =>
        unit.executeUpdate(reportProgressUpdate, {
          updateId: dto.requestId ? reportUpdateId(user, dto.requestId, dto) : undefined,
          args: [{ actor: actorOf(user), periodIndex: dto.periodIndex, figures: dto.figures, comment: dto.comment, attachments: attachments.length ? attachments : undefined }],
        }),
      ),
    );
  }

  async cancel(user: AuthUser, id: string, reason: string): Promise<CampaignState> {
    const c = await this.row(id);
    await this.access.require(user, 'campaign.cancel', leadOf(c), ['只有牵头部门负责人、市妇联领导可以取消目标管理活动', "Only the lead department's head and the federation's leaders can cancel a campaign"]);
    return callWorkflow(() => this.temporal.workflow.getHandle(c.workflowId).executeUpdate(cancelCampaignUpdate, { args: [{ actor: actorOf(user), reason }] }));
  }
}

/** The unit's reports due by now: those it owed, and any it sent for a period due before it started. */
function reportsDueOf(periods: ReportingPeriod[], u: CampaignProgressRow, now: number): number {
  return periods.filter((p) => overdueFor(u, p, now) || (u.periodsIn.includes(p.index) && Date.parse(p.dueAt) < now)).length;
}

/**
 * The report's Update id: the caller's requestId with the report itself, so that a retry is
 * answered by the first copy, while a changed report sent under the same id is still a new one.
 */
function reportUpdateId(user: AuthUser, requestId: string, dto: ReportProgressDto): string {
  const { hash } = idempotentRequest(user.id, requestId, { periodIndex: dto.periodIndex, figures: dto.figures, comment: dto.comment, attachments: dto.attachments })!;
  return `report:${user.id}:${requestId}:${hash}`;
}

/** The campaign as the access policy reads it: its lead department and organiser, in the place of an event's. */
const leadOf = (c: CampaignRow) => ({ event: { leadUnit: c.leadUnit, organiserId: c.organiser.id } });

function revisionOf(r: ReportRevisionRow) {
  return {
    revision: r.revision,
    figures: r.figures,
    comment: r.comment,
    attachments: r.attachments,
    submittedBy: r.submittedBy,
    submittedAt: new Date(r.submittedAt).toISOString(),
    late: r.late,
  };
}
