// The zod schema of an event template: the shape mirrors workflows/template-types.ts, and the
// cross-field rules catch what a template author gets wrong before an event ever runs on it.

import { z } from 'zod';
import { ROLE_CODES } from '../org/org.constants';
import type {
  ApprovalStep,
  AudienceRef,
  EventTemplate,
  FormField,
  FormSpec,
  NotifyStep,
  ParallelStep,
  PartyRef,
  ReportStep,
  SignOffLevel,
  Step,
  TaskStep,
  WaitStep,
} from '../../workflows/template-types';
import { PERSONAL_DATA_KINDS } from '../../workflows/template-types';
import { STANDARD_REPORT_FIELDS } from '../../workflows/forms';
import { OffsetSyntaxError, offsetSign, tryParseOffset } from '../../workflows/offsets';

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;
const LEAD_DEPARTMENT = '$lead';

const kebabCase = (what: string) => z.string().regex(KEBAB_CASE, `${what} must be kebab-case, e.g. "draft-plan"`);
const stepId = kebabCase('a step id');
const unitCode = kebabCase('a unit code');
/** A unit in a party or audience: a unit code, or `$lead` for the template's lead department. */
const unitRef = z
  .string()
  .refine((v) => v === LEAD_DEPARTMENT || KEBAB_CASE.test(v), `must be a unit code (kebab-case) or "${LEAD_DEPARTMENT}"`);
const nonBlank = z.string().trim().min(1, 'must not be empty');

// ---------------------------------------------------------------------------------------------
// Offsets

type OffsetRule = 'any' | 'positive' | 'negative' | 'clockPositive';

const OFFSET_RULE_MESSAGES: Record<Exclude<OffsetRule, 'any'>, string> = {
  positive: 'must be a positive duration, e.g. "3d"',
  negative: 'must be before the event, e.g. "-7d"',
  clockPositive: 'must be a positive clock duration in d/h/m, e.g. "4h" or "2d" (not working days)',
};

