// Data between events (M2 reads the honourees of A1's decision): which earlier event a new one
// depends on or reads from, the values it copies at its start, and where they came from. The copy
// is a snapshot: the new event shows what the source had decided when it started, whatever the
// source does later.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventTemplate, FormField, LocalizedText } from '../../workflows/template-types';
import { chinaYearBounds, chinaYearOf } from '../common/china-time';
import { DomainError } from '../common/domain-error';
import { findStep } from '../tasks/task-forms';
import { TemplateRegistry } from './template-registry.service';
import type { Handoff, HandoffSource } from './handoff';
import { providedField } from './template.schema';

/** Before a start: for each template read from, the event that would be read, and how many items each value holds. */
export interface HandoffPreview {
  template: string;
  templateName: LocalizedText;
  source: HandoffSource | null;
  counts: Record<string, number>;
}

interface SourceRow {
  id: string;
  title: string;
  starts_at: Date;
}

/**
 * What a new event needs of one template: the steps its source event must have finished (`null`:
 * only an archived event will do) and the values it reads from it (none when it only depends on it).
 */
interface SourceNeed {
  steps: string[] | null;
  names: string[];
}

@Injectable()
export class HandoffService {
  constructor(
    private readonly db: DataSource,
    private readonly templates: TemplateRegistry,
  ) {}

  /**
   * The event a new one starting at `startsAtIso` takes from `code`: the latest (not cancelled) that
   * is archived or has finished every step of `steps`, one of the same China year first, else the
   * most recent of another year (the caller says so). Refused (409) when there is none; `reading`
   * names the values the new event needed from it.
   */
  private async requireSource(code: string, steps: string[] | null, startsAtIso: string, reading: FormField[]): Promise<SourceRow> {
    const year = chinaYearBounds(chinaYearOf(startsAtIso));
    const [row] = await this.db.query<SourceRow[]>(
      `SELECT e.id, e.title, e.starts_at FROM events e
        WHERE e.template_code = $1 AND e.status <> 'cancelled'
          AND (e.status = 'archived' OR ($2::text[] IS NOT NULL AND cardinality($2::text[]) = (
                SELECT count(DISTINCT s.step_id) FROM event_steps s WHERE s.event_id = e.id AND s.step_id = ANY($2::text[]) AND s.status = 'done')))
        ORDER BY (e.starts_at >= $3 AND e.starts_at < $4) DESC, e.starts_at DESC
        LIMIT 1`,
      [code, steps, year.from, year.to],
    );
    if (!row) throw this.noSource(code, steps, reading);
    return row;
  }

  private noSource(code: string, steps: string[] | null, reading: FormField[]): DomainError {
    const template = this.templates.find(code);
    const name = template?.name ?? { 'zh-CN': code, en: code };
    const names = (steps ?? []).map((id) => (template && findStep(template.steps, id)?.name) || { 'zh-CN': id, en: id });
    const past = names.length
      ? { zh: `完成${names.map((n) => `“${n['zh-CN']}”`).join('、')}`, en: ` past ${names.map((n) => `"${n.en}"`).join(', ')}` }
      : { zh: '归档', en: ' archived' };
    const values = reading.length
      ? { zh: `：本活动要读取其${reading.map((f) => `“${f.label['zh-CN']}”`).join('、')}`, en: `: this event reads its ${reading.map((f) => `"${f.label.en}"`).join(', ')}` }
      : { zh: '', en: '' };
    return new DomainError('CONFLICT', `须待“${name['zh-CN']}”${past.zh}后才能发起${values.zh}`, `This needs an event of "${name.en}"${past.en} first${values.en}`);
  }

  /**
   * At a start: checks what the template depends on and copies what it reads, from the sources as
   * they are now; one Handoff per template read from. Refused (409) when a source is missing.
   */
  async gather(template: EventTemplate, startsAtIso: string): Promise<Handoff[]> {
    const handoffs: Handoff[] = [];
    for (const [code, need] of this.sourcesNeeded(template)) {
      const source = this.templates.find(code);
      const reading = source ? need.names.map((n) => providedField(source, n)!) : [];
      const row = await this.requireSource(code, need.steps, startsAtIso, reading);
      if (source && need.names.length) handoffs.push(await this.handoffFrom(source, need.names, row, startsAtIso));
    }
    return handoffs;
  }

  /** As `gather`, without refusing: for the start page, before the organiser starts. */
  async preview(template: EventTemplate, startsAtIso: string): Promise<HandoffPreview[]> {
    const previews: HandoffPreview[] = [];
    for (const [code, need] of this.sourcesNeeded(template)) {
      if (!need.names.length) continue;
      const source = this.templates.get(code);
      const row = await this.requireSource(code, need.steps, startsAtIso, []).catch(() => undefined);
      const handoff = row ? await this.handoffFrom(source, need.names, row, startsAtIso) : undefined;
      previews.push({
        template: code,
        templateName: source.name,
        source: handoff?.source ?? null,
        counts: Object.fromEntries(need.names.map((n) => [n, countOf(handoff?.values[n])])),
      });
    }
    return previews;
  }

