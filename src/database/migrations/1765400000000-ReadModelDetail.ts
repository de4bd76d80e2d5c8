import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the read model lacked to answer an event's detail in the workflow's own shape once its
 * history is gone: the order in which tasks opened and receipts were addressed, a sign-off's
 * submitter and subject, a task's post and pool (转交), a receipt's unit name, liaisons and who
 * acknowledged it. Rows written before keep nulls; the repository fills names from the directory.
 */
export class ReadModelDetail1765400000000 implements MigrationInterface {
  name = 'ReadModelDetail1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tasks
        ADD COLUMN seq             bigserial,
        ADD COLUMN submitter       jsonb,
        ADD COLUMN subject_task_id uuid,
        ADD COLUMN post            jsonb,
        ADD COLUMN pool            jsonb`);
    await q.query(`
      ALTER TABLE notice_receipts
        ADD COLUMN seq          bigserial,
        ADD COLUMN unit_name    text,
        ADD COLUMN liaisons     jsonb,
        ADD COLUMN acknowledger jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE notice_receipts DROP COLUMN acknowledger, DROP COLUMN liaisons, DROP COLUMN unit_name, DROP COLUMN seq');
    await q.query('ALTER TABLE tasks DROP COLUMN pool, DROP COLUMN post, DROP COLUMN subject_task_id, DROP COLUMN submitter, DROP COLUMN seq');
  }
}
