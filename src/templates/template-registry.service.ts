// The event templates the product ships (templates/*.yaml), loaded and validated at start-up. A
// version that an event has used is frozen: changing its file without a new version stops start-up.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventTemplate, Step } from '../../workflows/template-types';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { loadTemplates } from './template-loader';

/**
 * The hash that freezes a used version. A form field's `personal` mark and a task's `prefill` are left
 * out: they tell the API how to show a value or where a form starts, not the workflow what to do, so
 * a privacy fix or a prefill may reach a version in use.
 */
export function contentHash(template: EventTemplate): string {
  return createHash('sha256').update(stableJson(template)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const isField = 'key' in value && 'type' in value && 'label' in value;
    const isTask = 'id' in value && 'type' in value && value.type === 'task';
    return `{${Object.keys(value)
      .filter((k) => !(isField && k === 'personal') && !(isTask && k === 'prefill'))
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The unit codes a template refers to, with where it does. */
export function unitsNamedIn(t: EventTemplate): { unit: string; where: string }[] {
  const found: { unit: string; where: string }[] = [{ unit: t.leadDepartment, where: 'leadDepartment' }];
  const ref = (r: object, where: string) => {
    if ('unit' in r && typeof r.unit === 'string') found.push({ unit: r.unit, where });
    if ('inChargeOf' in r && typeof r.inChargeOf === 'string') found.push({ unit: r.inChargeOf, where });
  };
  const walk = (steps: Step[]) => {
    for (const s of steps) {
      const at = `step ${s.id}`;
      if (s.type === 'task' || s.type === 'report') ref(s.assignee, at);
      if (s.type === 'approval') s.levels.forEach((l) => l.approvers.forEach((a) => ref(a, at)));
      if (s.type === 'report') s.signOff.levels.forEach((l) => l.approvers.forEach((a) => ref(a, at)));
      if (s.type === 'notify') s.audience.forEach((a) => ref(a, at));
      if (s.type === 'parallel') s.branches.forEach((b) => walk(b.steps));
    }
  };
  walk(t.steps);
  return found;
}

@Injectable()
export class TemplateRegistry implements OnModuleInit {
  private templates = new Map<string, EventTemplate>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    const loaded = loadTemplates(this.config.templatesDir);
    const used = await this.dataSource.query<{ code: string; version: number; content_hash: string }[]>(
      'SELECT code, version, content_hash FROM template_versions WHERE first_used_at IS NOT NULL',
    );
    for (const t of loaded) {
      const frozen = used.find((u) => u.code === t.code && u.version === t.version);
      if (frozen && frozen.content_hash !== contentHash(t)) {
        throw new Error(
          `templates/${t.code}.yaml: version ${t.version} has been used by events and cannot change; give the edited template version ${t.version + 1}`,
        );
      }
    }
    await this.checkUnits(loaded);
    this.templates = new Map(loaded.map((t) => [t.code, t]));
  }

  /** Every unit a template names must exist in the organisation, or its events would stall on it. */
  private async checkUnits(templates: EventTemplate[]): Promise<void> {
    const rows = await this.dataSource.query<{ code: string }[]>('SELECT code FROM units');
    const known = new Set(rows.map((r) => r.code));
    const problems: string[] = [];
    for (const t of templates) {
      for (const { unit, where } of unitsNamedIn(t)) {
        if (unit !== '$lead' && !known.has(unit)) problems.push(`templates/${t.code}.yaml: ${where}: unit ${unit} is not in the organisation`);
      }
    }
    if (problems.length) throw new Error(problems.join('\n'));
  }

  list(): EventTemplate[] {
    return [...this.templates.values()];
  }

  get(code: string): EventTemplate {
    const t = this.templates.get(code);
    if (!t) throw new DomainError('NOT_FOUND', `没有此模板：${code}`, `No template with code ${code}`);
    return t;
  }

  find(code: string): EventTemplate | undefined {
    return this.templates.get(code);
  }

  /** Records that an event uses this version, inside the caller's transaction; from now on it is frozen. */
  async markUsed(m: EntityManager, template: EventTemplate): Promise<void> {
    // Once used, the row is only read: upserting it on every start made concurrent starts queue on
    // its row lock until each other's commit (docs/BENCHMARKS.md).
    const used = await m.query<unknown[]>(
      'SELECT 1 FROM template_versions WHERE code = $1 AND version = $2 AND first_used_at IS NOT NULL',
      [template.code, template.version],
    );
    if (used.length) return;
    await m.query(
      `INSERT INTO template_versions (code, version, content, content_hash, first_used_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (code, version) DO UPDATE SET first_used_at = COALESCE(template_versions.first_used_at, now())`,
      [template.code, template.version, JSON.stringify(template), contentHash(template)],
    );
  }
}
