// 归档记录: an archived event's frozen record — when, its SHA-256 — a 校验 that has the server hash
// everything stored again, and the archived report's PDF.
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client';
import type { ArchiveSummary, ArchiveVerification } from '../api/types';
import { fmtDateTime } from '../format';
import { ExportButton } from './ExportButton';

/** What no longer matches, named for the reader: the record, or each file by its name. */
function mismatches(v: ArchiveVerification, recordName: string): string[] {
  return [...(v.matches ? [] : [recordName]), ...v.documents.filter((d) => !d.matches).map((d) => d.fileName)];
}

export function ArchiveCard({ eventId, canReadReport }: { eventId: string; canReadReport: boolean }) {
  const { t } = useTranslation();
  const summary = useQuery({ queryKey: ['archive', eventId], queryFn: () => get<ArchiveSummary>(`/archive/${eventId}`) });
  const verify = useMutation({ mutationFn: () => get<ArchiveVerification>(`/archive/${eventId}/verify`) });
  if (!summary.data) return null;
  const result = verify.data;
  const wrong = result ? mismatches(result, t('archive.recordChanged')) : [];
  return (
    <Card size="small" title={t('archive.title')} style={{ marginBottom: 12 }} data-testid="archive-card">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'at', label: t('archive.archivedAt'), children: fmtDateTime(summary.data.archivedAt) },
          {
            key: 'sha',
            label: t('archive.sha256'),
            children: (
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                {summary.data.sha256}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Space wrap style={{ marginTop: 8 }}>
        <Button size="small" icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
          {t('archive.verify')}
        </Button>
        {canReadReport && <ExportButton path={`/archive/${eventId}/report.pdf`} fileName="report.pdf" label={t('archive.downloadReport')} icon={<FilePdfOutlined />} />}
      </Space>
      {result && (
        <Alert
          style={{ marginTop: 8 }}
          role="status"
          showIcon
          type={wrong.length ? 'error' : 'success'}
          title={wrong.length ? t('archive.failed') : t('archive.passed')}
          description={wrong.length ? t('archive.failedDetail', { what: wrong.join('、') }) : t('archive.passedDetail', { count: result.documents.length })}
        />
      )}
      {verify.error && <Alert style={{ marginTop: 8 }} type="error" showIcon title={verify.error.message} role="alert" />}
    </Card>
  );
}
