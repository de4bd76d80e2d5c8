// The SQL of the campaign routes over the read model that the campaign workflows' activities write
// (campaigns, campaign_units, campaign_reports, campaign_urgings). The API writes one thing itself:
// the campaigns row at start, removed again if its workflow does not start.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AttachmentRef } from '../../workflows/forms';
import type { Allocation, CampaignTemplate, ProgressFigures } from '../../workflows/campaign-types';
import type { CampaignStatus, UnitAssessment } from '../../workflows/campaign-model';
import type { ReportingPeriod } from '../../workflows/campaign/periods';
import type { EventRow } from '../read-model/rows';
import type { RollupReportRow, RollupUnitRow } from './rollup';

export interface CampaignRow {
  id: string;
  workflowId: string;
  templateCode: string;
  templateVersion: number;
  template: CampaignTemplate;
  title: string;
  year: number;
  leadUnit: string;
  organiser: { id: string; displayName: string };
  status: CampaignStatus;
  periods: ReportingPeriod[];
  allocation: Allocation | null;
  allocationEventId: string | null;
  assessment: UnitAssessment[] | null;
  assessmentEventId: string | null;
  startedAt: Date;
  archivedAt: Date | null;
  cancelledAt: Date | null;
}

/** The record as frozen when the campaign was archived: its canonical text and that text's SHA-256. */
export interface CampaignRecordRow {
  text: string;
  sha256: string;
  archivedAt: Date;
}

export type NewCampaign = Pick<CampaignRow, 'id' | 'workflowId' | 'template' | 'title' | 'year' | 'leadUnit' | 'periods'> & { organiserId: string };

export interface CampaignUnitRow extends RollupUnitRow {
  status: 'running' | 'closed' | 'cancelled';
}

/** One revision of a period's report, as the unit page lists it. */
export interface ReportRevisionRow {
  periodIndex: number;
  revision: number;
  figures: ProgressFigures;
  comment: string | null;
  attachments: AttachmentRef[];
  submittedBy: { id: string; displayName: string };
  submittedAt: Date;
  late: boolean;
}

export interface UrgingRow {
  periodIndex: number;
  kind: 'urge' | 'supervise';
  sentAt: Date;
}

/** Per campaign of a list: its units' shares and figures so far, and the reports in. */
export interface CampaignProgressRow {
  campaignId: string;
  unitCode: string;
  targets: Record<string, number>;
  soFar: ProgressFigures;
  /** The periods it has reported. */
  periodsIn: number[];
  startedAt: Date | null;
}

const CAMPAIGN_COLUMNS = `c.id, c.workflow_id AS "workflowId", c.template_code AS "templateCode", c.template_version AS "templateVersion",
  c.template, c.title, c.year, c.lead_unit AS "leadUnit", json_build_object('id', u.id, 'displayName', u.display_name) AS organiser,
  c.status, c.periods, c.allocation, c.allocation_event_id AS "allocationEventId", c.assessment, c.assessment_event_id AS "assessmentEventId",
  c.started_at AS "startedAt", c.archived_at AS "archivedAt", c.cancelled_at AS "cancelledAt"`;
const FROM_CAMPAIGNS = 'FROM campaigns c JOIN users u ON u.id = c.organiser_id';

export type CampaignWithReports = CampaignRow & { units: CampaignUnitRow[]; reports: RollupReportRow[] };

/** A campaign's row with its units and every revision of their reports aggregated beside it. */
const WITH_REPORTS = `SELECT ${CAMPAIGN_COLUMNS},
    (SELECT coalesce(json_agg(json_build_object('unitCode', cu.unit_code, 'unitName', cu.unit_name, 'targets', cu.targets, 'status', cu.status, 'startedAt', cu.started_at)
                              ORDER BY cu.position, cu.unit_code), '[]')
       FROM campaign_units cu WHERE cu.campaign_id = c.id) AS units,
    (SELECT coalesce(json_agg(json_build_object('unitCode', r.unit_code, 'periodIndex', r.period_index, 'revision', r.revision, 'figures', r.figures, 'late', r.late)), '[]')
       FROM campaign_reports r WHERE r.campaign_id = c.id) AS reports
  ${FROM_CAMPAIGNS}`;

@Injectable()
export class CampaignReadModel {
  constructor(private readonly db: DataSource) {}

