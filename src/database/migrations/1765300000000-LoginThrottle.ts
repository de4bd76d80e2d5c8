import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-address limit on sign-in and password change, shared by every API process and kept
 * across restarts (see src/auth/login-throttle-storage.ts). `bucket` is the throttler's key (a
 * hash of the route and the client's address or IPv6 /64), never the address itself.
 * A row is dead once both its window and its block have ended; the index on that moment lets the
 * API delete dead rows in small batches without scanning the table.
 */
export class LoginThrottle1765300000000 implements MigrationInterface {
  name = 'LoginThrottle1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_throttle (
        bucket        text PRIMARY KEY,
        hits          int NOT NULL CHECK (hits >= 0),
        -- The end of the current window (LOGIN_RATE_LIMIT attempts per window).
        expires_at    timestamptz NOT NULL,
        -- Set when the count passed the limit: hits are refused (429) until then.
        blocked_until timestamptz
      )`);
    // greatest() skips NULLs: an unblocked row is dead when its window ends.
    await q.query('CREATE INDEX login_throttle_dead_at ON login_throttle ((greatest(expires_at, blocked_until)))');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE login_throttle');
  }
}
