import pino from 'pino';

/** Quiet by default; TEST_LOG_LEVEL=debug shows what the servers and the app log. */
export function testLogger() {
  return pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });
}
