// 消息: the in-app notifications (notices, reminders, 催办, 督办, changes of date, and whose turn it
// is: 待办理, 待审批, 退回…), unread first. Each opens the page where its recipient acts.
import { useState } from 'react';
import { Badge, Button, Card, List, Segmented, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { get, post } from '../api/client';
import { fmtShort, loc } from '../format';
import type { Notification } from '../api/types';

const KINDS = new Set(['notice', 'event', 'task-assigned', 'sign-off-waiting', 'decision', 'delegated', 'sign-off-withdrawn', 'event-closed', 'cc']);

export function NotificationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useQuery({
    queryKey: ['notifications', 'list', page, unreadOnly],
    queryFn: () => get<{ items: Notification[]; total: number; unread: number }>(`/notifications?page=${page}&pageSize=20${unreadOnly ? '&unread=true' : ''}`),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({ mutationFn: (id: string) => post(`/notifications/${id}/read`), onSuccess: refresh });
  const markAll = useMutation({ mutationFn: () => post('/notifications/read-all'), onSuccess: refresh });

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    if (n.link) void navigate(n.link);
  };

  return (
    <div>
      <div className="page-title">
        <h1>{t('notifications.title')}</h1>
        <Space wrap>
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => {
              setUnreadOnly(v === 'unread');
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('notifications.all') },
              { value: 'unread', label: t('notifications.unread') },
            ]}
          />
          <Button onClick={() => markAll.mutate()} disabled={!list.data?.unread} loading={markAll.isPending}>
            {t('notifications.readAll')}
          </Button>
        </Space>
      </div>
      <Card size="small">
        <List
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('notifications.empty') }}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
          renderItem={(n) => (
            <List.Item style={{ cursor: n.link ? 'pointer' : undefined }} onClick={() => open(n)}>
              <List.Item.Meta
                avatar={<Badge dot={!n.readAt} />}
                title={
                  <Space size={4} wrap>
                    <Tag>{t(KINDS.has(n.kind) ? `notificationKind.${n.kind}` : 'notificationKind.other')}</Tag>
                    <Typography.Text strong={!n.readAt} className="wrap-anywhere">
                      {loc(n.subject)}
                    </Typography.Text>
                  </Space>
                }
                description={
                  <>
                    <div className="wrap-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
                      {loc(n.body)}
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fmtShort(n.createdAt)}
                      {n.eventTitle ? ` · ${n.eventTitle}` : ''}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
