// The inbox's other views: 抄送我的 (steps the caller was copied on: to read, nothing to do) and
// 我发起的 (the events the caller started, and their submissions with how each sign-off stands).
import { useState } from 'react';
import { Card, List, Space, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { get } from '../api/client';
import { fmtDateTime, fmtShort, loc } from '../format';
import { EventStatusTag } from './StatusTag';
import type { CcPage, EventStatus, StartedPage, Submission, SubmissionPage } from '../api/types';

const PAGE_SIZE = 20;

function usePaged<T>(path: string) {
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['my-views', path, page],
    queryFn: () => get<T>(`${path}?page=${page}&pageSize=${PAGE_SIZE}`),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  return { query, page, setPage };
}

const pagination = (page: number, total: number, onChange: (p: number) => void) => ({
  current: page,
  pageSize: PAGE_SIZE,
  total,
  onChange,
  hideOnSinglePage: true,
  showSizeChanger: false,
  size: 'small' as const,
});

export function CopiedToMe() {
  const { t } = useTranslation();
  const { query, page, setPage } = usePaged<CcPage>('/me/cc');
  return (
    <Card size="small">
      <List
        loading={query.isLoading}
        dataSource={query.data?.items ?? []}
        pagination={pagination(page, query.data?.total ?? 0, setPage)}
        locale={{ emptyText: t('myViews.ccEmpty') }}
        renderItem={(item) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space size={4} wrap>
                  <Tag>{t('myViews.ccTag')}</Tag>
                  <Link to={`/events/${item.eventId}`} className="wrap-anywhere">
                    {item.eventTitle}
                  </Link>
                  <span>· {loc(item.stepName) || item.stepId}</span>
                </Space>
              }
              description={
                <Space direction="vertical" size={0}>
                  <span>{item.by ? t('myViews.ccBy', { who: item.by.displayName, when: fmtDateTime(item.at) }) : t('myViews.ccByTemplate', { when: fmtDateTime(item.at) })}</span>
                  {item.comment && <span className="wrap-anywhere">{t('myViews.ccNote', { note: item.comment })}</span>}
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

const OUTCOME_COLOURS: Record<Submission['outcome'], string> = { pending: 'processing', approved: 'success', rejected: 'error', withdrawn: 'default', closed: 'default' };

export function StartedByMe() {
  const { t } = useTranslation();
  const events = usePaged<StartedPage>('/me/started');
  const submissions = usePaged<SubmissionPage>('/me/submissions');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={t('myViews.startedEvents')}>
        <List
          loading={events.query.isLoading}
          dataSource={events.query.data?.items ?? []}
          pagination={pagination(events.page, events.query.data?.total ?? 0, events.setPage)}
          locale={{ emptyText: t('myViews.startedEmpty') }}
          renderItem={(e) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space size={4} wrap>
                    <Link to={`/events/${e.id}`} className="wrap-anywhere">
                      {e.title}
                    </Link>
                    <EventStatusTag status={e.status as EventStatus} />
                  </Space>
                }
                description={t('myViews.startedLine', { startsAt: fmtShort(e.startsAt), createdAt: fmtShort(e.createdAt) })}
              />
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('myViews.submissions')}>
        <List
          loading={submissions.query.isLoading}
          dataSource={submissions.query.data?.items ?? []}
          pagination={pagination(submissions.page, submissions.query.data?.total ?? 0, submissions.setPage)}
          locale={{ emptyText: t('myViews.submissionsEmpty') }}
          renderItem={(s) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space size={4} wrap>
                    <Link to={`/tasks/${s.taskId}`}>{loc(s.name)}</Link>
                    {s.round > 1 && <Typography.Text type="secondary">{t('myViews.round', { n: s.round })}</Typography.Text>}
                    <Tag color={OUTCOME_COLOURS[s.outcome]}>{t(`myViews.outcome.${s.outcome}`)}</Tag>
                  </Space>
                }
                description={
                  <Space direction="vertical" size={0}>
                    <Link to={`/events/${s.eventId}`} className="muted wrap-anywhere">
                      {s.eventTitle}
                    </Link>
                    <span>{t('myViews.submittedAt', { when: fmtDateTime(s.submittedAt) })}</span>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
