// 自动汇总（来自流程记录）: what the workflow recorded of the event, read-only beside the report's form
// (which starts from it); the archived report prints the same facts.
import { Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportFact } from '../api/types';
import { loc } from '../format';

export function ReportFacts({ facts }: { facts: ReportFact[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('archive.facts')} style={{ marginBottom: 16 }} data-testid="report-facts">
      <Typography.Paragraph type="secondary">{t('archive.factsHint')}</Typography.Paragraph>
      <Descriptions size="small" bordered column={1} items={facts.map((f, i) => ({ key: `${f.key}-${i}`, label: loc(f.label), children: loc(f.value) }))} />
    </Card>
  );
}
