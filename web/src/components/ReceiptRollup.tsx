// 签收情况 of one notice: how many of the units acknowledged, which are pending or overdue, each
// with who signed and when; the organiser can 催办 a unit that has not answered.
import { useState } from 'react';
import { App, Button, Card, Col, Progress, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, post } from '../api/client';
import { fmtShort, loc } from '../format';
import type { ReceiptRollup as Rollup } from '../api/types';

type Filter = 'all' | 'acknowledged' | 'pending' | 'overdue';

export function ReceiptRollup({ eventId, stepId, canUrge }: { eventId: string; stepId: string; canUrge: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
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

  const data = rollup.data;
  if (!data) return <Card loading size="small" />;
  const pct = data.totals.units ? Math.round((data.totals.acknowledged / data.totals.units) * 100) : 0;
  const rows = data.units.filter((u) => filter === 'all' || u.status === filter);

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
          <Progress type="dashboard" percent={pct} format={() => `${data.totals.acknowledged}/${data.totals.units}`} strokeColor="#52c41a" />
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
        scroll={{ x: 560 }}
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
