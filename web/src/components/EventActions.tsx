// What the event's managers may do to the whole event: 改期, 延期, 恢复, 取消 — each asks for what
// the API needs (a new date, a reason) and says in the user's language why it was refused. A new
// date is previewed first: what it moves, and what it would leave overdue, before it is confirmed.
import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Space, Typography } from 'antd';
import { CalendarOutlined, CloseCircleOutlined, PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client';
import type { EventSummary, ReschedulePreview } from '../api/types';
import { ScheduleMoves, isDeadline, useMoveLabel } from './ScheduleMoves';

type Action = 'reschedule' | 'postpone' | 'resume' | 'cancel';

interface ActionForm {
  startsAt?: Dayjs;
  endsAt?: Dayjs;
  reason?: string;
}

const bodyOf = (v: ActionForm) => ({
  ...(v.startsAt ? { startsAt: v.startsAt.toISOString() } : {}),
  ...(v.endsAt ? { endsAt: v.endsAt.toISOString() } : {}),
  ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
});

/** What the proposed date moves, and the warnings worth reading before confirming it. */
function MovePreview({ preview }: { preview: ReschedulePreview }) {
  const { t } = useTranslation();
  const label = useMoveLabel();
  const pastDeadlines = preview.moved.filter((m) => m.past && isDeadline(m));
  const pastReminders = preview.moved.filter((m) => m.past && !isDeadline(m));
  return (
    <div data-testid="reschedule-preview" style={{ marginTop: 8 }}>
      {preview.unitsOverdueAtOnce > 0 && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('moves.overdueAtOnce', { count: preview.unitsOverdueAtOnce })} />}
      {pastDeadlines.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('moves.pastDeadlines', { what: pastDeadlines.map(label).join('、') })} />
      )}
      {pastReminders.length > 0 && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('moves.pastReminders', { count: pastReminders.length })} />}
      <Typography.Text strong>{preview.moved.length ? t('moves.previewTitle', { count: preview.moved.length }) : t('moves.nothingMoves')}</Typography.Text>
      {preview.moved.length > 0 && <ScheduleMoves moves={preview.moved} />}
      <div className="muted" style={{ marginTop: 4 }}>
        {t('moves.changeDates')}
      </div>
    </div>
  );
}

export function EventActions({ event }: { event: EventSummary }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Action | null>(null);
  const [preview, setPreview] = useState<ReschedulePreview | null>(null);
  const [form] = Form.useForm<ActionForm>();

  const previewing = useMutation({
    mutationFn: (v: ActionForm) => post<ReschedulePreview>(`/events/${event.id}/reschedule/preview`, bodyOf(v)),
    onSuccess: (p) => setPreview(p),
  });
  const act = useMutation({
    mutationFn: ({ action, v }: { action: Action; v: ActionForm }) => post(`/events/${event.id}/${action}`, bodyOf(v)),
    onSuccess: async (_r, { action }) => {
      setOpen(null);
      setPreview(null);
      form.resetFields();
      void message.success(t(`eventActions.${action}Done`));
      await queryClient.invalidateQueries({ queryKey: ['event', event.id] });
      await queryClient.invalidateQueries({ queryKey: ['events'] });
    },
  });

  const show = (action: Action) => {
    act.reset();
    previewing.reset();
    setPreview(null);
    form.resetFields();
    if (action === 'reschedule' || action === 'resume') form.setFieldsValue({ startsAt: dayjs(event.startsAt) });
    setOpen(action);
  };

  if (event.status === 'cancelled' || event.status === 'archived') return null;
  const needsDate = open === 'reschedule' || open === 'resume';
  const needsReason = open === 'postpone' || open === 'cancel';
  // A new date is confirmed only once its preview has been seen.
  const toPreview = needsDate && !preview;
  const finish = (v: ActionForm) => {
    if (!open) return;
    if (toPreview) previewing.mutate(v);
    else act.mutate({ action: open, v });
  };
  const error = act.error ?? previewing.error;

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
        okText={toPreview ? t('moves.preview') : open ? t(`eventActions.${open}Ok`) : ''}
        okButtonProps={{ danger: open === 'cancel', loading: act.isPending || previewing.isPending }}
        cancelText={t('common.close')}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <p className="muted">{open ? t(`eventActions.${open}Explain`) : ''}</p>
        <Form<ActionForm>
          form={form}
          layout="vertical"
          onFinish={finish}
          onValuesChange={(changed: ActionForm) => {
            if ('startsAt' in changed || 'endsAt' in changed) setPreview(null);
          }}
        >
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
        {needsDate && preview && <MovePreview preview={preview} />}
        {error && <div className="ant-form-item-explain-error" role="alert">{error.message}</div>}
      </Modal>
    </>
  );
}
