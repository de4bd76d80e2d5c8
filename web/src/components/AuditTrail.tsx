// 操作记录: who did what, when, at which step — dates moved from → to, a task handed from → to, the
// unit that signed — as a table on wide screens and a list on phones. An action this page has no
// words for still shows its label (or its code) and the facts it recorded.
import { Grid, List, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client';
import type { AuditEntry, ScheduleMove } from '../api/types';
import { fmtShort, loc } from '../format';
import { isDeadline } from './ScheduleMoves';

type Facts = Record<string, unknown>;

const asFacts = (v: unknown): Facts => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Facts) : {});
const nameOf = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v;
  const name = asFacts(v).displayName;
  return typeof name === 'string' ? name : undefined;
};
const MAX_NAMES = 5;

function people(t: TFunction, list: unknown): string | undefined {
  if (!Array.isArray(list) || !list.length) return undefined;
  const names = list.map(nameOf).filter((n): n is string => !!n);
  const shown = names.slice(0, MAX_NAMES).join('、');
  return names.length > MAX_NAMES ? t('auditTrail.moreRecipients', { who: shown, count: names.length }) : shown;
}

/** A fact of an unknown action, shown plainly: text, numbers, names of people; nested data left out. */
function plain(v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (Array.isArray(v)) {
    const parts = v.map((x) => nameOf(x) ?? plain(x)).filter((x): x is string => x !== undefined);
    return parts.length ? parts.join('、') : undefined;
  }
  return nameOf(v);
}

/** The facts of an entry in words: what moved, to whom, which unit. */
export function auditDetails(t: TFunction, e: AuditEntry): string[] {
  const before = asFacts(e.before);
  const after = asFacts(e.after);
  const date = (v: unknown) => (typeof v === 'string' ? fmtShort(v) : t('moves.onHold'));
  const units = e.units.length ? [t('auditTrail.unit', { units: e.units.map((u) => loc(u.name)).join('、') })] : [];
  const told = people(t, after.recipients);
  const recipients = told ? [t('auditTrail.recipients', { who: told })] : [];
  switch (e.action) {
    case 'event.started':
      return [t('auditTrail.startsAt', { when: date(after.startsAt) })];
    case 'event.rescheduled':
    case 'event.resumed':
    case 'event.postponed':
      return [t('auditTrail.dateMove', { from: date(before.startsAt), to: e.action === 'event.postponed' ? t('moves.onHold') : date(after.startsAt) })];
    case 'task.delegated': {
      const by = nameOf(after.by);
      return [t('auditTrail.handedOver', { from: nameOf(after.from) ?? '—', to: nameOf(after.to) ?? '—' }), ...(by ? [t('auditTrail.reassignedBy', { who: by })] : [])];
    }
    case 'cc.sent':
      return told ? [t('auditTrail.copied', { who: told })] : [];
    case 'sign-off.signer-added': {
      const signer = nameOf(after.signer) ?? '—';
      return [t(after.position === 'before' ? 'auditTrail.signerBefore' : 'auditTrail.signerAfter', { who: signer })];
    }
    case 'calendar.changed': {
      // Each deadline or reminder the new working-day calendar moved, named as the 改期 preview names it.
      const moved = Array.isArray(after.moved) ? after.moved.map(asFacts) : [];
      if (!moved.length) return [t('moves.nothingMoves')];
      return moved
        .map((m) => m as unknown as ScheduleMove)
        .map((m) => `${t(isDeadline(m) ? `deadlineKind.${m.kind}` : `reminderKind.${m.kind}`)} · ${loc(m.name)}：${t('auditTrail.dateMove', { from: date(m.from), to: date(m.to) })}`);
    }
    case 'notice.issued':
      return [t('auditTrail.docNumber', { docNumber: plain(after.docNumber) ?? '—', count: Number(after.recipients ?? 0) })];
    case 'notice.acknowledged':
    case 'event.cancelled':
    case 'event.archived':
    case 'task.completed':
    case 'report.submitted':
    case 'step.skipped':
    case 'sign-off.approved':
    case 'sign-off.rejected':
    case 'sign-off.withdrawn':
    case 'sign-off.level-skipped':
      // Form values are on the step's page; the unit (签收) and the level are named beside.
      return units;
    default:
      if (e.action.startsWith('reminder.') || e.action.endsWith('.urged')) return [...units, ...recipients];
      return [
        ...units,
        ...Object.entries(after)
          .filter(([k]) => k !== 'unitCode' && k !== 'unitCodes')
          .map(([k, v]) => [k, plain(v)] as const)
          .filter((kv): kv is readonly [string, string] => kv[1] !== undefined)
          .map(([k, v]) => `${k}：${v}`),
      ];
  }
}

export function useAuditLabels() {
  const { t, i18n } = useTranslation();
  const actionKey = (e: AuditEntry) => `auditAction.${e.action.replace(/\./g, '_')}`;
  return {
    // An action added after this page was written shows its code rather than a missing translation.
    action: (e: AuditEntry) => (i18n.exists(actionKey(e)) ? t(actionKey(e)) : e.action),
    step: (e: AuditEntry) => [loc(e.stepName), loc(e.levelName)].filter(Boolean).join(' · '),
    actor: (e: AuditEntry) => e.actorName ?? t('audit.system'),
  };
}

export function AuditTrail({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().md ?? true;
  const labels = useAuditLabels();
  const audit = useQuery({ queryKey: ['event', eventId, 'audit'], queryFn: () => get<AuditEntry[]>(`/events/${eventId}/audit`) });
  const entries = audit.data ?? [];
  const details = (e: AuditEntry) => auditDetails(t, e);

  if (!wide) {
    return (
      <List<AuditEntry>
        data-testid="audit-list"
        loading={audit.isLoading}
        dataSource={entries}
        locale={{ emptyText: t('auditTrail.empty') }}
        pagination={entries.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
        renderItem={(e) => (
          <List.Item key={e.id} data-testid={`audit-${e.seq}`} style={{ display: 'block', padding: '8px 0' }}>
            <Space size={6} wrap>
              <Typography.Text strong>{labels.action(e)}</Typography.Text>
              <Typography.Text type="secondary">{fmtShort(e.at)}</Typography.Text>
            </Space>
            <div className="wrap-anywhere">
              {labels.actor(e)}
              {labels.step(e) && ` · ${labels.step(e)}`}
            </div>
            {details(e).map((line) => (
              <div key={line} className="wrap-anywhere">
                {line}
              </div>
            ))}
            {e.comment && <div className="muted wrap-anywhere">“{e.comment}”</div>}
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<AuditEntry>
      rowKey="id"
      size="small"
      data-testid="audit-table"
      loading={audit.isLoading}
      dataSource={entries}
      locale={{ emptyText: t('auditTrail.empty') }}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      columns={[
        { title: t('audit.at'), dataIndex: 'at', width: 120, render: (v: string) => fmtShort(v) },
        { title: t('audit.actor'), key: 'actor', width: 110, render: (_, e) => labels.actor(e) },
        { title: t('audit.action'), key: 'action', width: 120, render: (_, e) => labels.action(e) },
        { title: t('audit.step'), key: 'step', width: 180, render: (_, e) => <span className="wrap-anywhere">{labels.step(e)}</span> },
        {
          title: t('auditTrail.detail'),
          key: 'detail',
          render: (_, e) => (
            <div className="wrap-anywhere">
              {details(e).map((line) => (
                <div key={line}>{line}</div>
              ))}
              {e.comment && <div className="muted">“{e.comment}”</div>}
            </div>
          ),
        },
      ]}
    />
  );
}
