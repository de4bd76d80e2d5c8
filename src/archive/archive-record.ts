// The record of an archived event (归档记录) as plain data, built from its read-model rows, and its
// canonical form (RFC 8785 JSON) and SHA-256. The record depends on the rows' content only, never on
// the order the database returns them in: every list is sorted by its own keys here.
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { Person } from '../../workflows/event-model';
import type { LocalizedText } from '../../workflows/template-types';
import type { AuditRow, DecisionRow, EventRow, NoticeRow, ReceiptRow, StepRow, TaskRow } from '../read-model/rows';

/** Bumped when the record's shape changes, so a verifier knows which shape it reads. */
export const ARCHIVE_RECORD_FORMAT = 2;

type Instant = Date | string | null | undefined;

/** What the record is built from: the event's rows and the names behind its codes. */
export interface ArchiveSource {
  event: Pick<EventRow, 'id' | 'title' | 'template_code' | 'template_version' | 'lead_unit' | 'starts_at' | 'ends_at' | 'venue' | 'status' | 'archived_at' | 'created_at'>;
  templateName: LocalizedText;
  leadUnitName: string;
  organiser: Person;
  steps: Pick<StepRow, 'step_id' | 'parent_step_id' | 'type' | 'name' | 'status' | 'round' | 'started_at' | 'finished_at' | 'position'>[];
  tasks: Pick<TaskRow, 'id' | 'step_id' | 'kind' | 'round' | 'name' | 'status' | 'assignees' | 'due_at' | 'created_at' | 'closed_at' | 'acted_by' | 'comment' | 'form_values' | 'level' | 'level_name' | 'mode'>[];
  decisions: (Pick<DecisionRow, 'task_id' | 'step_id' | 'round' | 'level' | 'decision' | 'comment' | 'decided_at'> & { actor: Person })[];
  notices: Pick<NoticeRow, 'id' | 'step_id' | 'round' | 'doc_number' | 'subject' | 'body' | 'recipient_count' | 'issued_at' | 'receipts_due_at'>[];
  receipts: (Pick<ReceiptRow, 'notice_id' | 'unit_code' | 'unit_name' | 'status' | 'acknowledger' | 'acknowledged_at' | 'late' | 'form_values'>)[];
  /** The event's 操作记录 as the audit log holds it when the event is archived. */
  audit: Pick<AuditRow, 'seq' | 'at' | 'actor_id' | 'actor_name' | 'action' | 'step_id' | 'task_id' | 'before' | 'after' | 'comment'>[];
  cc: { step_id: string; task_id: string | null; unit_code: string | null; recipient: Person; cc_by: Person | null; comment: string | null; cc_at: Instant }[];
  /** What was handed over from an earlier event when this one started (event_handoffs). */
  handoffs: { source_template: string; source_event_id: string; handed_values: Record<string, unknown>; copied_at: Instant }[];
  /** The documents stored when the event is archived; a notice's PDF rendered later is not among them. */
  documents: { kind: string; ref: string; file_name: string; sha256: string; step_id: string | null; round: number | null; doc_number: string | null }[];
}

export interface ArchivedSubmission {
  values: Record<string, unknown> | null;
  by: Person | null;
  at: string | null;
}

