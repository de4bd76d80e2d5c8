// What a campaign's workflows take, keep and answer. The city's campaign workflow (目标管理) has the
// targets split among the units (任务分解: a child event on the campaign's allocation template, so
// its table is signed off and sent out as an official notice with 签收 like any other), then starts
// one child workflow per unit that runs the unit's side for the year: its progress reports (an
// Update with a validator, due on the campaign's calendar, 催办 then 督办 when late) and its own
// activities. At the campaign's close the city assesses every unit (年度考核) and archives the record.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Allocation, CampaignTemplate, ProgressFigures, ProgressStanding } from './campaign-types';
import type { DistrictAssessment } from './campaign/assessment';
import type { ReportingPeriod } from './campaign/periods';
import type { Actor, Person } from './event-model';
import type { AttachmentRef, FormValues } from './forms';
import type { LocalizedText } from './template-types';
import type { WorkingCalendar } from './working-calendar';

export const CAMPAIGN_WORKFLOW_ID_PREFIX = 'campaign-';
export const campaignWorkflowId = (campaignId: string): string => `${CAMPAIGN_WORKFLOW_ID_PREFIX}${campaignId}`;
/** One per unit and campaign: a second start for the same unit is refused by Temporal itself. */
export const unitCampaignWorkflowId = (campaignId: string, unitCode: string): string => `${CAMPAIGN_WORKFLOW_ID_PREFIX}${campaignId}-${unitCode}`;

/** The step and field of the allocation event whose approved value is the allocation table. */
export const ALLOCATION_STEP = 'allocate';
export const ALLOCATION_FIELD = 'allocation';

/** A unit given targets: a district federation (or an agency committee). */
export interface CampaignUnit {
  code: string;
  name: string;
}

export interface CampaignWorkflowInput {
  campaignId: string; // uuid: the campaigns row
  /** e.g. 2027年"四大巴渝巾帼行动"目标任务 */
  title: string;
  year: number;
  /** The template as it was at start; later edits never reach a running campaign. */
  template: CampaignTemplate;
  organiser: Person;
  /** The lead department (`$lead` in the template's sign-off). */
  leadUnit: string;
  /** The units given targets, in the directory's order, resolved by the API at start. */
  units: CampaignUnit[];
  /** The working-day calendar from the campaign's year on, as for events. */
  calendar?: WorkingCalendar;
}

export type CampaignStatus =
  | 'allocating' // 任务分解: the table drafted, signed off and sent out (the allocation event)
  | 'running' // the units report on the calendar
  | 'assessing' // 年度考核: scores computed, the table signed off
  | 'archived'
  | 'cancelled';

/** What a unit's workflow takes: its own share and the calendar, nothing of the other units. */
export interface UnitCampaignInput {
  campaignId: string;
  title: string;
  year: number;
  template: CampaignTemplate;
  unit: CampaignUnit;
  /** The unit's row of the approved allocation: target key → figure. */
  targets: Record<string, number>;
  periods: ReportingPeriod[];
  /** When the targets were issued and the unit's part began: a period due before it is not owed (campaign/periods.ts → owes). */
  startedAt: string;
  leadUnit: string;
  organiser: Person;
  calendar?: WorkingCalendar;
}

/** One period's report (进度报告) as the unit sent it; a correction before the close replaces it. */
export interface PeriodReport {
  periodIndex: number;
  figures: ProgressFigures;
  comment?: string;
  /** Photos and documents of what was done (活动照片), uploaded first through /api/attachments. */
  attachments?: AttachmentRef[];
  submittedBy: Person;
  submittedAt: string; // ISO instant
  /** When the period's first revision came in: the assessment counts lateness from it, not from a correction. */
  firstSubmittedAt?: string;
  /** In after the period's due time (逾期报送). A correction keeps the first submission's lateness. */
  late: boolean;
  /** 1 for the first submission of the period, then one more per correction. */
  revision: number;
}

/** A 催办 (to the liaisons) or 督办 (to the unit's chair) that went out for a period. */
export interface UrgingSent {
  periodIndex: number;
  kind: 'urge' | 'supervise';
  at: string;
  recipients: Person[];
}

