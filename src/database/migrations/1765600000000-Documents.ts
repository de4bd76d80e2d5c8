import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Official documents as issued (公文 PDFs): each notice's, decision's, meeting notice's and report's
 * PDF, rendered once and kept as it went out. A document never changes once issued (a correction is
 * a new document), so the table refuses UPDATE and DELETE, as the audit log does. The only event
 * ever deleted is one whose workflow never started, which has issued nothing.
 */
export class Documents1765600000000 implements MigrationInterface {
  name = 'Documents1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE documents (
        id         uuid PRIMARY KEY,
        kind       text NOT NULL CHECK (kind IN ('notice', 'decision', 'meeting-notice', 'report')),
        ref        text NOT NULL,
        event_id   uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        file_name  text NOT NULL,
        sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        bytes      bytea NOT NULL,
        byte_size  int NOT NULL CHECK (byte_size = octet_length(bytes)),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, ref)
      )`);
    await q.query('CREATE INDEX documents_event ON documents (event_id)');
    await q.query(`
      CREATE FUNCTION documents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'documents are append-only: an issued document does not change';
      END $$`);
    await q.query(`
      CREATE TRIGGER documents_no_update BEFORE UPDATE OR DELETE ON documents
      FOR EACH ROW EXECUTE FUNCTION documents_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE documents');
    await q.query('DROP FUNCTION documents_append_only()');
  }
}
