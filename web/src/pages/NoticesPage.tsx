// 通知签收: a liaison sees the official notices addressed to their unit and acknowledges them with
// the receipt's form (参会回执); an organiser sees, per event, which units have acknowledged.
import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, List, Modal, Segmented, Select, Space, Tabs, Tag, Typography } from 'antd';
import { FileDoneOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, get, post } from '../api/client';
import { answersNotices, hasRole, useUser } from '../auth';
import { FormFields, toApiValues } from '../components/DynamicForm';
import { FormValuesView } from '../components/FormValuesView';
import { ReceiptRollup } from '../components/ReceiptRollup';
import { fmtDateTime, fmtShort, isPast, loc } from '../format';
import type { EventDetail, EventPage, MyNotice } from '../api/types';

function MyNotices() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<'pending' | 'acknowledged'>('pending');
  const [open, setOpen] = useState<MyNotice | null>(null);
  const [form] = Form.useForm<{ values: Record<string, unknown> }>();
  const notices = useQuery({ queryKey: ['notices', filter], queryFn: () => get<MyNotice[]>(`/notices?status=${filter}`), refetchInterval: 15_000 });
  const receiptForm = open?.receiptForm ?? undefined;

  const acknowledge = useMutation({
    mutationFn: ({ notice, values }: { notice: MyNotice; values: Record<string, unknown> }) =>
      post(`/events/${notice.eventId}/notices/${notice.stepId}/acknowledge`, { unitCode: notice.unitCode, values: toApiValues(receiptForm, values) }),
    onSuccess: async () => {
      setOpen(null);
      void message.success(t('notices.acknowledged'));
      await queryClient.invalidateQueries({ queryKey: ['notices'] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) form.setFields(e.fields.map((f) => ({ name: ['values', f.field.replace(/^values\./, '')], errors: [f.message] })));
    },
  });

  const show = (n: MyNotice) => {
    acknowledge.reset();
    form.resetFields();
    setOpen(n);
  };

  return (
    <>
      <Segmented
        value={filter}
        onChange={(v) => setFilter(v as 'pending' | 'acknowledged')}
        style={{ marginBottom: 12 }}
        options={[
          { value: 'pending', label: t('notices.pending') },
          { value: 'acknowledged', label: t('notices.done') },
        ]}
      />
      <List
        loading={notices.isLoading}
        dataSource={notices.data ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filter === 'pending' ? t('notices.nonePending') : t('notices.noneDone')} /> }}
        renderItem={(n) => (
          <List.Item
            data-testid={`notice-${n.noticeId}`}
            actions={[
              n.status === 'pending' && n.eventStatus === 'active' ? (
                <Button key="ack" type="primary" icon={<FileDoneOutlined />} onClick={() => show(n)}>
                  {t('notices.acknowledge')}
                </Button>
              ) : (
                <Button key="view" onClick={() => show(n)}>
                  {t('common.view')}
                </Button>
              ),
            ]}
          >
            <List.Item.Meta
              title={
                <Space size={4} wrap>
                  {n.docNumber && <Tag color="red">{n.docNumber}</Tag>}
                  <span className="wrap-anywhere">{loc(n.subject)}</span>
                </Space>
              }
              description={
                <Space size={8} wrap>
                  <span>{loc(n.unitName)}</span>
                  <span>{t('notices.issued', { when: fmtShort(n.issuedAt) })}</span>
                  {n.status === 'pending' && n.receiptsDueAt && (
                    <Typography.Text type={isPast(n.receiptsDueAt) ? 'danger' : 'secondary'}>{t('notices.dueAt', { when: fmtShort(n.receiptsDueAt) })}</Typography.Text>
                  )}
                  {n.status === 'acknowledged' && <Tag color="success">{t('notices.acknowledgedAt', { when: fmtShort(n.acknowledgedAt) })}</Tag>}
                  {n.late && <Tag color="warning">{t('receipts.late')}</Tag>}
                  {n.eventStatus !== 'active' && <Tag>{t(`eventStatus.${n.eventStatus}`)}</Tag>}
                </Space>
              }
            />
          </List.Item>
        )}
      />
      <Modal
        open={open !== null}
        width={720}
        title={open ? loc(open.subject) : ''}
        okText={t('notices.confirmAcknowledge')}
        cancelText={t('common.close')}
        okButtonProps={{ loading: acknowledge.isPending, style: open?.status === 'pending' && open.eventStatus === 'active' ? undefined : { display: 'none' } }}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {open && (
          <>
            <Typography.Paragraph type="secondary">
              {open.docNumber && <Tag color="red">{open.docNumber}</Tag>}
              {t('notices.issued', { when: fmtDateTime(open.issuedAt) })} · <Link to={`/events/${open.eventId}`}>{open.eventTitle}</Link>
            </Typography.Paragraph>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 12, borderRadius: 6 }} data-testid="notice-body">
              {loc(open.body)}
            </Typography.Paragraph>
            {open.status === 'acknowledged' ? (
              <FormValuesView spec={receiptForm} values={open.values} />
            ) : (
              <Form form={form} layout="vertical" onFinish={(v) => acknowledge.mutate({ notice: open, values: v.values ?? {} })}>
                {receiptForm && receiptForm.fields.length > 0 && <Typography.Title level={5}>{t('notices.receiptForm', { unit: loc(open.unitName) })}</Typography.Title>}
                <FormFields spec={receiptForm} />
              </Form>
            )}
            {acknowledge.error && <Alert type="error" showIcon title={acknowledge.error.message} role="alert" />}
          </>
        )}
      </Modal>
    </>
  );
}

