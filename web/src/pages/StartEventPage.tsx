// 发起活动: pick a template an organiser starts by hand (its steps shown), then the date, venue and participants.
import { useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Empty, Form, Input, Row, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, post } from '../api/client';
import { loc } from '../format';
import { useTemplate, useTemplates, useUnitName, useUsers } from '../queries';
import { HandoffPreviewNote } from '../components/Handoff';
import type { EventSummary, StepOutline, TemplateStep, TemplateSummary } from '../api/types';

interface StartForm {
  title: string;
  startsAt: Dayjs;
  endsAt?: Dayjs;
  venue?: string;
  participants?: string[];
}

/** A step of the list's outline, or of the whole template, which adds the sign-off levels. */
type PreviewStep = StepOutline & Pick<TemplateStep, 'levels'>;

function StepPreview({ steps }: { steps: PreviewStep[] }) {
  const { t } = useTranslation();
  return (
    <Timeline
      items={steps.map((s) => ({
        color: s.type === 'approval' ? 'magenta' : s.type === 'notify' ? 'orange' : s.type === 'report' ? 'purple' : 'blue',
        content: (
          <div>
            <Space size={4} wrap>
              <Tag>{t(`stepType.${s.type}`)}</Tag>
              <span>{loc(s.name)}</span>
            </Space>
            {s.type === 'approval' && s.levels && (
              <div className="muted" style={{ fontSize: 12 }}>
                {s.levels.map((l) => loc(l.name)).join(' → ')}
              </div>
            )}
            {s.branches && (
              <div className="muted" style={{ fontSize: 12 }}>
                {t('start.parallel')}：{s.branches.map((b) => b.steps.map((x) => loc(x.name)).join('、')).join(' ｜ ')}
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}

export function StartEventPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const templates = useTemplates();
  const users = useUsers();
  const unitName = useUnitName();
  const [form] = Form.useForm<StartForm>();
  const [selected, setSelected] = useState<TemplateSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The list gives each template's outline; the whole template adds the sign-off levels.
  const full = useTemplate(selected?.code);
  const startsAt = Form.useWatch('startsAt', form);

  const start = useMutation({
    mutationFn: (v: StartForm) =>
      post<EventSummary>('/events', {
        templateCode: selected!.code,
        title: v.title.trim(),
        startsAt: v.startsAt.toISOString(),
        ...(v.endsAt ? { endsAt: v.endsAt.toISOString() } : {}),
        ...(v.venue?.trim() ? { venue: v.venue.trim() } : {}),
        ...(v.participants?.length ? { participants: v.participants } : {}),
      }),
    onSuccess: async (event) => {
      await queryClient.invalidateQueries({ queryKey: ['events'] });
      void navigate(`/events/${event.id}`);
    },
    onError: (e) => {
      setError(e.message);
      if (e instanceof ApiError) form.setFields(e.fields.filter((f) => ['title', 'startsAt', 'endsAt', 'venue'].includes(f.field)).map((f) => ({ name: f.field as keyof StartForm, errors: [f.message] })));
    },
  });

  const pick = (tpl: TemplateSummary) => {
    setSelected(tpl);
    setError(null);
    if (!form.getFieldValue('title')) form.setFieldsValue({ title: `${new Date().getFullYear() + 1}年${loc(tpl.name)}` });
  };

  return (
    <div>
      <div className="page-title">
        <h1>{t('start.title')}</h1>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('start.pickTemplate')} size="small" loading={templates.isLoading}>
            <Row gutter={[12, 12]}>
              {/* Templates with startedBy are started by their campaign, district or schedule: POST /api/events refuses them. */}
              {(templates.data ?? []).filter((tpl) => !tpl.startedBy).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'activity' ? -1 : 1)).map((tpl) => (
                <Col xs={24} md={12} key={tpl.code}>
                  <Card
                    size="small"
                    hoverable
                    className={`template-card${selected?.code === tpl.code ? ' selected' : ''}`}
                    onClick={() => pick(tpl)}
                    role="button"
                    aria-pressed={selected?.code === tpl.code}
                    data-template={tpl.code}
                  >
                    <Space size={4} style={{ marginBottom: 4 }} wrap>
                      <Tag color={tpl.kind === 'meeting' ? 'geekblue' : 'magenta'}>{t(`templateKind.${tpl.kind}`)}</Tag>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {unitName(tpl.leadDepartment)}
                      </Typography.Text>
                    </Space>
                    <div style={{ fontWeight: 600 }}>{loc(tpl.name)}</div>
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0, fontSize: 12 }}>
                      {loc(tpl.description)}
                    </Typography.Paragraph>
                  </Card>
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={selected ? loc(selected.name) : t('start.details')} size="small">
            {!selected ? (
              <Empty description={t('start.pickFirst')} />
            ) : (
              <>
                <Typography.Title level={5}>{t('start.steps')}</Typography.Title>
                <StepPreview steps={full.data?.steps ?? selected.steps} />
                {full.data && <HandoffPreviewNote template={full.data} startsAt={startsAt?.toISOString()} />}
                <Form<StartForm> form={form} layout="vertical" onFinish={(v) => start.mutate(v)} scrollToFirstError>
                  <Form.Item name="title" label={t('start.eventTitle')} rules={[{ required: true, whitespace: true, message: t('start.titleRequired') }, { max: 200, message: t('start.titleTooLong') }]}>
                    {/* The count shows the limit and marks a longer text; maxLength would cut a paste silently. */}
                    <Input count={{ show: true, max: 200 }} />
                  </Form.Item>
                  <Form.Item name="startsAt" label={t('start.startsAt')} rules={[{ required: true, message: t('start.startsAtRequired') }]} extra={t('start.startsAtHelp', { duration: selected.defaultDuration })}>
                    <DatePicker needConfirm={false} showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item
                    name="endsAt"
                    label={t('start.endsAt')}
                    dependencies={['startsAt']}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: (_r, v: Dayjs | undefined) => {
                          const s = getFieldValue('startsAt') as Dayjs | undefined;
                          return !v || !s || v.isAfter(s) ? Promise.resolve() : Promise.reject(new Error(t('start.endsBeforeStart')));
                        },
                      }),
                    ]}
                  >
                    <DatePicker needConfirm={false} showTime={{ format: 'HH:mm', minuteStep: 5 }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name="venue" label={t('start.venue')} rules={[{ max: 200, message: t('office.textLimit', { max: 200 }) }]}>
                    <Input count={{ show: true, max: 200 }} placeholder={t('start.venuePlaceholder')} />
                  </Form.Item>
                  <Form.Item name="participants" label={t('start.participants')} extra={t('start.participantsHelp')}>
                    <Select
                      mode="multiple"
                      showSearch={{ optionFilterProp: 'label' }}
                      loading={users.isLoading}
                      options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${unitName(u.unitCode)}）` }))}
                    />
                  </Form.Item>
                  {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
                  <Button type="primary" htmlType="submit" loading={start.isPending} block>
                    {t('start.submit')}
                  </Button>
                </Form>
              </>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
