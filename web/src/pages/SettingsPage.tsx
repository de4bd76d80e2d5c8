// 通知设置: where a person is told besides the in-app messages (email on or off, and the address),
// which kinds of message also come by email, their private calendar feed, and — for a unit's contact
// or the administrator — the unit's group robots (企业微信, 钉钉) and webhooks.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Select, Space, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, get, post } from '../api/client';
import type { NotificationSettings } from '../api/types';
import { loc } from '../format';
import { contactUnit, hasRole, useUser } from '../auth';
import { useUnitName, useUnits } from '../queries';

interface MyChannels {
  email: { enabled: boolean; address: string | null };
}
interface UnitChannels {
  unit: { code: string; nameZh: string; nameEn: string };
  robots: { id: string; channel: RobotChannel; url: string; enabled: boolean; hasSecret: boolean }[];
}
type RobotChannel = 'wecom' | 'dingtalk' | 'webhook';
interface RobotRow {
  channel: RobotChannel;
  url: string;
  enabled: boolean;
  secret?: string;
  hasSecret?: boolean;
}

export function SettingsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const admin = hasRole(user, 'admin');
  const ownUnit = contactUnit(user);
  return (
    <div>
      <div className="page-title">
        <h1>{t('settings.title')}</h1>
      </div>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <EmailCard />
        <KindsCard />
        <CalendarCard />
        {(admin || ownUnit) && <RobotsCard initialUnit={ownUnit} chooseUnit={admin} />}
      </Space>
    </div>
  );
}

function EmailCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ enabled: boolean; address: string }>();
  const mine = useQuery({ queryKey: ['me', 'channels'], queryFn: () => get<MyChannels>('/me/channels') });
  useEffect(() => {
    if (mine.data) form.setFieldsValue({ enabled: mine.data.email.enabled, address: mine.data.email.address ?? '' });
  }, [mine.data, form]);
  const save = useMutation({
    mutationFn: (v: { enabled: boolean; address: string }) =>
      api<MyChannels>('PUT', '/me/channels', { email: { enabled: v.enabled, address: v.address.trim() || null } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['me', 'channels'] });
      void message.success(t('settings.saved'));
    },
    onError: (e) => {
      if (!(e instanceof ApiError && e.status === 400)) void message.error(e.message);
    },
  });
  // The server's refusal of the address (the only field it can refuse) shows beside it.
  const fieldErrors = save.error instanceof ApiError && save.error.status === 400 ? save.error.message : undefined;

  return (
    <Card title={t('settings.email')} size="small" loading={mine.isLoading}>
      <Typography.Paragraph type="secondary">{t('settings.emailHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} style={{ maxWidth: 480 }}>
        <Form.Item name="enabled" label={t('settings.emailEnabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item
          name="address"
          label={t('settings.emailAddress')}
          extra={t('settings.emailAddressHint')}
          rules={[{ type: 'email', message: t('settings.emailInvalid') }]}
          validateStatus={fieldErrors ? 'error' : undefined}
          help={fieldErrors}
        >
          <Input placeholder={t('settings.emailAddressPlaceholder')} autoComplete="email" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('settings.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** One switch per kind: in-app is always on (the inbox is the record), email can be off per kind. */
function KindsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['me', 'notification-settings'], queryFn: () => get<NotificationSettings>('/me/notification-settings') });
  const save = useMutation({
    mutationFn: (change: { kind: string; email: boolean }) => api<NotificationSettings>('PUT', '/me/notification-settings', { kinds: [change] }),
    onSuccess: (data) => {
      queryClient.setQueryData(['me', 'notification-settings'], data);
      void message.success(t('settings.saved'));
    },
    onError: (e) => void message.error(e.message),
  });
  return (
    <Card title={t('turnSettings.title')} size="small" loading={settings.isLoading}>
      <Typography.Paragraph type="secondary">{t('turnSettings.hint')}</Typography.Paragraph>
      {settings.data && !settings.data.channel.enabled && <Alert type="info" showIcon message={t('turnSettings.emailOff')} style={{ marginBottom: 12 }} />}
      <Space direction="vertical" size={8} style={{ width: '100%' }}>
        {settings.data?.kinds.map((k) => (
          <Space key={k.kind} wrap style={{ justifyContent: 'space-between', width: '100%', maxWidth: 560 }}>
            <Space size={4} wrap>
              <span>{loc(k.label)}</span>
              {k.mustAct && <Tag color="blue">{t('turnSettings.mustAct')}</Tag>}
            </Space>
            <Space size={4}>
              <span aria-hidden>{t('turnSettings.emailSwitch')}</span>
              <Switch
                checked={k.email}
                aria-label={`${loc(k.label)} · ${t('turnSettings.emailSwitch')}`}
                loading={save.isPending && save.variables?.kind === k.kind}
                onChange={(email) => save.mutate({ kind: k.kind, email })}
              />
            </Space>
          </Space>
        ))}
      </Space>
    </Card>
  );
}

function CalendarCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const feed = useQuery({ queryKey: ['me', 'calendar'], queryFn: () => get<{ url: string }>('/me/calendar') });
  const reset = useMutation({
    mutationFn: () => post<{ url: string }>('/me/calendar/reset'),
    onSuccess: (data) => {
      queryClient.setQueryData(['me', 'calendar'], data);
      void message.success(t('settings.calendarReset'));
    },
    onError: (e) => void message.error(e.message),
  });
  return (
    <Card title={t('settings.calendar')} size="small" loading={feed.isLoading}>
      <Typography.Paragraph type="secondary">{t('settings.calendarHint')}</Typography.Paragraph>
      {feed.data && (
        <Typography.Paragraph copyable={{ text: feed.data.url, tooltips: [t('settings.copy'), t('settings.copied')] }} className="wrap-anywhere" data-testid="calendar-url">
          <Typography.Text code>{feed.data.url}</Typography.Text>
        </Typography.Paragraph>
      )}
      <Popconfirm title={t('settings.calendarResetConfirm')} onConfirm={() => reset.mutate()} okText={t('common.yes')} cancelText={t('common.no')}>
        <Button loading={reset.isPending}>{t('settings.calendarResetButton')}</Button>
      </Popconfirm>
    </Card>
  );
}

function RobotsCard({ initialUnit, chooseUnit }: { initialUnit?: string; chooseUnit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const units = useUnits();
  const unitName = useUnitName();
  const [unit, setUnit] = useState<string | undefined>(initialUnit);
  const [form] = Form.useForm<{ robots: RobotRow[] }>();
  const robots = useQuery({
    queryKey: ['units', unit, 'channels'],
    queryFn: () => get<UnitChannels>(`/units/${unit}/channels`),
    enabled: !!unit,
  });
  useEffect(() => {
    if (robots.data) form.setFieldsValue({ robots: robots.data.robots.map((r) => ({ channel: r.channel, url: r.url, enabled: r.enabled, hasSecret: r.hasSecret })) });
  }, [robots.data, form]);
  const save = useMutation({
    mutationFn: (v: { robots?: RobotRow[] }) =>
      api<UnitChannels>('PUT', `/units/${unit}/channels`, {
        // A secret left blank keeps the one already set for that address.
        robots: (v.robots ?? []).map((r) => ({ channel: r.channel, url: r.url.trim(), enabled: r.enabled, ...(r.secret ? { secret: r.secret } : {}) })),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['units', unit, 'channels'] });
      void message.success(t('settings.saved'));
    },
    onError: (e) => void message.error(e.message),
  });

  return (
    <Card
      title={t('settings.robots')}
      size="small"
      extra={
        chooseUnit ? (
          <Select
            showSearch
            optionFilterProp="label"
            style={{ minWidth: 220 }}
            placeholder={t('settings.chooseUnit')}
            aria-label={t('settings.chooseUnit')}
            value={unit}
            onChange={setUnit}
            loading={units.isLoading}
            options={(units.data ?? []).map((u) => ({ value: u.code, label: unitName(u.code) }))}
          />
        ) : (
          unit && <Tag>{unitName(unit)}</Tag>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('settings.robotsHint')}</Typography.Paragraph>
      {unit && (
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} disabled={robots.isLoading}>
          <Form.List name="robots">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'channel']} label={t('settings.robotChannel')} rules={[{ required: true, message: t('settings.required') }]}>
                      <Select
                        style={{ width: 180 }}
                        options={(['wecom', 'dingtalk', 'webhook'] as const).map((c) => ({ value: c, label: t(`settings.channel.${c}`) }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'url']}
                      label={t('settings.robotUrl')}
                      rules={[
                        { required: true, message: t('settings.required') },
                        { pattern: /^https?:\/\/\S+$/, message: t('settings.urlInvalid') },
                      ]}
                    >
                      <Input style={{ width: 360, maxWidth: '80vw' }} placeholder="https://" />
                    </Form.Item>
                    <Form.Item noStyle shouldUpdate>
                      {() => (
                        <Form.Item
                          name={[field.name, 'secret']}
                          label={t('settings.robotSecret')}
                          extra={form.getFieldValue(['robots', field.name, 'hasSecret']) ? t('settings.secretKept') : undefined}
                        >
                          <Input.Password style={{ width: 200 }} autoComplete="new-password" />
                        </Form.Item>
                      )}
                    </Form.Item>
                    <Form.Item name={[field.name, 'enabled']} label={t('settings.robotEnabled')} valuePropName="checked" initialValue={true}>
                      <Switch />
                    </Form.Item>
                    <Form.Item label=" ">
                      <Button icon={<DeleteOutlined />} aria-label={t('settings.remove')} onClick={() => remove(field.name)} />
                    </Form.Item>
                  </Space>
                ))}
                <Space>
                  <Button icon={<PlusOutlined />} onClick={() => add({ channel: 'wecom', url: '', enabled: true })}>
                    {t('settings.addRobot')}
                  </Button>
                  <Button type="primary" htmlType="submit" loading={save.isPending}>
                    {t('settings.save')}
                  </Button>
                </Space>
              </>
            )}
          </Form.List>
        </Form>
      )}
    </Card>
  );
}
