// The monthly selections a Temporal Schedule starts (每月推出的时代女性榜): what the Schedule hands each
// month's run, and the month arithmetic the workflow, its activity and the API share.
import { startOfChinaDay } from './campaign/china-days';
import type { EventStatus, Person } from './event-model';

/** What the Schedule starts every month with; the month itself is the run's scheduled time. */
export interface MonthlySelectionInput {
  scheduleId: string;
  templateCode: string;
  /** The version frozen when the Schedule was enabled: every month runs the same steps. */
  templateVersion: number;
  /** The day of the month the list is published: the event's date, which its deadlines count back from. */
  publicationDay: number;
  /** The organiser of every month's event: whoever enabled the Schedule. */
  organiser: Person;
  /** DATE_CHANGE_NOTICE_WINDOW, as events started through the API get it. */
  dateChangeNoticeWindowMs?: number;
  /** 'YYYY-MM', for a run started without a scheduled time (a plain start, not the Schedule's). */
  month?: string;
}

export interface MonthlySelectionResult {
  month: string;
  eventId: string;
  /** How the month's event ended; `started-before`: an earlier run of this month had started it. */
  eventStatus: EventStatus | 'started-before';
}

/** The list is published at 10:00 Beijing time on its day. */
export const PUBLICATION_HOUR = 10;
/** From the 1st, when the month's run starts, the districts need two weeks to nominate: the 15th at the earliest. */
export const EARLIEST_PUBLICATION_DAY = 15;
/** Every month has a 28th. */
export const LATEST_PUBLICATION_DAY = 28;
export const DEFAULT_PUBLICATION_DAY = 25;

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export { chinaMonthOf } from './campaign/china-days';

/** The month's publication instant: `day` at PUBLICATION_HOUR, Beijing time. */
export function publicationTime(month: string, day: number): string {
  return new Date(startOfChinaDay(`${month}-${String(day).padStart(2, '0')}`) + PUBLICATION_HOUR * 3600_000).toISOString();
}

/** 2027年3月巴渝最具引领力的时代女性榜 */
export function selectionTitle(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return `${year}年${m}月巴渝最具引领力的时代女性榜`;
}
