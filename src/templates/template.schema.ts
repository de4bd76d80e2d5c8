// The zod schema of an event template: the shape mirrors workflows/template-types.ts, and the
// cross-field rules catch what a template author gets wrong before an event ever runs on it.

import { z } from 'zod';
import type { AllTrue, Expect, MutuallyAssignable } from '../common/type-checks';
import { ROLE_CODES } from '../org/org.constants';
import type {
  AllocationFieldSpec,
  ApprovalStep,
  AudienceRef,
  DocumentSpec,
  EventTemplate,
  FormField,
  FormSpec,
  NotifyStep,
  ParallelStep,
  PartyRef,
  ReadValue,
  ReportStep,
  SignOffLevel,
  Step,
  TaskStep,
  WaitStep,
} from '../../workflows/template-types';
import { PERSONAL_DATA_KINDS } from '../../workflows/template-types';
import { STANDARD_REPORT_FIELDS } from '../../workflows/forms';
import { OffsetSyntaxError, offsetSign, tryParseOffset } from '../../workflows/offsets';
import { prefillProblems } from '../tasks/receipt-prefill';
import { CampaignTargetSchema } from '../campaigns/campaign-target.schema';
import { LocalizedTextSchema, nonBlank } from './localized-text.schema';

export { LocalizedTextSchema } from './localized-text.schema';

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
  'file',
  'allocation',
] as const;
const CHOICE_TYPES: readonly string[] = ['select', 'multiselect'];
const NUMERIC_TYPES: readonly string[] = ['number', 'integer'];
// A file field's lengths count its files (附件个数).
const LENGTH_TYPES: readonly string[] = ['text', 'textarea', 'list', 'file'];

/** What an allocation field splits: the campaign's targets among its units, each named once. */
export const AllocationFieldSpecSchema = z
  .strictObject({
    targets: z.array(CampaignTargetSchema).min(1, 'an allocation splits at least one target'),
    units: z.array(z.strictObject({ code: unitCode, name: nonBlank })).min(1, 'an allocation splits among at least one unit'),
  })
  .superRefine((spec, ctx) => {
    reportDuplicates(
      spec.targets.map((t) => t.key),
      (i, key) => ctx.addIssue({ code: 'custom', path: ['targets', i, 'key'], message: `duplicate target key ${JSON.stringify(key)}` }),
    );
    reportDuplicates(
      spec.units.map((u) => u.code),
      (i, code) => ctx.addIssue({ code: 'custom', path: ['units', i, 'code'], message: `duplicate unit ${JSON.stringify(code)}` }),
    );
  });

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
    allocation: AllocationFieldSpecSchema.optional(),
  })
  .superRefine((field, ctx) => {
    if (field.type === 'allocation' && !field.allocation) {
      ctx.addIssue({ code: 'custom', path: ['allocation'], message: 'an allocation field needs its allocation (the targets and the units)' });
    } else if (field.type !== 'allocation' && field.allocation !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['allocation'], message: `allocation applies only to an allocation field, not to ${field.type}` });
    }
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
        ctx.addIssue({ code: 'custom', path: [bound], message: `${bound} applies only to text/textarea/list/file, not to ${field.type}` });
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
  cc: z.array(PartyRefSchema).min(1, 'cc lists at least one party; leave it out for none').optional(),
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

const fieldKeyMap = z.record(z.string().regex(CAMEL_CASE, 'a field key must be camelCase'), z.string().regex(CAMEL_CASE, 'a field key must be camelCase'));

/** Where a task's form starts from; how it fits the two forms is checked with the whole template (prefillProblems). */
export const TaskPrefillSchema = z.strictObject({ fromReceipts: stepId, map: fieldKeyMap.optional(), count: fieldKeyMap.optional() });

export const TaskStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('task'),
  assignee: PartyRefSchema,
  due: RelativeTimeSchema.optional(),
  form: FormSpecSchema.optional(),
  description: LocalizedTextSchema.optional(),
  prefill: TaskPrefillSchema.optional(),
  shows: z.array(stepId).min(1, 'shows lists at least one step; leave it out for none').optional(),
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

const fieldKey = z.string().regex(CAMEL_CASE, 'a field key must be camelCase');
/** A field of a step's form; that the step is earlier and has the field is checked with the whole template. */
const StepFieldSchema = z.strictObject({ step: stepId, field: fieldKey });

