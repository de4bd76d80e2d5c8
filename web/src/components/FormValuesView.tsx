import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { loc } from '../format';
import type { FormSpec } from '../api/types';
import type { AttachmentRef } from '../../../workflows/forms';
import type { Allocation } from '../../../workflows/campaign-types';
import { AllocationTable } from './AllocationField';
import { AttachmentList } from './AttachmentField';
import { formatValue } from './DynamicForm';

const isTable = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A submitted form, read-only: each field's label and value; links open in a new tab, files as AttachmentList shows them. */
export function FormValuesView({ spec, values, columns = 1 }: { spec: FormSpec | undefined; values: Record<string, unknown> | null | undefined; columns?: number }) {
  const { t } = useTranslation();
  const fields = spec?.fields ?? [];
  if (!values || fields.length === 0) return <Typography.Text type="secondary">{t('common.nothingSubmitted')}</Typography.Text>;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 1, md: columns }}
      items={fields.map((f) => {
        const text = formatValue(f, values[f.key], t);
        return {
          key: f.key,
          label: loc(f.label),
          children:
            f.type === 'file' && Array.isArray(values[f.key]) ? (
              <AttachmentList files={values[f.key] as AttachmentRef[]} />
            ) : f.type === 'allocation' && f.allocation && isTable(values[f.key]) ? (
              <AllocationTable spec={f.allocation} value={values[f.key] as Allocation} />
            ) : f.type === 'url' && typeof values[f.key] === 'string' ? (
              <a href={values[f.key] as string} target="_blank" rel="noreferrer" className="wrap-anywhere">
                {text}
              </a>
            ) : (
              <span className="wrap-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
                {text}
              </span>
            ),
        };
      })}
    />
  );
}
