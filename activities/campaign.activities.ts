// The campaign workflows' side effects: the allocation event's row (任务分解, run by the event
// interpreter), the campaign's and its units' rows in the read model, each report revision, and the
// 催办/督办 to a unit. Every write is idempotent: a retried attempt finds what the first one wrote.
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import { allocationEventTemplate } from '../src/campaigns/allocation-template';
import { assessmentEventTemplate } from '../src/campaigns/assessment-template';
import { freezeCampaignRecord } from '../src/campaigns/campaign-record';
import { ReadModelRepository } from '../src/read-model/read-model.repository';
import { markTemplateUsed } from '../src/templates/template-registry.service';
import type { Allocation, CampaignTemplate, ProgressFigures } from '../workflows/campaign-types';
import type { CampaignStatus, CampaignUnit, PeriodReport, UnitAssessment, UrgingSent } from '../workflows/campaign-model';
import type { ReportingPeriod } from '../workflows/campaign/periods';
import { cancelUpdate, eventWorkflowId, type Actor, type EventWorkflowInput, type Person } from '../workflows/event-model';
import type { LocalizedText } from '../workflows/template-types';
import { formatDateTime } from '../workflows/text';
import type { WorkingCalendar } from '../workflows/working-calendar';
import { addOffset } from '../workflows/working-days';
import { person } from '../workflows/event/people';
import type { Directory } from './event.activities';
import { derivedUuid } from './ids';
import { insertInbox } from './notifications';

/** What the campaign workflow asks for one of its events: the allocation (任务分解) or the assessment's sign-off (考核结果审定). */
export interface CampaignEventRequest {
  campaignId: string;
  /** Names the event among the campaign's: its id is derived from campaign and purpose. */
  purpose: 'allocation' | 'assessment';
  /** The computed table the assessment's sign-off is about. */
  assessment?: UnitAssessment[];
  title: string;
  template: CampaignTemplate;
  units: CampaignUnit[];
  year: number;
  organiser: Person;
  leadUnit: string;
  /** Workflow time when asked: the event runs from then. */
  startsAt: string;
  calendar?: WorkingCalendar;
}

/** The campaigns row as the workflow keeps it in step. */
export interface CampaignHeader {
  campaignId: string;
  status: CampaignStatus;
  allocation: Allocation | null;
  allocationEventId: string | null;
  assessment: UnitAssessment[] | null;
  assessmentEventId: string | null;
  archivedAt: string | null;
  cancelledAt: string | null;
}

export interface CampaignUnitStart {
  unitCode: string;
  unitName: string;
  position: number;
  targets: Record<string, number>;
  /** When its targets were issued; the workflow always sends it (a row written by other means may not know). */
  startedAt?: string;
}

export interface UnitProgress {
  campaignId: string;
  unitCode: string;
  soFar: ProgressFigures;
  status: 'running' | 'closed' | 'cancelled';
  closedAt: string | null;
}

export interface UrgingRequest {
  campaignId: string;
  title: string;
  unit: CampaignUnit;
  period: ReportingPeriod;
  kind: UrgingSent['kind'];
  leadUnit: string;
  organiserId: string;
}

export interface CampaignActivities {
  prepareCampaignEvent(input: CampaignEventRequest): Promise<EventWorkflowInput>;
  /** 取消 the campaign's running event through its own Update; false when it had already closed. */
  cancelCampaignEvent(input: { eventId: string; actor: Actor; reason: string }): Promise<boolean>;
  syncCampaign(input: { campaign: CampaignHeader; units?: CampaignUnitStart[] }): Promise<void>;
  recordCampaignReport(input: { campaignId: string; unitCode: string; report: PeriodReport; dueAt: string; progress: UnitProgress }): Promise<void>;
  syncCampaignUnit(progress: UnitProgress): Promise<void>;
  /** Sends the 催办 or 督办 of one unit's period to whom it is for; the people told (none: nobody holds the post). */
  sendUrging(input: UrgingRequest): Promise<Person[]>;
}

const EVENT_TITLE: Record<CampaignEventRequest['purpose'], string> = { allocation: '任务分解', assessment: '考核结果审定' };

