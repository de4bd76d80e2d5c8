// Filling message templates ({{title}}, {{startsAt}}, {{steps.<id>.<field>}}) with an event's data,
// and dates as office staff write them. Pure: runs inside the workflow.
import type { LocalizedText } from './template-types';

const CST_MS = 8 * 3600_000;
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026年6月1日 09:00" in Chinese, "1 June 2026, 09:00" in English; China Standard Time. */
export function formatDateTime(iso: string | null | undefined, lang: keyof LocalizedText): string {
  if (!iso) return lang === 'zh-CN' ? '待定' : 'to be decided';
  const d = new Date(Date.parse(iso) + CST_MS);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return lang === 'zh-CN'
    ? `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${time}`
    : `${d.getUTCDate()} ${MONTHS_EN[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${time}`;
}

export type TemplateData = Record<string, unknown>;

/** Replaces {{name}} and {{a.b.c}}; a placeholder without a value is left empty. */
export function fill(template: string, data: TemplateData): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, path: string) => {
    let value: unknown = data;
    for (const part of path.split('.')) {
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
    }
    if (value === undefined || value === null) return '';
    if (Array.isArray(value)) return value.join('、');
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  });
}

export function fillBoth(text: LocalizedText, data: { 'zh-CN': TemplateData; en: TemplateData }): LocalizedText {
  return { 'zh-CN': fill(text['zh-CN'], data['zh-CN']), en: fill(text.en, data.en) };
}
