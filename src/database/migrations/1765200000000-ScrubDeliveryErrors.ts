import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery errors used to keep the far end's words: up to 300 characters of an HTTP error body, a
 * robot's `errmsg`, an SMTP server's reply text. Whatever a probed internal service answered was
 * shown in the dead letters. This cuts the stored errors down to the status lines the dispatcher
 * now writes (`HTTP 500`, `errcode 93000`, `SMTP 550 5.1.1`, `connection failed: ECONNREFUSED`). There is no way back: `down` does nothing.
 */
export class ScrubDeliveryErrors1765200000000 implements MigrationInterface {
  name = 'ScrubDeliveryErrors1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(String.raw`
      UPDATE notification_deliveries SET last_error = CASE
          WHEN last_error ~ '^HTTP \d{3}: ' THEN substring(last_error FROM '^(HTTP \d{3})')
          WHEN last_error ~ '^errcode -?\d+: ' THEN substring(last_error FROM '^(errcode -?\d+)')
          WHEN last_error ~ '^errcode ' THEN 'robot answered without a numeric errcode'
          WHEN last_error ~ '^robot answered HTTP \d{3} without JSON' THEN substring(last_error FROM '^(robot answered HTTP \d{3} without JSON)')
          WHEN channel = 'email' AND last_error ~ '^\d{3}[ -]'
            THEN 'SMTP ' || substring(last_error FROM '^(\d{3})') || coalesce(' ' || substring(last_error FROM '^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})'), '')
          WHEN last_error ~ '^recipient refused' THEN 'recipient refused'
          -- "fetch failed: connect ECONNREFUSED 127.0.0.1:5433": which internal ports answer, a port scan's result.
          WHEN last_error ~ '^fetch failed' THEN 'connection failed' || coalesce(': ' || substring(last_error FROM '\m(E[A-Z_]{2,39})\M'), '')
          ELSE left(split_part(last_error, E'\n', 1), 300)
        END
       WHERE last_error IS NOT NULL`);
  }

  async down(): Promise<void> {
    // The removed text is gone.
  }
}
