// The Idempotency-Key of POST /api/events (after the IETF draft "The Idempotency-Key HTTP Header
// Field"): a request sent again with the key its user gave it starts nothing new and is answered
// with the event the first copy started; the same key with a different request is refused. Keys
// belong to one user and are remembered for a day.
import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set on the answer to a repeat: the event is the one the first copy started. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** Visible ASCII, as a client would generate it (a UUID, a random token), at most 255 characters. */
const KEY_SYNTAX = /^[\x21-\x7e]{1,255}$/;
const KEPT = "interval '24 hours'";
/** How long a repeat waits for the first copy to finish starting its event before giving up with 409. */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 100;

export interface IdempotentRequest {
  userId: string;
  key: string;
  /** SHA-256 of the validated request body, with its keys in a stable order. */
  hash: string;
}

/** The request's key and fingerprint, or undefined without the header; a malformed key is a 400. */
export function idempotentRequest(userId: string, key: string | undefined, body: object): IdempotentRequest | undefined {
  if (key === undefined) return undefined;
  if (!KEY_SYNTAX.test(key)) {
    throw new DomainError(
      'INVALID',
      `${IDEMPOTENCY_KEY_HEADER} 须为1至255个可见ASCII字符`,
      `${IDEMPOTENCY_KEY_HEADER} must be 1 to 255 visible ASCII characters`,
      [{ field: IDEMPOTENCY_KEY_HEADER, message: { 'zh-CN': '须为1至255个可见ASCII字符', en: 'must be 1 to 255 visible ASCII characters' } }],
    );
  }
  return { userId, key, hash: createHash('sha256').update(canonicalJson(body)).digest('hex') };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Thrown inside the event's transaction when another copy of the request holds the key. */
export class KeyTaken extends Error {}

@Injectable()
export class EventIdempotency {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The event an earlier copy of this request started, waiting (briefly) for that copy to finish
   * starting it; undefined when the key is new, or its request failed and left nothing.
   * `hasStarted` settles a copy whose finishing mark was never written (its database went away).
   */
  async earlierEvent(req: IdempotentRequest, hasStarted: (eventId: string) => Promise<boolean>): Promise<string | undefined> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const [row] = await this.dataSource.query<{ request_hash: string; event_id: string; completed_at: Date | null }[]>(
        `SELECT request_hash, event_id, completed_at FROM event_idempotency_keys
          WHERE user_id = $1 AND key = $2 AND created_at > now() - ${KEPT}`,
        [req.userId, req.key],
      );
      if (!row) return undefined;
      if (row.request_hash !== req.hash) {
        throw new UnprocessableEntityException({
          statusCode: 422,
          code: 'IDEMPOTENCY_KEY_REUSED',
          message: `此 ${IDEMPOTENCY_KEY_HEADER} 已用于另一个不同的请求，请为新请求使用新的键 / This ${IDEMPOTENCY_KEY_HEADER} was already used with a different request; use a new key for a new request`,
        });
      }
      if (row.completed_at) return row.event_id;
      if (Date.now() > deadline) {
        if (await hasStarted(row.event_id)) {
          await this.completed(req);
          return row.event_id;
        }
        throw new DomainError(
          'CONFLICT',
          `使用此 ${IDEMPOTENCY_KEY_HEADER} 的请求仍在处理中，请稍后重试`,
          `A request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed; try again shortly`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * Takes the key for a new event, in the transaction that writes the event's row. A second copy
   * arriving meanwhile waits on the key's row lock and then finds it taken: KeyTaken.
   */
  async claim(m: EntityManager, req: IdempotentRequest, eventId: string): Promise<void> {
    await m.query(`DELETE FROM event_idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at <= now() - ${KEPT}`, [req.userId, req.key]);
    const taken = await m.query<unknown[]>(
      `INSERT INTO event_idempotency_keys (user_id, key, request_hash, event_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, key) DO NOTHING RETURNING event_id`,
      [req.userId, req.key, req.hash, eventId],
    );
    if (!taken.length) throw new KeyTaken();
  }

  /** The event's workflow has started: repeats are answered with it from now on. */
  async completed(req: IdempotentRequest): Promise<void> {
    await this.dataSource.query('UPDATE event_idempotency_keys SET completed_at = now() WHERE user_id = $1 AND key = $2', [req.userId, req.key]);
  }
}