function IssuedNotices() {
  const { t } = useTranslation();
  const user = useUser();
  const [eventId, setEventId] = useState<string | undefined>();
  const leadUnits = user.roles.filter((g) => g.role === 'organiser' || g.role === 'department-head').map((g) => g.unitCode);
  const broad = hasRole(user, 'chair', 'vice-chair', 'admin');
  const events = useQuery({
    queryKey: ['events', 'issued', broad ? 'all' : leadUnits.join(',')],
    queryFn: async () => {
      if (broad) return (await get<EventPage>('/events?status=active&pageSize=100')).items;
      const pages = await Promise.all(leadUnits.map((u) => get<EventPage>(`/events?status=active&unit=${encodeURIComponent(u)}&pageSize=100`)));
      return pages.flatMap((p) => p.items);
    },
  });
  const chosen = eventId ?? events.data?.[0]?.id;
  const detail = useQuery({ queryKey: ['event', chosen], queryFn: () => get<EventDetail>(`/events/${chosen}`), enabled: !!chosen });
  const notices = detail.data?.state.notices.filter((n) => n.receipts && n.receipts.length > 0) ?? [];

  return (
    <>
      <Select
        style={{ width: 420, maxWidth: '100%', marginBottom: 12 }}
        placeholder={t('notices.pickEvent')}
        value={chosen}
        onChange={setEventId}
        loading={events.isLoading}
        options={(events.data ?? []).map((e) => ({ value: e.id, label: e.title }))}
        aria-label={t('notices.pickEvent')}
      />
      {chosen && detail.data && notices.length === 0 && <Empty description={t('notices.noneIssued')} />}
      {!chosen && !events.isLoading && <Empty description={t('notices.noEvents')} />}
      <Space direction="vertical" style={{ width: '100%' }} size={16}>
        {chosen &&
          notices.map((n) => <ReceiptRollup key={n.noticeId} eventId={chosen} stepId={n.stepId} canUrge={detail.data?.event.status === 'active'} />)}
      </Space>
    </>
  );
}

export function NoticesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const liaison = answersNotices(user);
  const issuer = hasRole(user, 'organiser', 'department-head', 'chair', 'vice-chair', 'admin');
  const items = [
    ...(liaison ? [{ key: 'mine', label: t('notices.tabMine'), children: <MyNotices /> }] : []),
    ...(issuer ? [{ key: 'issued', label: t('notices.tabIssued'), children: <IssuedNotices /> }] : []),
  ];
  return (
    <div>
      <div className="page-title">
        <h1>{t('notices.title')}</h1>
      </div>
      <Card size="small">{items.length ? <Tabs items={items} /> : <Alert type="info" showIcon title={t('notices.notForYou')} />}</Card>
    </div>
  );
}
