// The year's summary as charts: events per month, per lead department, and receipt punctuality per
// district (stacked: on time, late, missing, still pending). Loaded with the page that shows them,
// so ECharts comes only where a chart is drawn; each chart follows its box's width (a phone's too).
import { useMemo } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import type { EChartsCoreOption } from 'echarts/core';
import { useTranslation } from 'react-i18next';
import { loc } from '../format';
import { EChart } from './EChart';
import type { YearSummary } from '../api/types';

echarts.use([BarChart]);

/** The punctuality colours: green, amber, red, grey (each distinct for colour-blind readers by its place in the stack too). */
const STANDING_COLOURS = { onTime: '#389e0d', late: '#d48806', missing: '#cf1322', pending: '#bfbfbf' } as const;
const STANDINGS = ['onTime', 'late', 'missing', 'pending'] as const;

/** 1月 or Jan, as the language names it. */
function monthName(month: number, language: string): string {
  return new Date(Date.UTC(2000, month - 1, 1)).toLocaleString(language === 'en' ? 'en' : 'zh-CN', { month: 'short', timeZone: 'UTC' });
}

export function MonthChart({ summary }: { summary: YearSummary }) {
  const { t, i18n } = useTranslation();
  const option = useMemo<EChartsCoreOption>(() => ({
    animation: false,
    grid: { left: 32, right: 8, top: 16, bottom: 28 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: summary.byMonth.map((m) => monthName(m.month, i18n.language)), axisLabel: { interval: 0, fontSize: 11, hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: t('yearSummary.events'), data: summary.byMonth.map((m) => m.events), itemStyle: { color: '#1677ff' }, barMaxWidth: 28 }],
  }), [summary, t, i18n.language]);
  return <EChart option={option} height={240} testId="chart-months" label={t('yearSummary.chartMonthsAria', { year: summary.year, count: summary.totals.events })} />;
}

export function DepartmentChart({ summary }: { summary: YearSummary }) {
  const { t } = useTranslation();
  const rows = useMemo(() => [...summary.byDepartment].reverse(), [summary]); // the busiest on top
  const option = useMemo<EChartsCoreOption>(() => ({
    animation: false,
    grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((d) => loc(d.name)), axisLabel: { width: 110, overflow: 'truncate' } },
    series: [{ type: 'bar', name: t('yearSummary.events'), data: rows.map((d) => d.events), itemStyle: { color: '#722ed1' }, barMaxWidth: 24 }],
  }), [rows, t]);
  return <EChart option={option} height={Math.max(160, rows.length * 32 + 40)} testId="chart-departments" label={t('yearSummary.chartDepartmentsAria', { count: rows.length })} />;
}

export function DistrictChart({ summary }: { summary: YearSummary }) {
  const { t } = useTranslation();
  const rows = summary.districts;
  const option = useMemo<EChartsCoreOption>(() => ({
    animation: false,
    legend: { top: 0, itemWidth: 14, textStyle: { fontSize: 12 } },
    grid: { left: 8, right: 16, top: 36, bottom: 16, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: rows.map((d) => loc(d.name)), axisLabel: { width: 100, overflow: 'truncate', fontSize: 11, interval: 0 } },
    series: STANDINGS.map((s) => ({
      type: 'bar',
      stack: 'receipts',
      name: t(`yearSummary.standing.${s}`),
      data: rows.map((d) => d[s]),
      itemStyle: { color: STANDING_COLOURS[s] },
      barMaxWidth: 14,
    })),
  }), [rows, t]);
  return <EChart option={option} height={rows.length * 20 + 60} testId="chart-districts" label={t('yearSummary.chartDistrictsAria', { count: rows.length })} />;
}
