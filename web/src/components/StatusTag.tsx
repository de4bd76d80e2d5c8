import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EventStatus, StepState, TaskRow } from '../api/types';

// Each is also a tag's text on its own tint: shades that read 4.5:1 there (GB/T 37668 / WCAG AA).
export const EVENT_STATUS_COLOURS: Record<EventStatus, string> = {
  active: '#0958d9',
  postponed: '#ad4e00',
  cancelled: '#595959',
  archived: '#237804',
};

export function EventStatusTag({ status }: { status: EventStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={EVENT_STATUS_COLOURS[status]} data-testid="event-status">
      {t(`eventStatus.${status}`)}
    </Tag>
  );
}

const TASK_COLOURS: Record<TaskRow['status'], string> = {
  open: 'processing',
  waiting: 'default',
  completed: 'success',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'warning',
  closed: 'default',
  cancelled: 'default',
};

export function TaskStatusTag({ status }: { status: TaskRow['status'] }) {
  const { t } = useTranslation();
  return <Tag color={TASK_COLOURS[status]}>{t(`taskStatus.${status}`)}</Tag>;
}

const STEP_COLOURS: Record<StepState['status'], string> = {
  pending: 'default',
  active: 'processing',
  done: 'success',
  skipped: 'default',
  cancelled: 'default',
};

export function StepStatusTag({ status }: { status: StepState['status'] }) {
  const { t } = useTranslation();
  return <Tag color={STEP_COLOURS[status]}>{t(`stepStatus.${status}`)}</Tag>;
}

export function TaskKindTag({ kind }: { kind: TaskRow['kind'] }) {
  const { t } = useTranslation();
  const colour = kind === 'sign-off' ? 'magenta' : kind === 'report' ? 'purple' : 'blue';
  return <Tag color={colour}>{t(`taskKind.${kind}`)}</Tag>;
}
