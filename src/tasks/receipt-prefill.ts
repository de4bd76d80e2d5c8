// A task that starts from what the units sent: the `prefill` declaration of a task step (e.g. A1's
// 资格审查 from the nominations in the selection notice's receipts), checked when the template loads
// and applied when the task is opened on screen.
import type { FormField, FormSpec, Step, TaskPrefill, TaskStep } from '../../workflows/template-types';

export interface PrefillProblem {
  path: (string | number)[];
  message: string;
}

/** Receipt fields whose values a list field collects: lists are joined, single texts become items. */
const COLLECTED_INTO_LIST: readonly string[] = ['list', 'text', 'textarea', 'url'];
const NUMERIC: readonly string[] = ['number', 'integer'];

/** Why a mapping of `from` (a receipt field) into `into` (a form field) cannot work; undefined when it can. */
function mappingProblem(into: FormField, from: FormField): string | undefined {
  if (into.type === 'list') {
    if (!COLLECTED_INTO_LIST.includes(from.type)) return `a list field collects list or text values, not ${from.type} (${from.key})`;
  } else if (NUMERIC.includes(into.type)) {
    if (!NUMERIC.includes(from.type)) return `${into.type === 'integer' ? 'an integer' : 'a number'} field sums number values, not ${from.type} (${from.key})`;
    if (into.type === 'integer' && from.type === 'number') return `an integer field cannot sum the number field ${from.key}`;
  } else {
    return `a prefilled field must be a list (values collected) or a number (values summed), not ${into.type}`;
  }
  // A masked field stays masked: its values may not land in a field shown in full.
  if (from.personal && into.personal !== from.personal) {
    return `${from.key} is personal data (${from.personal}); the field it fills must be marked personal: ${from.personal} too`;
  }
  return undefined;
}

/** What is wrong with `step.prefill`, given the step it names (already known to finish before `step`). */
export function prefillProblems(step: TaskStep, source: Step): PrefillProblem[] {
  const prefill = step.prefill!;
  const receiptForm = source.type === 'notify' ? source.receipt?.form : undefined;
  if (!receiptForm?.fields.length) {
    return [{ path: ['fromReceipts'], message: `prefill.fromReceipts must name a notice whose receipt has a form; ${JSON.stringify(source.id)} has none` }];
  }
  const problems: PrefillProblem[] = [];
  const fieldOf = (form: FormSpec | undefined, key: string) => form?.fields.find((f) => f.key === key);
  const mapped = Object.keys(prefill.map ?? {});
  const counted = Object.keys(prefill.count ?? {});
  if (!mapped.length && !counted.length) problems.push({ path: [], message: 'prefill needs at least one field in map or count' });

  const check = (part: 'map' | 'count', intoKey: string, fromKey: string, problem: (into: FormField, from: FormField) => string | undefined) => {
    const into = fieldOf(step.form, intoKey);
    const from = fieldOf(receiptForm, fromKey);
    if (!into) problems.push({ path: [part, intoKey], message: `${JSON.stringify(intoKey)} is not a field of step ${JSON.stringify(step.id)}'s form` });
    if (!from) problems.push({ path: [part, intoKey], message: `${JSON.stringify(fromKey)} is not a field of ${JSON.stringify(source.id)}'s receipt` });
    const why = into && from && problem(into, from);
    if (why) problems.push({ path: [part, intoKey], message: why });
  };
  for (const [intoKey, fromKey] of Object.entries(prefill.map ?? {})) check('map', intoKey, fromKey, mappingProblem);
  for (const [intoKey, fromKey] of Object.entries(prefill.count ?? {})) {
    check('count', intoKey, fromKey, (into, from) =>
      into.type !== 'integer' ? `a count goes into an integer field, not ${into.type}` : from.type !== 'list' ? `a count counts the items of a list field, not ${from.type} (${from.key})` : undefined,
    );
    if (mapped.includes(intoKey)) problems.push({ path: ['count', intoKey], message: `${JSON.stringify(intoKey)} is filled by map already` });
  }
  return problems;
}

/** The items a receipt value contributes to a list: a list's non-blank entries, or a single text. */
function itemsOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

/**
 * The starting values of a prefilled form from the acknowledged receipts' values, in the notice's
 * unit order: lists joined (not de-duplicated: two nominees may share a name), numbers summed,
 * counts of list items. A list no unit filled is left out; a count is given even when it is 0.
 */
export function prefillValues(prefill: TaskPrefill, form: FormSpec | undefined, receipts: readonly (Record<string, unknown> | null | undefined)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sent = receipts.filter((r): r is Record<string, unknown> => !!r);
  for (const [intoKey, fromKey] of Object.entries(prefill.map ?? {})) {
    const into = form?.fields.find((f) => f.key === intoKey);
    if (into?.type === 'list') {
      const items = sent.flatMap((r) => itemsOf(r[fromKey]));
      if (items.length) out[intoKey] = items;
    } else if (into) {
      const numbers = sent.map((r) => r[fromKey]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (numbers.length) out[intoKey] = numbers.reduce((a, b) => a + b, 0);
    }
  }
  for (const [intoKey, fromKey] of Object.entries(prefill.count ?? {})) {
    out[intoKey] = sent.reduce((n, r) => n + itemsOf(r[fromKey]).length, 0);
  }
  return out;
}
