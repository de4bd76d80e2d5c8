// 时代女性榜: the monthly selection's Temporal Schedule. The staff see whether it runs, the coming
// months, the months skipped and the months run with their events; the admin and the Publicity
// Department's head enable it, pause it with a note (暂停), resume it (恢复), skip a month (跳过) and
// run a month that was due and never started (补跑).
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { get, post } from '../api/client';
import type { EventStatus, WomenListSchedule } from '../api/types';
import { ApiErrorResult } from '../components/ApiErrorResult';
import { EVENT_STATUS_COLOURS, EventStatusTag } from '../components/StatusTag';
import { fmtDateTime } from '../format';

const PATH = '/selections/women-list';
// A paused Schedule or a skipped month reads as a postponed event does; a running one as done, in shades that read 4.5:1.
const HELD = EVENT_STATUS_COLOURS.postponed;
const RUNNING = EVENT_STATUS_COLOURS.archived;
const PUBLICATION_DAYS = Array.from({ length: 28 - 15 + 1 }, (_, i) => 15 + i);

/** The coming twelve months in Beijing, this one first: the ones a skip can still mean. */
function comingMonths(): string[] {
  const now = new Date(Date.now() + 8 * 3600_000);
  return Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1)).toISOString().slice(0, 7));
}

export function SelectionsPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['selections', 'women-list'], queryFn: () => get<WomenListSchedule>(PATH) });
  const s = list.data;
  return (
    <div>
      <div className="page-title">
        <h1>{t('selections.title')}</h1>
      </div>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('selections.hint')}
        </Typography.Paragraph>
        {list.error ? (
          <ApiErrorResult error={list.error} />
        ) : (
          <>
            <Card loading={list.isLoading} title={t('selections.schedule')} extra={s && <StateTag s={s} />}>
              {s && <ScheduleFacts s={s} />}
              {s?.canManage && <Actions s={s} />}
            </Card>
            <Card title={t('selections.nextRuns')}>
              <Table
                rowKey="month"
                size="small"
                pagination={false}
                loading={list.isLoading}
                dataSource={s?.nextRuns ?? []}
                locale={{ emptyText: t(s?.enabled ? 'selections.noNextRuns' : 'selections.notEnabled') }}
                columns={[
                  { title: t('selections.month'), dataIndex: 'month' },
                  { title: t('selections.startsAt'), dataIndex: 'startsAt', render: fmtDateTime },
                  { title: t('selections.publishesAt'), dataIndex: 'publishesAt', render: fmtDateTime },
                ]}
              />
            </Card>
            {!!s?.missedMonths.length && (
              <Card title={t('selections.missedMonths')}>
                <MissedMonths s={s} />
              </Card>
            )}
            <Card title={t('selections.skipped')}>
              <SkippedMonths s={s} />
            </Card>
            <Card title={t('selections.months')}>
              <Table
                rowKey="eventId"
                size="small"
                pagination={false}
                loading={list.isLoading}
                dataSource={s?.months ?? []}
                locale={{ emptyText: t('selections.noMonths') }}
                columns={[
                  { title: t('selections.month'), dataIndex: 'month' },
                  { title: t('selections.event'), dataIndex: 'title', render: (title: string, m) => <Link to={`/events/${m.eventId}`}>{title}</Link> },
                  { title: t('selections.status'), dataIndex: 'status', render: (status: EventStatus) => <EventStatusTag status={status} /> },
                  { title: t('selections.publishesAt'), dataIndex: 'publishesAt', render: fmtDateTime },
                ]}
              />
            </Card>
          </>
        )}
      </Space>
    </div>
  );
}

function StateTag({ s }: { s: WomenListSchedule }) {
  const { t } = useTranslation();
  if (!s.enabled) return <Tag>{t('selections.state.off')}</Tag>;
  return s.paused ? <Tag color={HELD}>{t('selections.state.paused')}</Tag> : <Tag color={RUNNING}>{t('selections.state.running')}</Tag>;
}

function ScheduleFacts({ s }: { s: WomenListSchedule }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {s.missedRuns > 0 && <Alert type="warning" showIcon message={t('selections.missed', { count: s.missedRuns })} />}
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('selections.publicationDay')}>{s.publicationDay ? t('selections.dayOfMonth', { day: s.publicationDay }) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('selections.organiser')}>{s.organiser?.displayName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('selections.note')}>{s.note ?? '—'}</Descriptions.Item>
      </Descriptions>
    </Space>
  );
}

/** A call that answers the Schedule as it now is, shown at once; a refusal in the server's words. */
function useScheduleAction<V>(send: (v: V) => Promise<WomenListSchedule>, done: string) {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (s) => {
      client.setQueryData(['selections', 'women-list'], s);
      void message.success(t(done));
    },
    onError: (e) => void message.error(e.message),
  });
}

