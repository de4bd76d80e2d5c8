// 活动详情: the event's steps as a timeline (done, current, pending — who and when), its pending
// reminders and deadlines, the receipts of its notices, the audit trail, the report, and the
// actions the user's role allows.
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, ExportOutlined, MinusCircleOutlined, PrinterOutlined, SyncOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { get } from '../api/client';
import { hasRole, managesEvent, overseesEvent, useUser } from '../auth';
import { ApiErrorResult } from '../components/ApiErrorResult';
import { AuditTrail } from '../components/AuditTrail';
import { EventActions } from '../components/EventActions';
import { HandoffsNote } from '../components/Handoff';
import { ReceiptRollup } from '../components/ReceiptRollup';
import { ArchiveCard } from '../components/ArchiveCard';
import { ExportButton } from '../components/ExportButton';
import { DocumentButton } from '../components/DocumentButton';
import { ScheduleMoves } from '../components/ScheduleMoves';
import { EventStatusTag, StepStatusTag, TaskStatusTag } from '../components/StatusTag';
import { fmtDateTime, fmtShort, isPast, loc } from '../format';
import { useTemplates, useUnitName } from '../queries';
import type { EventDetail, EventSchedule, EventState, EventVisibility, StepState, EventTask } from '../api/types';

function useWebConfig() {
  return useQuery({ queryKey: ['web-config'], queryFn: () => get<{ temporalUiUrl: string | null; namespace: string }>('/web/config'), staleTime: Infinity });
}

function TaskLine({ task, userId }: { task: EventTask; userId: string }) {
  const { t } = useTranslation();
  const mine = task.status === 'open' && task.assignees.some((p) => p.id === userId);
  const withdrawable = task.status === 'open' && task.kind === 'sign-off' && task.submitter?.id === userId;
  const who = task.actedBy ? task.actedBy.displayName : task.assignees.map((p) => p.displayName).join('、');
  const closed = task.status !== 'open' && task.status !== 'waiting';
  return (
    <div style={{ fontSize: 13 }} data-testid={`task-line-${task.id}`}>
      <Space size={4} wrap>
        {task.levelName && <Typography.Text type="secondary">{loc(task.levelName)}：</Typography.Text>}
        <span>{who || '—'}</span>
        <TaskStatusTag status={task.status} />
        {closed && task.closedAt && <Typography.Text type="secondary">{fmtShort(task.closedAt)}</Typography.Text>}
        {!closed && task.dueAt && (
          <Typography.Text type={isPast(task.dueAt) ? 'danger' : 'secondary'}>{t('detail.due', { when: fmtShort(task.dueAt) })}</Typography.Text>
        )}
        {task.round > 1 && <Tag>{t('detail.round', { n: task.round })}</Tag>}
        {mine && <Link to={`/tasks/${task.id}`}>{task.kind === 'sign-off' ? t('inbox.review') : t('inbox.handle')}</Link>}
        {withdrawable && <Link to={`/tasks/${task.id}`}>{t('task.withdraw')}</Link>}
      </Space>
      {task.comment && (
        <div className="muted wrap-anywhere" style={{ marginLeft: 4 }}>
          “{task.comment}”
        </div>
      )}
    </div>
  );
}

function stepDot(status: StepState['status']) {
  if (status === 'done') return <CheckCircleFilled style={{ color: '#52c41a', fontSize: 16 }} />;
  if (status === 'active') return <SyncOutlined spin style={{ color: '#1677ff', fontSize: 16 }} />;
  if (status === 'skipped' || status === 'cancelled') return <MinusCircleOutlined style={{ color: '#bfbfbf', fontSize: 16 }} />;
  return <ClockCircleOutlined style={{ color: '#bfbfbf', fontSize: 16 }} />;
}

