// Data between events on screen: where a form's starting values were copied from (M2's meeting plan
// ← A1's decision, with a link to that event), and, before a start, which event will be read.
import { Alert, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { get } from '../api/client';
import { fmtDateTime, loc } from '../format';
import { useTemplate } from '../queries';
import type { components } from '../api/schema';
import type { Template, TemplateStep } from '../api/types';

type HandoffSource = components['schemas']['HandoffSourceDto'];
type HandoffPreview = components['schemas']['HandoffPreviewDto'];
type Handoff = components['schemas']['HandoffDto'];

/**
 * "来自《A1 title》的《关于表彰…的决定》（渝妇发〔2027〕5号）", linked to the source event; when no event
 * of the reader's year was ready and another year's was read, a warning to check it.
 */
export function HandoffOrigin({ source }: { source: HandoffSource }) {
  const { t } = useTranslation();
  const text =
    source.docNumber && source.noticeSubject
      ? t('handoff.from', { title: source.title, notice: loc(source.noticeSubject), docNumber: source.docNumber })
      : t('handoff.fromStep', { title: source.title, step: loc(source.after.name) });
  return (
    <span>
      <Link to={`/events/${source.eventId}`}>{text}</Link>
      {!source.sameYear && (
        <Typography.Text type="warning" data-testid="handoff-other-year">
          {' '}
          {t('handoff.otherYear', { year: source.year, title: source.title })}
        </Typography.Text>
      )}
    </span>
  );
}

function fieldLabel(steps: TemplateStep[], stepId: string, key: string): string | undefined {
  for (const step of steps) {
    if (step.id === stepId) return loc(step.form?.fields.find((f) => f.key === key)?.label);
    const inner = step.branches && fieldLabel(step.branches.flatMap((b) => b.steps), stepId, key);
    if (inner) return inner;
  }
  return undefined;
}

const countOf = (value: unknown) => (Array.isArray(value) ? value.length : value === undefined ? 0 : 1);

/** 活动详情: what the event copied at its start, from which event, and how many items of each value the caller may see. */
export function HandoffsNote({ handoffs, templateCode }: { handoffs: Handoff[]; templateCode: string }) {
  const { t } = useTranslation();
  const template = useTemplate(handoffs.length ? templateCode : undefined);
  if (!handoffs.length) return null;
  const reads = template.data?.reads ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }} data-testid="handoffs">
      {handoffs.map((h) => (
        <Alert
          key={h.source.eventId}
          type="info"
          showIcon
          title={<HandoffOrigin source={h.source} />}
          description={
            <Typography.Text type="secondary">
              {[
                t('handoff.copiedFrom', { when: fmtDateTime(h.copiedAt) }),
                ...reads
                  .filter((r) => r.from === h.source.template && r.value in h.values)
                  .map((r) => t('handoff.count', { label: fieldLabel(template.data!.steps, r.into.step, r.into.field) ?? r.value, count: countOf(h.values[r.value]) })),
              ].join(' · ')}
            </Typography.Text>
          }
        />
      ))}
    </Space>
  );
}

/** 发起活动: for a template that reads from others, the event each would be read from and how many items, before starting. */
export function HandoffPreviewNote({ template, startsAt }: { template: Template; startsAt: string | undefined }) {
  const { t } = useTranslation();
  const reads = template.reads ?? [];
  const preview = useQuery({
    queryKey: ['template-handoff', template.code, startsAt],
    queryFn: () => get<HandoffPreview[]>(`/templates/${template.code}/handoff${startsAt ? `?startsAt=${encodeURIComponent(startsAt)}` : ''}`),
    enabled: reads.length > 0,
  });
  if (!reads.length || !preview.data) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }} data-testid="handoff-preview">
      {preview.data.map((p) => {
        if (!p.source) return <Alert key={p.template} type="warning" showIcon title={t('handoff.none', { template: loc(p.templateName) })} />;
        const counts = reads
          .filter((r) => r.from === p.template)
          .map((r) => t('handoff.count', { label: fieldLabel(template.steps, r.into.step, r.into.field) ?? r.value, count: p.counts[r.value] ?? 0 }));
        return (
          <Alert
            key={p.template}
            type={p.source.sameYear ? 'info' : 'warning'}
            showIcon
            title={
              <span>
                {t('handoff.willRead')}：<HandoffOrigin source={p.source} />
              </span>
            }
            description={<Typography.Text>{counts.join(' · ')}</Typography.Text>}
          />
        );
      })}
    </Space>
  );
}
