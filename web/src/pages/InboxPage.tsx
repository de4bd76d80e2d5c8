// 待办: the caller's tasks and sign-offs, open or done, soonest deadline first.
import { useState } from 'react';
import { Button, Card, Grid, List, Segmented, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { get } from '../api';
import { TaskKindTag, TaskStatusTag } from '../components/StatusTag';
import { fmtShort, fromNow, isPast, loc } from '../format';
import type { TaskState } from '../types';

type Filter = 'open' | 'done';

export function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>('open');
  const tasks = useQuery({ queryKey: ['tasks', filter], queryFn: () => get<TaskState[]>(`/tasks?status=${filter}`), refetchInterval: 15_000 });
  const phone = !Grid.useBreakpoint().md;
  const when = (task: TaskState) =>
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
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'open', label: t('inbox.open') },
            { value: 'done', label: t('inbox.done') },
          ]}
        />
      </div>
      <Card size="small">
        {phone ? (
          // On a phone: one card-like row per task, the action at hand.
          <List
            loading={tasks.isLoading}
            dataSource={tasks.data ?? []}
            locale={{ emptyText: filter === 'open' ? t('inbox.emptyOpen') : t('inbox.emptyDone') }}
            renderItem={(task) => (
              <List.Item onClick={() => void navigate(`/tasks/${task.id}`)} style={{ cursor: 'pointer' }}>
                <List.Item.Meta
                  title={
                    <Space size={4} wrap>
                      <TaskKindTag kind={task.kind} />
                      <span>{loc(task.name)}</span>
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
          <Table<TaskState>
            rowKey="id"
            loading={tasks.isLoading}
            dataSource={tasks.data ?? []}
            scroll={{ x: 760 }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
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
                      <Link to={`/tasks/${task.id}`}>{loc(task.name)}</Link>
                      {task.levelName && <Typography.Text type="secondary">（{loc(task.levelName)}）</Typography.Text>}
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
              { title: t('inbox.colStatus'), dataIndex: 'status', width: 100, render: (s: TaskState['status']) => <TaskStatusTag status={s} /> },
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
