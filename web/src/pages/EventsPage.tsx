// 活动一览: every event, searched by title and filtered by status, template, lead unit and date range.
import { useState } from 'react';
import { Button, Card, DatePicker, Input, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { get } from '../api/client';
import { canStartEvents, useUser } from '../auth';
import { EventStatusTag } from '../components/StatusTag';
import { fmtDateTime, loc } from '../format';
import { useTemplates, useUnitName, useUnits } from '../queries';
import type { EventStatus, EventSummary, EventPage } from '../api/types';

const STATUSES: EventStatus[] = ['active', 'postponed', 'cancelled', 'archived'];

/** A postponed event's date is to be decided: its old one is shown as what it was. */
function EventDate({ event }: { event: EventSummary }) {
  const { t } = useTranslation();
  if (event.status !== 'postponed') return <>{fmtDateTime(event.startsAt)}</>;
  return (
    <div>
      <div>{t('office.postponed')}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('office.postponedWas', { when: fmtDateTime(event.startsAt) })}
      </Typography.Text>
    </div>
  );
}

export function EventsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const [status, setStatus] = useState<EventStatus | undefined>();
  const [template, setTemplate] = useState<string | undefined>();
  const [unit, setUnit] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const templates = useTemplates();
  const units = useUnits();
  const unitName = useUnitName();
  /** Any filter that changes starts again from the first page. */
  const filtered = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  const params = new URLSearchParams({ page: String(page), pageSize: '20' });
  if (q.trim()) params.set('q', q.trim());
  if (status) params.set('status', status);
  if (template) params.set('template', template);
  if (unit) params.set('unit', unit);
  // Whole days, the end day included.
  if (range?.[0]) params.set('from', range[0].startOf('day').toISOString());
  if (range?.[1]) params.set('to', range[1].add(1, 'day').startOf('day').toISOString());
  const events = useQuery({ queryKey: ['events', 'list', params.toString()], queryFn: () => get<EventPage>(`/events?${params}`),
    // A new search keeps the rows on screen, under the spinner, until its answer arrives.
    placeholderData: keepPreviousData,
  });
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
          <Input.Search
            allowClear
            placeholder={t('office.search')}
            aria-label={t('office.search')}
            style={{ width: 220, maxWidth: '100%' }}
            maxLength={200}
            onSearch={filtered(setQ)}
          />
          <Select
            allowClear
            placeholder={t('events.filterStatus')}
            aria-label={t('events.filterStatus')}
            style={{ width: 140 }}
            value={status}
            onChange={filtered(setStatus)}
            options={STATUSES.map((s) => ({ value: s, label: t(`eventStatus.${s}`) }))}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('events.filterTemplate')}
            aria-label={t('events.filterTemplate')}
            style={{ width: 280, maxWidth: '100%' }}
            value={template}
            onChange={filtered(setTemplate)}
            options={(templates.data ?? []).map((x) => ({ value: x.code, label: loc(x.name) }))}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('events.colLead')}
            aria-label={t('events.colLead')}
            style={{ width: 180, maxWidth: '100%' }}
            value={unit}
            onChange={filtered(setUnit)}
            options={(units.data ?? []).filter((u) => u.kind === 'department' || u.kind === 'office').map((u) => ({ value: u.code, label: unitName(u.code) }))}
          />
          <DatePicker.RangePicker
            aria-label={t('office.dateRange')}
            placeholder={[t('office.dateFrom'), t('office.dateTo')]}
            value={range}
            onChange={filtered(setRange)}
            allowEmpty={[true, true]}
          />
        </Space>
        <Table<EventSummary>
          rowKey="id"
          loading={events.isFetching}
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
            { title: t('events.colDate'), dataIndex: 'startsAt', width: 180, render: (_v: string, e) => <EventDate event={e} /> },
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
