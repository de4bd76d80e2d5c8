// Personal information in form values (个人信息: ID numbers, phone numbers, names): which fields of a
// template hold it, and how it is masked for those who see a form but are not entitled to it.
import { reportForm } from '../../workflows/forms';
import type { EventTemplate, FormSpec, PersonalDataKind, Step } from '../../workflows/template-types';

/** Field key → kind, for one form. */
export type PersonalFields = ReadonlyMap<string, PersonalDataKind>;

/** The personal fields of a template: of each task/report step's form, and of each notice's receipt. */
export interface TemplatePersonalFields {
  steps: Map<string, Map<string, PersonalDataKind>>;
  receipts: Map<string, Map<string, PersonalDataKind>>;
}

function marked(form: FormSpec | undefined): Map<string, PersonalDataKind> {
  return new Map((form?.fields ?? []).filter((f) => f.personal).map((f) => [f.key, f.personal!]));
}

/** Of several versions of one template: a field marked personal in any of them counts as personal. */
export function personalFieldsOf(...templates: (EventTemplate | undefined)[]): TemplatePersonalFields {
  const out: TemplatePersonalFields = { steps: new Map(), receipts: new Map() };
  const add = (into: Map<string, Map<string, PersonalDataKind>>, stepId: string, fields: Map<string, PersonalDataKind>) => {
    if (!fields.size) return;
    const current = into.get(stepId) ?? new Map<string, PersonalDataKind>();
    for (const [k, v] of fields) current.set(k, v);
    into.set(stepId, current);
  };
  const walk = (steps: Step[]) => {
    for (const s of steps) {
      if (s.type === 'task') add(out.steps, s.id, marked(s.form));
      if (s.type === 'report') add(out.steps, s.id, marked(reportForm(s.form)));
      if (s.type === 'notify') add(out.receipts, s.id, marked(s.receipt?.form));
      if (s.type === 'parallel') s.branches.forEach((b) => walk(b.steps));
    }
  };
  for (const t of templates) if (t) walk(t.steps);
  return out;
}

const ID_NUMBER = /(?<![0-9])([1-9][0-9]{5})([0-9]{8,11})([0-9]{3}[0-9Xx])(?![0-9Xx])/g;
const PHONE = /(?<![0-9])(1[3-9][0-9]|0[0-9]{2,3})([- ]?[0-9]{3,4}[- ]?)([0-9]{4})(?![0-9])/g;
/**
 * A name at the start of each entry of a text: Chinese characters (with ·) or Latin words, after the
 * start or a list separator — "张三、李四", "联系人：张晓梅" name several people in one field.
 */
const LEADING_NAME = /(^|[、，,；;：:/\n])(\s*)([\u4e00-\u9fff·]+|[A-Za-z][A-Za-z'-]+(?: [A-Za-z][A-Za-z'-]+)*)/g;
/**
 * A number the patterns above do not recognise (a typo, spaces, +86, a passport or Hong Kong ID):
 * a run of letters and digits (single separators allowed) with five digits or more, not already masked.
 */
const LOOSE_NUMBER = /(?<![*0-9A-Za-z])[0-9A-Za-z](?:[- ]?[0-9A-Za-z]){4,}(?![*0-9A-Za-z])/g;

/** `500229********1234`: ID numbers keep the region code and the last four. */
function maskIdNumbers(text: string): string {
  return text.replace(ID_NUMBER, (_, head: string, middle: string, tail: string) => `${head}${'*'.repeat(middle.length)}${tail}`);
}

/** `138****5678`: phones keep the first three and the last four digits. */
function maskPhones(text: string): string {
  return text.replace(PHONE, (_, head: string, middle: string, tail: string) => `${head}${'*'.repeat(middle.replace(/[- ]/g, '').length)}${tail}`);
}

/** `张*`, `王***`: a name keeps its first character. */
function maskLeadingName(text: string): string {
  return text.replace(
    LEADING_NAME,
    // A one-character name (芳) keeping its first character would be shown whole.
    (_, sep: string, space: string, name: string) => `${sep}${space}${[...name].length > 1 ? [...name][0] : ''}${'*'.repeat(Math.max([...name].length - 1, 1))}`,
  );
}

/** What a personal field holds that is not shaped as expected is masked all the same: only a long one keeps its last four. */
function maskLooseNumbers(text: string): string {
  return text.replace(LOOSE_NUMBER, (run) => {
    if ((run.match(/[0-9]/g) ?? []).length < 5) return run;
    const chars = run.replace(/[- ]/g, '').length;
    let keep = chars >= 10 ? 4 : chars >= 7 ? 2 : 0;
    return [...run]
      .reverse()
      .map((c) => (c === '-' || c === ' ' ? c : keep-- > 0 ? c : '*'))
      .reverse()
      .join('');
  });
}

function maskText(kind: PersonalDataKind, text: string): string {
  // Numbers are masked whatever the kind: an ID number typed into a names field is still one.
  const numbers = maskLooseNumbers(maskPhones(maskIdNumbers(text)));
  return kind === 'name' || kind === 'contact' ? maskLeadingName(numbers) : numbers;
}

/** One value of a personal field, masked: texts and lists of texts; other values are withheld. */
export function maskValue(kind: PersonalDataKind, value: unknown): unknown {
  if (typeof value === 'string') return maskText(kind, value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? maskText(kind, v) : '***'));
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  return '***';
}

/**
 * A form's values as someone not entitled to personal data sees them: marked fields masked, and
 * anything shaped like an ID number masked in every other text too (it may have been typed anywhere).
 */
export function maskValues(values: Record<string, unknown>, personal: PersonalFields | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const kind = personal?.get(key);
    if (kind) out[key] = maskValue(kind, value);
    else if (typeof value === 'string') out[key] = maskIdNumbers(value);
    else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' ? maskIdNumbers(v) : v));
    else out[key] = value;
  }
  return out;
}
