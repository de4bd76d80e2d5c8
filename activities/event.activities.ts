// The event workflow's side effects: who holds a role, delivering notices (with document numbers
// and in-app inbox records), and mirroring the workflow's state into the read model (through its
// repository, src/read-model). Every write is idempotent: a retried attempt finds what the first
// one wrote and writes nothing twice.
import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { freezeIfArchived } from '../src/archive/archive.repository';
import { ReadModelRepository } from '../src/read-model/read-model.repository';
import type { ReadModelBatch } from '../src/read-model/rows';
import { rejectedByDatabase } from '../src/read-model/sql-errors';
import type { Person } from '../workflows/event-model';
import type { AudienceRef, LocalizedText, PartyRef } from '../workflows/template-types';
import { insertInbox, turnsOf, type CalendarPayload } from './notifications';

/** What the activities need of the organisation directory (src/org/directory.service.ts). */
export interface Directory {
  resolveParty(ref: PartyRef, ctx: { leadUnit: string; organiserId: string }): Promise<DirectoryUser[]>;
  resolveAudience(
    refs: AudienceRef[],
    ctx: { leadUnit: string; organiserId: string; participantIds?: string[] },
  ): Promise<{ units: DirectoryUnit[]; users: DirectoryUser[] }>;
  superiorOf(userId: string): Promise<DirectoryUser | undefined>;
}
export interface DirectoryUser {
  id: string;
  displayName: string;
  unitCode: string;
}
export interface DirectoryUnit {
  code: string;
  nameZh: string;
}

export interface PartyContext {
  leadUnit: string;
  organiserId: string;
}

export interface DeliverNoticeInput extends PartyContext {
  eventId: string;
  stepId: string;
  round: number;
  audience: AudienceRef[];
  official: boolean;
  subject: LocalizedText;
  message: LocalizedText;
  participantIds: string[];
  /** A meeting notice: each recipient also gets the calendar invitation (email carries the .ics). */
  calendar?: CalendarPayload;
  /** The receipts' deadline as the notice goes out (runs from before it pass none: their sync records it). */
  receiptsDueAt?: string;
}

export interface DeliveredNotice {
  noticeId: string;
  docNumber?: string;
  issuedAt: string;
  recipientCount: number;
  units: { code: string; name: string; liaisons: Person[] }[];
}

export type { ReadModelBatch };

export interface EventActivities {
  resolveParties(input: PartyContext & { refs: PartyRef[] }): Promise<Person[][]>;
  superiorOf(input: { personId: string }): Promise<Person | undefined>;
  deliverNotice(input: DeliverNoticeInput): Promise<DeliveredNotice>;
  notifyPeople(input: {
    eventId: string;
    key: string;
    recipientIds: string[];
    subject: LocalizedText;
    message: LocalizedText;
    /** An invitation, its update after a reschedule (higher sequence) or its cancellation. */
    calendar?: CalendarPayload;
  }): Promise<number>;
  syncReadModel(batch: ReadModelBatch): Promise<void>;
}

export { DOCUMENT_ISSUER } from '../src/read-model/read-model.repository';

const person = (u: DirectoryUser): Person => ({ id: u.id, displayName: u.displayName });

export function createEventActivities(deps: { dataSource: DataSource; directory: Directory }): EventActivities {
  const { dataSource, directory } = deps;
  const readModel = new ReadModelRepository(dataSource);

  return {
    async resolveParties({ refs, leadUnit, organiserId }) {
      const out: Person[][] = [];
      for (const ref of refs) out.push((await directory.resolveParty(ref, { leadUnit, organiserId })).map(person));
      return out;
    },

    async superiorOf({ personId }) {
      const superior = await directory.superiorOf(personId);
      return superior ? person(superior) : undefined;
    },

    async deliverNotice(input) {
      const noticeId = `${input.eventId}:${input.stepId}:${input.round}`;
      const { units, users } = await directory.resolveAudience(input.audience, input);
      return dataSource.transaction(async (m) => {
        const { docNumber, issuedAt, recipientCount } = await readModel.issueNotice(m, {
          id: noticeId,
          eventId: input.eventId,
          stepId: input.stepId,
          round: input.round,
          official: input.official,
          subject: input.subject,
          body: input.message,
          recipientCount: users.length,
          receiptsDueAt: input.receiptsDueAt,
        });
        const subject = docNumber
          ? { 'zh-CN': `${docNumber} ${input.subject['zh-CN']}`, en: `${docNumber} ${input.subject.en}` }
          : input.subject;
        await insertInbox(
          m,
          users.map((u) => ({
            key: `${noticeId}:${u.id}`,
            recipientId: u.id,
            eventId: input.eventId,
            stepId: input.stepId,
            kind: 'notice',
            subject,
            body: input.message,
            calendar: input.calendar,
          })),
        );
        Context.current().log.info('Notice delivered', { eventId: input.eventId, stepId: input.stepId, docNumber, recipients: users.length });
        return {
          noticeId,
          docNumber,
          issuedAt: issuedAt.toISOString(),
          recipientCount,
          units: units.map((u) => ({
            code: u.code,
            name: u.nameZh,
            liaisons: users.filter((p) => p.unitCode === u.code).map(person),
          })),
        };
      });
    },

    async notifyPeople({ eventId, key, recipientIds, subject, message, calendar }) {
      return dataSource.transaction((m) =>
        insertInbox(
          m,
          recipientIds.map((id) => ({
            key: `${eventId}:${key}:${id}`,
            recipientId: id,
            eventId,
            stepId: null,
            kind: 'event',
            subject,
            body: message,
            calendar,
          })),
        ),
      );
    },

    async syncReadModel(batch) {
      try {
        // Whoever's turn the batch makes it is told in the same transaction: exactly once. The
        // batch that archives the event freezes its record there too (归档记录).
        const turns = turnsOf(batch);
        await readModel.sync(batch, async (m) => {
          await turns.after(m);
          await freezeIfArchived(m, batch);
        }, turns.before);
      } catch (err) {
        // Bad data or a schema the batch does not fit will be refused again on every retry: fail
        // now, naming it. A lost connection (or a serialization conflict) is retried as before.
        throw rejectedByDatabase(err) ?? err;
      }
    },
  };
}