export interface ArchiveRecord {
  format: number;
  event: {
    id: string;
    title: string;
    template: { code: string; version: number; name: LocalizedText };
    leadUnit: { code: string; name: string };
    organiser: Person;
    startsAt: string;
    endsAt: string;
    venue: string | null;
    status: string;
    createdAt: string;
    archivedAt: string;
  };
  steps: { id: string; parentId: string | null; type: string; name: LocalizedText; status: string; round: number; startedAt: string | null; finishedAt: string | null }[];
  tasks: {
    id: string;
    stepId: string;
    kind: string;
    round: number;
    name: LocalizedText;
    status: string;
    level: number | null;
    levelName: LocalizedText | null;
    mode: string | null;
    assignees: Person[];
    openedAt: string;
    dueAt: string | null;
    closedAt: string | null;
    actedBy: Person | null;
    values: Record<string, unknown> | null;
    comment: string | null;
  }[];
  signOffs: { taskId: string; stepId: string; round: number; level: number; decision: string; by: Person; comment: string | null; at: string }[];
  notices: {
    id: string;
    stepId: string;
    round: number;
    docNumber: string | null;
    subject: LocalizedText;
    body: LocalizedText;
    issuedAt: string;
    receiptsDueAt: string | null;
    recipientCount: number;
    receipts: { unitCode: string; unitName: string; status: string; acknowledgedBy: Person | null; acknowledgedAt: string | null; late: boolean; values: Record<string, unknown> | null }[];
  }[];
  /** The report (活动总结) as last submitted; null for an event archived without one. */
  report: (ArchivedSubmission & { stepId: string; round: number }) | null;
  audit: { seq: number; at: string; actor: { id: string | null; name: string | null } | null; action: string; stepId: string | null; taskId: string | null; before: unknown; after: unknown; comment: string | null }[];
  cc: { stepId: string; taskId: string | null; unitCode: string | null; recipient: Person; by: Person | null; comment: string | null; at: string }[];
  handoffs: { sourceTemplate: string; sourceEventId: string; values: Record<string, unknown>; copiedAt: string }[];
  /** Each stored document's hash at archiving: verification checks the stored bytes against this, not only against their own column. */
  documents: ArchivedDocument[];
}

export interface ArchivedDocument {
  kind: string;
  noticeId: string;
  stepId: string | null;
  round: number | null;
  docNumber: string | null;
  fileName: string;
  sha256: string;
}