  /**
   * Inserts the campaign unless its template already has one in the year that is not cancelled
   * (answered with that one's id). Two starts at once are taken one after the other: the check and
   * the insert hold a lock on the template and year.
   */
  async insertUnlessTaken(c: NewCampaign): Promise<{ takenBy?: string }> {
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`campaign:${c.template.code}:${c.year}`]);
      const [taken] = await m.query<{ id: string }[]>("SELECT id FROM campaigns WHERE template_code = $1 AND year = $2 AND status <> 'cancelled' LIMIT 1", [
        c.template.code,
        c.year,
      ]);
      if (taken) return { takenBy: taken.id };
      await m.query(
        `INSERT INTO campaigns (id, workflow_id, template_code, template_version, template, title, year, lead_unit, organiser_id, status, periods)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'allocating', $10)`,
        [c.id, c.workflowId, c.template.code, c.template.version, JSON.stringify(c.template), c.title, c.year, c.leadUnit, c.organiserId, JSON.stringify(c.periods)],
      );
      return {};
    });
  }

  /** A campaign whose workflow never started: nothing half-written is left behind. */
  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM campaigns WHERE id = $1', [id]);
  }

  async campaign(id: string): Promise<CampaignRow | undefined> {
    const [row] = await this.db.query<CampaignRow[]>(`SELECT ${CAMPAIGN_COLUMNS} ${FROM_CAMPAIGNS} WHERE c.id = $1`, [id]);
    return row;
  }

  /** The campaign's frozen record (目标任务归档记录), once it is archived. */
  async record(id: string): Promise<CampaignRecordRow | undefined> {
    const [row] = await this.db.query<CampaignRecordRow[]>(
      'SELECT record_text AS text, record_sha256 AS sha256, archived_at AS "archivedAt" FROM campaigns WHERE id = $1 AND record_sha256 IS NOT NULL',
      [id],
    );
    return row;
  }

  async list(year: number | undefined): Promise<CampaignRow[]> {
    return this.db.query<CampaignRow[]>(`SELECT ${CAMPAIGN_COLUMNS} ${FROM_CAMPAIGNS} WHERE $1::int IS NULL OR c.year = $1 ORDER BY c.year DESC, c.started_at, c.id`, [
      year ?? null,
    ]);
  }

  /** Each unit of the listed campaigns with its share, its figures so far and the periods it has reported. */
  async progressOf(campaignIds: string[]): Promise<CampaignProgressRow[]> {
    return this.db.query<CampaignProgressRow[]>(
      `SELECT cu.campaign_id AS "campaignId", cu.unit_code AS "unitCode", cu.targets, cu.so_far AS "soFar", cu.started_at AS "startedAt",
              (SELECT coalesce(array_agg(DISTINCT r.period_index), '{}') FROM campaign_reports r
                WHERE r.campaign_id = cu.campaign_id AND r.unit_code = cu.unit_code) AS "periodsIn"
         FROM campaign_units cu WHERE cu.campaign_id = ANY($1::uuid[])`,
      [campaignIds],
    );
  }

  async units(campaignId: string): Promise<CampaignUnitRow[]> {
    return this.db.query<CampaignUnitRow[]>(
      `SELECT unit_code AS "unitCode", unit_name AS "unitName", targets, status, started_at AS "startedAt" FROM campaign_units WHERE campaign_id = $1 ORDER BY position, unit_code`,
      [campaignId],
    );
  }

  async unit(campaignId: string, unitCode: string): Promise<CampaignUnitRow | undefined> {
    const [row] = await this.db.query<CampaignUnitRow[]>(
      `SELECT unit_code AS "unitCode", unit_name AS "unitName", targets, status, started_at AS "startedAt" FROM campaign_units WHERE campaign_id = $1 AND unit_code = $2`,
      [campaignId, unitCode],
    );
    return row;
  }

  /**
   * The campaign with its units and every revision of every unit's reports (the roll-up picks the
   * latest of each period), in one round trip: the roll-up is asked for often and must stay quick.
   */
  async campaignWithReports(id: string): Promise<CampaignWithReports | undefined> {
    const [row] = await this.db.query<CampaignWithReports[]>(`${WITH_REPORTS} WHERE c.id = $1`, [id]);
    return row;
  }

  /** The year's campaigns that were not cancelled, each with what its roll-up is computed from. */
  async yearWithReports(year: number): Promise<CampaignWithReports[]> {
    return this.db.query<CampaignWithReports[]>(`${WITH_REPORTS} WHERE c.year = $1 AND c.status <> 'cancelled' ORDER BY c.started_at, c.id`, [year]);
  }

  /** One unit's reports, every revision, in period order, each with who sent it. */
  async unitReports(campaignId: string, unitCode: string): Promise<ReportRevisionRow[]> {
    return this.db.query<ReportRevisionRow[]>(
      `SELECT r.period_index AS "periodIndex", r.revision, r.figures, r.comment, r.attachments,
              json_build_object('id', u.id, 'displayName', u.display_name) AS "submittedBy", r.submitted_at AS "submittedAt", r.late
         FROM campaign_reports r JOIN users u ON u.id = r.submitted_by
        WHERE r.campaign_id = $1 AND r.unit_code = $2 ORDER BY r.period_index, r.revision`,
      [campaignId, unitCode],
    );
  }

  async unitUrgings(campaignId: string, unitCode: string): Promise<UrgingRow[]> {
    return this.db.query<UrgingRow[]>(
      `SELECT period_index AS "periodIndex", kind, sent_at AS "sentAt" FROM campaign_urgings WHERE campaign_id = $1 AND unit_code = $2 ORDER BY sent_at`,
      [campaignId, unitCode],
    );
  }

  /** The unit's own activities in the campaign (events of its district template), by date. */
  async unitActivities(campaignId: string, unitCode: string): Promise<EventRow[]> {
    return this.db.query<EventRow[]>('SELECT * FROM events WHERE campaign_id = $1 AND unit_code = $2 ORDER BY starts_at, id', [campaignId, unitCode]);
  }
}
