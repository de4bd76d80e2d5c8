// The notice's document (公文 PDF) that a notice email carries. Rendering must never hold up or
// break delivery: a document not had within the time limit, or one that fails, is left out of that
// email (and logged without anyone's data); whatever was rendered is still stored for the next.
import type { EmailDocument } from '../notifications/channels/email.channel';
import type { OutboundMessage } from '../notifications/channels/channel';
import { PDF_TYPE } from './documents.dto';
import type { NoticeDocuments } from './notice-document';

export interface DocumentLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** `notices` is the module's own, so a download and the emails share its renders in progress. */
export function noticeEmailDocuments(notices: NoticeDocuments, log: DocumentLog, timeLimitMs: number): (m: OutboundMessage) => Promise<EmailDocument | null> {
  return async (m) => {
    if (m.kind !== 'notice') return null;
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<'time-up'>((resolve) => (timer = setTimeout(() => resolve('time-up'), timeLimitMs)));
    const rendering = (async () => {
      const noticeId = await notices.noticeOfNotification(m.notificationId);
      return noticeId ? notices.documentOf(noticeId) : undefined;
    })();
    try {
      const doc = await Promise.race([rendering, timeUp]);
      if (doc === 'time-up') {
        rendering.catch(() => undefined);
        log.warn({ notificationId: m.notificationId, eventId: m.eventId, stepId: m.stepId, timeLimitMs }, 'Notice document not ready in time; email sent without it');
        return null;
      }
      // A notice that is no 公文 (not official) goes without a document.
      return doc ? { fileName: doc.fileName, contentType: PDF_TYPE, bytes: doc.bytes } : null;
    } catch (err) {
      // The error's name and message only: a rendering failure names no person.
      log.warn({ notificationId: m.notificationId, eventId: m.eventId, stepId: m.stepId, error: (err as Error).message }, 'Notice document failed; email sent without it');
      return null;
    } finally {
      clearTimeout(timer);
    }
  };
}
