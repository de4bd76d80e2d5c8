// What the event's managers may do to the whole event: 改期, 延期, 恢复, 取消 — each asks for what
// the API needs (a new date, a reason) and says in the user's language why it was refused.
import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Space } from 'antd';
import { CalendarOutlined, CloseCircleOutlined, PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client';
import type { EventSummary } from '../api/types';

type Action = 'reschedule' | 'postpone' | 'resume' | 'cancel';

interface ActionForm {
  startsAt?: Dayjs;
  endsAt?: Dayjs;
  reason?: string;
}

export function EventActions({ event }: { event: EventSummary }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Action | null>(null);
  const [form] = Form.useForm<ActionForm>();

  const act = useMutation({
    mutationFn: ({ action, v }: { action: Action; v: ActionForm }) =>
      post(`/events/${event.id}/${action}`, {
        ...(v.startsAt ? { startsAt: v.startsAt.toISOString() } : {}),
        ...(v.endsAt ? { endsAt: v.endsAt.toISOString() } : {}),
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      }),
    onSuccess: async (_r, { action }) => {
      setOpen(null);
      form.resetFields();
      void message.success(t(`eventActions.${action}Done`));
      await queryClient.invalidateQueries({ queryKey: ['event', event.id] });
      await queryClient.invalidateQueries({ queryKey: ['events'] });
    },
  });

  const show = (action: Action) => {
    act.reset();
    form.resetFields();
    if (action === 'reschedule' || action === 'resume') form.setFieldsValue({ startsAt: dayjs(event.startsAt) });
    setOpen(action);
  };

  if (event.status === 'cancelled' || event.status === 'archived') return null;
  const needsDate = open === 'reschedule' || open === 'resume';
  const needsReason = open === 'postpone' || open === 'cancel';

  return (
    <>
      <Space wrap>
        {event.status === 'active' && (
          <Button icon={<CalendarOutlined />} onClick={() => show('reschedule')}>
            {t('eventActions.reschedule')}
          </Button>
        )}
        {event.status === 'active' && (
          <Button icon={<PauseCircleOutlined />} onClick={() => show('postpone')}>
            {t('eventActions.postpone')}
          </Button>
        )}
        {event.status === 'postponed' && (
          <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => show('resume')}>
            {t('eventActions.resume')}
          </Button>
        )}
        <Button danger icon={<CloseCircleOutlined />} onClick={() => show('cancel')}>
          {t('eventActions.cancel')}
        </Button>
      </Space>
      <Modal
        open={open !== null}
        title={open ? t(`eventActions.${open}Title`) : ''}
        okText={open ? t(`eventActions.${open}Ok`) : ''}
        okButtonProps={{ danger: open === 'cancel', loading: act.isPending }}
        cancelText={t('common.close')}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <p className="muted">{open ? t(`eventActions.${open}Explain`) : ''}</p>
        <Form<ActionForm> form={form} layout="vertical" onFinish={(v) => open && act.mutate({ action: open, v })}>
          {needsDate && (
            <>
              <Form.Item name="startsAt" label={t('start.startsAt')} rules={[{ required: true, message: t('start.startsAtRequired') }]}>
                <DatePicker needConfirm={false} showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="endsAt" label={t('start.endsAt')}>
                <DatePicker needConfirm={false} showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
              </Form.Item>
            </>
          )}
          <Form.Item
            name="reason"
            label={t('eventActions.reason')}
            rules={needsReason ? [{ required: true, whitespace: true, message: t('eventActions.reasonRequired') }] : []}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} />
          </Form.Item>
        </Form>
        {act.error && <div className="ant-form-item-explain-error" role="alert">{act.error.message}</div>}
      </Modal>
    </>
  );
}
