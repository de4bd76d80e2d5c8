// 抄送 (CC): the people copied on a step, kept for their 抄送我的 list and for reading the step, and
// their in-app notifications (kind `cc`: informational, nothing to do), in one transaction. A
// retried attempt finds the rows by the 抄送's key and writes nothing twice.
import type { DataSource } from 'typeorm';
import type { Person } from '../workflows/event-model';
import type { LocalizedText } from '../workflows/template-types';
import { insertInbox } from './notifications';

export interface RecordCcInput {
  /** Unique per 抄送 of one event run. */
  key: string;
  eventId: string;
  stepId: string;
  taskId: string | null;
  by: Person | null;
  at: string;
  comment: string | null;
  recipients: (Person & { unitCode: string | null })[];
  subject: LocalizedText;
  body: LocalizedText;
}

export interface CcActivities {
  /** Records the recipients and notifies them; returns how many notifications were new. */
  recordCc(input: RecordCcInput): Promise<number>;
}

export function createCcActivities({ dataSource }: { dataSource: DataSource }): CcActivities {
  return {
    async recordCc(input) {
      return dataSource.transaction(async (m) => {
        await m.query(
          `INSERT INTO cc_recipients (cc_key, recipient_id, event_id, step_id, task_id, unit_code, cc_by, comment, cc_at)
           SELECT $1, r.id, $2, $3, $4, r.unit_code, $5, $6, $7
             FROM jsonb_to_recordset($8::jsonb) AS r(id uuid, unit_code text)
           ON CONFLICT (cc_key, recipient_id) DO NOTHING`,
          [input.key, input.eventId, input.stepId, input.taskId, input.by && JSON.stringify(input.by), input.comment, input.at, JSON.stringify(input.recipients.map((p) => ({ id: p.id, unit_code: p.unitCode })))],
        );
        return insertInbox(
          m,
          input.recipients.map((p) => ({
            key: `${input.key}:${p.id}`,
            recipientId: p.id,
            eventId: input.eventId,
            stepId: input.stepId,
            kind: 'cc',
            subject: input.subject,
            body: input.body,
          })),
        );
      });
    },
  };
}
