// A notice as the document it is (公文): gathered from the stored notice, the template version the
// event runs and the earlier steps' submissions, then rendered once and kept (DocumentsService).
// It needs only the database, so the worker's email channel and the API gather it the same way.
import { DataSource } from 'typeorm';
import type { EventTemplate, FormField, NotifyStep, Step, UnitGroupCode } from '../../workflows/template-types';
import type { NoticeRow } from '../read-model/rows';
import { DomainError } from '../common/domain-error';
import { findStep } from '../tasks/task-forms';
import { FEDERATION, FEDERATION_HEADER, FEDERATION_OFFICE, type DocumentData, type OfficialDocumentBase } from './document-model';
import { linesOf, paragraphsOf, typeset } from './document-text';
import { DocumentsService, type StoredDocument } from './documents.service';
import { allocationFieldOf, allocationSheet } from './allocation-sheet';
import type { Allocation } from '../../workflows/campaign-types';

/** 主送 for each group of units, in the words the federation's documents use (渝妇发〔2020〕9号, GB/T 9704). */
export const GROUP_ADDRESSEES: Record<UnitGroupCode, string> = {
  districts: '各区县（自治县）妇联，两江新区、万盛经开区妇联',
  'agency-committees': '各机关妇委会',
  'exec-committee': '市妇联各位执委',
  'wcc-members': '市妇儿工委各成员单位',
  departments: '市妇联机关各部门',
};
const LEAD_UNIT = '$lead';

type StoredNotice = NoticeRow & {
  title: string;
  starts_at: Date;
  ends_at: Date;
  venue: string | null;
  lead_unit: string;
};

/** The form field `key` of step `stepId` (a task's or the report's form), if the template has it. */
function fieldOf(template: EventTemplate, stepId: string, key: string): FormField | undefined {
  const step: Step | undefined = findStep(template.steps, stepId);
  const form = step && (step.type === 'task' || step.type === 'report') ? step.form : undefined;
  return form?.fields.find((f) => f.key === key);
}

/** The `{{steps.<step>.<field>}}` placeholders of a message, in order of appearance. */
export function stepPlaceholders(message: string): { step: string; field: string }[] {
  return [...message.matchAll(/\{\{\s*steps\.([\w-]+)\.([\w-]+)\s*\}\}/g)].map((m) => ({ step: m[1], field: m[2] }));
}

/**
 * Only an official notice (下发通知, numbered 渝妇发〔年〕号) is a 公文 with a document; a notice that is
 * not official (a meeting notice under another issuer, an internal one to departments) has none.
 */
export function isOfficial(notice: Pick<NoticeRow, 'doc_number'>): boolean {
  return notice.doc_number !== null;
}

/** Characters that do not count when a paragraph is compared with the 主送: （ and ( or ：and : are alike. */
const IGNORED = /[\p{P}\p{S}\s]/u;
const bare = (text: string): string => [...text.normalize('NFKC')].filter((c) => !IGNORED.test(c)).join('');

/**
 * The body without the 主送 its message opens with ("各区县（自治县）妇联…；各机关妇委会：为纪念…"): the
 * document prints the 主送 line itself, above the body. What follows it in that paragraph stays.
 */
export function withoutAddressees(paragraphs: string[], addressees: string): string[] {
  const [first, ...rest] = paragraphs;
  const line = bare(addressees);
  if (first === undefined || !line || !bare(first).startsWith(line)) return paragraphs;
  // Walk the paragraph until the 主送's characters are used up, then past its closing punctuation.
  let counted = 0;
  let end = 0;
  for (const c of first) {
    end += c.length;
    counted += bare(c).length;
    if (counted >= line.length) break;
  }
  const remainder = first.slice(end).replace(/^[：:；;，,。\s]+/u, '');
  return remainder ? [remainder, ...rest] : rest;
}

export class NoticeDocuments {
  constructor(
    private readonly db: DataSource,
    private readonly documents: DocumentsService,
  ) {}

  /** The stored notice, with the event columns its document shows. */
  async notice(noticeId: string): Promise<StoredNotice | undefined> {
    const [row] = await this.db.query<StoredNotice[]>(
      `SELECT n.*, e.title, e.starts_at, e.ends_at, e.venue, e.lead_unit
         FROM notices n JOIN events e ON e.id = n.event_id WHERE n.id = $1`,
      [noticeId],
    );
    return row;
  }

