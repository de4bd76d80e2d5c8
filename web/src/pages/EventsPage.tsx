// 活动一览: every event, filtered by status and template, newest date first.
import { useState } from 'react';
import { Button, Card, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { get } from '../api/client';
import { canStartEvents, useUser } from '../auth';
import { EventStatusTag } from '../components/StatusTag';
import { fmtDateTime, loc } from '../format';
import { useTemplates, useUnitName } from '../queries';
import type { EventStatus, EventSummary, EventPage } from '../api/types';

const STATUSES: EventStatus[] = ['active', 'postponed', 'cancelled', 'archived'];

export function EventsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const [status, setStatus] = useState<EventStatus | undefined>();
  const [template, setTemplate] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const templates = useTemplates();
  const unitName = useUnitName();

  const params = new URLSearchParams({ page: String(page), pageSize: '20' });
  if (status) params.set('status', status);
  if (template) params.set('template', template);
  const events = useQuery({ queryKey: ['events', 'list', params.toString()], queryFn: () => get<EventPage>(`/events?${params}`) });
  const templateName = (code: string) => loc(templates.data?.find((x) => x.code === code)?.name) || code;

  return (
    <div>
      <div className="page-title">
        <h1>{t('events.title')}</h1>
        {canStartEvents(user) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/events/new')}>
            {t('nav.start')}
          </Button>
        )}
      </div>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder={t('events.filterStatus')}
            style={{ width: 140 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={STATUSES.map((s) => ({ value: s, label: t(`eventStatus.${s}`) }))}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('events.filterTemplate')}
            style={{ width: 280, maxWidth: '100%' }}
            value={template}
            onChange={(v) => {
              setTemplate(v);
              setPage(1);
            }}
            options={(templates.data ?? []).map((x) => ({ value: x.code, label: loc(x.name) }))}
          />
        </Space>
        <Table<EventSummary>
          rowKey="id"
          loading={events.isLoading}
          dataSource={events.data?.items ?? []}
          scroll={{ x: 720 }}
          pagination={{ current: page, pageSize: 20, total: events.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            {
              title: t('events.colTitle'),
              dataIndex: 'title',
              render: (title: string, e) => (
                <div>
                  <Link to={`/events/${e.id}`}>{title}</Link>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {templateName(e.templateCode)}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            { title: t('events.colDate'), dataIndex: 'startsAt', width: 180, render: (v: string) => fmtDateTime(v) },
            {
              title: t('events.colLead'),
              dataIndex: 'leadUnit',
              width: 160,
              render: (code: string) => unitName(code),
            },
            { title: t('events.colStatus'), dataIndex: 'status', width: 100, render: (s: EventStatus) => <EventStatusTag status={s} /> },
          ]}
        />
      </Card>
    </div>
  );
}
