import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files on tasks and receipts (附件). `attachments` holds what a file is — its event and step, who
 * uploaded it, its name, the type its content shows, its size and SHA-256 — and what it is bound to
 * once a completed task or an acknowledged receipt names it. The content of a file kept in
 * PostgreSQL lies in `attachment_chunks`, 256 KiB a row, so a file is written and read a chunk at a
 * time and never held whole in memory; a file kept elsewhere (an S3-compatible store) has none.
 */
export class Attachments1765500300000 implements MigrationInterface {
  name = 'Attachments1765500300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachments (
        id          uuid PRIMARY KEY,
        event_id    uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        step_id     text NOT NULL,
        task_id     uuid,
        unit_code   text REFERENCES units(code),
        uploaded_by uuid NOT NULL REFERENCES users(id),
        file_name   text NOT NULL,
        mime_type   text NOT NULL,
        size_bytes  bigint NOT NULL CHECK (size_bytes > 0),
        sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        store       text NOT NULL,
        bound_to    text,
        bound_field text,
        bound_at    timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CHECK ((task_id IS NULL) <> (unit_code IS NULL))
      )`);
    await q.query('CREATE INDEX attachments_event ON attachments (event_id, step_id)');
    await q.query('CREATE INDEX attachments_bound ON attachments (bound_to) WHERE bound_to IS NOT NULL');
    await q.query(`
      CREATE TABLE attachment_chunks (
        attachment_id uuid NOT NULL REFERENCES attachments(id) ON DELETE CASCADE,
        seq           int NOT NULL,
        data          bytea NOT NULL,
        PRIMARY KEY (attachment_id, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE attachment_chunks');
    await q.query('DROP TABLE attachments');
  }
}
