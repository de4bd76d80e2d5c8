import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read-model tables an archived event's record is built from, frozen with it: `held` are the
 * columns the record reads (buildArchiveRecord), the only ones compared. The others (a task's pool,
 * delegations, post; a receipt's liaisons; a step's until) may still be re-sent with new values: a
 * refusal there would only keep the workflow's sync retrying a batch for ever.
 */
const FROZEN_TABLES: { table: string; eventOf: string; held: string[] }[] = [
  { table: 'event_steps', eventOf: 'ROW.event_id', held: ['event_id', 'step_id', 'parent_step_id', 'type', 'name', 'status', 'round', 'started_at', 'finished_at', 'position'] },
  {
    table: 'tasks',
    eventOf: 'ROW.event_id',
    held: ['id', 'event_id', 'step_id', 'kind', 'round', 'name', 'status', 'assignees', 'due_at', 'created_at', 'closed_at', 'acted_by', 'comment', 'form_values', 'level', 'level_name', 'mode'],
  },
  { table: 'sign_off_decisions', eventOf: 'ROW.event_id', held: ['task_id', 'event_id', 'step_id', 'round', 'level', 'decision', 'actor_id', 'comment', 'decided_at'] },
  { table: 'notices', eventOf: 'ROW.event_id', held: ['id', 'event_id', 'step_id', 'round', 'doc_number', 'subject', 'body', 'recipient_count', 'issued_at', 'receipts_due_at'] },
  {
    table: 'notice_receipts',
    eventOf: '(SELECT n.event_id FROM notices n WHERE n.id = ROW.notice_id)',
    held: ['notice_id', 'unit_code', 'unit_name', 'status', 'acknowledged_by', 'acknowledger', 'acknowledged_at', 'late', 'form_values'],
  },
];

const rowOf = (side: 'OLD' | 'NEW', columns: string[]): string => `(${columns.map((c) => `${side}.${c}`).join(', ')})`;

/**
 * The frozen record of each archived event (归档记录): its canonical JSON (RFC 8785) and the SHA-256
 * of that text, append-only as the audit log is. Once the record is in, the rows it was built from
 * refuse any change that would make them differ from it: a re-sent batch that writes the same values
 * passes (the held columns compared with IS DISTINCT FROM), a change is refused with a constraint
 * violation, which the read model's sync takes as final. The archiving batch itself writes its rows before the record.
 * AFTER triggers: a BEFORE INSERT one fires for every re-sent INSERT … ON CONFLICT DO UPDATE, an
 * AFTER one only for what the statement really did.
 */
export class ArchiveRecords1765600100000 implements MigrationInterface {
  name = 'ArchiveRecords1765600100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE archive_records (
        event_id       uuid PRIMARY KEY REFERENCES events(id),
        record         jsonb NOT NULL,
        canonical_text text NOT NULL,
        sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        archived_at    timestamptz NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE FUNCTION archive_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'archive_records is append-only: an archived record cannot be changed or removed'
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER archive_records_no_change BEFORE UPDATE OR DELETE ON archive_records
      FOR EACH ROW EXECUTE FUNCTION archive_records_append_only()`);

    await q.query(`
      CREATE FUNCTION refuse_change_to_archived(event_id uuid, tbl text) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF event_id IS NOT NULL AND EXISTS (SELECT 1 FROM archive_records a WHERE a.event_id = refuse_change_to_archived.event_id) THEN
          RAISE EXCEPTION '% of an archived event cannot change (event %)', tbl, event_id
            USING ERRCODE = 'restrict_violation';
        END IF;
      END $$`);
    for (const { table, eventOf, held } of FROZEN_TABLES) {
      await q.query(`
        CREATE FUNCTION ${table}_frozen_when_archived() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            PERFORM refuse_change_to_archived(${eventOf.replaceAll('ROW', 'NEW')}, TG_TABLE_NAME);
            RETURN NEW;
          END IF;
          IF TG_OP = 'DELETE' THEN
            PERFORM refuse_change_to_archived(${eventOf.replaceAll('ROW', 'OLD')}, TG_TABLE_NAME);
            RETURN OLD;
          END IF;
          IF ${rowOf('OLD', held)} IS DISTINCT FROM ${rowOf('NEW', held)} THEN
            PERFORM refuse_change_to_archived(${eventOf.replaceAll('ROW', 'OLD')}, TG_TABLE_NAME);
          END IF;
          RETURN NEW;
        END $$`);
      await q.query(`
        CREATE TRIGGER ${table}_frozen AFTER INSERT OR UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION ${table}_frozen_when_archived()`);
    }
    // The event's row: what the record holds of it. updated_at moves on every re-sent batch and
    // current_step_ids is the live cursor; neither is part of the record.
    await q.query(`
      CREATE FUNCTION events_frozen_when_archived() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM refuse_change_to_archived(OLD.id, TG_TABLE_NAME);
          RETURN OLD;
        END IF;
        IF (OLD.title, OLD.template_code, OLD.template_version, OLD.lead_unit, OLD.organiser_id, OLD.starts_at, OLD.ends_at,
            OLD.venue, OLD.status, OLD.archived_at)
           IS DISTINCT FROM
           (NEW.title, NEW.template_code, NEW.template_version, NEW.lead_unit, NEW.organiser_id, NEW.starts_at, NEW.ends_at,
            NEW.venue, NEW.status, NEW.archived_at) THEN
          PERFORM refuse_change_to_archived(OLD.id, TG_TABLE_NAME);
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER events_frozen AFTER UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_frozen_when_archived()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER events_frozen ON events');
    await q.query('DROP FUNCTION events_frozen_when_archived()');
    for (const { table } of FROZEN_TABLES) {
      await q.query(`DROP TRIGGER ${table}_frozen ON ${table}`);
      await q.query(`DROP FUNCTION ${table}_frozen_when_archived()`);
    }
    await q.query('DROP FUNCTION refuse_change_to_archived(uuid, text)');
    await q.query('DROP TABLE archive_records');
    await q.query('DROP FUNCTION archive_records_append_only()');
  }
}