function offsetText(rule: OffsetRule = 'any') {
  // YAML reads an unquoted 0 as a number; "0" is the only offset that can be written that way.
  return z.preprocess(
    (value) => (value === 0 ? '0' : value),
    z.string().superRefine((text, ctx) => {
      const parsed = tryParseOffset(text);
      if (!parsed) {
        ctx.addIssue({ code: 'custom', message: new OffsetSyntaxError(text).message });
        return;
      }
      const sign = offsetSign(parsed);
      const ok =
        rule === 'any' ||
        (rule === 'positive' && sign > 0) ||
        (rule === 'negative' && sign < 0) ||
        (rule === 'clockPositive' && sign > 0 && 'minutes' in parsed);
      if (!ok) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(text)} ${OFFSET_RULE_MESSAGES[rule]}` });
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Building blocks

export const LocalizedTextSchema = z.strictObject({ 'zh-CN': nonBlank, en: nonBlank });

export const RelativeTimeSchema = z
  .strictObject({
    anchor: z.enum(['eventStart', 'eventEnd', 'stepStart']),
    offset: offsetText(),
  })
  .superRefine((time, ctx) => {
    const parsed = tryParseOffset(time.offset);
    if (time.anchor === 'stepStart' && parsed && offsetSign(parsed) < 0) {
      ctx.addIssue({ code: 'custom', path: ['offset'], message: 'a time measured from the step\'s own start cannot be before it' });
    }
  });

export const RoleCodeSchema = z.enum(ROLE_CODES);

export const PartyRefSchema = z.union(
  [
    z.strictObject({ organiser: z.literal(true) }),
    z.strictObject({ role: RoleCodeSchema, unit: unitRef }),
    z.strictObject({ role: z.literal('vice-chair'), inChargeOf: unitRef }),
    z.strictObject({ role: z.literal('chair') }),
    z.strictObject({ user: nonBlank }),
  ],
  {
    error:
      'Invalid party: expected one of {organiser: true} | {role, unit} | {role: vice-chair, inChargeOf} | {role: chair} | {user}',
  },
);

export const UnitGroupCodeSchema = z.enum(['districts', 'agency-committees', 'exec-committee', 'wcc-members', 'departments']);

export const AudienceRefSchema = z.union(
  [
    z.strictObject({ unitGroup: UnitGroupCodeSchema }),
    z.strictObject({ unit: unitRef }),
    z.strictObject({ role: RoleCodeSchema, unit: unitRef }),
    z.strictObject({ participants: z.literal(true) }),
    z.strictObject({ organiser: z.literal(true) }),
  ],
  {
    error:
      'Invalid audience: expected one of {unitGroup} | {unit} | {role, unit} | {participants: true} | {organiser: true}',
  },
);

const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'integer',
  'date',
  'datetime',
  'boolean',
  'select',
  'multiselect',
  'url',
  'list',
] as const;
const CHOICE_TYPES: readonly string[] = ['select', 'multiselect'];
const NUMERIC_TYPES: readonly string[] = ['number', 'integer'];
const LENGTH_TYPES: readonly string[] = ['text', 'textarea', 'list'];

export const FormFieldSchema = z
  .strictObject({
    key: z.string().regex(CAMEL_CASE, 'a field key must be camelCase, e.g. "guestCount"'),
    type: z.enum(FIELD_TYPES),
    label: LocalizedTextSchema,
    required: z.boolean().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    minLength: z.number().int().nonnegative().optional(),
    maxLength: z.number().int().positive().optional(),
    options: z.array(z.strictObject({ value: nonBlank, label: LocalizedTextSchema })).optional(),
    help: LocalizedTextSchema.optional(),
    personal: z.enum(PERSONAL_DATA_KINDS).optional(),
  })
  .superRefine((field, ctx) => {
    if (CHOICE_TYPES.includes(field.type)) {
      if (!field.options?.length) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.type} field needs options` });
      } else {
        reportDuplicates(
          field.options.map((o) => o.value),
          (i, value) => ctx.addIssue({ code: 'custom', path: ['options', i, 'value'], message: `duplicate option ${JSON.stringify(value)}` }),
        );
      }
    } else if (field.options !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: `options apply only to select/multiselect, not to ${field.type}` });
    }
    for (const bound of ['min', 'max'] as const) {
      if (field[bound] !== undefined && !NUMERIC_TYPES.includes(field.type)) {
        ctx.addIssue({ code: 'custom', path: [bound], message: `${bound} applies only to number/integer, not to ${field.type}` });
      }
    }
    for (const bound of ['minLength', 'maxLength'] as const) {
      if (field[bound] !== undefined && !LENGTH_TYPES.includes(field.type)) {
        ctx.addIssue({ code: 'custom', path: [bound], message: `${bound} applies only to text/textarea/list, not to ${field.type}` });
      }
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `max (${field.max}) must not be less than min (${field.min})` });
    }
    if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxLength'],
        message: `maxLength (${field.maxLength}) must not be less than minLength (${field.minLength})`,
      });
    }
  });

export const FormSpecSchema = z
  .strictObject({ fields: z.array(FormFieldSchema).min(1, 'a form needs at least one field') })
  .superRefine((form, ctx) => {
    reportDuplicates(
      form.fields.map((f) => f.key),
      (i, key) => ctx.addIssue({ code: 'custom', path: ['fields', i, 'key'], message: `duplicate field key ${JSON.stringify(key)}` }),
    );
  });

const conditionValue = z.union([z.string(), z.number(), z.boolean()]);

export const StepConditionSchema = z
  .strictObject({
    step: stepId,
    field: z.string().regex(CAMEL_CASE, 'a field key must be camelCase'),
    equals: conditionValue.optional(),
    notEquals: conditionValue.optional(),
  })
  .superRefine((when, ctx) => {
    if ((when.equals === undefined) === (when.notEquals === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a condition needs exactly one of equals / notEquals' });
    }
  });

export const SignOffLevelSchema = z.strictObject({
  name: LocalizedTextSchema,
  mode: z.enum(['sequential', 'all', 'any']),
  approvers: z.array(PartyRefSchema).min(1, 'a sign-off level needs at least one approver'),
  sla: offsetText('positive').optional(),
});

const levels = z.array(SignOffLevelSchema).min(1, 'a sign-off needs at least one level');

// ---------------------------------------------------------------------------------------------
// Steps

const stepBase = {
  id: stepId,
  name: LocalizedTextSchema,
  when: StepConditionSchema.optional(),
};

// Declared first so that a parallel group can hold steps; resolved on first use.
export const StepSchema: z.ZodType<Step> = z.lazy(() =>
  z.discriminatedUnion('type', [
    TaskStepSchema,
    ApprovalStepSchema,
    NotifyStepSchema,
    WaitStepSchema,
    ParallelStepSchema,
    ReportStepSchema,
  ]),
);

export const TaskStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('task'),
  assignee: PartyRefSchema,
  due: RelativeTimeSchema.optional(),
  form: FormSpecSchema.optional(),
  description: LocalizedTextSchema.optional(),
});

