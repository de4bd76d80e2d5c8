import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 草稿: a half-filled task form, kept per task and person so that a reload loses nothing. Only that
 * person reads it back, and only while the task is open; completing the task deletes its drafts.
 * No reference to `tasks`: a task the workflow has just opened may not be in the read model yet.
 */
export class TaskDrafts1765500100000 implements MigrationInterface {
  name = 'TaskDrafts1765500100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_drafts (
        task_id  uuid NOT NULL,
        user_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        values   jsonb NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (task_id, user_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE task_drafts');
  }
}
