// Reads the shipped event templates (templates/*.yaml) and refuses the whole set if any file is wrong,
// naming the file and the field, so a bad template stops start-up instead of a running event.

import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import type { EventTemplate, Step } from '../../workflows/template-types';
import { parseEventTemplate, providedField, readMismatch, readTarget, type TemplateIssue } from './template.schema';

export class TemplateValidationError extends Error {
  readonly code = 'TEMPLATE_INVALID';

  constructor(
    /** The file as the message shows it, e.g. `templates/womens-day-110.yaml`. */
    readonly file: string,
    readonly issues: TemplateIssue[],
  ) {
    super(issues.map((issue) => `${file}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`).join('\n'));
    this.name = 'TemplateValidationError';
  }
}

/** Parses and validates one template's YAML text; `file` only labels the errors. */
export function parseTemplateYaml(text: string, file: string): EventTemplate {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    // The first line says what and where ("... at line 3, column 1"); the rest is a code frame.
    throw new TemplateValidationError(
      file,
      document.errors.map((e) => ({ path: '', message: e.message.split('\n')[0].replace(/:$/, '') })),
    );
  }
  const parsed = parseEventTemplate(document.toJS());
  if (!parsed.ok) throw new TemplateValidationError(file, parsed.issues);
  return parsed.template;
}

/**
 * Loads every `*.yaml` in `dir`, sorted by code. Each file must be named `<code>.yaml`; no two may
 * share a code and version; a `dependsOn` must name a loaded template (and one of its steps).
 */
export function loadTemplates(dir: string): EventTemplate[] {
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yaml'))
    .map((entry) => entry.name)
    .sort();

  const loaded = files.map((name) => {
    const file = displayPath(join(dir, name));
    const template = parseTemplateYaml(readFileSync(join(dir, name), 'utf8'), file);
    return { template, file, namedAfterCode: name === `${template.code}.yaml` };
  });

  // Two copies of one template are reported as such (against the copy that is not named after its
  // code) before the file-name rule would refuse the copy for its name alone.
  const byCodeAndVersion = new Map<string, typeof loaded>();
  for (const entry of loaded) {
    const key = `${entry.template.code}@${entry.template.version}`;
    byCodeAndVersion.set(key, [...(byCodeAndVersion.get(key) ?? []), entry]);
  }
  for (const copies of byCodeAndVersion.values()) {
    if (copies.length < 2) continue;
    const original = copies.find((c) => c.namedAfterCode) ?? copies[0];
    const copy = copies.find((c) => c !== original)!;
    throw new TemplateValidationError(copy.file, [
      { path: 'code', message: `${copy.template.code} version ${copy.template.version} is already defined in ${original.file}` },
    ]);
  }

  for (const { template, file, namedAfterCode } of loaded) {
    if (!namedAfterCode) {
      throw new TemplateValidationError(file, [
        { path: 'code', message: `the file must be named ${template.code}.yaml to match its code "${template.code}"` },
      ]);
    }
  }

  checkDependencies(loaded);
  checkReads(loaded);

  return loaded
    .map((l) => l.template)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.version - b.version));
}

function checkDependencies(loaded: { template: EventTemplate; file: string }[]): void {
  const byCode = new Map<string, EventTemplate[]>();
  for (const { template } of loaded) byCode.set(template.code, [...(byCode.get(template.code) ?? []), template]);

  for (const { template, file } of loaded) {
    const dependsOn = template.dependsOn;
    if (!dependsOn) continue;
    const targets = byCode.get(dependsOn.template);
    if (!targets) {
      throw new TemplateValidationError(file, [
        { path: 'dependsOn.template', message: `no template with code "${dependsOn.template}" is loaded` },
      ]);
    }
    if (dependsOn.step && !targets.some((t) => allStepIds(t.steps).has(dependsOn.step!))) {
      throw new TemplateValidationError(file, [
        { path: 'dependsOn.step', message: `template "${dependsOn.template}" has no step "${dependsOn.step}"` },
      ]);
    }
    // Follow the chain: an event that waits on itself (through others) could never be held.
    const seen = [template.code];
    for (let next = dependsOn.template; ; ) {
      if (seen.includes(next)) {
        throw new TemplateValidationError(file, [
          { path: 'dependsOn.template', message: `circular dependency: ${[...seen, next].join(' → ')}` },
        ]);
      }
      seen.push(next);
      const following = byCode.get(next)?.find((t) => t.dependsOn)?.dependsOn?.template;
      if (!following) break;
      next = following;
    }
  }
}

/** A read names a loaded template that provides the value, in a type the target field holds. */
function checkReads(loaded: { template: EventTemplate; file: string }[]): void {
  for (const { template, file } of loaded) {
    const issues: TemplateIssue[] = [];
    template.reads?.forEach((read, i) => {
      const sources = loaded.filter((l) => l.template.code === read.from).map((l) => l.template);
      if (!sources.length) {
        issues.push({ path: `reads[${i}].from`, message: `no template with code "${read.from}" is loaded` });
        return;
      }
      const into = readTarget(template, read);
      for (const source of sources) {
        const field = providedField(source, read.value);
        if (!field) {
          const offered = Object.keys(source.provides ?? {});
          issues.push({
            path: `reads[${i}].value`,
            message: `template "${read.from}" provides no value "${read.value}"` + (offered.length ? ` (it provides: ${offered.join(', ')})` : ' (it provides none)'),
          });
          continue;
        }
        const mismatch = into && readMismatch(field, into);
        if (mismatch) issues.push({ path: `reads[${i}].into.field`, message: `${mismatch} (the value "${read.value}" of "${read.from}")` });
      }
    });
    if (issues.length) throw new TemplateValidationError(file, issues);
  }
}

function allStepIds(steps: Step[], into = new Set<string>()): Set<string> {
  for (const step of steps) {
    into.add(step.id);
    if (step.type === 'parallel') for (const branch of step.branches) allStepIds(branch.steps, into);
  }
  return into;
}

// Relative to the working directory when inside it (`templates/x.yaml`), otherwise as given.
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
