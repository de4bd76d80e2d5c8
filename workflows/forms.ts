// Form values checked against a template's form: the workflow's update validators and the API use
// the same rules, so a value the API accepts is never refused by the workflow, and vice versa.
import type { Allocation } from './campaign-types';
import { allocationProblems } from './campaign/allocation';
import type { AllocationFieldSpec, FormField, FormSpec, LocalizedText } from './template-types';

export interface FieldError {
  field: string;
  message: LocalizedText;
}

export type FormValues = Record<string, unknown>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const URL_LIKE = /^https?:\/\/\S+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One file of a `file` field (附件), as the form's value holds it: the uploaded attachment's id, and
 * its name, type and size so that the record of the step and a notice's text can name it without a
 * lookup. The API checks at submission that each id is an upload of this event by this person, and
 * rewrites the rest from what was stored.
 */
export interface AttachmentRef {
  id: string;
  name: string;
  mimeType?: string;
  size?: number;
}

/** The longest file name kept (characters); longer ones are shortened at upload. */
export const ATTACHMENT_NAME_MAX = 200;

function isAttachmentRef(v: unknown): v is AttachmentRef {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const { id, name, mimeType, size, ...rest } = v as Record<string, unknown>;
  return (
    Object.keys(rest).length === 0 &&
    typeof id === 'string' &&
    UUID.test(id) &&
    typeof name === 'string' &&
    name.trim() !== '' &&
    name.length <= ATTACHMENT_NAME_MAX &&
    (mimeType === undefined || typeof mimeType === 'string') &&
    (size === undefined || (typeof size === 'number' && Number.isInteger(size) && size > 0))
  );
}

/**
 * The files submitted values name, field by field. Only a `file` field's value has this shape (every
 * other field holds texts, numbers or flags), so the values alone tell; the form's own check refuses
 * such a value under any other field.
 */
export function attachmentsIn(values: FormValues | undefined): { field: string; refs: AttachmentRef[] }[] {
  return Object.entries(values ?? {})
    .filter((e): e is [string, AttachmentRef[]] => Array.isArray(e[1]) && e[1].length > 0 && e[1].every(isAttachmentRef))
    .map(([field, refs]) => ({ field, refs }));
}

function err(field: string, zh: string, en: string): FieldError {
  return { field, message: { 'zh-CN': zh, en } };
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

/** Every problem with `values` under `spec`; empty when the values are acceptable. */
export function validateForm(spec: FormSpec | undefined, values: FormValues | undefined): FieldError[] {
  const fields = spec?.fields ?? [];
  const given = values ?? {};
  const errors: FieldError[] = [];
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) errors.push(err(key, '表单中没有此字段', 'is not a field of this form'));
  }
  for (const field of fields) {
    const value = given[field.key];
    if (isBlank(value)) {
      if (field.required && !(field.type === 'boolean' && value === false)) errors.push(err(field.key, `${field.label['zh-CN']}为必填项`, `${field.label.en} is required`));
      continue;
    }
    const problem = checkValue(field, value);
    if (problem) errors.push(problem);
  }
  return errors;
}

function checkValue(field: FormField, value: unknown): FieldError | undefined {
  const k = field.key;
  const label = field.label;
  switch (field.type) {
    case 'text':
    case 'textarea': {
      if (typeof value !== 'string') return err(k, `${label['zh-CN']}应为文字`, `${label.en} must be text`);
      return checkLength(field, value.length, '字', 'characters');
    }
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return err(k, `${label['zh-CN']}应为数字`, `${label.en} must be a number`);
      if (field.type === 'integer' && !Number.isInteger(value)) return err(k, `${label['zh-CN']}应为整数`, `${label.en} must be a whole number`);
      if (field.min !== undefined && value < field.min) return err(k, `${label['zh-CN']}不能小于${field.min}`, `${label.en} must be at least ${field.min}`);
      if (field.max !== undefined && value > field.max) return err(k, `${label['zh-CN']}不能大于${field.max}`, `${label.en} must be at most ${field.max}`);
      return undefined;
    }
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : err(k, `${label['zh-CN']}应为日期（YYYY-MM-DD）`, `${label.en} must be a date (YYYY-MM-DD)`);
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? undefined
        : err(k, `${label['zh-CN']}应为日期时间`, `${label.en} must be a date and time`);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : err(k, `${label['zh-CN']}应为是或否`, `${label.en} must be yes or no`);
    case 'url':
      return typeof value === 'string' && URL_LIKE.test(value)
        ? undefined
        : err(k, `${label['zh-CN']}应为以 http(s):// 开头的链接`, `${label.en} must be a link starting with http(s)://`);
    case 'select': {
      const allowed = (field.options ?? []).map((o) => o.value);
      return typeof value === 'string' && allowed.includes(value)
        ? undefined
        : err(k, `${label['zh-CN']}应为选项之一：${allowed.join('、')}`, `${label.en} must be one of: ${allowed.join(', ')}`);
    }
    case 'multiselect': {
      const allowed = (field.options ?? []).map((o) => o.value);
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && allowed.includes(v))) {
        return err(k, `${label['zh-CN']}只能从选项中选择：${allowed.join('、')}`, `${label.en} must be chosen from: ${allowed.join(', ')}`);
      }
      return undefined;
    }
    case 'file': {
      if (!Array.isArray(value) || !value.every(isAttachmentRef)) {
        return err(k, `${label['zh-CN']}应为上传的附件列表`, `${label.en} must be a list of uploaded files`);
      }
      if (new Set(value.map((v) => v.id)).size !== value.length) return err(k, `${label['zh-CN']}中有重复的附件`, `${label.en} lists a file twice`);
      return checkLength(field, value.length, '个附件', 'files');
    }
    case 'list': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.trim() !== '')) {
        return err(k, `${label['zh-CN']}应为非空文字的列表`, `${label.en} must be a list of non-empty texts`);
      }
      return checkLength(field, value.length, '项', 'items');
    }
    case 'allocation':
      return field.allocation ? allocationError(field, field.allocation, value) : undefined;
  }
}

