import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaigns (目标管理), the read model of their workflows: the campaign with its template as started,
 * the approved allocation and, at the close, the assessment; one row per unit given targets; every
 * revision of every period's report (a correction adds a revision, nothing is overwritten); and the
 * 催办/督办 sent for a period. Notifications and attachments may belong to a campaign instead of an
 * event (a report's photos, a 催办 that links to the unit's page); a notification may store the page
 * it links to, when neither a task nor an event names it. A district's own activities are events that
 * name their campaign and unit.
 */
export class Campaigns1765700000000 implements MigrationInterface {
  name = 'Campaigns1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaigns (
        id                  uuid PRIMARY KEY,
        workflow_id         text NOT NULL UNIQUE,
        template_code       text NOT NULL,
        template_version    int NOT NULL,
        template            jsonb NOT NULL,
        title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        year                int NOT NULL CHECK (year BETWEEN 2000 AND 2099),
        lead_unit           text NOT NULL REFERENCES units(code),
        organiser_id        uuid NOT NULL REFERENCES users(id),
        status              text NOT NULL CHECK (status IN ('allocating', 'running', 'assessing', 'archived', 'cancelled')),
        periods             jsonb NOT NULL,
        allocation          jsonb,
        allocation_event_id uuid REFERENCES events(id),
        assessment          jsonb,
        assessment_event_id uuid REFERENCES events(id),
        started_at          timestamptz NOT NULL DEFAULT now(),
        archived_at         timestamptz,
        cancelled_at        timestamptz,
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX campaigns_year ON campaigns (year, template_code)');
    await q.query(`
      CREATE TABLE campaign_units (
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        unit_code   text NOT NULL REFERENCES units(code),
        unit_name   text NOT NULL,
        position    int NOT NULL,
        targets     jsonb NOT NULL,
        so_far      jsonb NOT NULL DEFAULT '{}',
        status      text NOT NULL CHECK (status IN ('running', 'closed', 'cancelled')),
        closed_at   timestamptz,
        PRIMARY KEY (campaign_id, unit_code)
      )`);
    await q.query('CREATE INDEX campaign_units_unit ON campaign_units (unit_code)');
    await q.query(`
      CREATE TABLE campaign_reports (
        campaign_id  uuid NOT NULL,
        unit_code    text NOT NULL,
        period_index int NOT NULL CHECK (period_index >= 0),
        revision     int NOT NULL CHECK (revision >= 1),
        figures      jsonb NOT NULL,
        comment      text,
        attachments  jsonb NOT NULL DEFAULT '[]',
        submitted_by uuid NOT NULL REFERENCES users(id),
        submitted_at timestamptz NOT NULL,
        due_at       timestamptz NOT NULL,
        late         boolean NOT NULL,
        PRIMARY KEY (campaign_id, unit_code, period_index, revision),
        FOREIGN KEY (campaign_id, unit_code) REFERENCES campaign_units(campaign_id, unit_code) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE campaign_urgings (
        campaign_id   uuid NOT NULL,
        unit_code     text NOT NULL,
        period_index  int NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('urge', 'supervise')),
        sent_at       timestamptz NOT NULL,
        recipient_ids uuid[] NOT NULL,
        PRIMARY KEY (campaign_id, unit_code, period_index, kind),
        FOREIGN KEY (campaign_id, unit_code) REFERENCES campaign_units(campaign_id, unit_code) ON DELETE CASCADE
      )`);
    // A district's own activity is an ordinary event of the campaign's district template that names
    // its campaign and unit; were those rows ever removed, the event would stay, unlinked.
    await q.query(`
      ALTER TABLE events
        ADD COLUMN campaign_id uuid,
        ADD COLUMN unit_code text,
        ADD CONSTRAINT events_campaign_unit CHECK ((campaign_id IS NULL) = (unit_code IS NULL)),
        ADD CONSTRAINT events_campaign_unit_fk FOREIGN KEY (campaign_id, unit_code)
          REFERENCES campaign_units(campaign_id, unit_code) ON DELETE SET NULL`);
    await q.query('CREATE INDEX events_campaign_unit ON events (campaign_id, unit_code) WHERE campaign_id IS NOT NULL');
    await q.query('ALTER TABLE notifications ADD COLUMN campaign_id uuid REFERENCES campaigns(id) ON DELETE CASCADE');
    await q.query('ALTER TABLE notifications ADD COLUMN link text');
    await q.query('ALTER TABLE attachments ALTER COLUMN event_id DROP NOT NULL');
    await q.query('ALTER TABLE attachments ADD COLUMN campaign_id uuid REFERENCES campaigns(id) ON DELETE CASCADE');
    await q.query('ALTER TABLE attachments ADD CONSTRAINT attachments_one_owner CHECK ((event_id IS NULL) <> (campaign_id IS NULL))');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM attachments WHERE campaign_id IS NOT NULL');
    await q.query('ALTER TABLE attachments DROP CONSTRAINT attachments_one_owner');
    await q.query('ALTER TABLE attachments DROP COLUMN campaign_id');
    await q.query('ALTER TABLE attachments ALTER COLUMN event_id SET NOT NULL');
    await q.query('ALTER TABLE notifications DROP COLUMN link');
    await q.query('ALTER TABLE notifications DROP COLUMN campaign_id');
    await q.query('ALTER TABLE events DROP COLUMN unit_code, DROP COLUMN campaign_id');
    await q.query('DROP TABLE campaign_urgings');
    await q.query('DROP TABLE campaign_reports');
    await q.query('DROP TABLE campaign_units');
    await q.query('DROP TABLE campaigns');
  }
}
