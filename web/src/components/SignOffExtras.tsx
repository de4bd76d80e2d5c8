// 加签 and 抄送 on a task page: an approver with an open sign-off adds a signer before or after
// themselves; the task's submitter copies people or units on it (so may the event's managers, whom
// the server knows). The server decides who is acceptable (the separation of duties) and says why not.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { CopyOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client';
import { useUser } from '../auth';
import { loc } from '../format';
import { useUnits, useUsers } from '../queries';
import type { AddSignerRequest, CcRequest, CcResult, TaskDetail } from '../api/types';

type Dialog = 'add-signer' | 'cc' | null;
interface DialogValues {
  personId?: string;
  position?: AddSignerRequest['position'];
  personIds?: string[];
  unitCodes?: string[];
  comment?: string;
}

export function SignOffExtras({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<DialogValues>();
  const users = useUsers();
  const units = useUnits(dialog === 'cc');
  // An added signer signs; adding further signers is the approver's who added them.
  const approver = task.kind === 'sign-off' && task.status === 'open' && !task.addedBy && task.assignees.some((p) => p.id === user.id);
  // Whoever submitted the work: the sign-off's submitter, or whoever completed the work task.
  const submitter = task.kind === 'sign-off' ? task.submitterId === user.id : task.status === 'completed' && task.actedBy?.id === user.id;

  const send = useMutation({
    mutationFn: ({ action, values }: { action: Exclude<Dialog, null>; values: DialogValues }) => {
      const comment = values.comment?.trim() || undefined;
      if (action === 'add-signer') return post<unknown>(`/tasks/${task.id}/add-signer`, { personId: values.personId, position: values.position, comment } satisfies Partial<AddSignerRequest>);
      return post<CcResult>(`/tasks/${task.id}/cc`, { personIds: values.personIds ?? [], unitCodes: values.unitCodes ?? [], comment } satisfies CcRequest);
    },
    onSuccess: async (r, { action }) => {
      setDialog(null);
      if (action === 'cc' && (r as CcResult).recipients === 0) void message.info(t('signOffExtras.ccAlready'));
      else void message.success(t(action === 'cc' ? 'signOffExtras.ccDone' : 'signOffExtras.addSignerDone'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['tasks'] }),
        queryClient.invalidateQueries({ queryKey: ['task', task.id] }),
        queryClient.invalidateQueries({ queryKey: ['event'] }),
      ]);
    },
  });

  if (!approver && !submitter) return null;
  const open = (d: Exclude<Dialog, null>) => {
    send.reset();
    form.resetFields();
    setDialog(d);
  };
  const people = (users.data ?? []).filter((u) => u.id !== user.id).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }));

  return (
    <Card size="small" title={t('signOffExtras.title')} style={{ marginTop: 16 }}>
      <Space wrap>
        {approver && (
          <Button icon={<UserAddOutlined />} onClick={() => open('add-signer')}>
            {t('signOffExtras.addSigner')}
          </Button>
        )}
        {submitter && (
          <Button icon={<CopyOutlined />} onClick={() => open('cc')}>
            {t('signOffExtras.cc')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {task.addedBy && task.addedHow && t(`signOffExtras.added.${task.addedHow}`, { who: task.addedBy.displayName })}
        {approver ? t('signOffExtras.hintApprover') : t('signOffExtras.hintCc')}
      </Typography.Paragraph>

      <Modal
        open={dialog !== null}
        title={dialog === 'cc' ? t('signOffExtras.ccTitle') : t('signOffExtras.addSignerTitle')}
        okText={dialog === 'cc' ? t('signOffExtras.cc') : t('signOffExtras.addSigner')}
        cancelText={t('common.close')}
        okButtonProps={{ loading: send.isPending }}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form<DialogValues> form={form} layout="vertical" initialValues={{ position: 'before' }} onFinish={(values) => dialog && send.mutate({ action: dialog, values })}>
          {dialog === 'add-signer' && (
            <>
              <Form.Item name="personId" label={t('signOffExtras.signer')} rules={[{ required: true, message: t('signOffExtras.signerRequired') }]}>
                <Select showSearch={{ optionFilterProp: 'label' }} loading={users.isLoading} options={people} />
              </Form.Item>
              <Form.Item name="position" label={t('signOffExtras.position')}>
                <Radio.Group
                  options={[
                    { value: 'before', label: t('signOffExtras.before') },
                    { value: 'after', label: t('signOffExtras.after') },
                  ]}
                />
              </Form.Item>
            </>
          )}
          {dialog === 'cc' && (
            <>
              <Form.Item name="personIds" label={t('signOffExtras.ccPeople')}>
                <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} loading={users.isLoading} options={people} />
              </Form.Item>
              <Form.Item
                name="unitCodes"
                label={t('signOffExtras.ccUnits')}
                extra={t('signOffExtras.ccUnitsHint')}
                dependencies={['personIds']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_r, v?: string[]) =>
                      v?.length || (getFieldValue('personIds') as string[] | undefined)?.length ? Promise.resolve() : Promise.reject(new Error(t('signOffExtras.ccRequired'))),
                  }),
                ]}
              >
                <Select
                  mode="multiple"
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={units.isLoading}
                  options={(units.data ?? []).map((u) => ({ value: u.code, label: loc({ 'zh-CN': u.nameZh, en: u.nameEn }) }))}
                />
              </Form.Item>
            </>
          )}
          <Form.Item name="comment" label={dialog === 'cc' ? t('signOffExtras.note') : t('task.commentOptional')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={dialog === 'cc' ? 500 : 2000} />
          </Form.Item>
        </Form>
        {send.error && <Alert type="error" showIcon title={send.error.message} role="alert" />}
      </Modal>
    </Card>
  );
}