  private async handoffFrom(source: EventTemplate, names: string[], row: SourceRow, readerStartsAtIso: string): Promise<Handoff> {
    const after = source.provides![names[0]].after;
    return { source: await this.describe(source, after, row, readerStartsAtIso), values: await this.valuesOf(row.id, source, names), copiedAt: null };
  }

  /**
   * What the template needs of each other template, reads first (so a refusal names the values it
   * would have read): one source event serves every read from a template and its `dependsOn` as well,
   * so the check and the copy cannot pick different events.
   */
  private sourcesNeeded(template: EventTemplate): Map<string, SourceNeed> {
    const needs = new Map<string, SourceNeed>();
    for (const read of template.reads ?? []) {
      const need = needs.get(read.from) ?? { steps: [], names: [] };
      const after = this.templates.get(read.from).provides![read.value].after;
      needs.set(read.from, { steps: need.steps && [...new Set([...need.steps, after])], names: [...need.names, read.value] });
    }
    const dep = template.dependsOn;
    if (dep) {
      const need = needs.get(dep.template) ?? { steps: [], names: [] };
      needs.set(dep.template, { ...need, steps: dep.step && need.steps ? [...new Set([...need.steps, dep.step])] : null });
    }
    return needs;
  }

  /** Stores the copies with the new event, inside its start's transaction. */
  async record(m: EntityManager, eventId: string, handoffs: Handoff[]): Promise<void> {
    for (const h of handoffs) {
      await m.query('INSERT INTO event_handoffs (event_id, source_template, source_event_id, handed_values) VALUES ($1, $2, $3, $4)', [
        eventId,
        h.source.template,
        h.source.eventId,
        JSON.stringify(h.values),
      ]);
    }
  }

  /** What the event copied at its start, with where from. */
  async of(eventId: string): Promise<Handoff[]> {
    const rows = await this.db.query<
      { source_template: string; handed_values: Record<string, unknown>; copied_at: Date; id: string; title: string; starts_at: Date; reader_starts_at: Date }[]
    >(
      `SELECT h.source_template, h.handed_values, h.copied_at, e.id, e.title, e.starts_at, r.starts_at AS reader_starts_at
         FROM event_handoffs h JOIN events e ON e.id = h.source_event_id JOIN events r ON r.id = h.event_id
        WHERE h.event_id = $1 ORDER BY h.source_template`,
      [eventId],
    );
    const handoffs: Handoff[] = [];
    for (const r of rows) {
      const source = this.templates.find(r.source_template);
      const after = source?.provides?.[Object.keys(r.handed_values)[0]]?.after ?? Object.values(source?.provides ?? {})[0]?.after;
      if (!source || !after) continue;
      handoffs.push({ source: await this.describe(source, after, r, r.reader_starts_at.toISOString()), values: r.handed_values, copiedAt: r.copied_at.toISOString() });
    }
    return handoffs;
  }

  /** The source as the reader sees it; `readerStartsAtIso` is when the reading event starts (whether the two share a year). */
  private async describe(source: EventTemplate, after: string, row: SourceRow, readerStartsAtIso: string): Promise<HandoffSource> {
    const year = chinaYearOf(row.starts_at.toISOString());
    const [notice] = await this.db.query<{ doc_number: string | null; subject: LocalizedText }[]>(
      'SELECT doc_number, subject FROM notices WHERE event_id = $1 AND step_id = $2 ORDER BY round DESC LIMIT 1',
      [row.id, after],
    );
    return {
      template: source.code,
      templateName: source.name,
      eventId: row.id,
      title: row.title,
      startsAt: row.starts_at.toISOString(),
      year,
      sameYear: year === chinaYearOf(readerStartsAtIso),
      after: { stepId: after, name: findStep(source.steps, after)?.name ?? { 'zh-CN': after, en: after } },
      docNumber: notice?.doc_number ?? null,
      noticeSubject: notice?.subject ?? null,
    };
  }

  /** The provided values as the source's latest submission of each step holds them (after 退回, the round that passed). */
  private async valuesOf(eventId: string, source: EventTemplate, names: string[]): Promise<Record<string, unknown>> {
    const values: Record<string, unknown> = {};
    for (const name of names) {
      const { step, field } = source.provides![name];
      const [task] = await this.db.query<{ form_values: Record<string, unknown> | null }[]>(
        `SELECT form_values FROM tasks WHERE event_id = $1 AND step_id = $2 AND kind <> 'sign-off' AND status = 'completed'
          ORDER BY round DESC, closed_at DESC LIMIT 1`,
        [eventId, step],
      );
      const value = task?.form_values?.[field];
      if (value !== undefined && value !== null) values[name] = value;
    }
    return values;
  }
}

function countOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return value === undefined || value === null || value === '' ? 0 : 1;
}
