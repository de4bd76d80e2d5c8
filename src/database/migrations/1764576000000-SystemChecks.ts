import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SystemChecks1764576000000 implements MigrationInterface {
  name = 'SystemChecks1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE system_checks (
        workflow_id      text PRIMARY KEY,
        requested_by     text,
        worker_identity  text NOT NULL,
        activity_attempt int NOT NULL,
        database_time    timestamptz NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE system_checks');
  }
}