  /** The notice that an in-app notification announced (its key is the notice id and the recipient). */
  async noticeOfNotification(notificationId: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ id: string }[]>(
      `SELECT n.id FROM notifications x JOIN notices n ON x.idempotency_key = n.id || ':' || x.recipient_id
        WHERE x.id = $1 AND x.kind = 'notice'`,
      [notificationId],
    );
    return row?.id;
  }

  /** The notice's PDF: the stored one, or rendered and stored now. Undefined for a notice that is no 公文. */
  async documentOf(noticeId: string): Promise<StoredDocument | undefined> {
    const notice = await this.notice(noticeId);
    if (!notice) throw new Error(`No notice ${noticeId}`);
    if (!isOfficial(notice)) return undefined;
    const template = await this.templateOf(notice.event_id);
    const step = template && findStep(template.steps, notice.step_id);
    if (!template || step?.type !== 'notify') throw new Error(`Notice ${noticeId} has no notify step in its template`);
    return this.documents.once({ kind: step.document?.kind ?? 'notice', ref: noticeId, eventId: notice.event_id }, () =>
      this.gather(notice, template, step),
    );
  }

  /** The notice's PDF for a download: a notice that is no 公文 has none to give (404). */
  async downloadOf(noticeId: string): Promise<StoredDocument> {
    const doc = await this.documentOf(noticeId);
    if (!doc) throw new DomainError('NOT_FOUND', '此通知不是正式公文，没有公文文本', 'This notice is not an official document and has no document text');
    return doc;
  }

  private async gather(notice: StoredNotice, template: EventTemplate, step: NotifyStep): Promise<DocumentData> {
    const addressees = await this.addressees(step, notice.lead_unit);
    const base: OfficialDocumentBase = {
      header: FEDERATION_HEADER,
      docNumber: notice.doc_number,
      title: typeset(notice.subject['zh-CN']),
      addressees,
      body: withoutAddressees(paragraphsOf(notice.body['zh-CN']), addressees),
      attachments: await this.attachmentNames(notice, template, step),
      issuer: FEDERATION,
      issuedAt: new Date(notice.issued_at).toISOString(),
      // The layout adds the date and 印发 on the right of the line.
      printedBy: FEDERATION_OFFICE,
    };
    const spec = step.document;
    if (spec?.kind === 'decision') {
      const lists = [];
      for (const list of spec.lists ?? []) {
        lists.push({ heading: list.heading['zh-CN'], names: linesOf(await this.submitted(notice.event_id, list.from.step, list.from.field)) });
      }
      return { ...base, kind: 'decision', lists };
    }
    if (spec?.kind === 'meeting-notice') {
      const agenda = spec.agenda ? linesOf(await this.submitted(notice.event_id, spec.agenda.step, spec.agenda.field)) : [];
      const form = step.receipt?.form;
      // Recorded with the notice as it went out (runs from before then: by their next read-model sync).
      const dueAt = step.receipt && notice.receipts_due_at ? new Date(notice.receipts_due_at).toISOString() : null;
      return {
        ...base,
        kind: 'meeting-notice',
        meeting: { startsAt: new Date(notice.starts_at).toISOString(), endsAt: new Date(notice.ends_at).toISOString(), venue: notice.venue },
        agenda,
        receipt: form ? { title: '参会回执', fields: form.fields.map((f) => f.label['zh-CN']), dueAt } : null,
      };
    }
    const allocation = template.kind === 'campaign-task' ? await this.allocationOf(notice.event_id, template) : undefined;
    return allocation ? { ...base, attachments: [...base.attachments, allocation.title], kind: 'notice', allocation } : { ...base, kind: 'notice' };
  }

  /** The signed-off 任务分解表 that a campaign task's notice gives out, if its template has one. */
  private async allocationOf(eventId: string, template: EventTemplate) {
    const found = allocationFieldOf(template);
    const table = found && (await this.submitted(eventId, found.stepId, found.field.key));
    return found && table && typeof table === 'object' ? allocationSheet(found.field.allocation, table as Allocation) : undefined;
  }

  /** 主送: each audience entry in the documents' words, joined with ；and closed with ：. */
  private async addressees(step: NotifyStep, leadUnit: string): Promise<string> {
    const names: string[] = [];
    for (const ref of step.audience) {
      if ('unitGroup' in ref) names.push(GROUP_ADDRESSEES[ref.unitGroup]);
      else if ('unit' in ref) names.push(await this.unitName(ref.unit === LEAD_UNIT ? leadUnit : ref.unit));
      else if ('participants' in ref) names.push('各参会人员');
    }
    const unique = [...new Set(names.filter(Boolean))];
    return unique.length ? `${unique.join('；')}：` : '';
  }

  private async unitName(code: string): Promise<string> {
    const [row] = await this.db.query<{ name_zh: string }[]>('SELECT name_zh FROM units WHERE code = $1', [code]);
    return row?.name_zh ?? '';
  }

  /** 附件: the files of the file fields the message names, in the message's order. */
  private async attachmentNames(notice: StoredNotice, template: EventTemplate, step: NotifyStep): Promise<string[]> {
    const names: string[] = [];
    for (const ref of stepPlaceholders(step.message['zh-CN'])) {
      if (fieldOf(template, ref.step, ref.field)?.type !== 'file') continue;
      names.push(...linesOf(await this.submitted(notice.event_id, ref.step, ref.field)));
    }
    return [...new Set(names)];
  }

  /** A field of a step's latest completed submission. */
  private async submitted(eventId: string, stepId: string, field: string): Promise<unknown> {
    const [row] = await this.db.query<{ value: unknown }[]>(
      `SELECT form_values -> $3 AS value FROM tasks
        WHERE event_id = $1 AND step_id = $2 AND kind IN ('task', 'report') AND status = 'completed'
        ORDER BY round DESC, closed_at DESC LIMIT 1`,
      [eventId, stepId, field],
    );
    return row?.value ?? undefined;
  }

  /** The template version the event runs (not today's file: a document is as its event was). */
  private async templateOf(eventId: string): Promise<EventTemplate | undefined> {
    const [row] = await this.db.query<{ content: EventTemplate }[]>(
      `SELECT tv.content FROM template_versions tv JOIN events e ON e.template_code = tv.code AND e.template_version = tv.version WHERE e.id = $1`,
      [eventId],
    );
    return row?.content;
  }
}
