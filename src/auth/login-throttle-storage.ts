// Where the per-address limit on sign-in keeps its counts: PostgreSQL, not the throttler's memory,
// so every API process counts against the same limit and a restart forgets nothing. Each hit is
// one INSERT … ON CONFLICT DO UPDATE whose arithmetic (window, count, block) runs in SQL on the
// locked row, so concurrent hits from several processes are counted exactly once each.
import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';

/** Rows whose window and block have both ended are deleted at most this often per process… */
const SWEEP_EVERY_MS = 60_000;
/** …and at most this many at a time, so a sweep never holds up the sign-in that runs it for long. */
const SWEEP_BATCH = 500;

/**
 * A fixed window per bucket: the first hit opens a window of `ttl`; the hit that takes the count
 * above `limit` blocks the bucket for `blockDuration` (the throttler's default: `ttl`). While
 * blocked, hits are refused and not counted; after the block (or the window) ends, the next hit
 * starts a fresh window.
 */
const INCREMENT = `
  INSERT INTO login_throttle AS t (bucket, hits, expires_at, blocked_until)
  VALUES ($1, 1, now() + make_interval(secs => $2::float8 / 1000), CASE WHEN 1 > $3::int THEN now() + make_interval(secs => $4::float8 / 1000) END)
  ON CONFLICT (bucket) DO UPDATE SET
    hits = CASE
      WHEN t.blocked_until > now() THEN t.hits
      WHEN t.expires_at <= now() OR t.blocked_until IS NOT NULL THEN 1
      ELSE t.hits + 1 END,
    expires_at = CASE
      WHEN t.blocked_until > now() THEN t.expires_at
      WHEN t.expires_at <= now() OR t.blocked_until IS NOT NULL THEN now() + make_interval(secs => $2::float8 / 1000)
      ELSE t.expires_at END,
    blocked_until = CASE
      WHEN t.blocked_until > now() THEN t.blocked_until
      WHEN t.expires_at <= now() OR t.blocked_until IS NOT NULL THEN CASE WHEN 1 > $3::int THEN now() + make_interval(secs => $4::float8 / 1000) END
      WHEN t.hits + 1 > $3::int THEN now() + make_interval(secs => $4::float8 / 1000)
      END
  RETURNING hits,
    greatest(ceil(extract(epoch FROM expires_at - now())), 0)::int AS "timeToExpire",
    coalesce(blocked_until > now(), false) AS "isBlocked",
    CASE WHEN blocked_until > now() THEN greatest(ceil(extract(epoch FROM blocked_until - now())), 1) ELSE 0 END::int AS "timeToBlockExpire"`;

/** Uses the index on greatest(expires_at, blocked_until) from migration 1765300000000-LoginThrottle. */
const SWEEP = `
  DELETE FROM login_throttle WHERE bucket IN (
    SELECT bucket FROM login_throttle WHERE greatest(expires_at, blocked_until) < now() LIMIT ${SWEEP_BATCH})`;

interface Row {
  hits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

export class PgThrottlerStorage implements ThrottlerStorage {
  private readonly log = new Logger('LoginThrottle');
  private lastSweep = 0;

  constructor(private readonly dataSource: DataSource) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<{ totalHits: number; timeToExpire: number; isBlocked: boolean; timeToBlockExpire: number }> {
    // A zero block (the throttler's "no block") means: refused until the window ends.
    const block = blockDuration > 0 ? blockDuration : ttl;
    const [row] = await this.dataSource.query<Row[]>(INCREMENT, [key, ttl, limit, block]);
    await this.sweepNowAndThen();
    return { totalHits: row.hits, timeToExpire: row.timeToExpire, isBlocked: row.isBlocked, timeToBlockExpire: row.isBlocked ? row.timeToBlockExpire : 0 };
  }

  private async sweepNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    try {
      await this.dataSource.query(SWEEP);
    } catch (err) {
      // Leftover rows only cost space; the count itself was already taken.
      this.log.warn(`Could not delete ended sign-in throttle rows: ${(err as Error).message}`);
    }
  }
}
