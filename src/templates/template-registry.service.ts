// The event templates the product ships (templates/*.yaml), loaded and validated at start-up. A
// version that an event has used is frozen: changing its file without a new version stops start-up.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import type { CampaignUnit } from '../../workflows/campaign-model';
import type { CampaignTemplate } from '../../workflows/campaign-types';
import type { EventTemplate, Step } from '../../workflows/template-types';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { allocationCodeParts, allocationEventTemplate } from '../campaigns/allocation-template';
import { loadCampaignTemplates } from '../campaigns/campaign-template-loader';
import { loadTemplates } from './template-loader';

/**
 * The campaign templates live beside the event templates (`campaigns/` next to `templates/`), since
 * they name event templates of that set; a set of templates without the folder has no campaigns.
 */
export const campaignsDirOf = (templatesDir: string): string => join(dirname(templatesDir), 'campaigns');

const UNIT_KINDS: Record<CampaignTemplate['units'][number], string> = { districts: 'district', 'agency-committees': 'agency-committee' };

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
  private campaignTemplates: CampaignTemplate[] = [];
  /** The units each campaign template gives targets to (by its code), as the directory had them at start-up. */
  private campaignUnits = new Map<string, CampaignUnit[]>();

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
    await this.loadCampaigns(new Set(this.templates.keys()));
  }

  private async loadCampaigns(eventTemplateCodes: ReadonlySet<string>): Promise<void> {
    const dir = campaignsDirOf(this.config.templatesDir);
    this.campaignTemplates = existsSync(dir) ? loadCampaignTemplates(dir, eventTemplateCodes) : [];
    this.campaignUnits = new Map(await Promise.all(this.campaignTemplates.map(async (c) => [c.code, await this.unitsOf(c)] as const)));
    // The units an allocation template names (its lead, sign-off, audience) are the same every year.
    await this.checkUnits(this.campaignTemplates.map((c) => allocationEventTemplate(c, this.campaignUnits.get(c.code)!, new Date().getFullYear())));
  }

  /**
   * A year's allocation template (任务分解), generated from its campaign template: found by code, never
   * offered to start by hand. Its rows are today's units; an event of that year runs, and its pages
   * show, the version stored when its campaign started it.
   */
  private allocationTemplate(code: string): EventTemplate | undefined {
    const parts = allocationCodeParts(code);
    const campaign = parts && this.campaignTemplates.find((c) => c.code === parts.campaignCode);
    return campaign && allocationEventTemplate(campaign, this.campaignUnits.get(campaign.code)!, parts.year);
  }

  /** The units a campaign gives targets to, in the directory's order, as a campaign started today would have them. */
  private async unitsOf(campaign: CampaignTemplate): Promise<CampaignUnit[]> {
    const rows = await this.dataSource.query<{ code: string; name_zh: string }[]>(
      'SELECT code, name_zh FROM units WHERE kind = ANY($1) ORDER BY sort_order, code',
      [campaign.units.map((k) => UNIT_KINDS[k])],
    );
    return rows.map((r) => ({ code: r.code, name: r.name_zh }));
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

  /** The templates an organiser may start an event from (活动模板); the generated ones are not among them. */
  list(): EventTemplate[] {
    return [...this.templates.values()];
  }

  get(code: string): EventTemplate {
    const t = this.find(code);
    if (!t) throw new DomainError('NOT_FOUND', `没有此模板：${code}`, `No template with code ${code}`);
    return t;
  }

  find(code: string): EventTemplate | undefined {
    return this.templates.get(code) ?? this.allocationTemplate(code);
  }

  /** The campaign templates (campaigns/*.yaml), sorted by code. */
  campaigns(): CampaignTemplate[] {
    return this.campaignTemplates;
  }

  /** Records that an event uses this version, inside the caller's transaction; from now on it is frozen. */
  markUsed(m: EntityManager, template: EventTemplate): Promise<void> {
    return markTemplateUsed(m, template);
  }
}

/** markUsed without the registry: for events a workflow starts (a campaign's allocation event). */
export async function markTemplateUsed(m: EntityManager, template: EventTemplate): Promise<void> {
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
