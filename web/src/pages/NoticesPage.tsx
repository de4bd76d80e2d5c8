// 通知签收: a liaison sees the official notices addressed to their unit and acknowledges them with
// the receipt's form (参会回执); an organiser sees, per event, which units have acknowledged.
import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Empty, Form, List, Modal, Segmented, Select, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { FileDoneOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, get, post } from '../api/client';
import { answersNotices, hasRole, useUser } from '../auth';
import { FormFields, toApiValues } from '../components/DynamicForm';
import { FormValuesView } from '../components/FormValuesView';
import { ReceiptRollup } from '../components/ReceiptRollup';
import { DocumentButton } from '../components/DocumentButton';
import { fmtDateTime, fmtShort, isPast, loc } from '../format';
import type { BatchAcknowledgeResult, EventDetail, EventPage, MyNotice } from '../api/types';

/** One receipt among the caller's: a notice can be addressed to more than one of their units. */
const receiptKey = (n: MyNotice) => `${n.noticeId}/${n.unitCode}`;

/**
 * Batch 签收 takes only receipts that ask for nothing: a receipt with a required field needs its own
 * form (one shared form would give every unit the same nominees), so it is signed alone.
 */
const batchable = (n: MyNotice) => n.status === 'pending' && n.eventStatus === 'active' && !(n.receiptForm?.fields ?? []).some((f) => f.required);

function MyNotices() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<'pending' | 'acknowledged'>('pending');
  const [open, setOpen] = useState<MyNotice | null>(null);
  const [form] = Form.useForm<{ values: Record<string, unknown> }>();
  const notices = useQuery({ queryKey: ['notices', filter], queryFn: () => get<MyNotice[]>(`/notices?status=${filter}`), refetchInterval: 15_000 });
  const receiptForm = open?.receiptForm ?? undefined;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [batchResult, setBatchResult] = useState<BatchAcknowledgeResult | null>(null);
  const chosen = (notices.data ?? []).filter((n) => selected.has(receiptKey(n)) && batchable(n));
  const toggle = (n: MyNotice, on: boolean) =>
    setSelected((before) => {
      const next = new Set(before);
      if (on) next.add(receiptKey(n));
      else next.delete(receiptKey(n));
      return next;
    });
  const batch = useMutation({
    mutationFn: (items: MyNotice[]) =>
      post<BatchAcknowledgeResult>('/notices/acknowledge', { items: items.map((n) => ({ eventId: n.eventId, stepId: n.stepId, unitCode: n.unitCode })) }),
    onSuccess: async (result) => {
      setSelected(new Set());
      setBatchResult(result);
      if (result.acknowledged) void message.success(t('office.batchDone', { count: result.acknowledged }));
      await queryClient.invalidateQueries({ queryKey: ['notices'] });
    },
    onError: (e) => void message.error(e.message),
  });
  const confirmBatch = () =>
    modal.confirm({
      title: t('office.batchConfirm', { count: chosen.length }),
      okText: t('office.batchOk'),
      cancelText: t('common.close'),
      onOk: () => batch.mutateAsync(chosen).catch(() => undefined),
    });
  const titleOf = (eventId: string, stepId: string) => {
    const n = notices.data?.find((x) => x.eventId === eventId && x.stepId === stepId);
    return n ? loc(n.subject) : eventId;
  };

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
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={filter}
          onChange={(v) => setFilter(v as 'pending' | 'acknowledged')}
          options={[
            { value: 'pending', label: t('notices.pending') },
            { value: 'acknowledged', label: t('notices.done') },
          ]}
        />
        {filter === 'pending' && (notices.data ?? []).some(batchable) && (
          <>
            <Checkbox
              checked={chosen.length > 0 && chosen.length === (notices.data ?? []).filter(batchable).length}
              indeterminate={chosen.length > 0 && chosen.length < (notices.data ?? []).filter(batchable).length}
              onChange={(e) => setSelected(new Set(e.target.checked ? (notices.data ?? []).filter(batchable).map(receiptKey) : []))}
            >
              {t('office.batchSelectAll')}
            </Checkbox>
            <Button type="primary" icon={<FileDoneOutlined />} disabled={!chosen.length} loading={batch.isPending} onClick={confirmBatch}>
              {t('office.batchAcknowledge', { count: chosen.length })}
            </Button>
          </>
        )}
      </Space>
      {batchResult && batchResult.refused > 0 && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setBatchResult(null)}
          style={{ marginBottom: 12 }}
          title={t('office.batchRefused', { count: batchResult.refused })}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {batchResult.items
                .filter((i) => !i.ok)
                .map((i) => (
                  <li key={`${i.eventId}/${i.stepId}/${i.unitCode}`}>
                    {titleOf(i.eventId, i.stepId)}：{i.message ? loc(i.message) : ''}
                  </li>
                ))}
            </ul>
          }
        />
      )}
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
              // Only an official notice is a 公文 with a document to download.
              ...(n.documentUrl ? [<DocumentButton key="document" url={n.documentUrl} />] : []),
            ]}
          >
            <List.Item.Meta
              avatar={
                n.status === 'pending' && n.eventStatus === 'active' ? (
                  <Tooltip title={batchable(n) ? undefined : t('office.batchNeedsForm')}>
                    <Checkbox
                      aria-label={`${t('office.select')} ${loc(n.subject)}`}
                      disabled={!batchable(n)}
                      checked={selected.has(receiptKey(n)) && batchable(n)}
                      onChange={(e) => toggle(n, e.target.checked)}
                    />
                  </Tooltip>
                ) : undefined
              }
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
              {t('notices.issued', { when: fmtDateTime(open.issuedAt) })} · <Link to={`/events/${open.eventId}`}>{open.eventTitle}</Link>{' '}
              {open.documentUrl && <DocumentButton url={open.documentUrl} />}
            </Typography.Paragraph>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 12, borderRadius: 6 }} data-testid="notice-body">
              {loc(open.body)}
            </Typography.Paragraph>
            {open.status === 'acknowledged' ? (
              <FormValuesView spec={receiptForm} values={open.values} />
            ) : (
              <Form form={form} layout="vertical" onFinish={(v) => acknowledge.mutate({ notice: open, values: v.values ?? {} })}>
                {receiptForm && receiptForm.fields.length > 0 && <Typography.Title level={5}>{t('notices.receiptForm', { unit: loc(open.unitName) })}</Typography.Title>}
                <FormFields spec={receiptForm} attachTo={{ eventId: open.eventId, stepId: open.stepId, unitCode: open.unitCode }} />
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
