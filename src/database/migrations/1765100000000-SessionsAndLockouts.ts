import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that can be ended, and sign-in lockouts that hold across API processes and restarts.
 * `users.token_version` is copied into every token at sign-in; bumping it (sign-out, a password
 * change, an admin's revocation) makes every token issued before it fail at its next request.
 * `login_lockouts` counts failed sign-ins per username as typed (lower-cased), whether or not such
 * a user exists, so that a lockout says nothing about which usernames are real.
 * `users.must_change_password` is set when an administrator gives a user a temporary password, and
 * cleared when the user changes it; the web app sends a flagged user to 修改密码 first.
 */
export class SessionsAndLockouts1765100000000 implements MigrationInterface {
  name = 'SessionsAndLockouts1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users ADD COLUMN token_version int NOT NULL DEFAULT 0');
    await q.query('ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false');
    await q.query(`
      CREATE TABLE login_lockouts (
        username        text PRIMARY KEY,
        -- Failures since the last lockout (or the first failure): the next lockout starts at the threshold.
        failures        int NOT NULL DEFAULT 0 CHECK (failures >= 0),
        -- How many times this username has been locked since its last successful sign-in: picks the next duration.
        lockouts        int NOT NULL DEFAULT 0 CHECK (lockouts >= 0),
        locked_until    timestamptz,
        last_failure_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX login_lockouts_last_failure ON login_lockouts (last_failure_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE login_lockouts');
    await q.query('ALTER TABLE users DROP COLUMN must_change_password');
    await q.query('ALTER TABLE users DROP COLUMN token_version');
  }
}