export const ApprovalStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('approval'),
  subject: stepId,
  onReject: stepId.optional(),
  levels,
});

export const ReceiptSpecSchema = z.strictObject({
  due: RelativeTimeSchema,
  escalateAfter: offsetText('positive').optional(),
  form: FormSpecSchema.optional(),
});

export const NotifyStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('notify'),
  audience: z.array(AudienceRefSchema).min(1, 'a notice needs an audience'),
  subject: LocalizedTextSchema,
  message: LocalizedTextSchema,
  official: z.boolean().optional(),
  receipt: ReceiptSpecSchema.optional(),
});

export const WaitStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('wait'),
  // A wait measured from its own start would not move when the event is postponed.
  until: RelativeTimeSchema.refine((t) => t.anchor !== 'stepStart', {
    path: ['anchor'],
    message: 'a wait must be anchored on eventStart or eventEnd, not stepStart',
  }),
});

export const ParallelStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('parallel'),
  branches: z
    .array(z.strictObject({ name: LocalizedTextSchema, steps: z.array(StepSchema).min(1, 'a branch needs at least one step') }))
    .min(2, 'a parallel group needs at least two branches'),
});

export const ReportStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('report'),
  assignee: PartyRefSchema,
  due: RelativeTimeSchema,
  form: FormSpecSchema.optional(),
  signOff: z.strictObject({ levels }),
});

export const ReminderPolicySchema = z.strictObject({
  beforeEvent: z.array(offsetText('negative')).optional(),
  taskSla: offsetText('positive').optional(),
  signOffSla: offsetText('positive').optional(),
});

// ---------------------------------------------------------------------------------------------
// The template

export const EventTemplateSchema = z
  .strictObject({
    code: kebabCase('a template code'),
    version: z.number().int().positive(),
    name: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    kind: z.enum(['activity', 'meeting']),
    leadDepartment: unitCode,
    defaultDuration: offsetText('clockPositive'),
    dependsOn: z.strictObject({ template: kebabCase('a template code'), step: stepId.optional() }).optional(),
    reminders: ReminderPolicySchema.optional(),
    steps: z.array(StepSchema).min(1, 'a template needs steps'),
  })
  .superRefine(checkTemplate);

type Path = (string | number)[];
type IssueSink = (path: Path, message: string) => void;

/** The rules that need the whole template in view: ids, references between steps, the closing report. */
function checkTemplate(template: EventTemplate, ctx: z.RefinementCtx): void {
  const report: IssueSink = (path, message) => ctx.addIssue({ code: 'custom', path, message });

  if (template.dependsOn?.template === template.code) {
    report(['dependsOn', 'template'], 'a template cannot depend on itself');
  }

  // Every step in document order, with where it sits; the first holder of an id wins.
  const everyStep: { step: Step; path: Path }[] = [];
  collectSteps(template.steps, ['steps'], everyStep);
  const firstById = new Map<string, Path>();
  for (const { step, path } of everyStep) {
    const first = firstById.get(step.id);
    if (first) report([...path, 'id'], `duplicate step id ${JSON.stringify(step.id)} (already used at ${formatPath(first)})`);
    else firstById.set(step.id, path);
  }

  checkSequence(template.steps, ['steps'], new Map(), { report, knownIds: new Set(firstById.keys()) });

  // The interpreter archives the event once the report is signed off, so the report closes the template.
  const last = template.steps[template.steps.length - 1];
  if (last.type !== 'report') {
    report(['steps', template.steps.length - 1], 'a template must end with a report step (总结) as its last top-level step');
  }
  for (const { step, path } of everyStep) {
    if (step.type === 'report' && step !== last) {
      report(path, 'a template has exactly one report step, and it is the last top-level step');
    }
    if (step.type === 'report' && step.when) {
      report([...path, 'when'], 'the closing report cannot be conditional');
    }
    // The interpreter puts the standard report fields first and drops extra fields of the same key.
    if (step.type === 'report') {
      step.form?.fields.forEach((field, i) => {
        if (STANDARD_REPORT_FIELDS.some((f) => f.key === field.key)) {
          report([...path, 'form', 'fields', i, 'key'], `${JSON.stringify(field.key)} is already a standard report field`);
        }
      });
    }
  }
}