function StepTimeline({ state, userId, visibility }: { state: EventState; userId: string; visibility?: EventVisibility }) {
  const { t } = useTranslation();
  const byParent = new Map<string | undefined, StepState[]>();
  for (const s of [...state.steps].sort((a, b) => a.position - b.position)) {
    byParent.set(s.parentId, [...(byParent.get(s.parentId) ?? []), s]);
  }
  const render = (s: StepState): React.ReactNode => {
    const tasks = state.tasks.filter((x) => x.stepId === s.id);
    const lastRound = Math.max(0, ...tasks.map((x) => x.round));
    const shown = tasks.filter((x) => x.round === lastRound);
    const notice = state.notices.filter((n) => n.stepId === s.id).pop();
    const acknowledged = notice?.receipts?.filter((r) => r.status === 'acknowledged').length ?? 0;
    // A unit's contact gets its own units' receipts only: a count over them would read as the whole.
    const ownOnly = visibility?.receipts === 'own' || visibility?.receipts === 'none';
    const children = byParent.get(s.id) ?? [];
    return (
      <div data-testid={`step-${s.id}`} data-status={s.status}>
        <Space size={6} wrap>
          <strong>{loc(s.name)}</strong>
          <Tag>{t(`stepType.${s.type}`)}</Tag>
          <StepStatusTag status={s.status} />
        </Space>
        <div className="muted" style={{ fontSize: 12 }}>
          {s.startedAt && t('detail.startedAt', { when: fmtShort(s.startedAt) })}
          {s.finishedAt && ` · ${t('detail.finishedAt', { when: fmtShort(s.finishedAt) })}`}
          {s.until && s.status !== 'done' && ` · ${t(s.type === 'notify' ? 'detail.receiptsDue' : 'detail.until', { when: fmtShort(s.until) })}`}
        </div>
        {notice && (
          <div style={{ fontSize: 13, marginTop: 2 }}>
            <Space size={4} wrap>
              {notice.docNumber && <Tag color="red">{notice.docNumber}</Tag>}
              <span>{t('detail.noticeIssued', { when: fmtShort(notice.issuedAt), count: notice.recipientCount })}</span>
              {notice.receipts &&
                ownOnly &&
                notice.receipts.map((r) => (
                  <Tag key={r.unitCode} color={r.status === 'acknowledged' ? 'success' : 'processing'} data-testid={`own-receipt-${r.unitCode}`}>
                    {t('detail.ownReceipt', { status: t(`receipts.${r.status}`) })}
                  </Tag>
                ))}
              {notice.receipts && !ownOnly && (
                <Tag color={acknowledged === notice.receipts.length ? 'success' : 'processing'}>
                  {t('detail.receiptsCount', { done: acknowledged, total: notice.receipts.length })}
                </Tag>
              )}
              {/* Its managers and leaders, and the units it addresses (their own receipt is in it), may download it. */}
              {notice.documentUrl && (!ownOnly || (notice.receipts?.length ?? 0) > 0) && <DocumentButton url={notice.documentUrl} />}
            </Space>
          </div>
        )}
        {shown.map((task) => (
          <TaskLine key={task.id} task={task} userId={userId} />
        ))}
        {children.length > 0 && (
          <div style={{ marginTop: 8, paddingLeft: 8, borderLeft: '2px solid #f0f0f0' }}>
            <Timeline items={children.map((c) => ({ key: c.id, icon: stepDot(c.status), content: render(c) }))} />
          </div>
        )}
      </div>
    );
  };
  const top = byParent.get(undefined) ?? [];
  return <Timeline items={top.map((s) => ({ key: s.id, icon: stepDot(s.status), content: render(s) }))} />;
}

function ScheduleView({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const schedule = useQuery({ queryKey: ['event', eventId, 'schedule'], queryFn: () => get<EventSchedule>(`/events/${eventId}/schedule`) });
  if (!schedule.data) return <Skeleton active />;
  const { reminders, deadlines, moved } = schedule.data;
  const rows = [
    ...deadlines.map((d) => ({ id: d.id, at: d.at, kind: t(`deadlineKind.${d.kind}`), what: loc(d.name), who: d.who.map((p) => p.displayName).join('、'), escalation: false })),
    ...reminders.map((r) => ({ id: r.id, at: r.at, kind: t(`reminderKind.${r.kind}`), what: loc(r.subject), who: r.recipients.map((p) => p.displayName).join('、'), escalation: r.escalation })),
  ].sort((a, b) => (a.at ?? '9999').localeCompare(b.at ?? '9999'));
  return (
    <>
      {moved.length > 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('moves.heading', { count: moved.length })} description={<ScheduleMoves moves={moved} />} />
      )}
      <Table
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 640 }}
        columns={[
          { title: t('schedule.at'), dataIndex: 'at', width: 150, render: (v: string | null) => (v ? fmtShort(v) : t('schedule.onHold')) },
          { title: t('schedule.kind'), dataIndex: 'kind', width: 120, render: (k: string, r) => <Tag color={r.escalation ? 'red' : undefined}>{k}</Tag> },
          { title: t('schedule.what'), dataIndex: 'what', render: (w: string) => <span className="wrap-anywhere">{w}</span> },
          { title: t('schedule.who'), dataIndex: 'who', width: 200, render: (w: string) => w || '—' },
        ]}
      />
    </>
  );
}

