// 修改密码: the current password, the new one twice — the first page after a temporary password an
// administrator set. The API ends every other session and answers a fresh token for this one, so
// the page stays signed in.
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useAuth } from '../auth';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function PasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user, changePassword } = useAuth();
  const [form] = Form.useForm<Values>();
  const change = useMutation({
    mutationFn: (v: Values) => changePassword(v.currentPassword, v.newPassword),
    onSuccess: () => {
      form.resetFields();
      void message.success(t('password.changed'));
    },
    onError: (e) => {
      if (!(e instanceof ApiError && e.status === 400 && e.fields.length)) void message.error(e.message);
    },
  });
  // The server names the field it refused (a wrong current password, a rule the new one breaks).
  const refused = change.error instanceof ApiError && change.error.status === 400 ? change.error : undefined;
  const problemOf = (field: string) => refused?.fieldMessage(field);

  return (
    <div>
      <div className="page-title">
        <h1>{t('password.title')}</h1>
      </div>
      {user?.mustChangePassword && <Alert type="warning" showIcon message={t('password.mustChange')} style={{ marginBottom: 16 }} />}
      <Card size="small">
        <Typography.Paragraph type="secondary">{t('password.hint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => change.mutate(v)} style={{ maxWidth: 420 }} requiredMark={false}>
          <Form.Item
            name="currentPassword"
            label={t('password.current')}
            rules={[{ required: true, message: t('password.currentRequired') }]}
            validateStatus={problemOf('currentPassword') ? 'error' : undefined}
            help={problemOf('currentPassword')}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('password.next')}
            rules={[
              { required: true, message: t('password.nextRequired') },
              { min: 8, message: t('password.nextTooShort') },
            ]}
            validateStatus={problemOf('newPassword') ? 'error' : undefined}
            help={problemOf('newPassword')}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('password.nextRequired') },
              ({ getFieldValue }) => ({
                validator: (_rule, value) =>
                  !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.confirmMismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.isPending}>
            {t('password.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