/** The 催办 goes to the unit's contacts; the 督办 to its chair (a unit without one: the lead department's head). */
const URGED: Record<UrgingSent['kind'], { kind: string; zh: string; en: string }> = {
  urge: { kind: 'campaign-urge', zh: '催办', en: 'Reminder' },
  supervise: { kind: 'campaign-supervise', zh: '督办', en: 'Escalation' },
};

/** The unit's page of the campaign, where its liaison reports: the inbox's link and the email's action line. */
const unitPagePath = (r: Pick<UrgingRequest, 'campaignId' | 'unit'>): string => `/campaigns/${r.campaignId}/units/${r.unit.code}`;

export function urgingMessage(r: UrgingRequest): { subject: LocalizedText; body: LocalizedText } {
  const what = URGED[r.kind];
  const { label } = r.period;
  return {
    subject: {
      'zh-CN': `【${what.zh}】${r.title}：${r.unit.name}${label['zh-CN']}进度报告未报送`,
      en: `${what.en}: ${r.title} — ${r.unit.name} has not sent its progress report for ${label.en}`,
    },
    body: {
      'zh-CN': `${r.unit.name}：“${r.title}”${label['zh-CN']}的进度报告应于${formatDateTime(r.period.dueAt, 'zh-CN')}前报送，至今未收到，请尽快报送。`,
      en: `${r.unit.name}: the progress report of "${r.title}" for ${label.en} was due by ${formatDateTime(r.period.dueAt, 'en')} and has not come in; please send it.`,
    },
  };
}

