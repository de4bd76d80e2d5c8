import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The working-day calendar as data (节假日与调休). `calendar_days` holds the days that differ from
 * the Monday-to-Friday week: public holidays (`off`) and the weekend days worked in exchange
 * (`work`), each with the holiday it belongs to and where it came from (the `chinese-days` package
 * at seeding, or an admin). `calendar_changes` is the record of every change — who, which day or
 * year, before and after — and its last id is the calendar's version, which a running event
 * compares with the one it holds. The rows themselves are seeded at start (src/calendar/calendar.seed.ts),
 * so a newer package brings the years it adds.
 */
export class WorkingCalendar1765600300000 implements MigrationInterface {
  name = 'WorkingCalendar1765600300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_days (
        day        date PRIMARY KEY,
        kind       text NOT NULL CHECK (kind IN ('off', 'work')),
        name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
        source     text NOT NULL CHECK (source IN ('chinese-days', 'admin')),
        updated_by uuid REFERENCES users(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE calendar_changes (
        id         bigserial PRIMARY KEY,
        action     text NOT NULL CHECK (action IN ('seed', 'set-day', 'delete-day', 'set-year')),
        year       int NOT NULL,
        day        date,
        before     jsonb,
        after      jsonb,
        changed_by uuid REFERENCES users(id),
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE calendar_changes');
    await q.query('DROP TABLE calendar_days');
  }
}
