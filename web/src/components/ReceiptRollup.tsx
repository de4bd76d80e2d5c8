// 签收情况 of one notice: how many of the units acknowledged, which are pending or overdue, each
// with who signed and when and what their receipt says (one column per receipt field, as far as the
// caller may read it); the organiser can 催办 one unit or all that have not answered, and export it.
import { useState } from 'react';
import { App, Button, Card, Col, Progress, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, post } from '../api/client';
import { fmtShort, loc } from '../format';
import type { ReceiptRollup as Rollup } from '../api/types';
import type { AttachmentRef } from '../../../workflows/forms';
import { AttachmentList } from './AttachmentField';
import { formatValue } from './DynamicForm';
import { ExportButton } from './ExportButton';
import { DocumentButton } from './DocumentButton';

type Filter = 'all' | 'acknowledged' | 'pending' | 'overdue';

export function ReceiptRollup({ eventId, stepId, canUrge }: { eventId: string; stepId: string; canUrge: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [filter, setFilter] = useState<Filter>('all');
  const rollup = useQuery({
    queryKey: ['event', eventId, 'receipts', stepId],
    queryFn: () => get<Rollup>(`/events/${eventId}/notices/${stepId}/receipts`),
    refetchInterval: 15_000,
  });
  const urge = useMutation({
    mutationFn: (unitCode: string) => post<{ notified: number }>(`/events/${eventId}/urge`, { stepId, unitCode }),
    onSuccess: (r) => void message.success(t('receipts.urged', { count: r.notified })),
    onError: (e) => void message.error(e.message),
  });
  const urgeAll = useMutation({
    mutationFn: () => post<{ notified: number }>(`/events/${eventId}/urge`, { stepId }),
    onSuccess: (r) => void message.success(t('receipts.urged', { count: r.notified })),
    onError: (e) => void message.error(e.message),
  });

  const data = rollup.data;
  if (!data) return <Card loading size="small" />;
  const pct = data.totals.units ? Math.round((data.totals.acknowledged / data.totals.units) * 100) : 0;
  const rows = data.units.filter((u) => filter === 'all' || u.status === filter);
  const waiting = data.totals.pending + data.totals.overdue;
  // Columns only for what the caller was shown: a liaison's view or a status-only one has no values.
  const fields = data.units.some((u) => u.values) ? (data.receiptForm?.fields ?? []) : [];
  const nominates = (data.receiptForm?.fields ?? []).some((f) => f.type === 'list');
  const confirmUrgeAll = () =>
    modal.confirm({
      title: t('office.urgeAllTitle'),
      content: t('office.urgeAllConfirm', { count: waiting }),
      okText: t('office.urgeAllOk'),
      cancelText: t('common.close'),
      onOk: () => urgeAll.mutateAsync().catch(() => undefined),
    });

  return (
    <Card
      size="small"
      title={
        <Space wrap>
          {data.docNumber && <Tag color="red">{data.docNumber}</Tag>}
          <span className="wrap-anywhere">{loc(data.subject)}</span>
        </Space>
      }
      data-testid={`receipts-${stepId}`}
    >
      <Row gutter={[16, 16]} align="middle">
        <Col xs={24} sm={8} style={{ textAlign: 'center' }}>
          <Progress type="dashboard" aria-label={t('receipts.acknowledgedShare')} percent={pct} format={() => `${data.totals.acknowledged}/${data.totals.units}`} strokeColor="#52c41a" />
          <div className="muted">{t('receipts.acknowledgedShare')}</div>
        </Col>
        <Col xs={8} sm={5}>
          <Statistic title={t('receipts.acknowledged')} value={data.totals.acknowledged} styles={{ content: { color: '#389e0d' } }} />
        </Col>
        <Col xs={8} sm={5}>
          <Statistic title={t('receipts.pending')} value={data.totals.pending} />
        </Col>
        <Col xs={8} sm={5}>
          <Statistic title={t('receipts.overdue')} value={data.totals.overdue} styles={{ content: data.totals.overdue ? { color: '#cf1322' } : undefined }} />
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0' }}>
        {t('receipts.issuedAt', { when: fmtShort(data.issuedAt) })}
        {data.receiptsDueAt ? ` · ${t('receipts.dueAt', { when: fmtShort(data.receiptsDueAt) })}` : ''}
      </Typography.Paragraph>
      <Space wrap size={4} style={{ marginBottom: 8 }}>
        {canUrge && waiting > 0 && (
          <Button size="small" loading={urgeAll.isPending} onClick={confirmUrgeAll}>
            {t('office.urgeAll', { count: waiting })}
          </Button>
        )}
        <DocumentButton url={`/api/events/${eventId}/notices/${stepId}/document.pdf`} />
        <ExportButton path={`/events/${eventId}/notices/${stepId}/receipts.xlsx`} label={t('office.exportReceipts')} fileName="receipts.xlsx" />
        {nominates && fields.length > 0 && (
          <ExportButton path={`/events/${eventId}/notices/${stepId}/nominations.xlsx`} label={t('office.exportNominations')} fileName="nominations.xlsx" />
        )}
      </Space>
      <Segmented<Filter>
        value={filter}
        onChange={setFilter}
        style={{ marginBottom: 8 }}
        options={(['all', 'acknowledged', 'pending', 'overdue'] as const).map((f) => ({ value: f, label: t(`receipts.filter.${f}`) }))}
      />
      <Table
        rowKey="unitCode"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 560 + fields.length * 160 }}
        columns={[
          { title: t('receipts.unit'), dataIndex: 'unitName', render: (n: Rollup['units'][number]['unitName']) => loc(n) },
          {
            title: t('receipts.status'),
            dataIndex: 'status',
            width: 120,
            render: (s: string, u) => (
              <Space size={2}>
                <Tag color={s === 'acknowledged' ? 'success' : s === 'overdue' ? 'error' : 'default'}>{t(`receipts.${s}`)}</Tag>
                {u.late && <Tag color="warning">{t('receipts.late')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('receipts.by'),
            key: 'by',
            render: (_v, u) => (u.acknowledgedBy ? `${u.acknowledgedBy.displayName} · ${fmtShort(u.acknowledgedAt)}` : '—'),
          },
          ...fields.map((f) => ({
            title: loc(f.label),
            key: `value-${f.key}`,
            width: 160,
            render: (_v: unknown, u: Rollup['units'][number]) => (
              <span className="wrap-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
                {u.values && f.type === 'file' && Array.isArray(u.values[f.key]) ? (
                  <AttachmentList files={u.values[f.key] as AttachmentRef[]} />
                ) : u.values ? (
                  formatValue(f, u.values[f.key], t)
                ) : (
                  ''
                )}
              </span>
            ),
          })),
          ...(canUrge
            ? [
                {
                  title: '',
                  key: 'urge',
                  width: 90,
                  render: (_v: unknown, u: Rollup['units'][number]) =>
                    u.status !== 'acknowledged' ? (
                      <Button size="small" onClick={() => urge.mutate(u.unitCode)} loading={urge.isPending && urge.variables === u.unitCode}>
                        {t('receipts.urge')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
