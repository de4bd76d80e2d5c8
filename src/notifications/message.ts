// How a notification reads on each channel: Chinese first, then English, as everywhere in the product.
import type { CalendarPayload } from '../../workflows/calendar-payload';
import type { OutboundMessage } from './channels/channel';
import { isPersonalKind } from './kinds';

const TIME_ZONE = 'Asia/Shanghai';
const zhTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false,
});
const zhClock = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false });
const enTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE, year: 'numeric', month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false,
});
const enClock = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false });

/** The calendar lines of an invitation, in each language (times in Beijing time). */
export function whenAndWhere(cal: CalendarPayload): { zh: string[]; en: string[] } {
  const start = new Date(cal.start);
  const end = new Date(cal.end);
  const cancelled = cal.method === 'CANCEL';
  return {
    zh: [
      `${cancelled ? '原定时间' : '时间'}：${zhTime.format(start)}—${zhClock.format(end)}（北京时间）`,
      ...(cal.location ? [`地点：${cal.location}`] : []),
    ],
    en: [
      `${cancelled ? 'Was planned for' : 'When'}: ${enTime.format(start)}–${enClock.format(end)} (Beijing time)`,
      ...(cal.location ? [`Where: ${cal.location}`] : []),
    ],
  };
}

/**
 * The web app's page where the recipient acts: the one the sender stored (a campaign unit's page for
 * a 催办), else the task's for a task or sign-off, else the event's.
 */
export function linkOf(n: { link?: string | null; taskId: string | null; eventId: string | null }): string | null {
  if (n.link) return n.link;
  if (n.taskId) return `/tasks/${n.taskId}`;
  return n.eventId ? `/events/${n.eventId}` : null;
}

/**
 * A turn's email says where to act, in each language, and so does one whose sender stored the page
 * to act on (a 催办 or 督办: not personal, since the unit's robot should hear it, but it asks the
 * reader to report). Other kinds keep the footer's link alone.
 */
function actionLine(m: OutboundMessage, publicUrl: string): { zh: string[]; en: string[] } {
  const link = isPersonalKind(m.kind) || m.link ? linkOf(m) : null;
  if (!link) return { zh: [], en: [] };
  const url = `${publicUrl.replace(/\/+$/, '')}${link}`;
  return { zh: [`办理或查看：${url}`], en: [`Open: ${url}`] };
}

const FOOTER_ZH = '此邮件由重庆市妇联 fulian-flow 系统自动发送，请勿直接回复。';
const FOOTER_EN = 'Sent automatically by fulian-flow of the Chongqing Women\'s Federation; please do not reply.';

export function emailText(m: OutboundMessage, publicUrl: string): string {
  const cal = m.calendar ? whenAndWhere(m.calendar) : undefined;
  const act = actionLine(m, publicUrl);
  return [
    `${m.recipient.displayName}：`,
    '',
    m.subject['zh-CN'],
    '',
    m.body['zh-CN'],
    ...(cal ? ['', ...cal.zh] : []),
    ...(act.zh.length ? ['', ...act.zh] : []),
    '',
    '——',
    '',
    m.subject.en,
    '',
    m.body.en,
    ...(cal ? ['', ...cal.en] : []),
    ...(act.en.length ? ['', ...act.en] : []),
    '',
    '--',
    FOOTER_ZH,
    FOOTER_EN,
    publicUrl,
    '',
  ].join('\n');
}

export function emailHtml(m: OutboundMessage, publicUrl: string): string {
  const cal = m.calendar ? whenAndWhere(m.calendar) : undefined;
  const act = actionLine(m, publicUrl);
  const paragraphs = (text: string) =>
    text
      .split(/\n{2,}/)
      .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
      .join('\n');
  const lines = (list: string[]) => (list.length ? `<p>${list.map(escapeHtml).join('<br>')}</p>` : '');
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${escapeHtml(m.subject['zh-CN'])}</title></head>
<body style="font-family: 'PingFang SC', 'Microsoft YaHei', sans-serif; line-height: 1.6; color: #222;">
<div lang="zh-CN">
<p>${escapeHtml(m.recipient.displayName)}：</p>
<h2 style="font-size: 18px;">${escapeHtml(m.subject['zh-CN'])}</h2>
${paragraphs(m.body['zh-CN'])}
${cal ? lines(cal.zh) : ''}
${lines(act.zh)}
</div>
<hr>
<div lang="en">
<h2 style="font-size: 16px;">${escapeHtml(m.subject.en)}</h2>
${paragraphs(m.body.en)}
${cal ? lines(cal.en) : ''}
${lines(act.en)}
</div>
<hr>
<p style="color: #888; font-size: 12px;">${escapeHtml(FOOTER_ZH)}<br>${escapeHtml(FOOTER_EN)}<br><a href="${escapeHtml(publicUrl)}">${escapeHtml(publicUrl)}</a></p>
</body>
</html>
`;
}

/**
 * Text of ours or of users (titles, names, places, reasons) made inert in a robot's markdown, so an
 * event titled `[点此签收](http://…)` shows those characters instead of a live link in an official
 * group message. Markdown punctuation gets a backslash (CommonMark's escape, and it also breaks the
 * `](` a simpler link parser looks for). `<` and `>` become their full-width forms: both robots read
 * HTML-like tags (`<font color>`, WeCom's `<@userid>` mention) whose escaping neither documents, and
 * in Chinese text ＜ ＞ read the same. Line-leading list and rule markers get a backslash too. WeCom's
 * and DingTalk's dialects share all of these, so one escape serves both.
 */
export function escapeRobotMarkdown(text: string): string {
  return text
    .replace(/[\\`*_~[\]()#!|{}]/g, (c) => `\\${c}`)
    .replace(/</g, '＜')
    .replace(/>/g, '＞')
    // Blanks of the same line only: `\s*` ran on across newlines, retrying every line (quadratic).
    .replace(/^([^\S\r\n]*)([-+=]|\d+\.)/gm, '$1\\$2');
}

/** A group robot's markdown: the unit hears the notice once, so it is addressed to the unit. */
export function robotMarkdown(m: OutboundMessage): { title: string; text: string } {
  const esc = escapeRobotMarkdown;
  const cal = m.calendar ? whenAndWhere(m.calendar) : undefined;
  const to = m.audience === 'unit' ? m.unit.nameZh : m.recipient.displayName;
  const text = [
    `### ${esc(m.subject['zh-CN'])}`,
    `> 致：${esc(to)}`,
    '',
    esc(m.body['zh-CN']),
    ...(cal ? ['', ...cal.zh.map((l) => `> ${esc(l)}`)] : []),
    '',
    '---',
    `**${esc(m.subject.en)}**`,
    '',
    esc(m.body.en),
    ...(cal ? ['', ...cal.en.map((l) => `> ${esc(l)}`)] : []),
  ].join('\n');
  // DingTalk shows the title as plain text (the chat list's preview): it is not markdown.
  return { title: m.subject['zh-CN'].replace(/\s+/g, ' ').trim(), text };
}

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character (robots limit by bytes). */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const marker = '…';
  let out = '';
  let bytes = Buffer.byteLength(marker, 'utf8');
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out + marker;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
