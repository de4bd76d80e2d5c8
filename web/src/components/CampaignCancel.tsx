// 取消目标管理: the lead department's head, the leaders or the administrator stop a campaign with a
// reason; its units stop reporting. The server decides who may; its refusal is shown as it says it.
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client';
import { hasRole } from '../auth';
import type { SessionUser } from '../api/types';
import type { CampaignDetail } from './CampaignData';

/** As the API's campaign.cancel: the lead department's head, the chair and vice-chairs, the administrator. */
export function mayCancelCampaign(user: SessionUser, campaign: CampaignDetail): boolean {
  if (campaign.status !== 'allocating' && campaign.status !== 'running') return false;
  return hasRole(user, 'admin', 'chair', 'vice-chair') || user.roles.some((g) => g.role === 'department-head' && g.unitCode === campaign.leadUnit);
}

export function CancelCampaignButton({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const cancel = useMutation({
    mutationFn: ({ reason }: { reason: string }) => post(`/campaigns/${campaign.id}/cancel`, { reason: reason.trim() }),
    onSuccess: () => {
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
    },
  });
  return (
    <>
      <Button size="small" danger icon={<StopOutlined />} onClick={() => setOpen(true)}>
        {t('campaigns.cancel')}
      </Button>
      <Modal
        open={open}
        title={t('campaigns.cancel')}
        okText={t('campaigns.cancelOk')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.close')}
        confirmLoading={cancel.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('campaigns.cancelExplain')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => cancel.mutate(v)}>
          <Form.Item name="reason" label={t('campaigns.cancelReason')} rules={[{ required: true, whitespace: true, message: t('campaigns.cancelReasonRequired') }, { max: 500, message: t('office.textLimit', { max: 500 }) }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
        {cancel.error && <Alert type="error" showIcon message={cancel.error.message} />}
      </Modal>
    </>
  );
}
