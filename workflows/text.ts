// Filling message templates ({{title}}, {{startsAt}}, {{steps.<id>.<field>}}) with an event's data,
// and dates as office staff write them. Pure: runs inside the workflow.
import { allocationSummary, isAllocationValue } from './forms';
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

/**
 * An 18-digit resident ID number (身份证号) as messages show it: `500229********1234`. Fields marked
 * personal never reach a message (templates are refused at load), but a number typed into another
 * field must not go out in an email or a group robot's message either.
 */
const ID_NUMBER = /(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9Xx])/g;
const maskIdNumbers = (text: string) => text.replace(ID_NUMBER, (_, head: string, tail: string) => `${head}********${tail}`);

/** Replaces {{name}} and {{a.b.c}}; a placeholder without a value is left empty. */
export function fill(template: string, data: TemplateData, lang: keyof LocalizedText = 'zh-CN'): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, path: string) => maskIdNumbers(placeholderText(data, path, lang)));
}

function placeholderText(data: TemplateData, path: string, lang: keyof LocalizedText): string {
  let value: unknown = data;
  for (const part of path.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (value === undefined || value === null) return '';
  // A file field's value names its files (见附件：名额分配表.xlsx); other lists are texts.
  if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string' ? (v as { name: string }).name : String(v))).join('、');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  // A 任务分解表 goes out as the notice's attachment; in a message it is named by its size.
  if (isAllocationValue(value)) return allocationSummary(value, lang);
  return JSON.stringify(value);
}

export function fillBoth(text: LocalizedText, data: { 'zh-CN': TemplateData; en: TemplateData }): LocalizedText {
  return { 'zh-CN': fill(text['zh-CN'], data['zh-CN']), en: fill(text.en, data.en, 'en') };
}
