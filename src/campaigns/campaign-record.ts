// The record of an archived campaign (目标任务归档记录), built from its read-model rows when the
// workflow archives it: the allocation, every unit's targets and figures, every revision of every
// report, the assessment, and the ids of its two events (任务分解, 考核结果审定), whose own records
// are frozen as any event's. Canonical JSON (RFC 8785) and SHA-256 as for an event (src/archive); the
// record depends on the rows' content only: every list is sorted by its own keys here.
import type { EntityManager } from 'typeorm';
import { canonicalText, sha256Hex } from '../archive/archive-record';

/** Bumped when the record's shape changes, so a verifier knows which shape it reads. */
export const CAMPAIGN_RECORD_FORMAT = 1;

type Instant = Date | string | null;
const iso = (at: Instant): string | null => (at === null ? null : new Date(at).toISOString());
const byKeys = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
const pad = (n: number) => String(n).padStart(4, '0');

interface CampaignRow {
  id: string;
  title: string;
  year: number;
  template_code: string;
  template_version: number;
  lead_unit: string;
  organiser_id: string;
  status: string;
  periods: unknown;
  allocation: unknown;
  allocation_event_id: string | null;
  assessment: unknown;
  assessment_event_id: string | null;
  started_at: Instant;
  archived_at: Instant;
  record_sha256: string | null;
}

/**
 * Freezes the record of an archived campaign once, in the transaction that archives its row: a
 * retried sync finds it there and leaves it. Nothing for a campaign not (yet) archived.
 */
export async function freezeCampaignRecord(m: EntityManager, campaignId: string): Promise<void> {
  const [c] = await m.query<CampaignRow[]>(
    `SELECT id, title, year, template_code, template_version, lead_unit, organiser_id, status, periods, allocation, allocation_event_id,
            assessment, assessment_event_id, started_at, archived_at, record_sha256
       FROM campaigns WHERE id = $1`,
    [campaignId],
  );
  if (!c || c.status !== 'archived' || c.record_sha256) return;
  const units = await m.query<{ unit_code: string; unit_name: string; targets: unknown; so_far: unknown; status: string; started_at: Instant; closed_at: Instant }[]>(
    'SELECT unit_code, unit_name, targets, so_far, status, started_at, closed_at FROM campaign_units WHERE campaign_id = $1',
    [campaignId],
  );
  const reports = await m.query<{ unit_code: string; period_index: number; revision: number; figures: unknown; comment: string | null; attachments: unknown; submitted_by: string; submitted_at: Instant; due_at: Instant; late: boolean }[]>(
    'SELECT unit_code, period_index, revision, figures, comment, attachments, submitted_by, submitted_at, due_at, late FROM campaign_reports WHERE campaign_id = $1',
    [campaignId],
  );
  const record = {
    format: CAMPAIGN_RECORD_FORMAT,
    campaign: {
      id: c.id,
      title: c.title,
      year: c.year,
      template: { code: c.template_code, version: c.template_version },
      leadUnit: c.lead_unit,
      organiserId: c.organiser_id,
      startedAt: iso(c.started_at),
      archivedAt: iso(c.archived_at),
    },
    periods: c.periods,
    allocationEventId: c.allocation_event_id,
    allocation: c.allocation,
    units: units
      .map((u) => ({ code: u.unit_code, name: u.unit_name, targets: u.targets, soFar: u.so_far, status: u.status, startedAt: iso(u.started_at), closedAt: iso(u.closed_at) }))
      .sort(byKeys((u) => u.code)),
    reports: reports
      .map((r) => ({
        unitCode: r.unit_code,
        periodIndex: r.period_index,
        revision: r.revision,
        figures: r.figures,
        comment: r.comment,
        attachments: r.attachments,
        submittedBy: r.submitted_by,
        submittedAt: iso(r.submitted_at),
        dueAt: iso(r.due_at),
        late: r.late,
      }))
      .sort(byKeys((r) => `${r.unitCode}:${pad(r.periodIndex)}:${pad(r.revision)}`)),
    assessmentEventId: c.assessment_event_id,
    assessment: c.assessment,
  };
  const text = canonicalText(record);
  await m.query('UPDATE campaigns SET record_text = $2, record_sha256 = $3 WHERE id = $1 AND record_sha256 IS NULL', [campaignId, text, sha256Hex(text)]);
}