export function createCampaignActivities(deps: { dataSource: DataSource; directory: Directory }): CampaignActivities {
  const { dataSource, directory } = deps;
  const readModel = new ReadModelRepository(dataSource);

  const recipientsOf = async (r: UrgingRequest): Promise<Person[]> => {
    const ctx = { leadUnit: r.leadUnit, organiserId: r.organiserId };
    if (r.kind === 'urge') {
      // A district's contact is its liaison, an agency committee's its member liaison: a unit has one kind.
      const liaisons = await directory.resolveParty({ role: 'district-liaison', unit: r.unit.code }, ctx);
      return (liaisons.length ? liaisons : await directory.resolveParty({ role: 'member-liaison', unit: r.unit.code }, ctx)).map(person);
    }
    const chairs = await directory.resolveParty({ role: 'district-chair', unit: r.unit.code }, ctx);
    return (chairs.length ? chairs : await directory.resolveParty({ role: 'department-head', unit: r.leadUnit }, ctx)).map(person);
  };

  const writeProgress = (m: EntityManager, p: UnitProgress) =>
    m.query('UPDATE campaign_units SET so_far = $3, status = $4, closed_at = $5 WHERE campaign_id = $1 AND unit_code = $2', [
      p.campaignId,
      p.unitCode,
      JSON.stringify(p.soFar),
      p.status,
      p.closedAt,
    ]);

  return {
    async prepareCampaignEvent(req) {
      const template =
        req.purpose === 'assessment' ? assessmentEventTemplate(req.template, req.year, req.assessment ?? []) : allocationEventTemplate(req.template, req.units, req.year);
      const eventId = derivedUuid(`${req.campaignId}:${req.purpose}`);
      const startsAt = Date.parse(req.startsAt);
      const input: EventWorkflowInput = {
        eventId,
        title: `${req.title}${EVENT_TITLE[req.purpose]}`,
        template,
        organiser: person(req.organiser),
        leadUnit: req.leadUnit,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(addOffset(startsAt, template.defaultDuration, req.calendar)).toISOString(),
        calendar: req.calendar,
      };
      await dataSource.transaction(async (m) => {
        const [existing] = await m.query<unknown[]>('SELECT 1 FROM events WHERE id = $1', [eventId]);
        if (existing) return; // a retry after the first attempt committed
        await markTemplateUsed(m, template);
        await readModel.insertEvent(m, {
          id: eventId,
          workflowId: eventWorkflowId(eventId),
          templateCode: template.code,
          templateVersion: template.version,
          title: input.title,
          leadUnit: req.leadUnit,
          organiserId: req.organiser.id,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          venue: null,
          participantIds: [],
        });
      });
      return input;
    },

    async cancelCampaignEvent({ eventId, actor, reason }) {
      try {
        await Context.current().client.workflow.getHandle(eventWorkflowId(eventId)).executeUpdate(cancelUpdate, { args: [{ actor, reason }] });
        return true;
      } catch (err) {
        // Closed already (archived, or cancelled by its organiser): nothing left to cancel.
        if (err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError) return false;
        throw err;
      }
    },

    async syncCampaign({ campaign: c, units }) {
      await dataSource.transaction(async (m) => {
        await m.query(
          `UPDATE campaigns SET status = $2, allocation = $3, allocation_event_id = $4, assessment = $5, assessment_event_id = $6,
                                archived_at = $7, cancelled_at = $8, updated_at = now()
            WHERE id = $1`,
          [
            c.campaignId,
            c.status,
            c.allocation && JSON.stringify(c.allocation),
            c.allocationEventId,
            c.assessment && JSON.stringify(c.assessment),
            c.assessmentEventId,
            c.archivedAt,
            c.cancelledAt,
          ],
        );
        if (units?.length) {
          await m.query(
            `INSERT INTO campaign_units (campaign_id, unit_code, unit_name, position, targets, status, started_at)
             SELECT $1, u.unit_code, u.unit_name, u.position, u.targets, 'running', u.started_at
               FROM jsonb_to_recordset($2::jsonb) AS u(unit_code text, unit_name text, position int, targets jsonb, started_at timestamptz)
             ON CONFLICT (campaign_id, unit_code) DO NOTHING`,
            [
              c.campaignId,
              JSON.stringify(units.map((u) => ({ unit_code: u.unitCode, unit_name: u.unitName, position: u.position, targets: u.targets, started_at: u.startedAt }))),
            ],
          );
        }
        // A unit whose workflow never started (the campaign cancelled between two batches of starts) closes with it.
        if (c.status === 'cancelled') {
          await m.query("UPDATE campaign_units SET status = 'cancelled', closed_at = $2 WHERE campaign_id = $1 AND status = 'running'", [c.campaignId, c.cancelledAt]);
        }
        if (c.status === 'archived') await freezeCampaignRecord(m, c.campaignId);
      });
    },

    async recordCampaignReport({ campaignId, unitCode, report: r, dueAt, progress }) {
      await dataSource.transaction(async (m) => {
        await m.query(
          `INSERT INTO campaign_reports (campaign_id, unit_code, period_index, revision, figures, comment, attachments, submitted_by, submitted_at, due_at, late)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT DO NOTHING`,
          [campaignId, unitCode, r.periodIndex, r.revision, JSON.stringify(r.figures), r.comment ?? null, JSON.stringify(r.attachments ?? []), r.submittedBy.id, r.submittedAt, dueAt, r.late],
        );
        await writeProgress(m, progress);
      });
    },

    async syncCampaignUnit(progress) {
      await writeProgress(dataSource.manager, progress);
    },

    async sendUrging(r) {
      const recipients = await recipientsOf(r);
      const key = `campaign:${r.campaignId}:${r.unit.code}:${r.period.index}:${r.kind}`;
      const { subject, body } = urgingMessage(r);
      await dataSource.transaction(async (m) => {
        await insertInbox(
          m,
          recipients.map((p) => ({ key: `${key}:${p.id}`, recipientId: p.id, eventId: null, stepId: null, campaignId: r.campaignId, link: unitPagePath(r), kind: URGED[r.kind].kind, subject, body })),
        );
        await m.query(
          `INSERT INTO campaign_urgings (campaign_id, unit_code, period_index, kind, sent_at, recipient_ids)
           VALUES ($1, $2, $3, $4, now(), $5) ON CONFLICT DO NOTHING`,
          [r.campaignId, r.unit.code, r.period.index, r.kind, recipients.map((p) => p.id)],
        );
      });
      Context.current().log.info('Campaign urging sent', { campaignId: r.campaignId, unitCode: r.unit.code, period: r.period.index, kind: r.kind, recipients: recipients.length });
      return recipients;
    },
  };
}
