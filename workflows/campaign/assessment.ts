// The year-end assessment (年度考核) of one district by the template's rules (考核细则).
//
// The formula, to check by hand:
//   completion[k] = done[k] / target[k]            (a target of 0 counts as met: 1)
//   points[k]     = weight[k] × min(completion[k], cap)
//   late          = reports in after dueAt + graceDays days
//   missing       = reports never in
//   penalty       = late × latePenalty + missing × missingPenalty
//   score         = max(0, Σ points − penalty), rounded to 2 decimals
// Weights add up to 100, so a district meeting every target on time scores 100 (more with cap > 1).
import type { CampaignTemplate } from '../campaign-types';
import { DAY_MS } from './china-days';

export interface DistrictAssessment {
  completion: Record<string, number>;
  points: Record<string, number>;
  late: number;
  missing: number;
  penalty: number;
  score: number;
}

/** `reports`: every period's report of the district, with its due time and, if in, when it came (ISO instants). */
export function assessDistrict(
  template: CampaignTemplate,
  target: Record<string, number>,
  done: Record<string, number>,
  reports: readonly { dueAt: string; submittedAt?: string }[],
): DistrictAssessment {
  const rules = template.assessment;
  const completion: Record<string, number> = {};
  const points: Record<string, number> = {};
  let sum = 0;
  for (const { key } of template.targets) {
    const goal = target[key] ?? 0;
    completion[key] = goal > 0 ? (done[key] ?? 0) / goal : 1;
    points[key] = (rules.weights[key] ?? 0) * Math.min(completion[key], rules.cap);
    sum += points[key];
  }
  const grace = (rules.graceDays ?? 0) * DAY_MS;
  const missing = reports.filter((r) => r.submittedAt === undefined).length;
  const late = reports.filter((r) => r.submittedAt !== undefined && Date.parse(r.submittedAt) > Date.parse(r.dueAt) + grace).length;
  const penalty = late * rules.latePenalty + missing * rules.missingPenalty;
  const score = Math.max(0, Math.round((sum - penalty) * 100) / 100);
  return { completion, points, late, missing, penalty, score };
}
