// The per-username lockout of sign-in (防暴力破解): after LOGIN_LOCKOUT_AFTER consecutive failures a
// username is locked for 1 minute, then 5, 15 and 60 minutes for each further round. It lives in
// PostgreSQL, so every API process sees it and a restart does not lift it. Usernames are counted as
// typed (lower-cased), whether or not such a user exists, so a lockout reveals nothing.
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** Seconds locked, by how many lockouts came before (the last one repeats). */
export const LOCKOUT_SECONDS = [60, 5 * 60, 15 * 60, 60 * 60];

/** Failures further apart than this start counting again; a quiet day forgets the rounds too. */
const FAILURES_FORGOTTEN_AFTER = '1 hour';
const ROUNDS_FORGOTTEN_AFTER = '24 hours';

export interface Lockout {
  username: string;
  lockedUntil: Date;
  /** Which round this is (1: the first lockout since the last successful sign-in). */
  round: number;
  lastFailureAt: Date;
  /** Whether an account has this username (admins may see it; the sign-in answer never says). */
  knownUser: boolean;
}

@Injectable()
export class LoginLockouts {
  private readonly threshold: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.threshold = config.auth.lockoutAfter;
  }

  /** Seconds the username stays locked, or undefined when it is not. */
  async lockedFor(username: string): Promise<number | undefined> {
    const [row] = await this.dataSource.query<{ seconds: number }[]>(
      `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds
         FROM login_lockouts WHERE username = $1 AND locked_until > now()`,
      [username],
    );
    return row ? Math.max(1, row.seconds) : undefined;
  }

  /**
   * Counts one failure; when it reaches the threshold the username is locked and the seconds are
   * returned. The conditional UPDATE locks the row, so concurrent failures (on any process) lock once.
   */
  async recordFailure(username: string): Promise<number | undefined> {
    await this.dataSource.query(
      `DELETE FROM login_lockouts
        WHERE last_failure_at < now() - interval '${ROUNDS_FORGOTTEN_AFTER}' AND (locked_until IS NULL OR locked_until < now())`,
    );
    const [counted] = await this.dataSource.query<{ failures: number }[]>(
      `INSERT INTO login_lockouts AS l (username, failures, lockouts, last_failure_at) VALUES ($1, 1, 0, now())
       ON CONFLICT (username) DO UPDATE SET
         failures = CASE WHEN l.last_failure_at < now() - interval '${FAILURES_FORGOTTEN_AFTER}' THEN 1 ELSE l.failures + 1 END,
         lockouts = CASE WHEN l.last_failure_at < now() - interval '${ROUNDS_FORGOTTEN_AFTER}' THEN 0 ELSE l.lockouts END,
         last_failure_at = now()
       RETURNING failures`,
      [username],
    );
    if (counted.failures < this.threshold) return undefined;
    const [rows] = await this.dataSource.query<[{ seconds: number }[], number]>(
      `UPDATE login_lockouts
          SET failures = 0,
              lockouts = lockouts + 1,
              locked_until = now() + make_interval(secs => ($2::int[])[least(lockouts + 1, cardinality($2::int[]))])
        WHERE username = $1 AND failures >= $3
        RETURNING ceil(extract(epoch FROM locked_until - now()))::int AS seconds`,
      [username, LOCKOUT_SECONDS, this.threshold],
    );
    return rows[0]?.seconds;
  }

  /** A successful sign-in (or an admin) forgets the username's failures and rounds. */
  async clear(username: string): Promise<boolean> {
    const [, deleted] = await this.dataSource.query<[unknown[], number]>('DELETE FROM login_lockouts WHERE username = $1', [username]);
    return deleted > 0;
  }

  /** Lifts a current lockout; false when the username is not locked. */
  async lift(username: string): Promise<boolean> {
    const [, deleted] = await this.dataSource.query<[unknown[], number]>(
      'DELETE FROM login_lockouts WHERE username = $1 AND locked_until > now()',
      [username],
    );
    return deleted > 0;
  }

  /** Usernames locked now, the longest-locked first. */
  async list(): Promise<Lockout[]> {
    const rows = await this.dataSource.query<
      { username: string; locked_until: Date; lockouts: number; last_failure_at: Date; known_user: boolean }[]
    >(
      `SELECT l.username, l.locked_until, l.lockouts, l.last_failure_at,
              EXISTS (SELECT 1 FROM users u WHERE u.username = l.username) AS known_user
         FROM login_lockouts l WHERE l.locked_until > now()
        ORDER BY l.locked_until DESC, l.username`,
    );
    return rows.map((r) => ({
      username: r.username,
      lockedUntil: r.locked_until,
      round: r.lockouts,
      lastFailureAt: r.last_failure_at,
      knownUser: r.known_user,
    }));
  }
}
