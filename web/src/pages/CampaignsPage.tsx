// 目标管理: the year's campaigns with their status, and 发起 for the lead department: a template and a
// year, then the campaign's own page (its allocation comes first, as a task in 待办).
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, post } from '../api/client';
import { useUser } from '../auth';
import { mayStartCampaign, reportingUnit, seesAllUnits, useCampaigns, useCampaignTemplates, type CampaignListItem, type CampaignStatus, type CampaignTemplateSummary } from '../components/CampaignData';
import { percent } from '../components/CampaignStanding';
import { currentYear } from '../components/yearSummaryAccess';
import { fmtDate, loc } from '../format';

const STATUS_COLOURS: Record<CampaignStatus, string> = {
  allocating: '#0958d9',
  running: '#0958d9',
  assessing: '#ad4e00',
  archived: '#237804',
  cancelled: '#595959',
};

export function CampaignStatusTag({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOURS[status]}>{t(`campaigns.status.${status}`)}</Tag>;
}

interface StartForm {
  templateCode: string;
  year: number;
  title?: string;
}

function StartDialog({ templates, year, onClose }: { templates: CampaignTemplateSummary[]; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<StartForm>();
  const start = useMutation({
    mutationFn: (v: StartForm) => post<{ id: string }>('/campaigns', { ...v, title: v.title?.trim() || undefined }),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      void navigate(`/campaigns/${created.id}`);
    },
  });
  return (
    <Modal open title={t('campaigns.startTitle')} okText={t('campaigns.start')} cancelText={t('common.close')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={start.isPending} destroyOnHidden>
      <Form<StartForm> form={form} layout="vertical" initialValues={{ year, templateCode: templates[0]?.code }} onFinish={(v) => start.mutate(v)}>
        <Form.Item name="templateCode" label={t('campaigns.template')} rules={[{ required: true, message: t('campaigns.templateRequired') }]}>
          <Select options={templates.map((x) => ({ value: x.code, label: loc(x.name) }))} />
        </Form.Item>
        <Form.Item name="year" label={t('campaigns.year')} rules={[{ required: true, message: t('campaigns.yearRequired') }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="title" label={t('campaigns.titleOptional')} extra={t('campaigns.titleHelp')} rules={[{ max: 200, message: t('office.textLimit', { max: 200 }) }]}>
          <Input />
        </Form.Item>
      </Form>
      {start.error && <Alert type="error" showIcon message={start.error instanceof ApiError ? start.error.message : String(start.error)} />}
    </Modal>
  );
}

export function CampaignsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || currentYear();
  const [starting, setStarting] = useState(false);
  const templates = useCampaignTemplates();
  const campaigns = useCampaigns(year);
  const startable = (templates.data ?? []).filter((x) => mayStartCampaign(user, x));
  // A district's liaison goes straight to its own unit's page; the staff to the campaign's.
  const ownUnit = seesAllUnits(user) ? undefined : reportingUnit(user);
  const linkOf = (c: CampaignListItem) => (ownUnit ? `/campaigns/${c.id}/units/${ownUnit}` : `/campaigns/${c.id}`);
  const years = Array.from({ length: 5 }, (_, i) => currentYear() + 1 - i);
  if (!years.includes(year)) years.push(year);

  return (
    <div>
      <div className="page-title">
        <h1>{t('campaigns.title')}</h1>
        <Space wrap>
          <Select
            aria-label={t('campaigns.pickYear')}
            value={year}
            style={{ width: 120 }}
            options={years.sort((a, b) => b - a).map((y) => ({ value: y, label: t('yearSummary.yearOption', { year: y }) }))}
            onChange={(y: number) => setParams({ year: String(y) })}
          />
          {startable.length > 0 && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setStarting(true)}>
              {t('campaigns.start')}
            </Button>
          )}
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('campaigns.intro')}</Typography.Paragraph>
      {campaigns.error && <Alert type="error" showIcon message={campaigns.error.message} />}
      <Card size="small">
        <Table<CampaignListItem>
          rowKey="id"
          size="small"
          loading={campaigns.isLoading}
          dataSource={campaigns.data ?? []}
          pagination={false}
          locale={{ emptyText: t('campaigns.empty', { year }) }}
          columns={[
            {
              title: t('campaigns.colTitle'),
              dataIndex: 'title',
              render: (_, c) => (
                <Space orientation="vertical" size={0}>
                  <Link to={linkOf(c)}>{c.title}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {loc(c.templateName)}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('campaigns.colStatus'), dataIndex: 'status', render: (_, c) => <CampaignStatusTag status={c.status} /> },
            // The city's figures are the staff's; a district sees its own on its unit's page.
            ...(ownUnit
              ? []
              : [
                  {
                    title: t('campaigns.colCompletion'),
                    key: 'completion',
                    render: (_: unknown, c: CampaignListItem) => (c.completion === null ? '—' : percent(c.completion)),
                  },
                  {
                    title: t('campaigns.colReportsIn'),
                    key: 'reports',
                    responsive: ['md' as const],
                    render: (_: unknown, c: CampaignListItem) => `${c.reportsIn} / ${c.reportsDue}`,
                  },
                ]),
            { title: t('campaigns.colStarted'), dataIndex: 'startedAt', responsive: ['md'], render: (_, c) => fmtDate(c.startedAt) },
          ]}
        />
      </Card>
      {starting && <StartDialog templates={startable} year={year} onClose={() => setStarting(false)} />}
    </div>
  );
}
