// Which database refusals are worth retrying. A write the database refuses for what it says
// (bad data, a broken constraint, a statement that does not fit the schema) is refused again on
// every attempt; a lost connection, a deadlock or a server starting up passes.
import { ApplicationFailure } from '@temporalio/common';
import { READ_MODEL_REJECTED } from '../../workflows/event-model';

/** SQLSTATE classes that retrying cannot cure: 22 data exception, 23 integrity constraint violation, 42 syntax error or access rule. */
const PERMANENT_CLASSES = new Set(['22', '23', '42']);

export { READ_MODEL_REJECTED };

/** The SQLSTATE of a PostgreSQL error, as node-postgres reports it (also wrapped in TypeORM's QueryFailedError). */
export function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** A non-retryable failure for a refusal retrying cannot cure; undefined for anything else. */
export function rejectedByDatabase(err: unknown): ApplicationFailure | undefined {
  const state = sqlState(err);
  if (!state || !PERMANENT_CLASSES.has(state.slice(0, 2))) return undefined;
  // Where, not what: PostgreSQL's own message can quote the values refused, and this one is kept in
  // the workflow's history and logged.
  const e = ((err as { driverError?: unknown }).driverError ?? err) as { table?: unknown; constraint?: unknown };
  const where = [typeof e.table === 'string' ? `table ${e.table}` : '', typeof e.constraint === 'string' ? `constraint ${e.constraint}` : ''].filter(Boolean).join(', ');
  return ApplicationFailure.nonRetryable(`The read model refused the batch (SQLSTATE ${state}${where ? `; ${where}` : ''})`, READ_MODEL_REJECTED, { sqlState: state });
}