/** The most problems one refusal names; a table left half empty would otherwise list hundreds. */
const ALLOCATION_PROBLEMS_SHOWN = 5;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A 任务分解表: unit code → target key → figure, over the field's units and targets only, then the
 * campaign's own check (every figure given, the sums as each target's rule asks).
 */
function allocationError(field: FormField, spec: AllocationFieldSpec, value: unknown): FieldError | undefined {
  const { key, label } = field;
  if (!isPlainObject(value) || !Object.values(value).every(isPlainObject)) {
    return err(key, `${label['zh-CN']}应为按单位、指标填写的任务数表`, `${label.en} must be a table of figures per unit and target`);
  }
  const targetKeys = new Set(spec.targets.map((t) => t.key));
  for (const [unitCode, row] of Object.entries(value as Record<string, Record<string, unknown>>)) {
    const unknownTarget = Object.keys(row).find((k) => !targetKeys.has(k));
    if (unknownTarget) return err(key, `${label['zh-CN']}：${unknownTarget} 不是本活动的指标`, `${label.en}: ${unknownTarget} is not a target of this campaign (row ${unitCode})`);
  }
  const names = new Map(spec.units.map((u) => [u.code, u.name]));
  const problems = allocationProblems(spec, value as Allocation, spec.units.map((u) => u.code), (code) => names.get(code) ?? code);
  if (problems.length === 0) return undefined;
  const shown = problems.slice(0, ALLOCATION_PROBLEMS_SHOWN);
  const more = problems.length - shown.length;
  return err(
    key,
    shown.map((p) => p.message['zh-CN']).join('；') + (more > 0 ? `；另有 ${more} 处问题` : ''),
    shown.map((p) => p.message.en).join('; ') + (more > 0 ? `; and ${more} more` : ''),
  );
}

/** Whether a value has an allocation table's shape: unit code → target key → figure. */
export function isAllocationValue(value: unknown): value is Allocation {
  return isPlainObject(value) && Object.values(value).every((row) => isPlainObject(row) && Object.values(row).every((n) => typeof n === 'number'));
}

/** How an allocation table reads in one line of text (a message, a cell): "40 个单位" / "40 units". */
export function allocationSummary(value: unknown, lang: keyof LocalizedText): string {
  const units = isPlainObject(value) ? Object.keys(value).length : 0;
  return lang === 'zh-CN' ? `${units} 个单位` : `${units} units`;
}

function checkLength(field: FormField, length: number, unitZh: string, unitEn: string): FieldError | undefined {
  const { key, label } = field;
  if (field.minLength !== undefined && length < field.minLength) {
    return err(key, `${label['zh-CN']}至少${field.minLength}${unitZh}`, `${label.en} needs at least ${field.minLength} ${unitEn}`);
  }
  if (field.maxLength !== undefined && length > field.maxLength) {
    return err(key, `${label['zh-CN']}最多${field.maxLength}${unitZh}`, `${label.en} allows at most ${field.maxLength} ${unitEn}`);
  }
  return undefined;
}

/** The fields every post-event report has (活动总结); a template adds its own after these. */
export const STANDARD_REPORT_FIELDS: FormField[] = [
  { key: 'participants', type: 'integer', required: true, min: 0, label: { 'zh-CN': '参与人数', en: 'Participants' } },
  { key: 'unitsCovered', type: 'list', required: true, label: { 'zh-CN': '覆盖单位', en: 'Units covered' } },
  { key: 'outcomes', type: 'textarea', required: true, minLength: 10, label: { 'zh-CN': '主要成效', en: 'Outcomes' } },
  { key: 'figures', type: 'textarea', label: { 'zh-CN': '数据指标', en: 'Figures' } },
  { key: 'materials', type: 'list', label: { 'zh-CN': '材料链接', en: 'Links to materials' } },
];

export function reportForm(extra: FormSpec | undefined): FormSpec {
  const own = new Set(STANDARD_REPORT_FIELDS.map((f) => f.key));
  return { fields: [...STANDARD_REPORT_FIELDS, ...(extra?.fields ?? []).filter((f) => !own.has(f.key))] };
}
