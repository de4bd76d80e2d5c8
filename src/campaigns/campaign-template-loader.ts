// Reads the shipped campaign templates (campaigns/*.yaml) and refuses the whole set when any file is
// wrong, listing every problem (file, field, message) at once: an author fixing a year's plan should
// not have to restart once per mistake.

import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import type { CampaignTemplate } from '../../workflows/campaign-types';
import { campaignReferenceProblems, parseCampaignTemplate } from './campaign-template.schema';

export interface CampaignTemplateProblem {
  /** The file as the message shows it, e.g. `campaigns/clean-family-campaign.yaml`. */
  file: string;
  /** e.g. `targets[2].planFigure`; empty for the file as a whole. */
  path: string;
  message: string;
}

export class CampaignTemplateValidationError extends Error {
  readonly code = 'CAMPAIGN_TEMPLATE_INVALID';

  constructor(readonly problems: CampaignTemplateProblem[]) {
    super(problems.map((p) => `${p.file}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n'));
    this.name = 'CampaignTemplateValidationError';
  }
}

type Parsed = { ok: true; template: CampaignTemplate } | { ok: false; problems: CampaignTemplateProblem[] };

/** Parses and validates one campaign template's YAML text; `file` only labels the problems. */
export function parseCampaignTemplateYaml(text: string, file: string): Parsed {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    // The first line says what and where ("... at line 3, column 1"); the rest is a code frame.
    return { ok: false, problems: document.errors.map((e) => ({ file, path: '', message: e.message.split('\n')[0].replace(/:$/, '') })) };
  }
  const parsed = parseCampaignTemplate(document.toJS());
  return parsed.ok ? parsed : { ok: false, problems: parsed.issues.map((issue) => ({ file, ...issue })) };
}

/**
 * Loads every `*.yaml` in `dir`, sorted by code. Each file is named `<code>.yaml`, no two share a code
 * and version, and the event templates a campaign names (`eventTemplate`, `districtActivity`) are
 * among `eventTemplateCodes`. Throws one CampaignTemplateValidationError listing every problem.
 */
export function loadCampaignTemplates(dir: string, eventTemplateCodes: ReadonlySet<string>): CampaignTemplate[] {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => entry.name)
    .sort();

  const problems: CampaignTemplateProblem[] = [];
  const loaded: { template: CampaignTemplate; file: string; namedAfterCode: boolean }[] = [];
  for (const name of names) {
    const file = displayPath(join(dir, name));
    const parsed = parseCampaignTemplateYaml(readFileSync(join(dir, name), 'utf8'), file);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    problems.push(...campaignReferenceProblems(parsed.template, eventTemplateCodes).map((issue) => ({ file, ...issue })));
    loaded.push({ template: parsed.template, file, namedAfterCode: name === `${parsed.template.code}.yaml` });
  }

  // A second copy of one code and version is reported as such, against the copy named after its code,
  // rather than for its file name alone.
  const copies = new Set<(typeof loaded)[number]>();
  for (const entry of loaded) {
    const same = loaded.filter((l) => l.template.code === entry.template.code && l.template.version === entry.template.version);
    const original = same.find((l) => l.namedAfterCode) ?? same[0];
    if (entry === original) continue;
    copies.add(entry);
    const { code, version } = entry.template;
    problems.push({
      file: entry.file,
      path: 'code',
      message: `${code} 第 ${version} 版已在 ${original.file} 中定义 / ${code} version ${version} is already defined in ${original.file}`,
    });
  }
  for (const entry of loaded) {
    if (entry.namedAfterCode || copies.has(entry)) continue;
    const { code } = entry.template;
    problems.push({
      file: entry.file,
      path: 'code',
      message: `文件名须为 ${code}.yaml，与代码 "${code}" 一致 / the file must be named ${code}.yaml to match its code "${code}"`,
    });
  }

  // By file (stable, so each file's problems keep their order), as an author works through them.
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (problems.length) throw new CampaignTemplateValidationError(problems);
  return loaded
    .map((l) => l.template)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.version - b.version));
}

// Relative to the working directory when inside it (`campaigns/x.yaml`), otherwise as given.
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