const iso = (at: Instant): string | null => (at === null || at === undefined ? null : new Date(at).toISOString());
const isoOf = (at: Instant): string => iso(at) ?? '';
const person = (p: Person | null | undefined): Person | null => (p ? { id: p.id, displayName: p.displayName } : null);
const byKeys = <T>(...keys: ((x: T) => string | number)[]) => (a: T, b: T): number => {
  for (const key of keys) {
    const [x, y] = [key(a), key(b)];
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
};

const auditOf = (rows: ArchiveSource['audit']): ArchiveRecord['audit'] =>
  rows
    .map((a) => ({
      seq: a.seq,
      at: isoOf(a.at),
      actor: a.actor_id || a.actor_name ? { id: a.actor_id ?? null, name: a.actor_name ?? null } : null,
      action: a.action,
      stepId: a.step_id ?? null,
      taskId: a.task_id ?? null,
      before: a.before ?? null,
      after: a.after ?? null,
      comment: a.comment ?? null,
    }))
    .sort(byKeys((a) => a.seq));

const ccOf = (rows: ArchiveSource['cc']): ArchiveRecord['cc'] =>
  rows
    .map((c) => ({
      stepId: c.step_id,
      taskId: c.task_id ?? null,
      unitCode: c.unit_code ?? null,
      recipient: person(c.recipient)!,
      by: person(c.cc_by),
      comment: c.comment ?? null,
      at: isoOf(c.cc_at),
    }))
    .sort(byKeys((c) => c.at, (c) => c.stepId, (c) => c.taskId ?? '', (c) => c.recipient.id, (c) => c.by?.id ?? '', (c) => c.unitCode ?? '', (c) => c.comment ?? ''));

const handoffsOf = (rows: ArchiveSource['handoffs']): ArchiveRecord['handoffs'] =>
  rows
    .map((h) => ({ sourceTemplate: h.source_template, sourceEventId: h.source_event_id, values: h.handed_values, copiedAt: isoOf(h.copied_at) }))
    .sort(byKeys((h) => h.sourceTemplate));

const documentsOf = (rows: ArchiveSource['documents']): ArchiveRecord['documents'] =>
  rows
    .map((d) => ({ kind: d.kind, noticeId: d.ref, stepId: d.step_id ?? null, round: d.round ?? null, docNumber: d.doc_number ?? null, fileName: d.file_name, sha256: d.sha256 }))
    .sort(byKeys((d) => d.kind, (d) => d.noticeId));

export function buildArchiveRecord(src: ArchiveSource): ArchiveRecord {
  const e = src.event;
  const tasks = src.tasks
    .map((t) => ({
      id: t.id,
      stepId: t.step_id,
      kind: t.kind,
      round: t.round,
      name: t.name,
      status: t.status,
      level: t.level ?? null,
      levelName: t.level_name ?? null,
      mode: t.mode ?? null,
      assignees: [...(t.assignees ?? [])].map((p) => person(p)!).sort(byKeys((p) => p.id)),
      openedAt: isoOf(t.created_at),
      dueAt: iso(t.due_at),
      closedAt: iso(t.closed_at),
      actedBy: person(t.acted_by),
      values: t.form_values ?? null,
      comment: t.comment ?? null,
    }))
    .sort(byKeys((t) => t.openedAt, (t) => t.stepId, (t) => t.round, (t) => t.level ?? -1, (t) => t.id));
  // The report signed off is the latest round submitted.
  const report = tasks.filter((t) => t.kind === 'report' && t.status === 'completed').sort(byKeys((t) => t.round, (t) => t.closedAt ?? '')).at(-1);
  return {
    format: ARCHIVE_RECORD_FORMAT,
    event: {
      id: e.id,
      title: e.title,
      template: { code: e.template_code, version: e.template_version, name: src.templateName },
      leadUnit: { code: e.lead_unit, name: src.leadUnitName },
      organiser: person(src.organiser)!,
      startsAt: isoOf(e.starts_at),
      endsAt: isoOf(e.ends_at),
      venue: e.venue ?? null,
      status: e.status,
      createdAt: isoOf(e.created_at),
      archivedAt: isoOf(e.archived_at),
    },
    steps: src.steps
      .map((s) => ({ ...s }))
      .sort(byKeys((s) => s.position, (s) => s.step_id))
      .map((s) => ({
        id: s.step_id,
        parentId: s.parent_step_id ?? null,
        type: s.type,
        name: s.name,
        status: s.status,
        round: s.round,
        startedAt: iso(s.started_at),
        finishedAt: iso(s.finished_at),
      })),
    tasks,
    signOffs: src.decisions
      .map((d) => ({
        taskId: d.task_id,
        stepId: d.step_id,
        round: d.round,
        level: d.level,
        decision: d.decision,
        by: person(d.actor)!,
        comment: d.comment ?? null,
        at: isoOf(d.decided_at),
      }))
      .sort(byKeys((d) => d.at, (d) => d.taskId)),
    notices: src.notices
      .map((n) => ({
        id: n.id,
        stepId: n.step_id,
        round: n.round,
        docNumber: n.doc_number ?? null,
        subject: n.subject,
        body: n.body,
        issuedAt: isoOf(n.issued_at),
        receiptsDueAt: iso(n.receipts_due_at),
        recipientCount: n.recipient_count,
        receipts: src.receipts
          .filter((r) => r.notice_id === n.id)
          .map((r) => ({
            unitCode: r.unit_code,
            unitName: r.unit_name,
            status: r.status,
            acknowledgedBy: person(r.acknowledger),
            acknowledgedAt: iso(r.acknowledged_at),
            late: r.late,
            values: r.form_values ?? null,
          }))
          .sort(byKeys((r) => r.unitCode)),
      }))
      .sort(byKeys((n) => n.issuedAt, (n) => n.id)),
    report: report ? { stepId: report.stepId, round: report.round, values: report.values, by: report.actedBy, at: report.closedAt } : null,
    audit: auditOf(src.audit),
    cc: ccOf(src.cc),
    handoffs: handoffsOf(src.handoffs),
    documents: documentsOf(src.documents),
  };
}

/** The record's canonical text (RFC 8785): the same record always gives the same text. */
export function canonicalText(record: unknown): string {
  const text = canonicalize(record);
  if (text === undefined) throw new Error('An archive record must be JSON');
  return text;
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A frozen record hashed again from what is stored: the SHA-256 of its text computed now, and whether
 * that is the stored hash and the text is still the canonical form of the record it stands for (the
 * stored JSON beside it where there is one, else the text's own parse: a text edited out of shape fails).
 */
export function recheckRecord(text: string, sha256: string, record?: unknown): { recomputed: string; matches: boolean } {
  const recomputed = sha256Hex(text);
  return { recomputed, matches: recomputed === sha256 && isCanonicalOf(text, record) };
}

function isCanonicalOf(text: string, record: unknown): boolean {
  try {
    return canonicalText(record === undefined ? JSON.parse(text) : record) === text;
  } catch {
    return false;
  }
}
