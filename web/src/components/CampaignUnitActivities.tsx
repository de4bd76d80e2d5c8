// The unit's own activities in a campaign (本单位活动), on its page: each an ordinary event led by the
// unit, listed with its status and a link to its page, and 发起本单位活动 for its liaison while the
// campaign runs. The plan, sign-off and report happen on the event's own pages and in 待办.
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, List, Modal, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, post } from '../api/client';
import { fmtDateTime } from '../format';
import type { UnitPage } from './CampaignData';
import { EventStatusTag } from './StatusTag';

type Activity = UnitPage['activities'][number];

interface StartForm {
  title: string;
  startsAt: Dayjs;
  venue?: string;
}

function StartActivityDialog({ unit, onClose }: { unit: UnitPage; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<StartForm>();
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: (v: StartForm) =>
      post<Activity>(`/campaigns/${unit.campaignId}/units/${unit.unit.code}/activities`, { title: v.title, startsAt: v.startsAt.toISOString(), venue: v.venue || undefined }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['campaigns', unit.campaignId, 'units', unit.unit.code] });
      onClose();
    },
    // The server's word on a field goes beside the field.
    onError: (e) => {
      if (e instanceof ApiError) form.setFields(e.fields.filter((f) => ['title', 'startsAt', 'venue'].includes(f.field)).map((f) => ({ name: f.field as keyof StartForm, errors: [f.message] })));
    },
  });
  return (
    <Modal open title={t('campaigns.startActivity')} okText={t('campaigns.startActivityOk')} cancelText={t('common.close')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={start.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('campaigns.startActivityHelp', { unit: unit.unit.name })}</Typography.Paragraph>
      <Form<StartForm> form={form} layout="vertical" onFinish={(v) => start.mutate(v)}>
        <Form.Item name="title" label={t('campaigns.activityTitle')} rules={[{ required: true, whitespace: true, message: t('campaigns.activityTitleRequired') }, { max: 200, message: t('office.textLimit', { max: 200 }) }]}>
          <Input />
        </Form.Item>
        <Form.Item name="startsAt" label={t('campaigns.activityStartsAt')} rules={[{ required: true, message: t('campaigns.activityStartsAtRequired') }]}>
          <DatePicker needConfirm={false} showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="venue" label={t('campaigns.activityVenue')} rules={[{ max: 200, message: t('office.textLimit', { max: 200 }) }]}>
          <Input />
        </Form.Item>
      </Form>
      {start.error && <Alert type="error" showIcon message={start.error instanceof ApiError ? start.error.message : String(start.error)} />}
    </Modal>
  );
}

export function CampaignUnitActivities({ unit }: { unit: UnitPage }) {
  const { t } = useTranslation();
  const [starting, setStarting] = useState(false);
  return (
    <Card
      size="small"
      title={t('campaigns.activitiesTitle')}
      data-testid="unit-activities"
      extra={
        unit.canStartActivity && (
          <Button icon={<PlusOutlined />} onClick={() => setStarting(true)}>
            {t('campaigns.startActivity')}
          </Button>
        )
      }
    >
      <List<Activity>
        dataSource={unit.activities}
        locale={{ emptyText: t('campaigns.noActivities') }}
        renderItem={(a) => (
          <List.Item>
            <Space wrap>
              <Link to={`/events/${a.id}`}>{a.title}</Link>
              <EventStatusTag status={a.status} />
              <Typography.Text type="secondary">
                {fmtDateTime(a.startsAt)}
                {a.venue ? ` · ${a.venue}` : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {starting && <StartActivityDialog unit={unit} onClose={() => setStarting(false)} />}
    </Card>
  );
}
