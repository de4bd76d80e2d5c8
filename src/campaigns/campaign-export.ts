// The roll-up as a workbook (进度汇总.xlsx): sheet 汇总, one row per unit and target with the city's
// totals first; sheet 趋势, the city's figure so far per target at the end of each period. Chinese
// headers with English under them, as every export of the product.
import type { ProgressStanding } from '../../workflows/campaign-types';
import type { Rollup } from '../../workflows/campaign-model';
import { tidy } from '../../workflows/campaign/figures';
import type { Download } from '../exports/exports.service';
import { attachmentHeader, workbookOfSheets, type Cell, type Sheet } from '../exports/workbook';
import type { CampaignRow } from './campaign-read-model';

export const STANDING: Record<ProgressStanding, { zh: string; en: string }> = {
  'on-track': { zh: '正常', en: 'On track' },
  behind: { zh: '滞后', en: 'Behind' },
  'at-risk': { zh: '预警', en: 'At risk' },
};

/** In a cell: Chinese first, English beside it. */
export const standingCell = (s: ProgressStanding): string => `${STANDING[s].zh} ${STANDING[s].en}`;

const CITY = '全市合计 City total';

export const percent = (share: number): string => `${Math.round(share * 1000) / 10}%`;

export function campaignSheets(c: CampaignRow, rollup: Rollup): Sheet[] {
  const targets = c.template.targets;
  const summary: Sheet = {
    name: '汇总',
    columns: [
      { zh: '单位', en: 'Unit', width: 24 },
      { zh: '指标', en: 'Target', width: 40 },
      { zh: '计量单位', en: 'Measured in' },
      { zh: '目标', en: 'Target figure' },
      { zh: '完成', en: 'Done' },
      { zh: '完成率', en: 'Completion' },
      { zh: '进度', en: 'Standing', width: 16 },
      { zh: '已报', en: 'Reports in' },
      { zh: '逾期', en: 'Late' },
      { zh: '缺报', en: 'Missing' },
    ],
    rows: [
      ...targets.map((t): Cell[] => {
        const city = rollup.totals[t.key];
        return [CITY, t.name['zh-CN'], t.unit, tidy(city.allocated || city.planFigure), tidy(city.done), percent(city.completion), standingCell(city.standing), null, null, null];
      }),
      ...rollup.units.flatMap((u) =>
        targets.map((t): Cell[] => {
          const p = u.targets[t.key];
          return [u.unitName, t.name['zh-CN'], t.unit, p.target, tidy(p.done), percent(p.completion), standingCell(p.standing), u.reportsIn, u.reportsLate, u.reportsMissing];
        }),
      ),
    ],
  };
  const trend: Sheet = {
    name: '趋势',
    columns: [{ zh: '报告期', en: 'Period', width: 20 }, ...targets.map((t) => ({ zh: `${t.name['zh-CN']}（${t.unit}）`, en: t.name.en, width: 24 }))],
    rows: rollup.trend.map((p) => [`${p.label['zh-CN']} ${p.label.en}`, ...targets.map((t) => tidy(p.done[t.key] ?? 0))]),
  };
  return [summary, trend];
}

export async function campaignWorkbook(c: CampaignRow, rollup: Rollup): Promise<Download> {
  return {
    body: await workbookOfSheets(campaignSheets(c, rollup)),
    disposition: attachmentHeader(`${c.title}进度汇总.xlsx`, `campaign-rollup-${c.year}-${c.templateCode}.xlsx`),
  };
}
