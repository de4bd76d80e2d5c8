// The outbox's wake-up call, shared by whoever enqueues deliveries (the activities' inbox writes, a
// dead letter's retry) and the dispatchers that LISTEN for it (outbox-dispatcher.service.ts).
import type { EntityManager } from 'typeorm';

/**
 * The PostgreSQL LISTEN/NOTIFY channel of the outbox (not a delivery channel such as email or a
 * robot: those are in channels/).
 */
export const OUTBOX_NOTIFY_CHANNEL = 'fulian_outbox';

/**
 * Tells the listening dispatchers that deliveries are due. Inside a transaction, PostgreSQL sends it
 * when the transaction commits, not before, so a dispatcher never looks before the rows are there.
 */
export async function wakeOutboxDispatchers(m: Pick<EntityManager, 'query'>): Promise<void> {
  await m.query('SELECT pg_notify($1, $2)', [OUTBOX_NOTIFY_CHANNEL, '']);
}