function collectSteps(steps: Step[], basePath: Path, into: { step: Step; path: Path }[]): void {
  steps.forEach((step, i) => {
    const path = [...basePath, i];
    into.push({ step, path });
    if (step.type === 'parallel') {
      step.branches.forEach((branch, j) => collectSteps(branch.steps, [...path, 'branches', j, 'steps'], into));
    }
  });
}

interface CheckContext {
  report: IssueSink;
  knownIds: ReadonlySet<string>;
}

/**
 * Walks a sequence, checking each step against the steps certain to have finished before it:
 * earlier steps of the same sequence (with everything inside them) and whatever preceded the
 * sequence itself. Sibling branches of a parallel group run side by side, so they do not count.
 * Returns every step the sequence contains.
 */
function checkSequence(steps: Step[], basePath: Path, before: ReadonlyMap<string, Step>, cx: CheckContext): Step[] {
  const finished = new Map(before);
  const contained: Step[] = [];
  steps.forEach((step, i) => {
    const path = [...basePath, i];
    checkStep(step, path, finished, cx);
    const inner: Step[] = [step];
    if (step.type === 'parallel') {
      step.branches.forEach((branch, j) => {
        inner.push(...checkSequence(branch.steps, [...path, 'branches', j, 'steps'], finished, cx));
      });
    }
    for (const s of inner) if (!finished.has(s.id)) finished.set(s.id, s);
    contained.push(...inner);
  });
  return contained;
}

function checkStep(step: Step, path: Path, finished: ReadonlyMap<string, Step>, cx: CheckContext): void {
  const earlierStep = (id: string, at: Path, what: string): Step | undefined => {
    const found = finished.get(id);
    if (found && found !== step) return found;
    cx.report(
      at,
      cx.knownIds.has(id)
        ? `${what} must name an earlier step; ${JSON.stringify(id)} is not finished before ${JSON.stringify(step.id)} starts`
        : `${what} names no step: ${JSON.stringify(id)}`,
    );
    return undefined;
  };

  if (step.when) {
    const target = earlierStep(step.when.step, [...path, 'when', 'step'], 'when.step');
    if (target) checkCondition(step, target, path, cx);
  }

  if (step.type === 'approval') {
    for (const key of ['subject', 'onReject'] as const) {
      const id = step[key];
      if (id === undefined) continue;
      const target = earlierStep(id, [...path, key], key);
      if (target && target.type !== 'task' && target.type !== 'report') {
        cx.report([...path, key], `${key} must name a task or report step; ${JSON.stringify(id)} is a ${target.type} step`);
      }
    }
  }

  if (step.type === 'notify') {
    for (const part of ['subject', 'message'] as const) {
      for (const lang of ['zh-CN', 'en'] as const) {
        checkPlaceholders(step, step[part][lang], [...path, part, lang], finished, cx);
      }
    }
  }
}

function formOf(step: Step): FormSpec | undefined {
  return step.type === 'task' || step.type === 'report' ? step.form : undefined;
}

function checkCondition(step: Step, target: Step, path: Path, cx: CheckContext): void {
  const when = step.when!;
  const field = formOf(target)?.fields.find((f) => f.key === when.field);
  if (!field) {
    const keys = formOf(target)?.fields.map((f) => f.key) ?? [];
    cx.report(
      [...path, 'when', 'field'],
      `${JSON.stringify(when.field)} is not a field of step ${JSON.stringify(target.id)}'s form` +
        (keys.length ? ` (fields: ${keys.join(', ')})` : ' (it has no form)'),
    );
    return;
  }
  for (const key of ['equals', 'notEquals'] as const) {
    const value = when[key];
    if (value === undefined) continue;
    const problem = conditionMismatch(field, value);
    if (problem) cx.report([...path, 'when', key], problem);
  }
}

