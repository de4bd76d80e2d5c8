// 工作台: what needs me now (tasks, sign-offs, notices to acknowledge, what is overdue), my events,
// and the year's events on one timeline.
import { lazy, Suspense, useState } from 'react';
import { Button, Card, Col, Empty, Grid, List, Row, Select, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { ExclamationCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { get } from '../api/client';
import { answersNotices, canStartEvents, managesEvent, useUser } from '../auth';
import { EventStatusTag, TaskKindTag } from '../components/StatusTag';
import { fmtDate, fmtShort, fromNow, isPast, loc } from '../format';
import { useTaskCount, useTaskPage } from '../queries';
import type { EventPage, MyNotice } from '../api/types';
import { taskLabel } from '../components/TaskSearchBar';

// ECharts (the largest library the app uses) comes with the timeline, and with nothing else.
const YearTimeline = lazy(async () => ({ default: (await import('../components/YearTimeline')).YearTimeline }));

function yearRange(year: number) {
  return { from: new Date(Date.UTC(year, 0, 1) - 8 * 3600_000).toISOString(), to: new Date(Date.UTC(year + 1, 0, 1) - 8 * 3600_000).toISOString() };
}

export function DashboardPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState<number | null>(null);

  const tasks = useTaskPage('open', 1, 8);
  const overdue = useTaskCount('overdue');
  const notices = useQuery({
    queryKey: ['notices', 'pending'],
    queryFn: () => get<MyNotice[]>('/notices?status=pending'),
    enabled: answersNotices(user),
  });
  const upcoming = useQuery({
    queryKey: ['events', 'span', thisYear],
    queryFn: () => {
      const { from } = yearRange(thisYear);
      const { to } = yearRange(thisYear + 1);
      return get<EventPage>(`/events?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&pageSize=100`);
    },
  });
  // The timeline opens on the year of the next event to come (in December that is often next
  // year's plan), or on this year when nothing is coming.
  const nextEvent = (upcoming.data?.items ?? [])
    .filter((e) => Date.parse(e.startsAt) >= Date.now() && e.status !== 'cancelled')
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))[0];
  const shownYear = year ?? (nextEvent ? new Date(nextEvent.startsAt).getFullYear() : thisYear);
  const yearEvents = useQuery({
    queryKey: ['events', 'year', shownYear],
    queryFn: () => {
      const { from, to } = yearRange(shownYear);
      return get<EventPage>(`/events?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&pageSize=100`);
    },
  });

  const overdueCount = overdue.data?.total ?? 0;
  const mine = (upcoming.data?.items ?? []).filter((e) => managesEvent(user, e) && e.status !== 'archived' && e.status !== 'cancelled');
  const pendingNotices = notices.data ?? [];

  return (
    <div>
      <div className="page-title">
        <h1>{t('dashboard.title')}</h1>
        {canStartEvents(user) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/events/new')}>
            {t('nav.start')}
          </Button>
        )}
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card className="stat-card" size="small">
            <Statistic title={t('dashboard.openTasks')} value={tasks.data?.total ?? 0} loading={tasks.isLoading} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card className="stat-card" size="small">
            <Statistic
              title={t('dashboard.overdue')}
              value={overdueCount}
              loading={overdue.isLoading}
              styles={{ content: overdueCount > 0 ? { color: '#cf1322' } : undefined }}
              prefix={overdueCount > 0 ? <ExclamationCircleOutlined /> : undefined}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card className="stat-card" size="small">
            <Statistic title={t('dashboard.pendingNotices')} value={pendingNotices.length} loading={notices.isLoading && answersNotices(user)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card className="stat-card" size="small">
            <Statistic title={t('dashboard.myEvents')} value={mine.length} loading={upcoming.isLoading} />
          </Card>
        </Col>

        <Col xs={24} lg={12}>
          <Card title={t('dashboard.myTasks')} extra={<Link to="/tasks">{t('common.all')}</Link>} size="small">
            <List
              loading={tasks.isLoading}
              dataSource={tasks.data?.items ?? []}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noTasks')} /> }}
              renderItem={(task) => (
                <List.Item actions={[<Link key="open" to={`/tasks/${task.id}`}>{task.kind === 'sign-off' ? t('inbox.review') : t('inbox.handle')}</Link>]}>
                  <List.Item.Meta
                    title={
                      <Space size={4} wrap>
                        <TaskKindTag kind={task.kind} />
                        <Link to={`/tasks/${task.id}`}>{taskLabel(task)}</Link>
                      </Space>
                    }
                    description={
                      <span className="wrap-anywhere">
                        {task.eventTitle}
                        {task.dueAt && (
                          <Typography.Text type={isPast(task.dueAt) ? 'danger' : 'secondary'} style={{ marginLeft: 8 }}>
                            {isPast(task.dueAt) ? t('inbox.overdueSince', { when: fromNow(task.dueAt) }) : t('inbox.dueAt', { when: fmtShort(task.dueAt) })}
                          </Typography.Text>
                        )}
                      </span>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>

        <Col xs={24} lg={12}>
          {answersNotices(user) && pendingNotices.length > 0 && (
            <Card title={t('dashboard.noticesToAcknowledge')} extra={<Link to="/notices">{t('common.all')}</Link>} size="small" style={{ marginBottom: 16 }}>
              <List
                dataSource={pendingNotices.slice(0, 5)}
                renderItem={(n) => (
                  <List.Item actions={[<Link key="ack" to="/notices">{t('notices.acknowledge')}</Link>]}>
                    <List.Item.Meta
                      title={<span className="wrap-anywhere">{loc(n.subject)}</span>}
                      description={
                        <Space size={4} wrap>
                          {n.docNumber && <Tag>{n.docNumber}</Tag>}
                          <Typography.Text type={isPast(n.receiptsDueAt) ? 'danger' : 'secondary'}>
                            {n.receiptsDueAt ? t('notices.dueAt', { when: fmtShort(n.receiptsDueAt) }) : ''}
                          </Typography.Text>
                        </Space>
                      }
                    />
                  </List.Item>
                )}
              />
            </Card>
          )}
          <Card title={t('dashboard.myEventsTitle')} extra={<Link to="/events">{t('common.all')}</Link>} size="small">
            <List
              loading={upcoming.isLoading}
              dataSource={mine.slice(0, 8)}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noEvents')} /> }}
              renderItem={(e) => (
                <List.Item>
                  <List.Item.Meta
                    title={
                      <Space size={4} wrap>
                        <EventStatusTag status={e.status} />
                        <Link to={`/events/${e.id}`}>{e.title}</Link>
                      </Space>
                    }
                    description={`${e.status === 'postponed' ? t('office.postponed') : fmtDate(e.startsAt)}${e.venue ? ` · ${e.venue}` : ''}`}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>

        <Col span={24}>
          <Card
            title={t('dashboard.timeline', { year: shownYear })}
            size="small"
            extra={
              <Select
                size="small"
                value={shownYear}
                onChange={setYear}
                aria-label={t('dashboard.year')}
                options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: t('dashboard.yearOption', { year: y }) }))}
              />
            }
          >
            {yearEvents.data && yearEvents.data.items.length === 0 ? (
              <Empty description={t('dashboard.noEventsInYear', { year: shownYear })} />
            ) : (
              <Suspense fallback={<Skeleton active />}>
                <YearTimeline events={yearEvents.data?.items ?? []} year={shownYear} compact={!screens.md} />
              </Suspense>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
