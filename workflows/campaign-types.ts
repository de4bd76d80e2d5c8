// The shape of a campaign template (目标管理): a year-long series the city launches and the district
// federations carry out — its targets with the plan's figures, the calendar the districts report
// on, the activity template each district runs, and the rules of the year-end assessment (考核细则).
// Plain data, copied whole into a campaign's input at start like an event template; validation
// (zod) lives in src/campaigns. No imports beyond types: workflow code reads it.
import type { LocalizedText, OffsetText, SignOffLevel } from './template-types';

/** The units a target is counted in, as the plan writes them. */
export const TARGET_UNITS = ['个', '名', '场', '人次', '次', '件', '%'] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number];

export interface CampaignTarget {
  /** camelCase, unique in the template, e.g. `povertyWorkshops`. */
  key: string;
  name: LocalizedText;
  unit: TargetUnit;
  /** The plan's figure for the whole city (100 个, 928 名, 200000 人次); for `%`, the rate to reach. */
  planFigure: number;
  /**
   * - `total`: the districts' shares must add up to exactly the plan's figure;
   * - `atLeast`: they must add up to at least it (至少 80 个);
   * - `each`: every district is given the figure itself (each 家长学校 at least 4 times; a rate).
   */
  allocation: 'total' | 'atLeast' | 'each';
  /**
   * A running total (累计, the default): each report gives the figure so far, which may only go
   * down with a comment saying why. Otherwise each report gives that period's own figure.
   */
  cumulative?: boolean;
  /** Where the plan says it (the seed's wording), shown beside the target. */
  source?: LocalizedText;
}

/**
 * When the districts report (月报/季报): `monthly` and `quarterly` periods end on the last day of each
 * month or quarter inside the campaign; `dates` lists each period's last day (YYYY-MM-DD). A report
 * is due `due` after its period ends (working days, e.g. "5wd"), 催办 to the liaison `urgeAfter` past
 * that, 督办 to the district's chair `superviseAfter` past that.
 */
export interface ReportingCalendar {
  every: 'monthly' | 'quarterly' | 'dates';
  dates?: string[];
  due: OffsetText;
  urgeAfter: OffsetText;
  superviseAfter: OffsetText;
}

/**
 * 考核细则: each target's weight (they add up to 100), how completion scores (a share of the weight
 * up to `cap` times the target: 1 means no credit beyond 100 %), and the points taken off per late
 * and per missing report, never below zero in all.
 */
export interface AssessmentRules {
  weights: Record<string, number>;
  cap: number;
  latePenalty: number;
  missingPenalty: number;
  /** A report counts as late when in after its due time, missing when not in by the campaign's close. */
  graceDays?: number;
}

export interface CampaignTemplate {
  code: string; // kebab-case, e.g. 'clean-family-campaign'
  version: number;
  name: LocalizedText;
  description?: LocalizedText;
  /** Unit code of the lead department, which allocates the targets and assesses the districts. */
  leadDepartment: string;
  /** The annex's activity this campaign carries out, if any (A4 clean-family, A5, A6). */
  eventTemplate?: string;
  /** Which units are given targets: the 40 district federations, and agency committees where it fits. */
  units: ('districts' | 'agency-committees')[];
  /** The campaign's span within its year, as China-local dates without the year: "03-01" to "12-15". */
  period: { from: string; to: string };
  targets: CampaignTarget[];
  reporting: ReportingCalendar;
  /** The event template a district starts its own activities from (plan, hold, report figures). */
  districtActivity: string;
  /** The sign-off of the allocation (任务分解) and of the assessment (考核结果). */
  signOff: { levels: SignOffLevel[] };
  assessment: AssessmentRules;
}

/** One district's share of each target, by target key: the allocation table's row. */
export type Allocation = Record<string, Record<string, number>>; // unitCode → targetKey → figure

/** A district's figures for one reporting period, by target key. */
export interface ProgressFigures {
  [targetKey: string]: number;
}

/** On track: at or above the share of the target that the time elapsed calls for (less 10 points);
 *  behind: below that; at risk: below half of it, or a report missing. */
export type ProgressStanding = 'on-track' | 'behind' | 'at-risk';