export const DocumentSpecSchema = z
  .strictObject({
    kind: z.enum(['notice', 'decision', 'meeting-notice']),
    lists: z.array(z.strictObject({ heading: LocalizedTextSchema, from: StepFieldSchema })).min(1, 'lists names at least one list; leave it out for none').optional(),
    agenda: StepFieldSchema.optional(),
  })
  .superRefine((doc, ctx) => {
    // A decision without its list, or a meeting notice without its agenda, would print an empty document.
    if (doc.kind === 'decision' && !doc.lists) ctx.addIssue({ code: 'custom', path: ['lists'], message: 'a decision needs its lists (e.g. the 三八红旗手 honoured)' });
    if (doc.kind !== 'decision' && doc.lists) ctx.addIssue({ code: 'custom', path: ['lists'], message: `lists apply only to a decision, not to a ${doc.kind}` });
    if (doc.kind === 'meeting-notice' && !doc.agenda) ctx.addIssue({ code: 'custom', path: ['agenda'], message: 'a meeting notice needs its agenda' });
    if (doc.kind !== 'meeting-notice' && doc.agenda) ctx.addIssue({ code: 'custom', path: ['agenda'], message: `agenda applies only to a meeting-notice, not to a ${doc.kind}` });
  });

export const NotifyStepSchema = z.strictObject({
  ...stepBase,
  type: z.literal('notify'),
  audience: z.array(AudienceRefSchema).min(1, 'a notice needs an audience'),
  subject: LocalizedTextSchema,
  message: LocalizedTextSchema,
  official: z.boolean().optional(),
  receipt: ReceiptSpecSchema.optional(),
  cc: z.array(PartyRefSchema).min(1, 'cc lists at least one party; leave it out for none').optional(),
  document: DocumentSpecSchema.optional(),
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
// Data between events: checked within the template here, against the other templates in the loader.

export const ProvidedValueSchema = z.strictObject({ step: stepId, field: fieldKey, after: stepId });

export const ReadValueSchema = z.strictObject({ from: kebabCase('a template code'), value: fieldKey, into: StepFieldSchema });

// ---------------------------------------------------------------------------------------------
// The template

export const EventTemplateSchema = z
  .strictObject({
    code: kebabCase('a template code'),
    version: z.number().int().positive(),
    name: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    kind: z.enum(['activity', 'meeting', 'campaign-task']),
    leadDepartment: unitCode,
    defaultDuration: offsetText('clockPositive'),
    dependsOn: z.strictObject({ template: kebabCase('a template code'), step: stepId.optional() }).optional(),
    reminders: ReminderPolicySchema.optional(),
    provides: z.record(fieldKey, ProvidedValueSchema).optional(),
    reads: z.array(ReadValueSchema).min(1, 'reads lists at least one value; leave it out for none').optional(),
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

  const finishedBefore = new Map<string, ReadonlySet<string>>();
  checkSequence(template.steps, ['steps'], new Map(), { report, knownIds: new Set(firstById.keys()), finishedBefore });
  const byId = new Map(everyStep.map(({ step }) => [step.id, step]));
  checkProvides(template, byId, finishedBefore, report);
  checkReads(template, byId, report);

  checkClosing(template, everyStep, report);
}

/**
 * The interpreter archives an event once its report is signed off, so the report closes the template;
 * a campaign task (任务分解) has no report of its own and is archived when its steps are done.
 */
function checkClosing(template: EventTemplate, everyStep: { step: Step; path: Path }[], report: IssueSink): void {
  const last = template.steps[template.steps.length - 1];
  if (template.kind === 'campaign-task') {
    for (const { step, path } of everyStep) {
      if (step.type === 'report') report(path, 'a campaign-task template has no report step: it is archived when its steps are done');
    }
    return;
  }
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
  /** Filled in as the walk goes: each step id → the ids certain to have finished before it starts. */
  finishedBefore: Map<string, ReadonlySet<string>>;
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
    cx.finishedBefore.set(step.id, new Set(finished.keys()));
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

  if (step.type === 'task') {
    (step.shows ?? []).forEach((id, i) => {
      const target = earlierStep(id, [...path, 'shows', i], 'shows');
      if (target && target.type !== 'task' && target.type !== 'report') {
        cx.report([...path, 'shows', i], `shows must name a task or report step; ${JSON.stringify(id)} is a ${target.type} step`);
      }
    });
  }

  if (step.type === 'task' && step.prefill) {
    const at = [...path, 'prefill'];
    const source = earlierStep(step.prefill.fromReceipts, [...at, 'fromReceipts'], 'prefill.fromReceipts');
    if (source) for (const p of prefillProblems(step, source)) cx.report([...at, ...p.path], p.message);
  }

  if (step.type === 'notify' && step.document) {
    checkDocument(step, step.document, [...path, 'document'], (ref, at, what) => {
      const target = earlierStep(ref.step, [...at, 'step'], `${what}.step`);
      return target && fieldOf(target, ref.field, [...at, 'field'], cx.report);
    }, cx.report);
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

/** The field `key` of the step's form, or a report at `at` naming the fields it has. */
function fieldOf(step: Step, key: string, at: Path, report: IssueSink): FormField | undefined {
  const field = formOf(step)?.fields.find((f) => f.key === key);
  if (field) return field;
  const keys = formOf(step)?.fields.map((f) => f.key) ?? [];
  report(at, `${JSON.stringify(key)} is not a field of step ${JSON.stringify(step.id)}'s form` + (keys.length ? ` (fields: ${keys.join(', ')})` : ' (it has no form)'));
  return undefined;
}

type FieldResolver = (ref: { step: string; field: string }, at: Path, what: string) => FormField | undefined;

// A document is printed once and filed, so what it prints must come from work already done.
function checkDocument(step: NotifyStep, doc: DocumentSpec, path: Path, resolve: FieldResolver, report: IssueSink): void {
  if (!step.official) report(path, 'a document layout applies only to an official notice (official: true); a plain notice has no 公文');
  doc.lists?.forEach((list, i) => {
    const field = resolve(list.from, [...path, 'lists', i, 'from'], 'lists.from');
    if (field && field.type !== 'list') {
      report([...path, 'lists', i, 'from', 'field'], `a decision's list must come from a list field; ${JSON.stringify(field.key)} is ${field.type}`);
    }
  });
  if (doc.agenda) {
    const field = resolve(doc.agenda, [...path, 'agenda'], 'agenda');
    if (field && !AGENDA_TYPES.includes(field.type)) {
      report([...path, 'agenda', 'field'], `an agenda comes from a text, textarea or list field; ${JSON.stringify(field.key)} is ${field.type}`);
    }
  }
}

const AGENDA_TYPES: readonly string[] = ['text', 'textarea', 'list'];

/** What a template hands on must be a form field of one of its steps, final by the step it names. */
function checkProvides(template: EventTemplate, byId: ReadonlyMap<string, Step>, finishedBefore: ReadonlyMap<string, ReadonlySet<string>>, report: IssueSink): void {
  for (const [name, provided] of Object.entries(template.provides ?? {})) {
    const path = ['provides', name];
    const step = byId.get(provided.step);
    if (!step) report([...path, 'step'], `provides.step names no step: ${JSON.stringify(provided.step)}`);
    else fieldOf(step, provided.field, [...path, 'field'], report);
    if (!byId.has(provided.after)) report([...path, 'after'], `provides.after names no step: ${JSON.stringify(provided.after)}`);
    else if (step && provided.after !== provided.step && !finishedBefore.get(provided.after)?.has(provided.step)) {
      report([...path, 'after'], `the value is handed on after ${JSON.stringify(provided.after)}, so ${JSON.stringify(provided.step)} must finish before it`);
    }
  }
}

/** Where a read value lands: a field of a task's form, which then starts from it. */
function checkReads(template: EventTemplate, byId: ReadonlyMap<string, Step>, report: IssueSink): void {
  const targets = new Set<string>();
  template.reads?.forEach((read, i) => {
    const path = ['reads', i];
    if (read.from === template.code) report([...path, 'from'], 'a template cannot read from itself');
    const step = byId.get(read.into.step);
    if (!step) {
      report([...path, 'into', 'step'], `into.step names no step: ${JSON.stringify(read.into.step)}`);
      return;
    }
    if (step.type !== 'task') {
      report([...path, 'into', 'step'], `into.step must name a task step; ${JSON.stringify(step.id)} is a ${step.type} step`);
      return;
    }
    // One source of starting values per form: receipts and an earlier event would fight over it.
    if (step.prefill) report([...path, 'into', 'step'], `${JSON.stringify(step.id)} already starts from receipts (prefill); it cannot also read from another event`);
    fieldOf(step, read.into.field, [...path, 'into', 'field'], report);
    const target = `${read.into.step}.${read.into.field}`;
    if (targets.has(target)) report([...path, 'into'], `${target} is already read into`);
    targets.add(target);
  });
}

/** Why a value of field `from` cannot fill field `into`, if it cannot: the same type, or one that holds it whole. */
export function readMismatch(from: FormField, into: FormField): string | undefined {
  // A personal value keeps its protection where it lands: masked for those not entitled to it.
  if (from.personal && !into.personal) return `${JSON.stringify(from.key)} is personal data (${from.personal}); the field it fills, ${JSON.stringify(into.key)}, must be marked personal too`;
  const widens = (from.type === 'integer' && into.type === 'number') || (from.type === 'text' && into.type === 'textarea');
  if (from.type !== into.type && !widens) return `${JSON.stringify(from.key)} is ${from.type} and cannot fill ${into.type} field ${JSON.stringify(into.key)}`;
  const missing = (from.options ?? []).filter((o) => !into.options?.some((p) => p.value === o.value));
  if (CHOICE_TYPES.includes(into.type) && missing.length) {
    return `field ${JSON.stringify(into.key)} has no option ${missing.map((o) => JSON.stringify(o.value)).join(', ')} that ${JSON.stringify(from.key)} may hold`;
  }
  return undefined;
}

/** The field a template provides under `name`, if it does. */
export function providedField(template: EventTemplate, name: string): FormField | undefined {
  const provided = template.provides?.[name];
  if (!provided) return undefined;
  const step = findStepIn(template.steps, provided.step);
  return step ? formOf(step)?.fields.find((f) => f.key === provided.field) : undefined;
}

function findStepIn(steps: Step[], id: string): Step | undefined {
  const all: { step: Step; path: Path }[] = [];
  collectSteps(steps, [], all);
  return all.find((s) => s.step.id === id)?.step;
}

/** The task field a read fills, if the template has it. */
export function readTarget(template: EventTemplate, read: ReadValue): FormField | undefined {
  const step = findStepIn(template.steps, read.into.step);
  return step ? formOf(step)?.fields.find((f) => f.key === read.into.field) : undefined;
}

function checkCondition(step: Step, target: Step, path: Path, cx: CheckContext): void {
  const when = step.when!;
  const field = fieldOf(target, when.field, [...path, 'when', 'field'], cx.report);
  if (!field) return;
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

export type SchemaMirrorsTemplateTypes = Expect<
  AllTrue<
    [
      MutuallyAssignable<z.output<typeof EventTemplateSchema>, EventTemplate>,
      MutuallyAssignable<z.output<typeof TaskStepSchema>, TaskStep>,
      MutuallyAssignable<z.output<typeof ApprovalStepSchema>, ApprovalStep>,
      MutuallyAssignable<z.output<typeof NotifyStepSchema>, NotifyStep>,
      MutuallyAssignable<z.output<typeof DocumentSpecSchema>, DocumentSpec>,
      MutuallyAssignable<z.output<typeof ReadValueSchema>, ReadValue>,
      MutuallyAssignable<z.output<typeof WaitStepSchema>, WaitStep>,
      MutuallyAssignable<z.output<typeof ParallelStepSchema>, ParallelStep>,
      MutuallyAssignable<z.output<typeof ReportStepSchema>, ReportStep>,
      MutuallyAssignable<z.output<typeof SignOffLevelSchema>, SignOffLevel>,
      MutuallyAssignable<z.output<typeof FormFieldSchema>, FormField>,
      MutuallyAssignable<z.output<typeof AllocationFieldSpecSchema>, AllocationFieldSpec>,
      MutuallyAssignable<z.output<typeof PartyRefSchema>, PartyRef>,
      MutuallyAssignable<z.output<typeof AudienceRefSchema>, AudienceRef>,
    ]
  >
>;
