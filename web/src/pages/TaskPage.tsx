// One task: fill its form and submit (办理), or review the submission and sign off (同意), send it
// back with a comment (退回), hand it to someone else (转交), or — as its submitter — take it back (撤回).
// A form starts from the person's own draft (草稿, autosaved), else the previous round's submission
// (after 退回/撤回), else what the template prefills (e.g. the units' nominations); every earlier
// round is listed with its opinions and what changed.
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Select, Skeleton, Space, Typography } from 'antd';
import { CheckOutlined, RollbackOutlined, SendOutlined, SwapOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, get, post } from '../api/client';
import { useUser } from '../auth';
import { ReportFacts } from '../components/ReportFacts';
import { ApiErrorResult } from '../components/ApiErrorResult';
import { HandoffOrigin } from '../components/Handoff';
import { useDraftAutosave } from '../components/DraftAutosave';
import { FormFields, fromApiValues, toApiValues } from '../components/DynamicForm';
import { FormValuesView } from '../components/FormValuesView';
import { RoundHistory } from '../components/RoundHistory';
import { SignOffExtras } from '../components/SignOffExtras';
import { TaskKindTag, TaskStatusTag } from '../components/StatusTag';
import { fmtDateTime, isEnglish, isPast, loc } from '../format';
import type { DelegateCandidate, TaskDetail } from '../api/types';

type Dialog = 'approve' | 'reject' | 'delegate' | 'withdraw' | null;

