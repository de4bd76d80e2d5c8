import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 抄送: who was copied on which step of which event (and from which task), by whom and when — the
 * 抄送我的 list, and the step details a copied person may read. One row per 抄送 and recipient, so a
 * retried activity writes nothing twice. No reference to `tasks`: the read model may lag the workflow.
 * 加签: a sign-off task added by an approver keeps who added it, before or after whose task.
 */
export class CcAndAddedSigners1765500200000 implements MigrationInterface {
  name = 'CcAndAddedSigners1765500200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cc_recipients (
        cc_key       text NOT NULL,
        recipient_id uuid NOT NULL REFERENCES users (id),
        event_id     uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        step_id      text NOT NULL,
        task_id      uuid,
        unit_code    text,
        cc_by        jsonb,
        comment      text,
        cc_at        timestamptz NOT NULL,
        PRIMARY KEY (cc_key, recipient_id)
      )`);
    await q.query('CREATE INDEX cc_recipients_by_recipient ON cc_recipients (recipient_id, cc_at DESC)');
    await q.query('CREATE INDEX cc_recipients_by_event ON cc_recipients (event_id, recipient_id)');
    await q.query('ALTER TABLE tasks ADD COLUMN added jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE tasks DROP COLUMN added');
    await q.query('DROP TABLE cc_recipients');
  }
}
