// A campaign's page (目标管理): where it is (任务分解 with its event, running, 考核), the city's figure per
// target against the plan, each unit against its targets as charts and a sortable table, the .xlsx of
// the roll-up, and the year-end assessment once there. A district sees its own page instead.
import { lazy, Suspense, useState } from 'react';
import { Alert, Card, Col, Descriptions, Grid, List, Row, Select, Skeleton, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useAssessment, useCampaign, useRollup, type CampaignTarget, type Rollup, type RollupUnit, type UnitAssessment } from '../components/CampaignData';
import { figureText, percent, StandingTag, STANDINGS } from '../components/CampaignStanding';
import { useUser } from '../auth';
import { CancelCampaignButton, mayCancelCampaign } from '../components/CampaignCancel';
import { RecordCard } from '../components/ArchiveCard';
import { ExportButton } from '../components/ExportButton';
import { fmtDate, loc } from '../format';
import { CampaignStatusTag } from './CampaignsPage';

// ECharts comes with the charts, after the figures and the table are on screen.
const charts = () => import('../components/CampaignCharts');
const UnitBarsChart = lazy(async () => ({ default: (await charts()).UnitBarsChart }));
const TrendChart = lazy(async () => ({ default: (await charts()).TrendChart }));

/** A China-local day as an instant, for the date formatter. */
const chinaDay = (day: string) => `${day}T00:00:00+08:00`;

/** Worst first when sorted ascending: at risk, behind, on track. */
const severity = (s: RollupUnit['standing']) => STANDINGS.length - 1 - STANDINGS.indexOf(s);