export interface UnitCampaignState {
  campaignId: string;
  unitCode: string;
  unitName: string;
  targets: Record<string, number>;
  periods: ReportingPeriod[];
  /** In period order; a period without a report has none here. */
  reports: PeriodReport[];
  urgings: UrgingSent[];
  /** The figure so far per target (cumulativeOf the reports). */
  soFar: ProgressFigures;
  status: 'running' | 'closed' | 'cancelled';
  /** When the targets were issued (UnitCampaignInput.startedAt): a period due before it is not owed. */
  startedAt: string;
  closedAt?: string;
}

/** A unit's result in the year-end assessment: the template's formula (campaign/assessment.ts) applied. */
export interface UnitAssessment extends DistrictAssessment {
  unitCode: string;
  unitName: string;
  targets: Record<string, number>;
  done: ProgressFigures;
  /** 1 = the best score; units with the same score share a rank. */
  rank: number;
}

export interface CampaignState {
  campaignId: string;
  title: string;
  year: number;
  templateCode: string;
  templateVersion: number;
  leadUnit: string;
  organiser: Person;
  status: CampaignStatus;
  startedAt: string;
  /** The allocation event (任务分解), once started. */
  allocationEventId?: string;
  /** The approved allocation, once signed off: unit code → target key → figure. */
  allocation?: Allocation;
  periods: ReportingPeriod[];
  /** The assessment table, once computed at the close. */
  assessment?: UnitAssessment[];
  /** The assessment's sign-off event, once started. */
  assessmentEventId?: string;
  archivedAt?: string;
  cancelledAt?: string;
}

/** The report Update's argument: a unit's figures for a period, as its liaison (or district organiser) sends them. */
export interface ReportProgressInput {
  actor: Actor;
  periodIndex: number;
  figures: ProgressFigures;
  comment?: string;
  attachments?: AttachmentRef[];
}

/** The roll-up (进度汇总) the API computes from the read model: per target, per unit, per period. */
export interface RollupUnit {
  unitCode: string;
  unitName: string;
  /** target key → { target, done, completion (0–1+), standing } */
  targets: Record<string, { target: number; done: number; completion: number; standing: ProgressStanding }>;
  /** The worst standing over its targets. */
  standing: ProgressStanding;
  reportsIn: number;
  reportsLate: number;
  reportsMissing: number;
}

export interface Rollup {
  campaignId: string;
  /** Share (0–1) of the campaign's span elapsed when computed. */
  elapsed: number;
  totals: Record<string, { planFigure: number; allocated: number; done: number; completion: number; standing: ProgressStanding }>;
  units: RollupUnit[];
  /** The city's figure so far per target at the end of each period, for the month-by-month line. */
  trend: { periodIndex: number; label: LocalizedText; done: ProgressFigures }[];
}

export const campaignStateQuery = defineQuery<CampaignState>('campaignState');
export const unitCampaignStateQuery = defineQuery<UnitCampaignState>('unitCampaignState');
/** A unit's progress report for a period; the validator refuses bad figures before anything is kept. */
export const reportProgressUpdate = defineUpdate<UnitCampaignState, [ReportProgressInput]>('reportProgress');
/** Leaders or the lead department stop a campaign; its unit workflows are closed with it. */
export const cancelCampaignUpdate = defineUpdate<CampaignState, [{ actor: Actor; reason: string }]>('cancelCampaign');

/** A campaign task's (任务分解's) notice is out: its approved values, sent to the campaign that started it. */
export interface CampaignTaskIssued {
  eventId: string;
  /** The event's latest form values by step id: the approved allocation is at ALLOCATION_STEP / ALLOCATION_FIELD. */
  values: Record<string, FormValues>;
}
/**
 * Sent by a campaign task to its parent once its notice has gone out, so the units start then rather
 * than after the 签收 settle; the task itself runs on until its receipts are in.
 */
export const campaignTaskIssuedSignal = defineSignal<[CampaignTaskIssued]>('campaignTaskIssued');
