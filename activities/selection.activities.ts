// The side of a month's selection run that touches the database: the month's event is decided by the
// Schedule and the month alone (its id, dates, frozen template), and its row written once, so a
// retried or repeated run of the month finds the same event instead of making a second one.
import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { CalendarRepository } from '../src/calendar/calendar.repository';
import { toWorkingCalendar, yearsForEvent } from '../src/calendar/calendar-rules';
import { ReadModelRepository } from '../src/read-model/read-model.repository';
import { eventWorkflowId, type EventWorkflowInput } from '../workflows/event-model';
import { publicationTime, selectionTitle, type MonthlySelectionInput } from '../workflows/selection-model';
import type { EventTemplate } from '../workflows/template-types';
import type { WorkingCalendar } from '../workflows/working-calendar';
import { addOffset } from '../workflows/working-days';
import { derivedUuid } from './ids';

export interface SelectionActivities {
  /** The month's event as its workflow starts; its events row is written by the first attempt only. */
  prepareMonthlySelection(req: { selection: MonthlySelectionInput; month: string }): Promise<EventWorkflowInput>;
}

/** The event id of one month of one Schedule: the same on every retry and every repeated run. */
export const monthlyEventId = (scheduleId: string, month: string): string => derivedUuid(`${scheduleId}:${month}`);

export function createSelectionActivities({ dataSource }: { dataSource: DataSource }): SelectionActivities {
  const readModel = new ReadModelRepository(dataSource);
  const calendars = new CalendarRepository(dataSource);

  /** The calendar an event of that date runs by, read as the month starts: later holidays included. */
  const calendarFor = (startsAt: string): Promise<WorkingCalendar> =>
    calendars.snapshot(async (tx) => {
      const years = yearsForEvent(startsAt, (await calendars.yearSpan(tx))?.last);
      return toWorkingCalendar(await calendars.version(tx), years, await calendars.daysBetween(`${years.fromYear}-01-01`, `${years.toYear}-12-31`, tx));
    });

  const frozenTemplate = async (code: string, version: number): Promise<EventTemplate> => {
    const [row] = await dataSource.query<{ content: EventTemplate }[]>('SELECT content FROM template_versions WHERE code = $1 AND version = $2', [code, version]);
    if (!row) throw ApplicationFailure.nonRetryable(`template ${code} version ${version} is not stored; enable the selection again`, 'SelectionSetupError');
    return row.content;
  };

  return {
    async prepareMonthlySelection({ selection, month }) {
      const template = await frozenTemplate(selection.templateCode, selection.templateVersion);
      const eventId = monthlyEventId(selection.scheduleId, month);
      const startsAt = publicationTime(month, selection.publicationDay);
      const calendar = await calendarFor(startsAt);
      const input: EventWorkflowInput = {
        eventId,
        title: selectionTitle(month),
        template,
        organiser: { id: selection.organiser.id, displayName: selection.organiser.displayName },
        leadUnit: template.leadDepartment,
        startsAt,
        endsAt: new Date(addOffset(Date.parse(startsAt), template.defaultDuration, calendar)).toISOString(),
        dateChangeNoticeWindowMs: selection.dateChangeNoticeWindowMs,
        calendar,
      };
      await dataSource.transaction(async (m) => {
        const [existing] = await m.query<unknown[]>('SELECT 1 FROM events WHERE id = $1', [eventId]);
        if (existing) return;
        await readModel.insertEvent(m, {
          id: eventId,
          workflowId: eventWorkflowId(eventId),
          templateCode: template.code,
          templateVersion: template.version,
          title: input.title,
          leadUnit: input.leadUnit,
          organiserId: input.organiser.id,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          venue: null,
          participantIds: [],
        });
      });
      return input;
    },
  };
}
