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
        ADD COLUMN seq             bigint,
        ADD COLUMN submitter       jsonb,
        ADD COLUMN subject_task_id uuid,
        ADD COLUMN post            jsonb,
        ADD COLUMN pool            jsonb`);
    await q.query(`
      ALTER TABLE notice_receipts
        ADD COLUMN seq          bigint,
        ADD COLUMN unit_name    text,
        ADD COLUMN liaisons     jsonb,
        ADD COLUMN acknowledger jsonb`);
    // Rows already there are numbered in the order they were opened, and receipts in the
    // directory's order of units, as the workflow lists them; new rows take the next number.
    await numbered(q, 'tasks', `SELECT id AS key, row_number() OVER (ORDER BY created_at, id) AS n FROM tasks`, 'tasks.id = o.key');
    await numbered(
      q,
      'notice_receipts',
      `SELECT r.notice_id || '/' || r.unit_code AS key,
              row_number() OVER (ORDER BY r.notice_id, u.sort_order, r.unit_code) AS n
         FROM notice_receipts r JOIN units u ON u.code = r.unit_code`,
      `notice_receipts.notice_id || '/' || notice_receipts.unit_code = o.key`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE notice_receipts DROP COLUMN acknowledger, DROP COLUMN liaisons, DROP COLUMN unit_name, DROP COLUMN seq');
    await q.query('ALTER TABLE tasks DROP COLUMN pool, DROP COLUMN post, DROP COLUMN subject_task_id, DROP COLUMN submitter, DROP COLUMN seq');
  }
}

/** Numbers a table's rows by `order` and makes `seq` a NOT NULL column drawn from its own sequence. */
async function numbered(q: QueryRunner, table: 'tasks' | 'notice_receipts', order: string, match: string): Promise<void> {
  await q.query(`UPDATE ${table} SET seq = o.n FROM (${order}) o WHERE ${match}`);
  await q.query(`CREATE SEQUENCE ${table}_seq_seq OWNED BY ${table}.seq`);
  await q.query(`SELECT setval('${table}_seq_seq', coalesce((SELECT max(seq) FROM ${table}), 0) + 1, false)`);
  await q.query(`ALTER TABLE ${table} ALTER COLUMN seq SET DEFAULT nextval('${table}_seq_seq'), ALTER COLUMN seq SET NOT NULL`);
}
