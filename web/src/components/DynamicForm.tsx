// A template's form (task, report, receipt) as Ant Design fields, with the same rules the
// workflow checks — so a person sees the problem beside the field, in their language, before
// anything is sent. Values go to the API as the workflow expects them (dates as YYYY-MM-DD, …).
import { DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { allocationSummary, validateForm } from '../../../workflows/forms';
import { isEnglish, loc } from '../format';
import type { FormField, FormSpec } from '../api/types';
import type { AttachmentRef } from '../../../workflows/forms';
import { AllocationField } from './AllocationField';
import { AttachmentField, type AttachmentTarget } from './AttachmentField';

/** The workflow's own check of one field (workflows/forms.ts), run as the user types. */
function rulesOf(field: FormField): Rule[] {
  const spec = { fields: [field] };
  return [
    {
      required: field.required,
      validator: async (_rule, value: unknown) => {
        const problems = validateForm(spec, toApiValues(spec, { [field.key]: value }));
        if (problems.length > 0) throw new Error(loc(problems[0].message));
      },
    },
  ];
}

function inputOf(field: FormField, t: (key: string) => string, attachTo: AttachmentTarget | undefined) {
  switch (field.type) {
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={field.maxLength} showCount={field.maxLength !== undefined} />;
    // No min, max or precision here: InputNumber would quietly clamp or round what was typed (a quota
    // of 0 became 1, a budget of -5 became 0); the field's rules say what is wrong instead.
    case 'number':
      return <InputNumber style={{ width: '100%', maxWidth: 240 }} />;
    case 'integer':
      return <InputNumber style={{ width: '100%', maxWidth: 240 }} />;
    case 'date':
      return <DatePicker style={{ width: 240, maxWidth: '100%' }} />;
    case 'datetime':
      return <DatePicker needConfirm={false} showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 240, maxWidth: '100%' }} />;
    case 'boolean':
      return (
        <Radio.Group
          options={[
            { value: true, label: t('common.yes') },
            { value: false, label: t('common.no') },
          ]}
        />
      );
    case 'select':
      return <Select style={{ maxWidth: 360 }} options={(field.options ?? []).map((o) => ({ value: o.value, label: loc(o.label) }))} />;
    case 'multiselect':
      return <Select mode="multiple" style={{ maxWidth: 480 }} options={(field.options ?? []).map((o) => ({ value: o.value, label: loc(o.label) }))} />;
    case 'list':
      return <Select mode="tags" open={false} tokenSeparators={[',', '，', '、', ';', '；']} placeholder={t('form.listPlaceholder')} suffixIcon={null} />;
    case 'url':
      return <Input type="url" placeholder="https://" />;
    case 'file':
      return <AttachmentField target={attachTo} maxCount={field.maxLength} />;
    case 'allocation':
      return field.allocation ? <AllocationField spec={field.allocation} /> : null;
    default:
      return <Input maxLength={field.maxLength} />;
  }
}

/** The fields of `spec`, to sit inside an antd <Form>; `prefix` nests them under a name; files go to `attachTo`. */
export function FormFields({ spec, prefix = 'values', attachTo }: { spec: FormSpec | undefined; prefix?: string; attachTo?: AttachmentTarget }) {
  const { t } = useTranslation();
  return (
    <>
      {(spec?.fields ?? []).map((field) => (
        <Form.Item
          key={field.key}
          name={[prefix, field.key]}
          label={loc(field.label)}
          extra={field.help ? loc(field.help) : undefined}
          rules={rulesOf(field)}
          data-field={field.key}
        >
          {inputOf(field, t, attachTo)}
        </Form.Item>
      ))}
    </>
  );
}

/** Form values as the workflow expects them: dates as text, empty optional fields left out. */
export function toApiValues(spec: FormSpec | undefined, values: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of spec?.fields ?? []) {
    const v = values?.[field.key];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0 && !field.required)) continue;
    if (field.type === 'date') out[field.key] = (v as Dayjs).format('YYYY-MM-DD');
    else if (field.type === 'datetime') out[field.key] = (v as Dayjs).toISOString();
    else if (field.type === 'list') out[field.key] = (v as string[]).map((s) => s.trim()).filter(Boolean);
    else if (typeof v === 'string') out[field.key] = v.trim();
    else out[field.key] = v;
  }
  return out;
}

/** Stored values back into the form (for a resubmission after 退回). */
export function fromApiValues(spec: FormSpec | undefined, values: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of spec?.fields ?? []) {
    const v = values?.[field.key];
    if (v === undefined || v === null) continue;
    out[field.key] = field.type === 'date' || field.type === 'datetime' ? dayjs(v as string) : v;
  }
  return out;
}

/** A submitted form, read-only: label and value per field, in the viewer's language. */
export function formatValue(field: FormField, value: unknown, t: (key: string) => string): string {
  if (value === undefined || value === null || value === '') return '—';
  switch (field.type) {
    case 'boolean':
      return value ? t('common.yes') : t('common.no');
    case 'select':
      return loc(field.options?.find((o) => o.value === value)?.label) || (typeof value === 'string' ? value : JSON.stringify(value));
    case 'multiselect':
      return (value as string[]).map((v) => loc(field.options?.find((o) => o.value === v)?.label) || v).join('、');
    case 'list':
      return (value as string[]).join('、');
    case 'file':
      return (value as AttachmentRef[]).map((f) => f.name).join('、');
    // In one line, a table reads as how many units it gives targets to; FormValuesView shows it whole.
    case 'allocation':
      return allocationSummary(value, isEnglish() ? 'en' : 'zh-CN');
    case 'date':
      return dayjs(value as string).format('YYYY-MM-DD');
    case 'datetime':
      return dayjs(value as string).format('YYYY-MM-DD HH:mm');
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
  }
}
