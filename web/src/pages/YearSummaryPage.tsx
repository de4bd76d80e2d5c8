// 年度总结: the year's events with their documents, receipts and report figures, as charts and a
// table, the targets of the year's campaigns, and the same as .xlsx and PDF — material for the
// federation's annual work summary.
import { lazy, Suspense } from 'react';
import { Alert, Card, Col, Row, Select, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { FilePdfOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams } from 'react-router-dom';
import { get } from '../api/client';
import { figureText, percent, StandingTag } from '../components/CampaignStanding';
import { ExportButton } from '../components/ExportButton';
import { EventStatusTag } from '../components/StatusTag';
import { currentYear } from '../components/yearSummaryAccess';
import { fmtDate, loc } from '../format';
import type { ReceiptCounts, YearEvent, YearSummary, YearTarget } from '../api/types';
import { CampaignStatusTag } from './CampaignsPage';

// ECharts comes with the charts, after the figures and the table are on screen.
const charts = () => import('../components/YearCharts');
const MonthChart = lazy(async () => ({ default: (await charts()).MonthChart }));
const DepartmentChart = lazy(async () => ({ default: (await charts()).DepartmentChart }));
const DistrictChart = lazy(async () => ({ default: (await charts()).DistrictChart }));

const byStartsAt = (a: YearEvent, b: YearEvent) => Date.parse(a.startsAt) - Date.parse(b.startsAt);
const figureOf = (e: YearEvent, key: string) => e.report?.figures.find((f) => f.key === key)?.value;

/** Signed on time out of those due; a receipt still within its time is not counted. */
function onTimeRate(c: ReceiptCounts): number | undefined {
  const due = c.onTime + c.late + c.missing;
  return due ? Math.round((c.onTime / due) * 100) : undefined;
}

function Receipts({ counts }: { counts: ReceiptCounts }) {
  const { t } = useTranslation();
  if (!counts.onTime && !counts.late && !counts.missing && !counts.pending) return <>—</>;
  return (
    <span title={t('yearSummary.receiptsTitle')}>
      {t('yearSummary.receiptsCell', counts)}
    </span>
  );
}

function useColumns(): ColumnsType<YearEvent> {
  const { t } = useTranslation();
  return [
    {
      title: t('yearSummary.colEvent'),
      dataIndex: 'title',
      sorter: (a, b) => a.title.localeCompare(b.title, 'zh-CN'),
      render: (_, e) => (
        <Space direction="vertical" size={0}>
          <Link to={`/events/${e.id}`}>{e.title}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {loc(e.templateName)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('yearSummary.colDate'),
      key: 'date',
      defaultSortOrder: 'ascend',
      sorter: byStartsAt,
      render: (_, e) => (
        <Space direction="vertical" size={0}>
          <span>{fmtDate(e.startsAt)}</span>
          {e.originalStartsAt && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('yearSummary.originally', { when: fmtDate(e.originalStartsAt) })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('yearSummary.colLead'),
      key: 'lead',
      sorter: (a, b) => loc(a.leadUnit.name).localeCompare(loc(b.leadUnit.name), 'zh-CN'),
      render: (_, e) => loc(e.leadUnit.name),
    },
    {
      title: t('yearSummary.colStatus'),
      dataIndex: 'status',
      sorter: (a, b) => a.status.localeCompare(b.status),
      render: (_, e) => <EventStatusTag status={e.status} />,
    },
    {
      title: t('yearSummary.colDocuments'),
      key: 'documents',
      render: (_, e) => {
        const numbered = e.notices.filter((n) => n.docNumber);
        if (!numbered.length) return '—';
        return (
          <Space direction="vertical" size={0}>
            {numbered.map((n) => (
              <span key={n.noticeId} title={loc(n.subject)}>
                {n.docNumber}
              </span>
            ))}
          </Space>
        );
      },
    },
    {
      title: t('yearSummary.colReceipts'),
      key: 'receipts',
      sorter: (a, b) => (onTimeRate(a.receipts) ?? -1) - (onTimeRate(b.receipts) ?? -1),
      render: (_, e) => <Receipts counts={e.receipts} />,
    },
    {
      title: t('yearSummary.colParticipants'),
      key: 'participants',
      align: 'right',
      sorter: (a, b) => (figureOf(a, 'participants') ?? -1) - (figureOf(b, 'participants') ?? -1),
      render: (_, e) => figureOf(e, 'participants') ?? '—',
    },
  ];
}

/** The city's line of each campaign's roll-up, one row per target; the campaign's page has the districts. */
function Targets({ targets }: { targets: YearTarget[] }) {
  const { t } = useTranslation();
  const columns: ColumnsType<YearTarget> = [
    {
      title: t('yearSummary.colCampaign'),
      key: 'campaign',
      render: (_, x) => (
        <Space direction="vertical" size={0}>
          <Link to={`/campaigns/${x.campaignId}`}>{x.campaign}</Link>
          <CampaignStatusTag status={x.campaignStatus} />
        </Space>
      ),
    },
    { title: t('yearSummary.colTarget'), key: 'target', render: (_, x) => loc(x.label) },
    { title: t('yearSummary.colPlan'), key: 'plan', align: 'right', render: (_, x) => figureText(x, x.planFigure) },
    { title: t('yearSummary.colAllocated'), key: 'allocated', align: 'right', render: (_, x) => (x.allocated === null ? t('yearSummary.notAllocated') : figureText(x, x.allocated)) },
    { title: t('yearSummary.colDone'), key: 'done', align: 'right', render: (_, x) => figureText(x, x.done) },
    { title: t('yearSummary.colCompletion'), key: 'completion', align: 'right', render: (_, x) => percent(x.completion) },
    { title: t('yearSummary.colStanding'), key: 'standing', render: (_, x) => <StandingTag standing={x.standing} /> },
  ];
  return (
    <Card size="small" title={t('yearSummary.targetsTitle', { count: targets.length })}>
      <div data-testid="year-targets">
        <Table<YearTarget>
          rowKey={(x) => `${x.campaignId}/${x.key}`}
          size="small"
          columns={columns}
          dataSource={targets}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: t('yearSummary.noTargets') }}
        />
      </div>
    </Card>
  );
}

function Figures({ summary }: { summary: YearSummary }) {
  const { t } = useTranslation();
  const rate = onTimeRate(summary.totals.receipts);
  const cells = [
    { key: 'events', title: t('yearSummary.totalEvents'), value: summary.totals.events },
    { key: 'documents', title: t('yearSummary.totalDocuments'), value: summary.totals.documents },
    { key: 'rate', title: t('yearSummary.totalOnTime'), value: rate === undefined ? '—' : `${rate}%` },
    { key: 'participants', title: t('yearSummary.totalParticipants'), value: summary.totals.participants },
  ];
  return (
    <Row gutter={[12, 12]}>
      {cells.map((c) => (
        <Col key={c.key} xs={12} md={6}>
          <Card size="small">
            <Statistic title={c.title} value={c.value} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

export function YearSummaryPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { year: param } = useParams();
  const year = Number(param);
  const valid = /^\d{4}$/.test(param ?? '');
  const summary = useQuery({ queryKey: ['years', year, 'summary'], queryFn: () => get<YearSummary>(`/years/${year}/summary`), enabled: valid });
  const columns = useColumns();
  if (!valid) return <Navigate to={`/years/${currentYear()}`} replace />;

  const thisYear = currentYear();
  const years = Array.from({ length: 6 }, (_, i) => thisYear + 1 - i);
  if (!years.includes(year)) years.push(year);
  const chartFallback = <Skeleton active paragraph={{ rows: 4 }} />;
  const s = summary.data;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('yearSummary.title', { year })}
        </Typography.Title>
        <Space wrap>
          <Select
            aria-label={t('yearSummary.pickYear')}
            value={year}
            style={{ width: 120 }}
            options={years.sort((a, b) => b - a).map((y) => ({ value: y, label: t('yearSummary.yearOption', { year: y }) }))}
            onChange={(y: number) => void navigate(`/years/${y}`)}
          />
          <ExportButton path={`/years/${year}/summary.xlsx`} label={t('yearSummary.exportXlsx')} fileName={`year-summary-${year}.xlsx`} />
          <ExportButton path={`/years/${year}/summary.pdf`} label={t('yearSummary.exportPdf')} fileName={`year-summary-${year}.pdf`} icon={<FilePdfOutlined />} />
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('yearSummary.intro')}
      </Typography.Paragraph>
      {summary.error && <Alert type="error" showIcon message={summary.error.message} />}
      {!s && !summary.error && <Skeleton active />}
      {s && (
        <>
          <Figures summary={s} />
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('yearSummary.chartMonths')}>
                <Suspense fallback={chartFallback}>
                  <MonthChart summary={s} />
                </Suspense>
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('yearSummary.chartDepartments')}>
                <Suspense fallback={chartFallback}>
                  <DepartmentChart summary={s} />
                </Suspense>
              </Card>
            </Col>
            <Col xs={24}>
              <Card size="small" title={t('yearSummary.chartDistricts')}>
                <Suspense fallback={chartFallback}>
                  <DistrictChart summary={s} />
                </Suspense>
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('yearSummary.tableTitle', { count: s.events.length })}>
            <div data-testid="year-events">
              <Table<YearEvent>
                rowKey="id"
                size="small"
                columns={columns}
                dataSource={s.events}
                pagination={false}
                scroll={{ x: 860 }}
                locale={{ emptyText: t('yearSummary.empty') }}
              />
            </div>
          </Card>
          <Targets targets={s.targets} />
        </>
      )}
    </Space>
  );
}
