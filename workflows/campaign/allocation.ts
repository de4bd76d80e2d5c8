// The allocation check (任务分解): every unit given a figure for every target, and the shares adding
// up to the plan's figure the way the target says. Refusals name the target, the sum and the plan.
import type { Allocation, CampaignTemplate } from '../campaign-types';
import type { LocalizedText } from '../template-types';
import { figureProblem, figureText, tidy } from './figures';

export interface AllocationProblem {
  /** The unit whose row is wrong; absent when the problem is the target's sum. */
  unitCode?: string;
  target: string;
  message: LocalizedText;
}

/**
 * What is wrong with `allocation` for `unitCodes` (the units given targets); empty when it can be signed
 * off. Messages name a unit by `unitName` (its code unless told), as the person filling the table reads it.
 */
export function allocationProblems(
  template: Pick<CampaignTemplate, 'targets'>,
  allocation: Allocation,
  unitCodes: readonly string[],
  unitName: (code: string) => string = (code) => code,
): AllocationProblem[] {
  const problems: AllocationProblem[] = [];
  const known = new Set(unitCodes);
  for (const unitCode of Object.keys(allocation)) {
    if (!known.has(unitCode)) {
      problems.push({ unitCode, target: '', message: { 'zh-CN': `${unitName(unitCode)}：不是本活动的任务单位`, en: `${unitName(unitCode)}: not a unit this campaign gives targets to` } });
    }
  }

  for (const target of template.targets) {
    const zhName = target.name['zh-CN'];
    const enName = target.name.en;
    let sum = 0;
    let complete = true;
    for (const unitCode of unitCodes) {
      const figure = allocation[unitCode]?.[target.key];
      if (figure === undefined) {
        complete = false;
        problems.push({ unitCode, target: target.key, message: { 'zh-CN': `${zhName}：${unitName(unitCode)} 未分配任务数`, en: `${enName}: no figure for ${unitName(unitCode)}` } });
        continue;
      }
      const bad = figureProblem(target, figure);
      if (bad) {
        complete = false;
        problems.push({ unitCode, target: target.key, message: { 'zh-CN': `${zhName}：${unitName(unitCode)} 的任务数${bad.zh}`, en: `${enName}: the figure for ${unitName(unitCode)} ${bad.en}` } });
        continue;
      }
      if (target.allocation === 'each' && tidy(figure) !== tidy(target.planFigure)) {
        problems.push({
          unitCode,
          target: target.key,
          message: {
            'zh-CN': `${zhName}：${unitName(unitCode)} 的任务数 ${figureText(target, figure)} 与计划数 ${figureText(target, target.planFigure)}不符`,
            en: `${enName}: ${unitName(unitCode)} is given ${figureText(target, figure)}; each unit is given the plan's ${figureText(target, target.planFigure)}`,
          },
        });
      }
      sum += figure;
    }
    // A sum over missing or bad rows says nothing new: those rows are already named.
    if (!complete || target.allocation === 'each') continue;
    const s = tidy(sum);
    const plan = tidy(target.planFigure);
    if (target.allocation === 'total' && s !== plan) {
      problems.push({
        target: target.key,
        message: {
          'zh-CN': `${zhName}：各单位合计 ${figureText(target, s)}，与计划数 ${figureText(target, plan)}不符`,
          en: `${enName}: the units add up to ${figureText(target, s)}, not the plan's ${figureText(target, plan)}`,
        },
      });
    } else if (target.allocation === 'atLeast' && s < plan) {
      problems.push({
        target: target.key,
        message: {
          'zh-CN': `${zhName}：各单位合计 ${figureText(target, s)}，少于计划数 ${figureText(target, plan)}`,
          en: `${enName}: the units add up to ${figureText(target, s)}, less than the plan's ${figureText(target, plan)}`,
        },
      });
    }
  }
  return problems;
}