function Actions({ s }: { s: WomenListSchedule }) {
  const { t } = useTranslation();
  const [day, setDay] = useState(s.publicationDay ?? 25);
  const [note, setNote] = useState('');
  const [month, setMonth] = useState<string>();
  const enable = useScheduleAction((dayOfMonth: number) => post<WomenListSchedule>(`${PATH}/enable`, { dayOfMonth }), 'selections.done.enabled');
  const pause = useScheduleAction((n: string) => post<WomenListSchedule>(`${PATH}/pause`, { note: n }), 'selections.done.paused');
  const resume = useScheduleAction(() => post<WomenListSchedule>(`${PATH}/resume`), 'selections.done.resumed');
  const skip = useScheduleAction((m: string) => post<WomenListSchedule>(`${PATH}/skip`, { month: m }), 'selections.done.skipped');
  const skippable = comingMonths().filter((m) => !s.skipped.some((x) => x.month === m) && !s.months.some((x) => x.month === m));

  return (
    <Space direction="vertical" size={12} style={{ width: '100%', marginTop: 12 }}>
      <Space wrap>
        <label htmlFor="publication-day">{t('selections.publicationDay')}</label>
        <Select id="publication-day" value={day} onChange={setDay} style={{ width: 100 }} options={PUBLICATION_DAYS.map((d) => ({ value: d, label: t('selections.dayOfMonth', { day: d }) }))} />
        <Button type={s.enabled ? 'default' : 'primary'} loading={enable.isPending} onClick={() => enable.mutate(day)}>
          {t(s.enabled ? 'selections.reconfigure' : 'selections.enable')}
        </Button>
      </Space>
      {s.enabled && !s.paused && (
        <Space wrap>
          <Input aria-label={t('selections.pauseNote')} placeholder={t('selections.pauseNote')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} style={{ width: 260 }} />
          <Button danger loading={pause.isPending} disabled={!note.trim()} onClick={() => pause.mutate(note.trim(), { onSuccess: () => setNote('') })}>
            {t('selections.pause')}
          </Button>
        </Space>
      )}
      {s.enabled && s.paused && (
        <Button type="primary" loading={resume.isPending} onClick={() => resume.mutate(undefined)}>
          {t('selections.resume')}
        </Button>
      )}
      {s.enabled && (
        <Space wrap>
          <Select aria-label={t('selections.skipMonth')} placeholder={t('selections.skipMonth')} value={month} onChange={setMonth} style={{ width: 160 }} options={skippable.map((m) => ({ value: m, label: m }))} />
          <Button loading={skip.isPending} disabled={!month} onClick={() => month && skip.mutate(month, { onSuccess: () => setMonth(undefined) })}>
            {t('selections.skip')}
          </Button>
        </Space>
      )}
    </Space>
  );
}

function SkippedMonths({ s }: { s: WomenListSchedule | undefined }) {
  const { t } = useTranslation();
  const unskip = useScheduleAction((m: string) => post<WomenListSchedule>(`${PATH}/unskip`, { month: m }), 'selections.done.unskipped');
  return (
    <Table
      rowKey="month"
      size="small"
      pagination={false}
      dataSource={s?.skipped ?? []}
      locale={{ emptyText: t('selections.noSkipped') }}
      columns={[
        { title: t('selections.month'), dataIndex: 'month', render: (m: string) => <Tag color={HELD}>{t('selections.skippedTag', { month: m })}</Tag> },
        { title: t('selections.skippedBy'), dataIndex: 'by', render: (by: string | null) => by ?? '—' },
        ...(s?.canManage
          ? [{ title: '', key: 'unskip', render: (_: unknown, row: { month: string }) => <Button size="small" loading={unskip.isPending} onClick={() => unskip.mutate(row.month)}>{t('selections.unskip')}</Button> }]
          : []),
      ]}
    />
  );
}

/** The months due and never started, each with 补跑 for those who manage the Schedule. */
function MissedMonths({ s }: { s: WomenListSchedule }) {
  const { t } = useTranslation();
  const run = useScheduleAction((m: string) => post<WomenListSchedule>(`${PATH}/run`, { month: m }), 'selections.done.run');
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('selections.missedMonthsHint')}</Typography.Text>
      <Table
        rowKey="month"
        size="small"
        pagination={false}
        dataSource={s.missedMonths.map((month) => ({ month }))}
        columns={[
          { title: t('selections.month'), dataIndex: 'month', render: (m: string) => <Tag color={HELD}>{t('selections.missedTag', { month: m })}</Tag> },
          ...(s.canManage
            ? [{ title: '', key: 'run', render: (_: unknown, row: { month: string }) => <Button size="small" type="primary" loading={run.isPending && run.variables === row.month} onClick={() => run.mutate(row.month)}>{t('selections.run')}</Button> }]
            : []),
        ]}
      />
    </Space>
  );
}
