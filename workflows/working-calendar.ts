// The working-day calendar as data (节假日与调休): what counts as a working day reaches a workflow in
// its input and through the changeCalendar Update, never from a table compiled into the code, so a
// year the State Council publishes after the code was written is one edit by an admin. No imports:
// workflow code uses it.

/** A China-local calendar day, `YYYY-MM-DD`. */
export type CalendarDate = string;

/**
 * Days that differ from the Monday-to-Friday week: public holidays (`off`) and the weekend days
 * worked in exchange for them (`work`, 调休上班). Every other day is a working day on weekdays.
 */
export interface WorkingCalendar {
  /** Changes on every admin edit: a workflow holding this version already has this calendar. */
  version: string;
  /** The years the table covers (inclusive). Outside them only weekends are days off. */
  fromYear: number;
  toYear: number;
  days: Record<CalendarDate, 'off' | 'work'>;
}
