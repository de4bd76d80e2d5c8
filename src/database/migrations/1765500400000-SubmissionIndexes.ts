import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 我提交的 looks up someone's completed work tasks by who acted on them, then the sign-offs about
 * each: without these both are a scan of every task.
 */
export class SubmissionIndexes1765500400000 implements MigrationInterface {
  name = 'SubmissionIndexes1765500400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE INDEX tasks_by_actor ON tasks ((acted_by->>'id'))");
    await q.query('CREATE INDEX tasks_by_subject ON tasks (subject_task_id) WHERE subject_task_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX tasks_by_subject');
    await q.query('DROP INDEX tasks_by_actor');
  }
}
