// A unit's own page of a campaign, for its liaison (联络员): its targets and figure so far, every
// period's report with its due date and whether it came late or was urged (催办/督办), what is due
// next, and the report form. The form checks what the workflow's validator checks (the same function),
// so a refusal is seen as it is typed; the server still decides, and its refusal is shown as said.
import { useRef, useState } from 'react';
import { Alert, Button, Card, Col, Form, Grid, Input, InputNumber, List, Progress, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { figuresBefore, reportProblems } from '../../../workflows/campaign/reports';
import type { AttachmentRef } from '../../../workflows/forms';
import { ApiError, post } from '../api/client';
import { AttachmentField, AttachmentList } from '../components/AttachmentField';
import { CampaignUnitActivities } from '../components/CampaignUnitActivities';
import { useCampaign, useUnitPage, type CampaignTarget, type UnitPage, type UnitPeriod } from '../components/CampaignData';
import { figureText, percent, StandingTag } from '../components/CampaignStanding';
import { fmtDate, fmtDateTime, loc } from '../format';

/** Today in China, YYYY-MM-DD: a period may be reported on from its first day. */
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

const begun = (p: UnitPeriod) => p.startsOn <= chinaToday();

/** A v4 UUID from the browser's random source (crypto.randomUUID needs HTTPS, the office may serve plain HTTP). */
function newRequestId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Any comment at all, to ask the rule which of its problems a comment clears. */
const ANY_COMMENT = '-';

/**
 * What a report of period `index` is checked against, by the server's own rule: each figure from the
 * latest earlier period that gave it (a report may leave a target out).
 */
function previousFigures(unit: UnitPage, index: number): Record<string, number> | undefined {
  return figuresBefore(unit.periods.flatMap((p) => (p.report ? [{ periodIndex: p.index, figures: p.report.figures }] : [])), index);
}

function Targets({ unit }: { unit: UnitPage }) {
  return (
    <Row gutter={[12, 12]}>
      {unit.targets.map((target) => (
        <Col key={target.key} xs={24} sm={12} lg={6}>
          <Card size="small" data-testid={`target-${target.key}`}>
            <Typography.Text strong>{loc(target.name)}</Typography.Text>
            <div>
              {figureText(target, target.done)} / {figureText(target, target.target)} <StandingTag standing={target.standing} />
            </div>
            <Progress percent={Math.round(target.completion * 100)} size="small" aria-label={`${loc(target.name)} ${percent(target.completion)}`} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function PeriodState({ period }: { period: UnitPeriod }) {
  const { t } = useTranslation();
  return (
    <Space wrap size={4}>
      {period.report ? (
        <Tag color={period.late ? '#ad4e00' : '#237804'}>{t(period.late ? 'campaigns.reportedLate' : 'campaigns.reported')}</Tag>
      ) : !begun(period) ? (
        <Tag>{t('campaigns.notBegun')}</Tag>
      ) : period.missing ? (
        <Tag color="#a8071a">{t('campaigns.overdue')}</Tag>
      ) : (
        <Tag color="#0958d9">{t('campaigns.open')}</Tag>
      )}
      {period.urgings.map((u) => (
        <Tag key={u.kind} title={fmtDateTime(u.at)}>
          {t(`campaigns.urging.${u.kind}`)}
        </Tag>
      ))}
    </Space>
  );
}

function ReportCell({ unit, period }: { unit: UnitPage; period: UnitPeriod }) {
  const { t } = useTranslation();
  const r = period.report;
  if (!r) return <>—</>;
  return (
    <Space orientation="vertical" size={2}>
      {unit.targets
        .filter((x) => x.key in r.figures)
        .map((x) => (
          <span key={x.key}>
            {t('campaigns.labelled', { label: loc(x.name), value: figureText(x, r.figures[x.key]) })}
          </span>
        ))}
      {r.comment && <Typography.Text type="secondary">{r.comment}</Typography.Text>}
      {r.revision > 1 && <Typography.Text type="secondary">{t('campaigns.revised', { count: r.revision - 1 })}</Typography.Text>}
      {r.attachments.length > 0 && <AttachmentList files={r.attachments} />}
    </Space>
  );
}

function PeriodsTable({ unit }: { unit: UnitPage }) {
  const { t } = useTranslation();
  const columns: ColumnsType<UnitPeriod> = [
    { title: t('campaigns.colPeriod'), key: 'label', width: 120, render: (_, p) => loc(p.label) },
    { title: t('campaigns.colDue'), dataIndex: 'dueAt', width: 130, render: (_, p) => fmtDate(p.dueAt) },
    { title: t('campaigns.colState'), key: 'state', width: 130, render: (_, p) => <PeriodState period={p} /> },
    { title: t('campaigns.colFigures'), key: 'figures', render: (_, p) => <ReportCell unit={unit} period={p} /> },
  ];
  const phone = !Grid.useBreakpoint().md;
  return (
    <div data-testid="unit-periods">
      {phone ? (
        // On a phone: one row per period, its state and due date on top, the report beneath.
        <List<UnitPeriod>
          dataSource={unit.periods}
          rowKey="index"
          renderItem={(p) => (
            <List.Item>
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <Space wrap size={8}>
                  <Typography.Text strong>{loc(p.label)}</Typography.Text>
                  <Typography.Text type="secondary">{t('campaigns.dueOn', { when: fmtDate(p.dueAt) })}</Typography.Text>
                  <PeriodState period={p} />
                </Space>
                <ReportCell unit={unit} period={p} />
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Table<UnitPeriod> rowKey="index" size="small" columns={columns} dataSource={unit.periods} pagination={false} />
      )}
    </div>
  );
}

interface ReportForm {
  periodIndex: number;
  figures: Record<string, number | null>;
  comment?: string;
  attachments?: AttachmentRef[];
}

/** The form's figures that are filled in, as numbers by target key. */
const filledIn = (figures: ReportForm['figures'] | undefined) => Object.fromEntries(Object.entries(figures ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'));

function ReportFormCard({ unit, targets, onSent }: { unit: UnitPage; targets: CampaignTarget[]; onSent: (period: UnitPeriod) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ReportForm>();
  const open = unit.periods.filter(begun);
  const first = unit.dueNext?.periodIndex ?? open[open.length - 1]?.index;
  const periodIndex = Form.useWatch('periodIndex', form) ?? first;
  const given = filledIn(Form.useWatch('figures', form));
  const comment = Form.useWatch('comment', form);
  const previous = previousFigures(unit, periodIndex);
  // The workflow's own rule, the function its validator runs. A comment is required when it would
  // clear a problem (a running total that goes down); the server decides all the same.
  const rule = { targets };
  const problems = reportProblems(rule, previous, given, comment);
  const needsComment = reportProblems(rule, previous, given).length > reportProblems(rule, previous, given, ANY_COMMENT).length;
  const problemOf = (key: string) => problems.find((p) => p.target === key);

  // One id per report until it is taken: a retry after an error is the same report to the server,
  // and never a second revision; the server tells a changed report from a retry by its content.
  const requestId = useRef(newRequestId());
  const send = useMutation({
    mutationFn: (v: ReportForm) =>
      post(`/campaigns/${unit.campaignId}/units/${unit.unit.code}/reports`, {
        periodIndex: v.periodIndex,
        figures: filledIn(v.figures),
        comment: v.comment?.trim() || undefined,
        attachments: v.attachments?.length ? v.attachments.map((a) => ({ id: a.id })) : undefined,
        requestId: requestId.current,
      }),
    onSuccess: (_, v) => {
      requestId.current = newRequestId();
      onSent(unit.periods.find((p) => p.index === v.periodIndex)!);
      void queryClient.invalidateQueries({ queryKey: ['campaigns', unit.campaignId] });
    },
  });

  if (!open.length) return <Alert type="info" showIcon message={t('campaigns.nothingOpen')} />;
  return (
    <Card size="small" title={t('campaigns.reportTitle')}>
      <Form<ReportForm>
        form={form}
        layout="vertical"
        initialValues={{ periodIndex: first, figures: Object.fromEntries(unit.targets.map((x) => [x.key, null])) }}
        onFinish={(v) => {
          if (problems.length === 0) send.mutate(v);
        }}
      >
        <Form.Item name="periodIndex" label={t('campaigns.colPeriod')} rules={[{ required: true, message: t('campaigns.periodRequired') }]}>
          <Select options={open.map((p) => ({ value: p.index, label: t('campaigns.periodDue', { period: loc(p.label), due: t('campaigns.dueOn', { when: fmtDate(p.dueAt) }) }) }))} style={{ maxWidth: 360 }} />
        </Form.Item>
        <Row gutter={12}>
          {unit.targets.map((target) => (
            <Col key={target.key} xs={24} sm={12} lg={8}>
              <Form.Item
                name={['figures', target.key]}
                label={loc(target.name)}
                extra={target.cumulative ? t('campaigns.runningTotal', { previous: previous?.[target.key] ?? 0 }) : t('campaigns.periodFigure')}
                rules={[{ required: true, message: t('campaigns.figureRequired') }]}
                validateStatus={problemOf(target.key) ? 'error' : undefined}
                help={problemOf(target.key) ? loc(problemOf(target.key)!.message) : undefined}
              >
                <InputNumber min={0} precision={target.unit === '%' ? 2 : 0} suffix={target.unit} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item
          name="comment"
          label={t('campaigns.comment')}
          extra={t('campaigns.commentHelp')}
          rules={[{ required: needsComment, whitespace: true, message: t('campaigns.commentRequired') }, { max: 1000, message: t('office.textLimit', { max: 1000 }) }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="attachments" label={t('campaigns.photos')}>
          <AttachmentField target={{ campaignId: unit.campaignId, unitCode: unit.unit.code }} />
        </Form.Item>
        {send.error && <Alert type="error" showIcon message={send.error instanceof ApiError ? send.error.message : String(send.error)} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={send.isPending}>
          {t('campaigns.send')}
        </Button>
      </Form>
    </Card>
  );
}

export function CampaignUnitPage() {
  const { t } = useTranslation();
  const { id, unitCode } = useParams();
  const [sent, setSent] = useState<UnitPeriod>();
  const campaign = useCampaign(id);
  const unit = useUnitPage(id, unitCode);
  const error = campaign.error ?? unit.error;
  if (error) return <Alert type="error" showIcon message={error.message} />;
  const u = unit.data;
  if (!campaign.data || !u) return <Skeleton active />;
  const reported = u.periods.filter((p) => p.report).length;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div className="page-title">
        <h1>{t('campaigns.unitTitle', { unit: u.unit.name })}</h1>
        <Space wrap>
          <StandingTag standing={u.standing} />
          <Link to={`/campaigns/${u.campaignId}`}>{u.title}</Link>
        </Space>
      </div>
      {u.dueNext && u.status === 'running' && (
        <Alert
          type={u.dueNext.overdue ? 'warning' : 'info'}
          showIcon
          data-testid="due-next"
          message={t(u.dueNext.overdue ? 'campaigns.dueOverdue' : 'campaigns.dueNext', { period: loc(u.dueNext.label), when: fmtDateTime(u.dueNext.dueAt) })}
        />
      )}
      {u.status !== 'running' && <Alert type="info" showIcon message={t(`campaigns.unitClosed.${u.status}`)} />}
      {sent && <Alert type="success" showIcon closable onClose={() => setSent(undefined)} message={t('campaigns.reportSent', { period: loc(sent.label) })} />}
      <Targets unit={u} />
      {/* Keyed by the reports in, so a sent report clears the form for the next period. */}
      {u.canReport && u.status === 'running' && <ReportFormCard key={reported} unit={u} targets={campaign.data.targets} onSent={setSent} />}
      <Card size="small" title={t('campaigns.periodsTitle')}>
        <PeriodsTable unit={u} />
      </Card>
      <CampaignUnitActivities unit={u} />
    </Space>
  );
}
