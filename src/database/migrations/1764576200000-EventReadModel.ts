import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model of events: what the workflows do, mirrored for lists, inboxes and the audit trail.
 * The workflow is the source of truth; these rows are written only by its activities.
 */
export class EventReadModel1764576200000 implements MigrationInterface {
  name = 'EventReadModel1764576200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE template_versions (
        code          text NOT NULL,
        version       int NOT NULL,
        content       jsonb NOT NULL,
        content_hash  text NOT NULL,
        first_used_at timestamptz,
        PRIMARY KEY (code, version)
      )`);
    await q.query(`
      CREATE TABLE events (
        id               uuid PRIMARY KEY,
        workflow_id      text NOT NULL UNIQUE,
        template_code    text NOT NULL,
        template_version int NOT NULL,
        title            text NOT NULL,
        lead_unit        text NOT NULL REFERENCES units(code),
        organiser_id     uuid NOT NULL REFERENCES users(id),
        starts_at        timestamptz NOT NULL,
        ends_at          timestamptz NOT NULL,
        venue            text,
        participant_ids  uuid[] NOT NULL DEFAULT '{}',
        status           text NOT NULL CHECK (status IN ('active', 'postponed', 'cancelled', 'archived')),
        current_step_ids text[] NOT NULL DEFAULT '{}',
        postponed_at     timestamptz,
        cancel_reason    text,
        archived_at      timestamptz,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (template_code, template_version) REFERENCES template_versions(code, version)
      )`);
    await q.query('CREATE INDEX events_starts_at ON events (starts_at)');
    await q.query('CREATE INDEX events_status ON events (status, starts_at)');
    await q.query('CREATE INDEX events_template ON events (template_code, starts_at)');
    await q.query('CREATE INDEX events_lead_unit ON events (lead_unit, starts_at)');

    await q.query(`
      CREATE TABLE event_steps (
        event_id       uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        step_id        text NOT NULL,
        parent_step_id text,
        type           text NOT NULL,
        name           jsonb NOT NULL,
        status         text NOT NULL,
        round          int NOT NULL,
        started_at     timestamptz,
        finished_at    timestamptz,
        until          timestamptz,
        position       int NOT NULL,
        PRIMARY KEY (event_id, step_id)
      )`);

    await q.query(`
      CREATE TABLE tasks (
        id           uuid PRIMARY KEY,
        event_id     uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        step_id      text NOT NULL,
        kind         text NOT NULL CHECK (kind IN ('task', 'report', 'sign-off')),
        round        int NOT NULL,
        name         jsonb NOT NULL,
        status       text NOT NULL,
        assignee_ids uuid[] NOT NULL,
        assignees    jsonb NOT NULL,
        due_at       timestamptz,
        created_at   timestamptz NOT NULL,
        closed_at    timestamptz,
        acted_by     jsonb,
        comment      text,
        form_values  jsonb,
        level        int,
        level_name   jsonb,
        mode         text,
        submitter_id uuid,
        delegations  jsonb NOT NULL DEFAULT '[]'
      )`);
    await q.query('CREATE INDEX tasks_assignees ON tasks USING gin (assignee_ids)');
    await q.query('CREATE INDEX tasks_event ON tasks (event_id, created_at)');
    await q.query(`CREATE INDEX tasks_open_due ON tasks (due_at) WHERE status = 'open'`);

    await q.query(`
      CREATE TABLE sign_off_decisions (
        task_id    uuid PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
        event_id   uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        step_id    text NOT NULL,
        round      int NOT NULL,
        level      int NOT NULL,
        decision   text NOT NULL CHECK (decision IN ('approved', 'rejected')),
        actor_id   uuid NOT NULL,
        comment    text,
        decided_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE audit_log (
        id         uuid PRIMARY KEY,
        event_id   uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        seq        int NOT NULL,
        at         timestamptz NOT NULL,
        actor_id   uuid,
        actor_name text,
        action     text NOT NULL,
        step_id    text,
        task_id    uuid,
        before     jsonb,
        after      jsonb,
        comment    text
      )`);
    await q.query('CREATE UNIQUE INDEX audit_log_event ON audit_log (event_id, seq)');
    // Append-only: history is never edited.
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);

    await q.query(`
      CREATE TABLE document_numbers (
        year     int PRIMARY KEY,
        last_seq int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE notices (
        id              text PRIMARY KEY,
        event_id        uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        step_id         text NOT NULL,
        round           int NOT NULL,
        doc_number      text UNIQUE,
        subject         jsonb NOT NULL,
        body            jsonb NOT NULL,
        recipient_count int NOT NULL,
        issued_at       timestamptz NOT NULL DEFAULT now(),
        receipts_due_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE notice_receipts (
        notice_id       text NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
        unit_code       text NOT NULL REFERENCES units(code),
        status          text NOT NULL CHECK (status IN ('pending', 'acknowledged')),
        acknowledged_by uuid,
        acknowledged_at timestamptz,
        late            boolean NOT NULL DEFAULT false,
        form_values     jsonb,
        PRIMARY KEY (notice_id, unit_code)
      )`);

    await q.query(`
      CREATE TABLE notifications (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL UNIQUE,
        recipient_id    uuid NOT NULL REFERENCES users(id),
        event_id        uuid REFERENCES events(id) ON DELETE CASCADE,
        step_id         text,
        kind            text NOT NULL,
        subject         jsonb NOT NULL,
        body            jsonb NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        read_at         timestamptz
      )`);
    await q.query('CREATE INDEX notifications_inbox ON notifications (recipient_id, created_at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['notifications', 'notice_receipts', 'notices', 'document_numbers', 'audit_log', 'sign_off_decisions', 'tasks', 'event_steps', 'events', 'template_versions']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query('DROP FUNCTION audit_log_append_only()');
  }
}
