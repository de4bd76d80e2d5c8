// 活动总结: the post-event report as a document — the event, the report's fields, its sign-offs —
// ready to print; once archived, the server's PDF of the frozen record (with its hash) to download;
// before it is written, who writes it and by when.
import { Alert, Button, Descriptions, Skeleton, Space, Table, Typography } from 'antd';
import { ArrowLeftOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { reportForm } from '../../../workflows/forms';
import { get } from '../api/client';
import { hasRole, useUser } from '../auth';
import { ApiErrorResult } from '../components/ApiErrorResult';
import { ExportButton } from '../components/ExportButton';
import { FormValuesView } from '../components/FormValuesView';
import { TaskStatusTag } from '../components/StatusTag';
import { fmtDate, fmtDateTime, loc } from '../format';
import { findStep, useTemplate, useUnitName } from '../queries';
import type { ArchiveSummary, EventDetail, FormSpec, EventTask } from '../api/types';

export function ReportPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const unitName = useUnitName();
  const detail = useQuery({ queryKey: ['event', id], queryFn: () => get<EventDetail>(`/events/${id}`) });
  const template = useTemplate(detail.data?.event.templateCode).data;
  // Only an event archived with a record has a report PDF (one archived before records has none).
  const archive = useQuery({
    queryKey: ['archive', id],
    queryFn: () => get<ArchiveSummary>(`/archive/${id}`),
    enabled: detail.data?.event.status === 'archived',
  });

  if (detail.error) return <ApiErrorResult error={detail.error} />;
  if (!detail.data) return <Skeleton active />;
  const { event, state, visibility } = detail.data;
  // As on the event's page: archive.report is for those who see the event's details, and admin.
  const canReadReport = visibility?.details === 'all' || hasRole(user, 'admin');
  const stepState = state.steps.find((s) => s.type === 'report');
  const step = stepState ? findStep(template, stepState.id) : undefined;
  const spec: FormSpec = reportForm(step?.form);
  const tasks = state.tasks.filter((x) => x.stepId === stepState?.id);
  const lastRound = Math.max(0, ...tasks.map((x) => x.round));
  const report = tasks.filter((x) => x.kind === 'report' && x.status === 'completed').sort((a, b) => b.round - a.round)[0];
  const openReport = tasks.find((x) => x.kind === 'report' && x.status === 'open');
  const signOffs = tasks.filter((x) => x.kind === 'sign-off' && x.round === lastRound);

  return (
    <div>
      <Space className="no-print" style={{ marginBottom: 12 }} wrap>
        <Link to={`/events/${event.id}`}>
          <Button icon={<ArrowLeftOutlined />}>{t('report.back')}</Button>
        </Link>
        {canReadReport && archive.data && (
          <ExportButton path={`/archive/${event.id}/report.pdf`} fileName="report.pdf" label={t('archive.downloadReport')} icon={<FilePdfOutlined />} />
        )}
        {report && (
          <Button type={event.status === 'archived' ? 'default' : 'primary'} icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('report.print')}
          </Button>
        )}
      </Space>
      {!report && (
        <Alert
          className="no-print"
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={openReport ? t('report.notYet', { who: openReport.assignees.map((p) => p.displayName).join('、'), when: fmtDateTime(openReport.dueAt) }) : t('report.notStarted')}
          action={
            openReport?.assignees.some((p) => p.id === user.id) ? (
              <Link to={`/tasks/${openReport.id}`}>
                <Button type="primary" size="small">
                  {t('report.write')}
                </Button>
              </Link>
            ) : undefined
          }
        />
      )}
      <div className="report-sheet" data-testid="report-sheet">
        <h2>{t('report.heading', { title: event.title })}</h2>
        <div className="doc-meta">
          {unitName(event.leadUnit)}
          {report?.closedAt ? ` · ${fmtDate(report.closedAt)}` : ''}
        </div>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, sm: 2 }}
          style={{ marginBottom: 16 }}
          items={[
            { key: 'template', label: t('report.template'), children: loc(template?.name) },
            { key: 'date', label: t('detail.startsAt'), children: fmtDateTime(event.startsAt) },
            { key: 'venue', label: t('detail.venue'), children: event.venue ?? '—' },
            { key: 'organiser', label: t('detail.organiser'), children: state.organiser?.displayName ?? '—' },
          ]}
        />
        <Typography.Title level={5}>{t('report.content')}</Typography.Title>
        {report && !report.values && detail.data.visibility && !detail.data.visibility.stepsWithDetails.includes(report.stepId) ? (
          <Typography.Text type="secondary">{t('common.withheld')}</Typography.Text>
        ) : (
          <FormValuesView spec={spec} values={report?.values ?? null} />
        )}
        {report && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('report.submittedBy', { who: report.actedBy?.displayName ?? '—', when: fmtDateTime(report.closedAt) })}
          </Typography.Paragraph>
        )}
        {signOffs.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('report.signOffs')}
            </Typography.Title>
            <Table<EventTask>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={signOffs}
              columns={[
                { title: t('report.level'), key: 'level', render: (_v, x) => loc(x.levelName) },
                { title: t('report.approver'), key: 'who', render: (_v, x) => x.actedBy?.displayName ?? x.assignees.map((p) => p.displayName).join('、') },
                { title: t('report.decision'), dataIndex: 'status', render: (s: EventTask['status']) => <TaskStatusTag status={s} /> },
                { title: t('report.when'), dataIndex: 'closedAt', render: (v: string | undefined) => fmtDateTime(v) },
                { title: t('report.comment'), dataIndex: 'comment', render: (v: string | undefined) => v ?? '' },
              ]}
            />
          </>
        )}
        {event.status === 'archived' && (
          <Typography.Paragraph style={{ marginTop: 16, textAlign: 'right' }} strong>
            {t('report.archived', { when: fmtDateTime(event.archivedAt) })}
          </Typography.Paragraph>
        )}
      </div>
    </div>
  );
}
