// 归档记录: a frozen record — an archived event's or campaign's: when, its SHA-256 — a 校验 that has
// the server hash everything stored again, and for an event the archived report's PDF.
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client';
import type { ArchiveSummary, ArchiveVerification } from '../api/types';
import { fmtDateTime } from '../format';
import { ExportButton } from './ExportButton';

/** What a 校验 answers: the record's hash, and for an event each stored file's. */
interface Verification {
  matches: boolean;
  documents?: ArchiveVerification['documents'];
}

/** What no longer matches, named for the reader: the record, or each file by its name. */
function mismatches(v: Verification, recordName: string): string[] {
  return [...(v.matches ? [] : [recordName]), ...(v.documents ?? []).filter((d) => !d.matches).map((d) => d.fileName)];
}

/** An archived event's record, with its report's PDF for those who may read the report. */
export function ArchiveCard({ eventId, canReadReport }: { eventId: string; canReadReport: boolean }) {
  const { t } = useTranslation();
  const summary = useQuery({ queryKey: ['archive', eventId], queryFn: () => get<ArchiveSummary>(`/archive/${eventId}`) });
  if (!summary.data) return null;
  return (
    <RecordCard
      record={summary.data}
      verifyPath={`/archive/${eventId}/verify`}
      extra={canReadReport && <ExportButton path={`/archive/${eventId}/report.pdf`} fileName="report.pdf" label={t('archive.downloadReport')} icon={<FilePdfOutlined />} />}
    />
  );
}

/** Any frozen record (an event's, a campaign's): when, its SHA-256, and a 校验 asked of `verifyPath`. */
export function RecordCard({ record, verifyPath, extra }: { record: { archivedAt: string; sha256: string }; verifyPath: string; extra?: ReactNode }) {
  const { t } = useTranslation();
  const verify = useMutation({ mutationFn: () => get<Verification>(verifyPath) });
  const result = verify.data;
  const wrong = result ? mismatches(result, t('archive.recordChanged')) : [];
  const passedDetail = result?.documents ? t('archive.passedDetail', { count: result.documents.length }) : t('archive.passedRecord');
  return (
    <Card size="small" title={t('archive.title')} style={{ marginBottom: 12 }} data-testid="archive-card">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'at', label: t('archive.archivedAt'), children: fmtDateTime(record.archivedAt) },
          {
            key: 'sha',
            label: t('archive.sha256'),
            children: (
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                {record.sha256}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Space wrap style={{ marginTop: 8 }}>
        <Button size="small" icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
          {t('archive.verify')}
        </Button>
        {extra}
      </Space>
      {result && (
        <Alert
          style={{ marginTop: 8 }}
          role="status"
          showIcon
          type={wrong.length ? 'error' : 'success'}
          title={wrong.length ? t('archive.failed') : t('archive.passed')}
          description={wrong.length ? t('archive.failedDetail', { what: wrong.join('、') }) : passedDetail}
        />
      )}
      {verify.error && <Alert style={{ marginTop: 8 }} type="error" showIcon title={verify.error.message} role="alert" />}
    </Card>
  );
}
