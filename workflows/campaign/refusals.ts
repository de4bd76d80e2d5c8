// Why a campaign's Update would be refused, as pure functions of the state and the request: the
// validators throw what these return (through refuseIf), before anything is kept.
import type { CampaignTemplate, ProgressFigures } from '../campaign-types';
import type { Actor } from '../event-model';
import type { CampaignState, ReportProgressInput, UnitCampaignState } from '../campaign-model';
import type { Refusal } from '../event/validators';
import { chinaToday } from './china-days';
import { figuresBefore, reportProblems } from './reports';


/** What the report validator looks at: the unit's state and the workflow's time. */
export interface UnitView {
  state: UnitCampaignState;
  template: CampaignTemplate;
  now: number;
}

/** The figures a report of `periodIndex` follows, each from the latest earlier period that gave it (a correction of period k follows those before k). */
export function previousFigures(state: UnitCampaignState, periodIndex: number): ProgressFigures | undefined {
  return figuresBefore(state.reports, periodIndex);
}

const mayReport = (actor: Actor | undefined, unitCode: string): boolean => actor?.isAdmin === true || (actor?.liaisonOf ?? []).includes(unitCode);

export function reportRefusal(v: UnitView, input: ReportProgressInput): Refusal | undefined {
  const { state } = v;
  if (!mayReport(input.actor, state.unitCode)) {
    return { kind: 'FORBIDDEN', zh: `只有${state.unitName}的联络员可以报送本单位进度`, en: `Only a liaison of ${state.unitName} may report its progress` };
  }
  if (state.status !== 'running') return { kind: 'CONFLICT', zh: '本单位的目标任务已结束，不能再报送', en: 'This unit’s part of the campaign has closed; no more reports' };
  const period = state.periods.find((p) => p.index === input.periodIndex);
  if (!period) {
    return {
      kind: 'INVALID',
      zh: `没有第 ${input.periodIndex} 期报送`,
      en: `There is no reporting period ${input.periodIndex}`,
      details: [{ field: 'periodIndex', message: { 'zh-CN': '没有此报送期', en: 'no such period' } }],
    };
  }
  if (period.startsOn > chinaToday(v.now)) {
    return { kind: 'CONFLICT', zh: `${period.label['zh-CN']}尚未开始，不能报送`, en: `${period.label.en} has not begun; it cannot be reported yet` };
  }
  const figures = input.figures ?? {};
  if (typeof figures !== 'object' || Object.keys(figures).length === 0) {
    return {
      kind: 'INVALID',
      zh: '进度报告须至少填写一项完成数',
      en: 'A progress report needs at least one figure',
      details: [{ field: 'figures', message: { 'zh-CN': '必填', en: 'required' } }],
    };
  }
  const problems = reportProblems(v.template, previousFigures(state, period.index), figures, input.comment);
  if (!problems.length) return undefined;
  return {
    kind: 'INVALID',
    zh: `进度报告未通过校验：${problems.map((p) => p.message['zh-CN']).join('；')}`,
    en: `The progress report is refused: ${problems.map((p) => p.message.en).join('; ')}`,
    details: problems.map((p) => ({ field: `figures.${p.target}`, message: p.message })),
  };
}

export function cancelCampaignRefusal(state: CampaignState, cancelling: boolean, input: { reason: string }): Refusal | undefined {
  if (cancelling || state.status === 'cancelled') return { kind: 'CONFLICT', zh: '目标任务已取消', en: 'The campaign has been cancelled' };
  if (state.status === 'archived') return { kind: 'CONFLICT', zh: '目标任务已归档，不能取消', en: 'The campaign is archived; it cannot be cancelled' };
  if (!input.reason?.trim()) {
    return { kind: 'INVALID', zh: '取消须说明原因', en: 'A cancellation needs a reason', details: [{ field: 'reason', message: { 'zh-CN': '必填', en: 'required' } }] };
  }
  return undefined;
}
