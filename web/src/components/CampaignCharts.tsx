// The campaign page's charts, for one target at a time: each unit's figure against its target as bars
// coloured by its standing (the legend names the three standings: colour is never the only sign), and
// the city's figure at the end of each period as a line against the target. Loaded with the page
// that shows them, so ECharts comes only where a chart is drawn; each follows its box's width.
import { useMemo } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import type { EChartsCoreOption } from 'echarts/core';
import { useTranslation } from 'react-i18next';
import { loc } from '../format';
import { EChart } from './EChart';
import type { CampaignTarget, Rollup } from './CampaignData';
import { STANDING_COLOURS, STANDINGS } from './CampaignStanding';

echarts.use([BarChart, LineChart, MarkLineComponent]);

const TARGET_COLOUR = '#bfbfbf';

/** Per unit: its target (grey) and its figure so far, in the colour of its standing on this target. */
export function UnitBarsChart({ rollup, target }: { rollup: Rollup; target: CampaignTarget }) {
  const { t } = useTranslation();
  const rows = rollup.units.filter((u) => u.targets[target.key]);
  const option = useMemo<EChartsCoreOption>(() => {
    const cell = (standing: string) => rows.map((u) => (u.targets[target.key].standing === standing ? u.targets[target.key].done : null));
    return {
      animation: false,
      legend: { top: 0, itemWidth: 14, textStyle: { fontSize: 12 } },
      grid: { left: 8, right: 16, top: 36, bottom: 16, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: target.unit === '%' ? 0 : 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((u) => u.unitName), axisLabel: { width: 100, overflow: 'truncate', fontSize: 11, interval: 0 } },
      series: [
        { type: 'bar', name: t('campaigns.target'), data: rows.map((u) => u.targets[target.key].target), itemStyle: { color: TARGET_COLOUR }, barMaxWidth: 10 },
        // One series per standing, stacked so each unit shows the one it is in: the legend then names them.
        ...STANDINGS.map((s) => ({ type: 'bar', stack: 'done', name: t(`campaigns.standing.${s}`), data: cell(s), itemStyle: { color: STANDING_COLOURS[s] }, barMaxWidth: 10 })),
      ],
    };
  }, [rows, target, t]);
  const counts = Object.fromEntries(STANDINGS.map((s) => [s, rows.filter((u) => u.targets[target.key].standing === s).length]));
  return (
    <EChart
      option={option}
      height={rows.length * 24 + 60}
      testId="chart-units"
      label={t('campaigns.chartUnitsAria', { target: loc(target.name), count: rows.length, onTrack: counts['on-track'], behind: counts.behind, atRisk: counts['at-risk'] })}
    />
  );
}

/** The city's figure at the end of each period, with the allocated total as a dashed line. */
export function TrendChart({ rollup, target }: { rollup: Rollup; target: CampaignTarget }) {
  const { t } = useTranslation();
  const goal = rollup.totals[target.key]?.allocated ?? target.planFigure;
  const option = useMemo<EChartsCoreOption>(() => ({
    animation: false,
    grid: { left: 8, right: 24, top: 24, bottom: 28, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rollup.trend.map((p) => loc(p.label)), axisLabel: { fontSize: 11, hideOverlap: true } },
    yAxis: { type: 'value', max: (v: { max: number }) => Math.max(v.max, goal) },
    series: [
      {
        type: 'line',
        name: loc(target.name),
        data: rollup.trend.map((p) => p.done[target.key] ?? 0),
        itemStyle: { color: '#1677ff' },
        markLine: { symbol: 'none', lineStyle: { type: 'dashed', color: '#595959' }, label: { formatter: t('campaigns.target') }, data: [{ yAxis: goal }] },
      },
    ],
  }), [rollup, target, goal, t]);
  const last = rollup.trend[rollup.trend.length - 1];
  return (
    <EChart
      option={option}
      height={240}
      testId="chart-trend"
      label={t('campaigns.chartTrendAria', { target: loc(target.name), periods: rollup.trend.length, done: last?.done[target.key] ?? 0, goal })}
    />
  );
}
