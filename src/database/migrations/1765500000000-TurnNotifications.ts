import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Turn notifications (轮到你了): a notification names the task it is about, so its link opens the
 * page where the recipient acts and a withdrawal can tell exactly those who were told of the turn;
 * and each person's email switch per kind of notification (通知设置). No row: email as the
 * person's email channel says; the in-app inbox is always written.
 */
export class TurnNotifications1765500000000 implements MigrationInterface {
  name = 'TurnNotifications1765500000000';

  async up(q: QueryRunner): Promise<void> {
    // No foreign key: the task row is the workflow's mirror and its notification outlives nothing.
    await q.query('ALTER TABLE notifications ADD COLUMN task_id uuid');
    await q.query('CREATE INDEX notifications_task ON notifications (task_id) WHERE task_id IS NOT NULL');
    await q.query(`
      CREATE TABLE notification_settings (
        user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind       text NOT NULL,
        email      boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, kind)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE notification_settings');
    await q.query('DROP INDEX notifications_task');
    await q.query('ALTER TABLE notifications DROP COLUMN task_id');
  }
}
