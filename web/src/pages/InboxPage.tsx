// 待办: the caller's tasks and sign-offs, open or done, soonest deadline first.
import { useState } from 'react';
import { Button, Card, Grid, List, Segmented, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { CopiedToMe, StartedByMe } from '../components/MyViews';
import { TaskKindTag, TaskStatusTag } from '../components/StatusTag';
import { TaskSearchBar, taskLabel } from '../components/TaskSearchBar';
import { fmtShort, fromNow, isPast } from '../format';
import { useTaskPage } from '../queries';
import type { TaskRow } from '../api/types';

type Filter = 'open' | 'done';
/** 待办, 抄送我的 (to read, nothing to do), 我发起的. */
type InboxView = 'todo' | 'cc' | 'started';
const PAGE_SIZE = 20;

export function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>('open');
  const [view, setView] = useState<InboxView>('todo');
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const tasks = useTaskPage(filter, page, PAGE_SIZE, 15_000, true, search);
  // The server pages the inbox; the table and the phone list show its pages.
  const pagination = {
    current: page,
    pageSize: PAGE_SIZE,
    total: tasks.data?.total ?? 0,
    onChange: setPage,
    hideOnSinglePage: true,
    showSizeChanger: false,
    showTotal: (total: number) => t('inbox.total', { count: total }),
  };
  const phone = !Grid.useBreakpoint().md;
  const when = (task: TaskRow) =>
    filter === 'done' ? (
      fmtShort(task.closedAt)
    ) : task.dueAt ? (
      <Typography.Text type={isPast(task.dueAt) ? 'danger' : 'secondary'}>
        {isPast(task.dueAt) ? t('inbox.overdueSince', { when: fromNow(task.dueAt) }) : t('inbox.dueAt', { when: fmtShort(task.dueAt) })}
      </Typography.Text>
    ) : null;

  return (
    <div>
      <div className="page-title">
        <h1>{t('inbox.title')}</h1>
        <Segmented<InboxView>
          value={view}
          onChange={setView}
          options={(['todo', 'cc', 'started'] as const).map((v) => ({ value: v, label: t(`myViews.${v}`) }))}
        />
        <Segmented<Filter>
          style={view === 'todo' ? undefined : { display: 'none' }}
          value={filter}
          onChange={(f) => {
            setFilter(f);
            setPage(1);
          }}
          options={[
            { value: 'open', label: t('inbox.open') },
            { value: 'done', label: t('inbox.done') },
          ]}
        />
      </div>
      {view === 'cc' && <CopiedToMe />}
      {view === 'started' && <StartedByMe />}
      <Card size="small" style={view === 'todo' ? undefined : { display: 'none' }}>
        <TaskSearchBar
          onChange={(next) => {
            setSearch(next);
            setPage(1);
          }}
        />
        {phone ? (
          // On a phone: one card-like row per task, the action at hand.
          <List
            loading={tasks.isLoading}
            dataSource={tasks.data?.items ?? []}
            pagination={{ ...pagination, size: 'small', align: 'center' }}
            locale={{ emptyText: filter === 'open' ? t('inbox.emptyOpen') : t('inbox.emptyDone') }}
            renderItem={(task) => (
              <List.Item onClick={() => void navigate(`/tasks/${task.id}`)} style={{ cursor: 'pointer' }}>
                <List.Item.Meta
                  title={
                    <Space size={4} wrap>
                      <TaskKindTag kind={task.kind} />
                      <span>{taskLabel(task)}</span>
                      <TaskStatusTag status={task.status} />
                    </Space>
                  }
                  description={
                    <Space direction="vertical" size={0}>
                      <span className="wrap-anywhere">{task.eventTitle}</span>
                      {when(task)}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        ) : (
          <Table<TaskRow>
            rowKey="id"
            loading={tasks.isLoading}
            dataSource={tasks.data?.items ?? []}
            scroll={{ x: 760 }}
            pagination={pagination}
            locale={{ emptyText: filter === 'open' ? t('inbox.emptyOpen') : t('inbox.emptyDone') }}
            onRow={(task) => ({ onDoubleClick: () => void navigate(`/tasks/${task.id}`) })}
            columns={[
              {
                title: t('inbox.colTask'),
                key: 'name',
                render: (_v, task) => (
                  <Space direction="vertical" size={0}>
                    <Space size={4} wrap>
                      <TaskKindTag kind={task.kind} />
                      <Link to={`/tasks/${task.id}`}>{taskLabel(task)}</Link>
                    </Space>
                    <Link to={`/events/${task.eventId}`} className="muted wrap-anywhere" style={{ fontSize: 12 }}>
                      {task.eventTitle}
                    </Link>
                  </Space>
                ),
              },
              {
                title: filter === 'open' ? t('inbox.colDue') : t('inbox.colClosed'),
                key: 'due',
                width: 170,
                render: (_v, task) =>
                  filter === 'open' ? (
                    task.dueAt ? (
                      <Space direction="vertical" size={0}>
                        <Typography.Text type={isPast(task.dueAt) ? 'danger' : undefined}>{fmtShort(task.dueAt)}</Typography.Text>
                        <Typography.Text type={isPast(task.dueAt) ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                          {isPast(task.dueAt) ? t('inbox.overdueSince', { when: fromNow(task.dueAt) }) : fromNow(task.dueAt)}
                        </Typography.Text>
                      </Space>
                    ) : (
                      '—'
                    )
                  ) : (
                    fmtShort(task.closedAt)
                  ),
              },
              { title: t('inbox.colStatus'), dataIndex: 'status', width: 100, render: (s: TaskRow['status']) => <TaskStatusTag status={s} /> },
              {
                title: '',
                key: 'go',
                width: 90,
                render: (_v, task) =>
                  task.status === 'open' ? (
                    <Button type="primary" size="small" onClick={() => void navigate(`/tasks/${task.id}`)}>
                      {task.kind === 'sign-off' ? t('inbox.review') : t('inbox.handle')}
                    </Button>
                  ) : (
                    <Button size="small" onClick={() => void navigate(`/tasks/${task.id}`)}>
                      {t('common.view')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
