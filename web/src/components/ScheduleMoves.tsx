// What a change of date moved (or, in the 改期 preview, would move): each deadline and reminder
// named as people know it (回执截止 · 下发评选通知), its time before and after, and whether the new
// time has already passed.
import { Tag, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ScheduleMove } from '../api/types';
import { fmtShort, loc } from '../format';

const DEADLINE_KINDS = new Set(['task', 'wait', 'receipts', 'event-start', 'event-end']);

export function useMoveLabel(): (m: ScheduleMove) => string {
  const { t } = useTranslation();
  return (m) => `${t(DEADLINE_KINDS.has(m.kind) ? `deadlineKind.${m.kind}` : `reminderKind.${m.kind}`)} · ${loc(m.name)}`;
}

export const isDeadline = (m: ScheduleMove): boolean => DEADLINE_KINDS.has(m.kind);

export function ScheduleMoves({ moves }: { moves: ScheduleMove[] }) {
  const { t } = useTranslation();
  const label = useMoveLabel();
  const when = (iso: string | null) => (iso ? fmtShort(iso) : t('moves.onHold'));
  return (
    <ul className="schedule-moves" data-testid="schedule-moves" style={{ margin: 0, paddingLeft: 18, maxHeight: 320, overflowY: 'auto' }}>
      {moves.map((m) => (
        <li key={m.id} data-testid={`move-${m.id}`} className="wrap-anywhere">
          <Typography.Text strong>{label(m)}</Typography.Text>
          {'：'}
          <span>
            {when(m.from)} → {when(m.to)}
          </span>
          {m.pendingUnits ? <Typography.Text type="secondary">（{t('moves.pendingUnits', { count: m.pendingUnits })}）</Typography.Text> : null}
          {m.past && (
            <Tag icon={<WarningOutlined />} style={{ marginLeft: 6 }}>
              {t(isDeadline(m) ? 'moves.pastDue' : 'moves.notSent')}
            </Tag>
          )}
        </li>
      ))}
    </ul>
  );
}
