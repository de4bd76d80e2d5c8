// The calendar's rows: the special days, the record of changes whose last id is the version, and
// the running events a change is sent to.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CalendarDate } from '../../workflows/working-calendar';

export type DayKind = 'off' | 'work';
export type DaySource = 'chinese-days' | 'admin';

export interface CalendarDay {
  date: CalendarDate;
  kind: DayKind;
  name: string;
  source: DaySource;
  updatedAt: string;
}

export interface NewDay {
  date: CalendarDate;
  kind: DayKind;
  name: string;
}

export type ChangeAction = 'seed' | 'set-day' | 'delete-day' | 'set-year';

export interface CalendarChange {
  action: ChangeAction;
  year: number;
  day?: CalendarDate;
  before?: unknown;
  after?: unknown;
  changedBy: string | null;
}

/** A running event (active or postponed) as the read model has it. */
export interface RunningEvent {
  id: string;
  title: string;
  startsAt: string;
}

interface DayRow {
  day: string;
  kind: DayKind;
  name: string;
  source: DaySource;
  updated_at: Date;
}

const DAY_COLUMNS = "to_char(day, 'YYYY-MM-DD') AS day, kind, name, source, updated_at";

/** Taken for the length of a change's transaction: two admins' edits get versions one after the other. */
const CHANGE_LOCK = 7_365_600_300;

const toDay = (r: DayRow): CalendarDay => ({ date: r.day, kind: r.kind, name: r.name, source: r.source, updatedAt: r.updated_at.toISOString() });

@Injectable()
export class CalendarRepository {
  constructor(private readonly db: DataSource) {}

  /** Runs `work` as one change: serialised with every other change, and recorded, in one transaction. */
  async change<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
      return work(tx);
    });
  }

  /** Runs `work` on one snapshot of the table (REPEATABLE READ): a version is read with the days it numbers. */
  async snapshot<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', work);
  }

  async daysBetween(from: CalendarDate, to: CalendarDate, tx?: EntityManager): Promise<CalendarDay[]> {
    const rows = await (tx ?? this.db).query<DayRow[]>(`SELECT ${DAY_COLUMNS} FROM calendar_days WHERE day BETWEEN $1 AND $2 ORDER BY day`, [from, to]);
    return rows.map(toDay);
  }

  async day(date: CalendarDate, tx?: EntityManager): Promise<CalendarDay | undefined> {
    const [row] = await (tx ?? this.db).query<DayRow[]>(`SELECT ${DAY_COLUMNS} FROM calendar_days WHERE day = $1`, [date]);
    return row && toDay(row);
  }

  /** The first and last year with any day in the table; undefined while it is empty. */
  async yearSpan(tx?: EntityManager): Promise<{ first: number; last: number } | undefined> {
    const [row] = await (tx ?? this.db).query<{ first: number | null; last: number | null }[]>(
      'SELECT min(extract(year FROM day))::int AS first, max(extract(year FROM day))::int AS last FROM calendar_days',
    );
    return row?.first == null || row.last == null ? undefined : { first: row.first, last: row.last };
  }

  /** The years that have at least one day in the table. */
  async yearsCovered(tx?: EntityManager): Promise<number[]> {
    const rows = await (tx ?? this.db).query<{ year: number }[]>('SELECT DISTINCT extract(year FROM day)::int AS year FROM calendar_days ORDER BY 1');
    return rows.map((r) => r.year);
  }

  async upsert(tx: EntityManager, days: NewDay[], source: DaySource, by: string | null): Promise<void> {
    if (days.length === 0) return;
    await tx.query(
      `INSERT INTO calendar_days (day, kind, name, source, updated_by, updated_at)
       SELECT d.day, d.kind, d.name, $4, $5, now() FROM unnest($1::date[], $2::text[], $3::text[]) AS d(day, kind, name)
       ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, source = excluded.source, updated_by = excluded.updated_by, updated_at = now()`,
      [days.map((d) => d.date), days.map((d) => d.kind), days.map((d) => d.name), source, by],
    );
  }

  async delete(tx: EntityManager, date: CalendarDate): Promise<void> {
    await tx.query('DELETE FROM calendar_days WHERE day = $1', [date]);
  }

  async deleteYear(tx: EntityManager, year: number): Promise<void> {
    await tx.query('DELETE FROM calendar_days WHERE extract(year FROM day) = $1', [year]);
  }

  /** Records the change; its id is the calendar's new version. */
  async record(tx: EntityManager, c: CalendarChange): Promise<string> {
    const [row] = await tx.query<{ id: string }[]>(
      'INSERT INTO calendar_changes (action, year, day, before, after, changed_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [c.action, c.year, c.day ?? null, c.before === undefined ? null : JSON.stringify(c.before), c.after === undefined ? null : JSON.stringify(c.after), c.changedBy],
    );
    return row.id;
  }

  /** The last change's id; '0' before the first. */
  async version(tx?: EntityManager): Promise<string> {
    const [row] = await (tx ?? this.db).query<{ id: string | null }[]>('SELECT max(id)::text AS id FROM calendar_changes');
    return row?.id ?? '0';
  }

  /** The person who made the latest change a person made (seeding is no one's); undefined before the first. */
  async lastEditor(): Promise<{ id: string; displayName: string } | undefined> {
    const [row] = await this.db.query<{ id: string; display_name: string }[]>(
      'SELECT u.id, u.display_name FROM calendar_changes c JOIN users u ON u.id = c.changed_by ORDER BY c.id DESC LIMIT 1',
    );
    return row && { id: row.id, displayName: row.display_name };
  }

  /**
   * The events whose workflow is still running, from the read model: a calendar change is sent to
   * each of them. Read here rather than through the read model's repository because only this
   * narrow list is wanted, with no one's view of it.
   */
  async runningEvents(): Promise<RunningEvent[]> {
    const rows = await this.db.query<{ id: string; title: string; starts_at: Date }[]>(
      "SELECT id, title, starts_at FROM events WHERE status IN ('active', 'postponed') ORDER BY starts_at",
    );
    return rows.map((r) => ({ id: r.id, title: r.title, startsAt: r.starts_at.toISOString() }));
  }
}
