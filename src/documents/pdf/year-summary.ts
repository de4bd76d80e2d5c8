// The year's summary (年度工作总结素材): a landscape record of the totals, every event of the year in
// one table (its header repeated on each page), receipt punctuality per district, and the campaigns'
// targets where the year has any.
import type { YearSummaryDocument } from '../document-model';
import { FONT } from './fonts';
import { BLACK, MM, chineseDateRange, chineseDateTime, openSheet, textWidth, toBuffer } from './page';
import { writeRecordFooter, writeRecordTitle, writeSection } from './report';
import { drawTable } from './table';

const MARGINS = { top: 15 * MM, bottom: 18 * MM, left: 15 * MM, right: 15 * MM };
const SIZE = 8.5;
/** Totals per row of the totals table: more would squeeze the labels. */
const TOTALS_PER_ROW = 8;

export function renderYearSummary(data: YearSummaryDocument): Promise<Buffer> {
  const title = `${data.year}年度工作总结素材`;
  const doc = openSheet({ title: `${data.header} ${title}`, datedAt: data.generatedAt, margins: MARGINS, layout: 'landscape' });
  writeRecordTitle(doc, data.header, title, { header: 11, title: 18 });
  doc.font(FONT.plain).fontSize(SIZE).fillColor(BLACK);
  doc.text(`生成时间：${chineseDateTime(data.generatedAt)}（北京时间）。本表为工作总结素材，数据截至生成时间。`, doc.page.margins.left, doc.y, {
    width: textWidth(doc),
    align: 'center',
  });
  doc.y += 6;

  for (let i = 0; i < data.totals.length; i += TOTALS_PER_ROW) {
    const chunk = data.totals.slice(i, i + TOTALS_PER_ROW);
    drawTable(
      doc,
      chunk.map((t) => ({ header: t.label, share: 1, align: 'center' as const })),
      [chunk.map((t) => t.value)],
      { fontSize: SIZE + 1 },
    );
  }

  writeSection(doc, `全年活动（${data.events.length}项）`);
  drawTable(
    doc,
    [
      { header: '序号', share: 0.04, align: 'center' },
      { header: '活动', share: 0.18 },
      { header: '模板', share: 0.12 },
      { header: '牵头部门', share: 0.1 },
      { header: '日期', share: 0.11 },
      { header: '状态', share: 0.06, align: 'center' },
      { header: '公文', share: 0.16 },
      { header: '签收/逾期/未签', share: 0.1, align: 'center' },
      { header: '主要数据', share: 0.13 },
    ],
    data.events.map((e, i) => [
      String(i + 1),
      e.title,
      e.templateName,
      e.leadUnit,
      chineseDateRange(e.startsAt, e.endsAt),
      e.status,
      e.documents.join('\n') || '—',
      `${e.receipts.acknowledged} / ${e.receipts.late} / ${e.receipts.missing}`,
      e.figures.map((f) => `${f.label}：${f.value}`).join('\n') || '—',
    ]),
    { fontSize: SIZE },
  );

  writeSection(doc, '各区县签收及时情况');
  drawTable(
    doc,
    [
      { header: '单位', share: 0.4 },
      { header: '按时签收', share: 0.15, align: 'center' },
      { header: '逾期签收', share: 0.15, align: 'center' },
      { header: '未签收', share: 0.15, align: 'center' },
      { header: '按时率', share: 0.15, align: 'center' },
    ],
    data.districts.map((d) => [d.unit, String(d.onTime), String(d.late), String(d.missing), punctuality(d)]),
    { fontSize: SIZE },
  );
  if (data.targets.length) {
    writeSection(doc, '目标任务完成情况');
    drawTable(
      doc,
      [
        { header: '目标管理', share: 0.26 },
        { header: '指标', share: 0.26 },
        { header: '计划数', share: 0.09, align: 'center' },
        { header: '已分解', share: 0.09, align: 'center' },
        { header: '完成', share: 0.1, align: 'center' },
        { header: '完成率', share: 0.1, align: 'center' },
        { header: '进度', share: 0.1, align: 'center' },
      ],
      data.targets.map((t) => [t.campaign, t.target, t.planFigure, t.allocated, t.done, t.completion, t.standing]),
      { fontSize: SIZE },
    );
  }
  writeRecordFooter(doc, null);
  return toBuffer(doc);
}

function punctuality(d: { onTime: number; late: number; missing: number }): string {
  const all = d.onTime + d.late + d.missing;
  return all ? `${Math.round((d.onTime / all) * 100)}%` : '—';
}