export function TaskPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<{ values: Record<string, unknown> }>();
  const [dialogForm] = Form.useForm<{ comment?: string; toUserId?: string }>();
  const task = useQuery({ queryKey: ['task', id], queryFn: () => get<TaskDetail>(`/tasks/${id}`) });
  // Only those the workflow would accept (the server applies its rule); asked when the dialog opens.
  const delegates = useQuery({
    queryKey: ['task', id, 'delegates'],
    queryFn: () => get<DelegateCandidate[]>(`/tasks/${id}/delegates`),
    enabled: dialog === 'delegate',
  });

  /** `handedOver`: the task is someone else's now, and the API refuses it to us — not asked again. */
  const done = async (key: string, handedOver = false) => {
    setDialog(null);
    void message.success(t(key));
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['tasks'] }),
      queryClient.invalidateQueries({ queryKey: ['task', id], refetchType: handedOver ? 'none' : 'active' }),
      queryClient.invalidateQueries({ queryKey: ['event'] }),
      queryClient.invalidateQueries({ queryKey: ['notifications'] }),
    ]);
    void navigate('/tasks');
  };
  const fillable = !!task.data && task.data.kind !== 'sign-off' && task.data.status === 'open' && task.data.assignees.some((p) => p.id === user.id);
  const autosave = useDraftAutosave(id, task.data?.draft?.savedAt ?? null, fillable);
  const complete = useMutation({
    mutationFn: (values: Record<string, unknown>) => {
      autosave.stop();
      return post(`/tasks/${id}/complete`, { values: toApiValues(task.data?.form, values) });
    },
    onSuccess: () => done(task.data?.kind === 'report' ? 'task.reportSubmitted' : 'task.completed'),
    onError: (e) => {
      autosave.resume();
      if (e instanceof ApiError && e.fields.length) {
        form.setFields(e.fields.map((f) => ({ name: ['values', f.field.replace(/^values\./, '')], errors: [f.message] })));
      }
    },
  });
  const decide = useMutation({
    mutationFn: ({ action, comment, toUserId }: { action: Exclude<Dialog, null>; comment?: string; toUserId?: string }) =>
      post(`/tasks/${id}/${action}`, { ...(comment?.trim() ? { comment: comment.trim() } : {}), ...(toUserId ? { toUserId } : {}) }),
    onSuccess: (_r, { action }) => done(`task.${action}Done`, action === 'delegate'),
  });

  if (task.error) return <ApiErrorResult error={task.error} extra={<Link to="/tasks">{t('common.back')}</Link>} />;
  if (!task.data) return <Skeleton active />;
  const data = task.data;
  const mine = data.status === 'open' && data.assignees.some((p) => p.id === user.id);
  const submitter = data.status === 'open' && data.kind === 'sign-off' && data.submitterId === user.id;

  /** Back to where the form started before any draft: the previous round, or the prefill. */
  const discardDraft = async () => {
    await autosave.discard();
    const start = fromApiValues(data.form, data.startFrom?.values ?? data.values);
    // Every field named, so that one the draft filled and the start leaves blank is cleared.
    form.setFieldsValue({ values: Object.fromEntries((data.form?.fields ?? []).map((f) => [f.key, start[f.key]])) });
    queryClient.setQueryData<TaskDetail>(['task', id], { ...data, draft: null });
  };

  const openDialog = (d: Exclude<Dialog, null>) => {
    decide.reset();
    dialogForm.resetFields();
    setDialog(d);
  };

  return (
    <div>
      <div className="page-title">
        <Space wrap>
          <TaskKindTag kind={data.kind} />
          <h1>{loc(data.name)}</h1>
          <TaskStatusTag status={data.status} />
        </Space>
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'event', label: t('task.event'), children: <Link to={`/events/${data.eventId}`}>{data.eventTitle}</Link> },
            { key: 'eventAt', label: t('task.eventAt'), children: fmtDateTime(data.eventStartsAt) },
            ...(data.levelName ? [{ key: 'level', label: t('task.level'), children: loc(data.levelName) }] : []),
            { key: 'assignees', label: t('task.assignees'), children: data.assignees.map((p) => p.displayName).join('、') || '—' },
            {
              key: 'due',
              label: t('task.due'),
              children: data.dueAt ? <Typography.Text type={isPast(data.dueAt) && data.status === 'open' ? 'danger' : undefined}>{fmtDateTime(data.dueAt)}</Typography.Text> : '—',
            },
            ...(data.round > 1 ? [{ key: 'round', label: t('task.round'), children: t('detail.round', { n: data.round }) }] : []),
            ...(data.actedBy ? [{ key: 'acted', label: t('task.actedBy'), children: `${data.actedBy.displayName} · ${fmtDateTime(data.closedAt)}` }] : []),
            ...(data.comment ? [{ key: 'comment', label: t('task.comment'), children: data.comment }] : []),
          ]}
        />
        {data.delegations && data.delegations.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {data.delegations.map((d) => t('task.delegatedLine', { from: d.from.displayName, to: d.to.displayName, when: fmtDateTime(d.at) })).join('；')}
          </Typography.Paragraph>
        )}
      </Card>

      {data.returned && data.status === 'open' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(data.returned.how === 'rejected' ? 'rounds.returnedRejected' : 'rounds.returnedWithdrawn', {
            who: data.returned.by?.displayName ?? '—',
            when: fmtDateTime(data.returned.at),
            level: data.returned.levelName ? loc(data.returned.levelName) : '',
          })}
          description={data.returned.comment ? t('rounds.opinion', { comment: data.returned.comment }) : undefined}
        />
      )}

      {data.kind === 'sign-off' && data.subject && (
        <Card
          size="small"
          title={t('task.submission', { name: loc(data.subject.name) })}
          extra={data.subject.submittedBy ? `${data.subject.submittedBy.displayName} · ${fmtDateTime(data.subject.submittedAt)}` : undefined}
          style={{ marginBottom: 16 }}
        >
          <FormValuesView spec={data.subject.form} values={data.subject.values} />
        </Card>
      )}

      {data.related.map((s) => (
        <Card
          key={s.stepId}
          size="small"
          title={t(data.kind === 'sign-off' ? 'rounds.alsoUnderReview' : 'office.shows', { name: loc(s.name) })}
          extra={s.submittedBy ? `${s.submittedBy.displayName} · ${fmtDateTime(s.submittedAt)}` : undefined}
          style={{ marginBottom: 16 }}
        >
          <FormValuesView spec={s.form} values={s.values} />
        </Card>
      ))}

      {(data.rounds.length > 1 || data.rounds.some((r) => r.decisions.length > 0 || r.withdrawn)) && (
        <Card size="small" title={t('rounds.title')} style={{ marginBottom: 16 }}>
          <RoundHistory spec={data.kind === 'sign-off' ? data.subject?.form : data.form} rounds={data.rounds} />
        </Card>
      )}

      {data.kind !== 'sign-off' && data.status !== 'open' && data.values && (
        <Card size="small" title={t('task.submitted')} style={{ marginBottom: 16 }}>
          <FormValuesView spec={data.form} values={data.values} />
        </Card>
      )}

      {data.facts.length > 0 && <ReportFacts facts={data.facts} />}

      {data.kind !== 'sign-off' && mine && (
        <Card size="small" title={data.kind === 'report' ? t('task.reportForm') : t('task.form')}>
          <StartingPoint data={data} savedAt={autosave.savedAt} failed={autosave.failed} onDiscard={discardDraft} />
          <Form
            form={form}
            layout="vertical"
            initialValues={{ values: fromApiValues(data.form, startingValues(data)) }}
            onValuesChange={(_changed, all) => autosave.changed(toApiValues(data.form, all.values))}
            onFinish={(v) => complete.mutate(v.values ?? {})}
            scrollToFirstError
            style={{ maxWidth: 720 }}
          >
            <FormFields spec={data.form} attachTo={{ eventId: data.eventId, taskId: data.id }} />
            {complete.error && <Alert type="error" showIcon title={complete.error.message} style={{ marginBottom: 16 }} role="alert" />}
            <Space wrap>
              <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={complete.isPending}>
                {data.kind === 'report' ? t('task.submitReport') : t('task.submit')}
              </Button>
              <Button icon={<SwapOutlined />} onClick={() => openDialog('delegate')}>
                {t('task.delegate')}
              </Button>
            </Space>
          </Form>
        </Card>
      )}

      {data.kind === 'sign-off' && mine && (
        <Card size="small" title={t('task.decide')}>
          <Space wrap>
            <Button type="primary" icon={<CheckOutlined />} onClick={() => openDialog('approve')}>
              {t('task.approve')}
            </Button>
            <Button danger icon={<RollbackOutlined />} onClick={() => openDialog('reject')}>
              {t('task.reject')}
            </Button>
            <Button icon={<SwapOutlined />} onClick={() => openDialog('delegate')}>
              {t('task.delegate')}
            </Button>
          </Space>
        </Card>
      )}

      {submitter && (
        <Card size="small" title={t('task.yourSubmission')}>
          <Button icon={<UndoOutlined />} onClick={() => openDialog('withdraw')}>
            {t('task.withdraw')}
          </Button>
        </Card>
      )}

      {!mine && !submitter && data.status === 'open' && <Alert type="info" showIcon title={t('task.notYours')} />}
      <SignOffExtras task={data} />

      <Modal
        open={dialog !== null}
        title={dialog ? t(`task.${dialog}Title`) : ''}
        okText={dialog ? t(`task.${dialog}`) : ''}
        cancelText={t('common.close')}
        okButtonProps={{ danger: dialog === 'reject', loading: decide.isPending }}
        onCancel={() => setDialog(null)}
        onOk={() => dialogForm.submit()}
        destroyOnHidden
      >
        <Form form={dialogForm} layout="vertical" onFinish={(v) => dialog && decide.mutate({ action: dialog, ...v })}>
          {dialog === 'delegate' && (
            <Form.Item
              name="toUserId"
              label={t('task.delegateTo')}
              rules={[{ required: true, message: t('task.delegateToRequired') }]}
              extra={delegates.data?.length === 0 ? t('task.delegateNoOne') : undefined}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={delegates.isFetching}
                disabled={delegates.data?.length === 0}
                notFoundContent={delegates.isFetching ? undefined : t('task.delegateNoOne')}
                options={(delegates.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${loc(u.unitName)}）` }))}
              />
            </Form.Item>
          )}
          {dialog === 'delegate' && delegates.error && (
            <Alert type="error" showIcon title={delegates.error.message} role="alert" style={{ marginBottom: 16 }} />
          )}
          <Form.Item
            name="comment"
            label={dialog === 'reject' ? t('task.rejectComment') : t('task.commentOptional')}
            rules={dialog === 'reject' ? [{ required: true, whitespace: true, message: t('task.rejectCommentRequired') }] : []}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={1000} />
          </Form.Item>
        </Form>
        {decide.error && <Alert type="error" showIcon title={decide.error.message} role="alert" />}
      </Modal>
    </div>
  );
}

/** draft > previous round > prefill: the person's own latest typing wins over anything computed. */
function startingValues(data: TaskDetail): Record<string, unknown> | null {
  return data.draft?.values ?? data.startFrom?.values ?? data.values;
}

/** Where the form's values came from, and whether the draft is kept. */
function StartingPoint({ data, savedAt, failed, onDiscard }: { data: TaskDetail; savedAt: string | null; failed: boolean; onDiscard: () => Promise<void> }) {
  const { t } = useTranslation();
  const source = data.draft ? 'draft' : data.startFrom?.source;
  // Masked fields start blank (the mask submitted back would replace the real value): say which, unless the draft has them.
  const refill = (data.startFrom?.withheld ?? []).filter((key) => data.draft?.values[key] === undefined);
  const labelOf = (key: string) => loc(data.form?.fields.find((f) => f.key === key)?.label) || key;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
      {source && (
        <Alert
          type="info"
          showIcon
          title={t(`rounds.startFrom.${source}`, { when: fmtDateTime(data.draft?.savedAt) })}
          description={
            source === 'handoff' ? (
              <Space orientation="vertical" size={0} data-testid="handoff-origin">
                {(data.startFrom?.from ?? []).map((s) => (
                  <HandoffOrigin key={s.eventId} source={s} />
                ))}
              </Space>
            ) : undefined
          }
          action={
            savedAt ? (
              <Button size="small" onClick={() => void onDiscard()}>
                {t('rounds.discardDraft')}
              </Button>
            ) : undefined
          }
        />
      )}
      {refill.length > 0 && <Alert type="warning" showIcon title={t('rounds.startFromWithheld', { fields: refill.map(labelOf).join(isEnglish() ? ', ' : '、') })} />}
      <Typography.Text type={failed ? 'danger' : 'secondary'} role="status" aria-live="polite">
        {failed ? t('rounds.draftFailed') : savedAt ? t('rounds.draftSaved', { when: fmtDateTime(savedAt) }) : t('rounds.draftHint')}
      </Typography.Text>
    </Space>
  );
}