function conditionMismatch(field: FormField, value: string | number | boolean): string | undefined {
  const expected =
    field.type === 'boolean' ? 'boolean' : field.type === 'number' || field.type === 'integer' ? 'number' : 'string';
  if (typeof value !== expected) {
    return `field ${JSON.stringify(field.key)} is ${field.type}; compare it with a ${expected}, not ${JSON.stringify(value)}`;
  }
  if (field.type === 'select' && !field.options?.some((o) => o.value === value)) {
    return `${JSON.stringify(value)} is not an option of field ${JSON.stringify(field.key)}`;
  }
  return undefined;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const EVENT_PLACEHOLDERS = new Set(['title', 'startsAt', 'endsAt', 'venue', 'templateName', 'docNumber', 'organiser']);

function checkPlaceholders(step: NotifyStep, text: string, path: Path, finished: ReadonlyMap<string, Step>, cx: CheckContext): void {
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (EVENT_PLACEHOLDERS.has(name)) continue;
    const ref = /^steps\.([^.]+)\.([^.]+)$/.exec(name);
    if (!ref) {
      cx.report(path, `unknown placeholder {{${name}}}; use ${[...EVENT_PLACEHOLDERS].map((p) => `{{${p}}}`).join(' ')} or {{steps.<stepId>.<field>}}`);
      continue;
    }
    const [, id, key] = ref;
    const target = finished.get(id);
    if (!target || target === step) {
      cx.report(path, `placeholder {{${name}}} must refer to an earlier step`);
    } else if (!formOf(target)?.fields.some((f) => f.key === key)) {
      cx.report(path, `placeholder {{${name}}}: ${JSON.stringify(key)} is not a field of step ${JSON.stringify(id)}'s form`);
    } else if (formOf(target)?.fields.some((f) => f.key === key && f.personal)) {
      // Messages go to email, group robots and every recipient's inbox: personal data never does.
      cx.report(path, `placeholder {{${name}}}: ${JSON.stringify(key)} is personal data and cannot go into a message`);
    }
  }
}

function reportDuplicates(values: string[], onDuplicate: (index: number, value: string) => void): void {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value)) onDuplicate(i, value);
    seen.add(value);
  });
}

// ---------------------------------------------------------------------------------------------
// Reporting

export interface TemplateIssue {
  /** e.g. `steps[3].levels[0].mode`; empty for the document as a whole. */
  path: string;
  message: string;
}

/** `['steps', 3, 'levels', 0, 'mode']` → `steps[3].levels[0].mode`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, '');
}

/**
 * Flattens zod's issues into path + message. When every option of a union fails, the option that
 * came closest (fewest issues, and only one such) explains the problem better than "Invalid input".
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): TemplateIssue[] {
  const out: TemplateIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = closestOption(issue.errors);
      if (closest) {
        out.push(...describeIssues(closest, path));
        continue;
      }
    }
    let message = issue.message;
    if (issue.code === 'invalid_union' && 'options' in issue && issue.options?.length) {
      message = `Invalid option: expected one of ${issue.options.map((o) => JSON.stringify(o)).join('|')}`;
    }
    out.push({ path: formatPath(path), message });
  }
  return out;
}

function closestOption(options: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | undefined {
  const fewest = Math.min(...options.map((o) => o.length));
  const closest = options.filter((o) => o.length === fewest);
  return closest.length === 1 ? closest[0] : undefined;
}

export type ParsedTemplate = { ok: true; template: EventTemplate } | { ok: false; issues: TemplateIssue[] };

/** Validates plain data (from YAML or an API body) as an event template. */
export function parseEventTemplate(data: unknown): ParsedTemplate {
  const result = EventTemplateSchema.safeParse(data);
  return result.success ? { ok: true, template: result.data } : { ok: false, issues: describeIssues(result.error.issues) };
}

// ---------------------------------------------------------------------------------------------
// Compile-time guard: the schema and the interpreter's types must describe the same data.

type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AllTrue<T extends boolean[]> = T[number] extends true ? true : false;
type Expect<T extends true> = T;
export type SchemaMirrorsTemplateTypes = Expect<
  AllTrue<
    [
      MutuallyAssignable<z.output<typeof EventTemplateSchema>, EventTemplate>,
      MutuallyAssignable<z.output<typeof TaskStepSchema>, TaskStep>,
      MutuallyAssignable<z.output<typeof ApprovalStepSchema>, ApprovalStep>,
      MutuallyAssignable<z.output<typeof NotifyStepSchema>, NotifyStep>,
      MutuallyAssignable<z.output<typeof WaitStepSchema>, WaitStep>,
      MutuallyAssignable<z.output<typeof ParallelStepSchema>, ParallelStep>,
      MutuallyAssignable<z.output<typeof ReportStepSchema>, ReportStep>,
      MutuallyAssignable<z.output<typeof SignOffLevelSchema>, SignOffLevel>,
      MutuallyAssignable<z.output<typeof FormFieldSchema>, FormField>,
      MutuallyAssignable<z.output<typeof PartyRefSchema>, PartyRef>,
      MutuallyAssignable<z.output<typeof AudienceRefSchema>, AudienceRef>,
    ]
  >
>;
