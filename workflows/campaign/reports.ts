// A district's progress report (进度报告): what the report Update's validator refuses, and the
// district's figure so far from the reports it has sent.
import type { CampaignTarget, CampaignTemplate, ProgressFigures } from '../campaign-types';
import type { LocalizedText } from '../template-types';
import { figureProblem, figureText } from './figures';

export interface ReportProblem {
  /** The target key the problem is about (or the unknown key sent). */
  target: string;
  message: LocalizedText;
}

/** A running total unless the template says otherwise (累计 is the default). */
export const isCumulative = (target: CampaignTarget): boolean => target.cumulative !== false;

/**
 * Why `figures` cannot be taken as the next report after `previous` (the district's last report,
 * undefined for its first). A running total that goes down needs a comment saying why (a count
 * corrected, a workshop closed): the city reads the drop with its reason.
 */
export function reportProblems(template: Pick<CampaignTemplate, 'targets'>, previous: ProgressFigures | undefined, figures: ProgressFigures, comment?: string): ReportProblem[] {
  const problems: ReportProblem[] = [];
  const targets = new Map(template.targets.map((t) => [t.key, t]));
  const explained = typeof comment === 'string' && comment.trim() !== '';
  for (const [key, figure] of Object.entries(figures)) {
    const target = targets.get(key);
    if (!target) {
      problems.push({ target: key, message: { 'zh-CN': `${key}：不是本活动的考核指标`, en: `${key}: not a target of this campaign` } });
      continue;
    }
    const zhName = target.name['zh-CN'];
    const enName = target.name.en;
    const bad = figureProblem(target, figure);
    if (bad) {
      problems.push({ target: key, message: { 'zh-CN': `${zhName}：${bad.zh}`, en: `${enName}: ${bad.en}` } });
      continue;
    }
    const before = previous?.[key];
    if (isCumulative(target) && before !== undefined && figure < before && !explained) {
      problems.push({
        target: key,
        message: {
          'zh-CN': `${zhName}：累计数由 ${figureText(target, before)} 降为 ${figureText(target, figure)}，须填写说明`,
          en: `${enName}: the running total goes down from ${figureText(target, before)} to ${figureText(target, figure)}; say why in a comment`,
        },
      });
    }
  }
  return problems;
}

/**
 * What a report of `periodIndex` is checked against, target by target: the figure of the latest
 * earlier period that gave it. A report may leave a target out, so the period just before is not
 * enough: Jan {w:10}, Feb {x:1}, Mar {w:2} is a drop of w from 10. Reports in period order.
 */
export function figuresBefore(reports: readonly { periodIndex: number; figures: ProgressFigures }[], periodIndex: number): ProgressFigures | undefined {
  const earlier = reports.filter((r) => r.periodIndex < periodIndex);
  return earlier.length ? Object.assign({}, ...earlier.map((r) => r.figures)) : undefined;
}

/** The district's figure so far per target: a running total's last report, otherwise the periods' sum. Reports in order. */
export function cumulativeOf(template: CampaignTemplate, reports: readonly ProgressFigures[]): ProgressFigures {
  const soFar: ProgressFigures = {};
  for (const target of template.targets) {
    const given = reports.map((r) => r[target.key]).filter((n): n is number => typeof n === 'number');
    soFar[target.key] = given.length === 0 ? 0 : isCumulative(target) ? given[given.length - 1] : given.reduce((a, b) => a + b, 0);
  }
  return soFar;
}
