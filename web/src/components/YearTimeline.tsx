// The annex of the work plan at a glance: one row per event, a bar from the day it was started to
// its end, a diamond on the day itself, coloured by status; today as a line. Click opens the event.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { CustomChart, ScatterChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams } from 'echarts';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { fmtDate } from '../format';
import type { EventSummary } from '../api/types';
import { EVENT_STATUS_COLOURS } from './StatusTag';

echarts.use([CustomChart, ScatterChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

const ROW = 30;

export function YearTimeline({ events, year, compact }: { events: EventSummary[]; year: number; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const sorted = [...events].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const height = Math.max(160, sorted.length * ROW + 70);

  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    const yearStart = Date.UTC(year, 0, 1) - 8 * 3600_000; // Beijing time
    const yearEnd = Date.UTC(year + 1, 0, 1) - 8 * 3600_000;
    const clamp = (ms: number) => Math.min(Math.max(ms, yearStart), yearEnd);
    const labelWidth = compact ? 110 : 220;
    const titles = sorted.map((e) => e.title);
    const bars = sorted.map((e, i) => ({
      value: [i, clamp(Date.parse(e.createdAt)), clamp(Date.parse(e.endsAt))],
      itemStyle: { color: EVENT_STATUS_COLOURS[e.status] },
      event: e,
    }));
    const days = sorted.map((e, i) => ({
      value: [Date.parse(e.startsAt), i],
      itemStyle: { color: EVENT_STATUS_COLOURS[e.status], borderColor: '#fff', borderWidth: 1 },
      event: e,
    }));
    const monthFormatter = (v: number) => {
      const d = new Date(v + 8 * 3600_000);
      return i18n.language === 'en' ? d.toLocaleString('en', { month: 'short', timeZone: 'UTC' }) : `${d.getUTCMonth() + 1}月`;
    };
    chart.setOption({
      animation: false,
      grid: { left: labelWidth, right: 16, top: 28, bottom: 24 },
      tooltip: {
        trigger: 'item',
        formatter: (p: { data: { event: EventSummary } }) => {
          const e = p.data.event;
          return `<b>${escapeHtml(e.title)}</b><br/>${t('timeline.day')}：${fmtDate(e.startsAt)}<br/>${t('timeline.status')}：${t(`eventStatus.${e.status}`)}`;
        },
      },
      xAxis: {
        type: 'time',
        position: 'top',
        min: yearStart,
        max: yearEnd,
        splitNumber: compact ? 6 : 12,
        axisLabel: { formatter: monthFormatter, hideOverlap: true },
        splitLine: { show: true, lineStyle: { color: '#f0f0f0' } },
      },
      yAxis: {
        type: 'category',
        data: titles,
        inverse: true,
        axisTick: { show: false },
        axisLabel: { width: labelWidth - 12, overflow: 'truncate', fontSize: 12 },
      },
      series: [
        {
          type: 'custom',
          encode: { x: [1, 2], y: 0 },
          renderItem: (_params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
            const row = api.value(0) as number;
            const start = api.coord([api.value(1), row]);
            const end = api.coord([api.value(2), row]);
            const h = Math.min((api.size?.([0, 1]) as number[])[1] * 0.5, 14);
            return {
              type: 'rect',
              shape: { x: start[0], y: start[1] - h / 2, width: Math.max(end[0] - start[0], 3), height: h, r: 3 },
              style: { ...api.style(), opacity: 0.35 },
            };
          },
          data: bars,
          markLine: {
            silent: true,
            symbol: 'none',
            label: { show: false },
            lineStyle: { color: '#c2185b', type: 'dashed' },
            data: Date.now() >= yearStart && Date.now() <= yearEnd ? [{ xAxis: Date.now() }] : [],
          },
        },
        { type: 'scatter', symbol: 'diamond', symbolSize: 14, data: days, z: 3 },
      ],
    });
    chart.on('click', (p) => {
      const e = (p.data as { event?: EventSummary } | undefined)?.event;
      if (e) void navigate(`/events/${e.id}`);
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [sorted.map((e) => `${e.id}:${e.status}:${e.startsAt}`).join(','), year, compact, i18n.language]);

  return (
    <>
      <div ref={ref} className="timeline-chart" style={{ height }} role="img" aria-label={t('timeline.aria', { year, count: sorted.length })} />
      <div className="timeline-legend muted">
        <span>
          <i className="bar" />
          {t('timeline.preparation')}
        </span>
        <span>
          <i className="diamond" />
          {t('timeline.day')}
        </span>
        <span>
          <i className="today" />
          {t('timeline.today')}
        </span>
        {(['active', 'postponed', 'cancelled', 'archived'] as const).map((s) => (
          <span key={s}>
            <i className="dot" style={{ background: EVENT_STATUS_COLOURS[s] }} />
            {t(`eventStatus.${s}`)}
          </span>
        ))}
      </div>
    </>
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