function Totals({ targets, rollup }: { targets: CampaignTarget[]; rollup: Rollup }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[12, 12]}>
      {targets.map((target) => {
        const total = rollup.totals[target.key];
        if (!total) return null;
        return (
          <Col key={target.key} xs={24} sm={12} lg={6}>
            <Card size="small" data-testid={`total-${target.key}`}>
              <Statistic title={loc(target.name)} value={figureText(target, total.done)} />
              <Space wrap size={4}>
                <Typography.Text type="secondary">{t('campaigns.ofPlan', { plan: figureText(target, target.planFigure), completion: percent(total.completion) })}</Typography.Text>
                <StandingTag standing={total.standing} />
              </Space>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

function useUnitColumns(campaignId: string, targets: CampaignTarget[]): ColumnsType<RollupUnit> {
  const { t } = useTranslation();
  return [
    {
      title: t('campaigns.colUnit'),
      dataIndex: 'unitName',
      fixed: 'left',
      width: 130,
      sorter: (a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN'),
      render: (_, u) => <Link to={`/campaigns/${campaignId}/units/${u.unitCode}`}>{u.unitName}</Link>,
    },
    {
      title: t('campaigns.colStanding'),
      dataIndex: 'standing',
      width: 90,
      sorter: (a, b) => severity(a.standing) - severity(b.standing),
      render: (_, u) => <StandingTag standing={u.standing} />,
    },
    ...targets.map((target) => ({
      title: loc(target.name),
      key: target.key,
      width: 150,
      sorter: (a: RollupUnit, b: RollupUnit) => (a.targets[target.key]?.completion ?? 0) - (b.targets[target.key]?.completion ?? 0),
      render: (_: unknown, u: RollupUnit) => {
        const cell = u.targets[target.key];
        if (!cell) return '—';
        return (
          <Space orientation="vertical" size={0}>
            <span>
              {t('campaigns.ofTarget', { done: figureText(target, cell.done), target: figureText(target, cell.target), percent: percent(cell.completion) })}
            </span>
            <StandingTag standing={cell.standing} />
          </Space>
        );
      },
    })),
    {
      title: t('campaigns.colReports'),
      key: 'reports',
      width: 120,
      sorter: (a, b) => b.reportsMissing + b.reportsLate - (a.reportsMissing + a.reportsLate),
      render: (_, u) => <span title={t('campaigns.reportsTitle')}>{t('campaigns.reportsCell', { in: u.reportsIn, late: u.reportsLate, missing: u.reportsMissing })}</span>,
    },
  ];
}

/** On a phone: one row per unit, those furthest behind first, each target's figure beneath. */
function UnitList({ campaignId, targets, units }: { campaignId: string; targets: CampaignTarget[]; units: RollupUnit[] }) {
  const { t } = useTranslation();
  const sorted = [...units].sort((a, b) => severity(a.standing) - severity(b.standing));
  return (
    <List<RollupUnit>
      dataSource={sorted}
      rowKey="unitCode"
      renderItem={(u) => (
        <List.Item>
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap size={8}>
              <Link to={`/campaigns/${campaignId}/units/${u.unitCode}`}>{u.unitName}</Link>
              <StandingTag standing={u.standing} />
            </Space>
            {targets.map((target) => {
              const cell = u.targets[target.key];
              return cell ? (
                <Typography.Text key={target.key} type="secondary">
                  {t('campaigns.labelled', { label: loc(target.name), value: t('campaigns.ofTarget', { done: figureText(target, cell.done), target: figureText(target, cell.target), percent: percent(cell.completion) }) })}
                </Typography.Text>
              ) : null;
            })}
            <Typography.Text type="secondary">
              {t('campaigns.labelled', { label: t('campaigns.colReports'), value: t('campaigns.reportsCell', { in: u.reportsIn, late: u.reportsLate, missing: u.reportsMissing }) })}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

function Progress({ campaignId, targets, rollup }: { campaignId: string; targets: CampaignTarget[]; rollup: Rollup }) {
  const { t } = useTranslation();
  const [key, setKey] = useState(targets[0]?.key);
  const target = targets.find((x) => x.key === key) ?? targets[0];
  const columns = useUnitColumns(campaignId, targets);
  const phone = !Grid.useBreakpoint().md;
  const chartFallback = <Skeleton active paragraph={{ rows: 4 }} />;
  return (
    <>
      <Totals targets={targets} rollup={rollup} />
      <Card
        size="small"
        title={t('campaigns.chartsTitle', { elapsed: percent(rollup.elapsed) })}
        extra={
          <Select
            aria-label={t('campaigns.pickTarget')}
            value={target.key}
            onChange={setKey}
            style={{ maxWidth: 240 }}
            options={targets.map((x) => ({ value: x.key, label: loc(x.name) }))}
          />
        }
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>{t('campaigns.chartUnits')}</Typography.Title>
            <Suspense fallback={chartFallback}>
              <UnitBarsChart rollup={rollup} target={target} />
            </Suspense>
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>{t('campaigns.chartTrend')}</Typography.Title>
            <Suspense fallback={chartFallback}>
              <TrendChart rollup={rollup} target={target} />
            </Suspense>
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t('campaigns.tableTitle', { count: rollup.units.length })}>
        <div data-testid="campaign-units">
          {phone ? (
            <UnitList campaignId={campaignId} targets={targets} units={rollup.units} />
          ) : (
            <Table<RollupUnit> rowKey="unitCode" size="small" columns={columns} dataSource={rollup.units} pagination={false} scroll={{ x: 360 + targets.length * 150 }} />
          )}
        </div>
      </Card>
    </>
  );
}

function AssessmentTable({ targets, rows }: { targets: CampaignTarget[]; rows: UnitAssessment[] }) {
  const { t } = useTranslation();
  const columns: ColumnsType<UnitAssessment> = [
    { title: t('campaigns.colRank'), dataIndex: 'rank', width: 70, defaultSortOrder: 'ascend', sorter: (a, b) => a.rank - b.rank },
    { title: t('campaigns.colUnit'), dataIndex: 'unitName', width: 130 },
    { title: t('campaigns.colScore'), dataIndex: 'score', width: 90, sorter: (a, b) => a.score - b.score, render: (s: number) => Math.round(s * 10) / 10 },
    ...targets.map((target) => ({
      title: loc(target.name),
      key: target.key,
      width: 140,
      render: (_: unknown, a: UnitAssessment) => `${figureText(target, a.done[target.key] ?? 0)} / ${figureText(target, a.targets[target.key] ?? 0)}`,
    })),
    { title: t('campaigns.colLate'), dataIndex: 'late', width: 80, sorter: (a, b) => a.late - b.late },
    { title: t('campaigns.colMissing'), dataIndex: 'missing', width: 80, sorter: (a, b) => a.missing - b.missing },
  ];
  return (
    <Card size="small" title={t('campaigns.assessmentTitle')}>
      <div data-testid="campaign-assessment">
        <Table<UnitAssessment> rowKey="unitCode" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 450 + targets.length * 140 }} />
      </div>
    </Card>
  );
}

export function CampaignPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { id } = useParams();
  const campaign = useCampaign(id);
  const c = campaign.data;
  const all = c?.visibility === 'all';
  const started = !!c && c.status !== 'allocating';
  const rollup = useRollup(id, all && started);
  const assessment = useAssessment(id, all && (c?.status === 'assessing' || c?.status === 'archived'));

  if (campaign.error) return <Alert type="error" showIcon message={campaign.error.message} />;
  if (!c) return <Skeleton active />;
  const span = c.periods.length ? `${fmtDate(chinaDay(c.periods[0].startsOn))} – ${fmtDate(chinaDay(c.periods[c.periods.length - 1].endsOn))}` : '—';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div className="page-title">
        <h1>{c.title}</h1>
        <Space wrap>
          <CampaignStatusTag status={c.status} />
          {all && started && <ExportButton path={`/campaigns/${c.id}/rollup.xlsx`} fileName={`campaign-${c.year}.xlsx`} />}
          {mayCancelCampaign(user, c) && <CancelCampaignButton campaign={c} />}
        </Space>
      </div>
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('campaigns.template')}>{loc(c.templateName)}</Descriptions.Item>
        <Descriptions.Item label={t('campaigns.span')}>{span}</Descriptions.Item>
        <Descriptions.Item label={t('campaigns.allocation')}>
          {c.allocationEventId ? <Link to={`/events/${c.allocationEventId}`}>{t('campaigns.allocationLink')}</Link> : t('campaigns.allocationPending')}
        </Descriptions.Item>
      </Descriptions>
      {c.status === 'allocating' && <Alert type="info" showIcon message={t('campaigns.allocatingHint')} />}
      {c.ownUnits.map((code) => (
        <Alert key={code} type="info" showIcon message={<Link to={`/campaigns/${c.id}/units/${code}`}>{t('campaigns.ownUnitLink', { unit: c.units.find((u) => u.code === code)?.name ?? code })}</Link>} />
      ))}
      {rollup.error && <Alert type="error" showIcon message={rollup.error.message} />}
      {rollup.data && <Progress campaignId={c.id} targets={c.targets} rollup={rollup.data} />}
      {assessment.data && assessment.data.length > 0 && <AssessmentTable targets={c.targets} rows={assessment.data} />}
      {c.record && <RecordCard record={c.record} verifyPath={`/campaigns/${c.id}/record/verify`} />}
    </Space>
  );
}