export function EventDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const templates = useTemplates();
  const unitName = useUnitName();
  const webConfig = useWebConfig();
  const detail = useQuery({ queryKey: ['event', id], queryFn: () => get<EventDetail>(`/events/${id}`), refetchInterval: 10_000 });

  if (detail.error) return <ApiErrorResult error={detail.error} extra={<Link to="/events">{t('common.back')}</Link>} />;
  if (!detail.data) return <Skeleton active />;
  const { event, state, visibility } = detail.data;
  const template = templates.data?.find((x) => x.code === event.templateCode);
  const oversees = overseesEvent(user, event);
  const manages = managesEvent(user, event);
  const noticesWithReceipts = state.notices.filter((n) => n.receipts && n.receipts.length > 0);
  const reportStep = state.steps.find((s) => s.type === 'report');
  const myOpen = state.tasks.filter((x) => x.status === 'open' && x.assignees.some((p) => p.id === user.id));
  const temporalUrl = webConfig.data?.temporalUiUrl
    ? `${webConfig.data.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(webConfig.data.namespace)}/workflows/${encodeURIComponent(event.workflowId)}`
    : null;

  const tabs = [
    {
      key: 'steps',
      label: t('detail.tabSteps'),
      children: (
        <>
          {visibility && visibility.details !== 'all' && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="outline-only" title={t(visibility.details === 'none' ? 'detail.outlineOnly' : 'detail.someDetails')} />
          )}
          {visibility?.personalMasked && visibility.details !== 'none' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('detail.personalMasked')} />}
          <HandoffsNote handoffs={detail.data.handoffs} templateCode={event.templateCode} />
          <StepTimeline state={state} userId={user.id} visibility={visibility} />
        </>
      ),
    },
    ...(oversees ? [{ key: 'schedule', label: t('detail.tabSchedule'), children: <ScheduleView eventId={event.id} /> }] : []),
    ...(oversees && noticesWithReceipts.length > 0
      ? [
          {
            key: 'receipts',
            label: t('detail.tabReceipts'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }} size={16}>
                {noticesWithReceipts.map((n) => (
                  <ReceiptRollup key={n.noticeId} eventId={event.id} stepId={n.stepId} canUrge={manages && event.status === 'active'} />
                ))}
              </Space>
            ),
          },
        ]
      : []),
    ...(oversees
      ? [
          {
            key: 'audit',
            label: t('detail.tabAudit'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <ExportButton path={`/events/${event.id}/audit.xlsx`} label={t('office.exportAudit')} fileName="audit.xlsx" />
                <AuditTrail eventId={event.id} />
              </Space>
            ),
          },
        ]
      : []),
    ...(reportStep
      ? [
          {
            key: 'report',
            label: t('detail.tabReport'),
            children: (
              <Space direction="vertical">
                <span>
                  {t('detail.reportStatus')}：<StepStatusTag status={reportStep.status} />
                </span>
                <Link to={`/events/${event.id}/report`}>
                  <Button icon={<PrinterOutlined />}>{t('detail.openReport')}</Button>
                </Link>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <div className="page-title">
        <Space direction="vertical" size={0} style={{ minWidth: 0 }}>
          <Space wrap>
            <h1 className="wrap-anywhere">{event.title}</h1>
            <EventStatusTag status={event.status} />
          </Space>
          <Typography.Text type="secondary">{loc(template?.name)}</Typography.Text>
        </Space>
        <Space wrap className="no-print">
          {manages && <EventActions event={event} />}
          {temporalUrl && hasRole(user, 'admin') && (
            <Button href={temporalUrl} target="_blank" rel="noreferrer" icon={<ExportOutlined />}>
              {t('detail.temporal')}
            </Button>
          )}
        </Space>
      </div>
      {event.status === 'postponed' && <Alert type="warning" showIcon title={t('detail.postponed')} style={{ marginBottom: 12 }} />}
      {event.status === 'cancelled' && (
        <Alert type="error" showIcon title={t('detail.cancelled', { reason: event.cancelReason ?? '' })} style={{ marginBottom: 12 }} />
      )}
      {event.status === 'archived' && <Alert type="success" showIcon title={t('detail.archived', { when: fmtDateTime(event.archivedAt) })} style={{ marginBottom: 12 }} />}
      {event.status === 'archived' && <ArchiveCard eventId={event.id} canReadReport={visibility?.details === 'all' || hasRole(user, 'admin')} />}
      {myOpen.length > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('detail.yourTurn', { count: myOpen.length })}
          action={
            <Link to={`/tasks/${myOpen[0].id}`}>
              <Button size="small" type="primary">
                {t('inbox.handle')}
              </Button>
            </Link>
          }
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card size="small" title={t('detail.info')}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'starts', label: t('detail.startsAt'), children: event.status === 'postponed' ? t('detail.tbd') : fmtDateTime(event.startsAt) },
                { key: 'ends', label: t('detail.endsAt'), children: event.status === 'postponed' ? t('detail.tbd') : fmtDateTime(event.endsAt) },
                { key: 'venue', label: t('detail.venue'), children: event.venue ?? '—' },
                { key: 'lead', label: t('detail.lead'), children: unitName(event.leadUnit) },
                { key: 'organiser', label: t('detail.organiser'), children: state.organiser?.displayName ?? '—' },
                {
                  key: 'participants',
                  label: t('detail.participants'),
                  children: state.participants?.length ? state.participants.map((p) => p.displayName).join('、') : '—',
                },
                { key: 'created', label: t('detail.createdAt'), children: fmtDateTime(event.createdAt) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card size="small">{state.steps.length ? <Tabs items={tabs} /> : <Empty />}</Card>
        </Col>
      </Row>
    </div>
  );
}
