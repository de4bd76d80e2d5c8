// What the lists' search boxes share (活动一览, 待办): a words-in-the-title match and a date range,
// checked before any SQL runs.
import { DomainError } from './domain-error';

/** The longest search text: a title is at most 200 characters, a search for more finds nothing. */
export const MAX_SEARCH_LENGTH = 200;

/** An ILIKE pattern that finds `text` anywhere, its own % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A range whose end is not after its start finds nothing: it is refused as the mistake it is. */
export function checkDateRange(from: string | undefined, to: string | undefined): void {
  if (from === undefined || to === undefined || Date.parse(from) < Date.parse(to)) return;
  throw new DomainError('INVALID', '日期范围有误：结束日期须晚于开始日期', 'Date range: "to" must be after "from"', [
    { field: 'to', message: { 'zh-CN': '须晚于开始日期', en: 'must be after from' } },
  ]);
}
