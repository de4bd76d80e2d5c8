// The kinds of notification a person can set email for (通知设置), and which of them are personal:
// a turn (轮到你了) or a copy (抄送) is one person's business, so a unit's group robot never hears it.
import type { LocalizedText } from '../../workflows/template-types';

export const TURN_KINDS = ['task-assigned', 'sign-off-waiting', 'decision', 'delegated', 'sign-off-withdrawn', 'event-closed'] as const;
export type TurnKind = (typeof TURN_KINDS)[number];

/** Every kind on 通知设置: the turns, 抄送, then the notices and event-wide messages that were there before, then a campaign's 催办 and 督办. */
export const NOTIFICATION_KINDS = [...TURN_KINDS, 'cc', 'notice', 'event', 'campaign-urge', 'campaign-supervise'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const PERSONAL_KINDS: ReadonlySet<string> = new Set<string>([...TURN_KINDS, 'cc']);
export const isPersonalKind = (kind: string): boolean => PERSONAL_KINDS.has(kind);

/** Kinds that ask the recipient to act: they stay in the inbox whatever the setting (only email can be off). */
export const MUST_ACT_KINDS: ReadonlySet<string> = new Set(['task-assigned', 'sign-off-waiting', 'decision', 'delegated', 'notice']);

export const KIND_LABELS: Record<NotificationKind, LocalizedText> = {
  'task-assigned': { 'zh-CN': '待办理的任务', en: 'A task assigned to me' },
  'sign-off-waiting': { 'zh-CN': '待我审批', en: 'A sign-off waiting for me' },
  decision: { 'zh-CN': '我提交的审批结果（通过、退回）', en: 'A decision on my submission (approved, returned)' },
  delegated: { 'zh-CN': '转交给我的待办', en: 'A task handed over to me' },
  'sign-off-withdrawn': { 'zh-CN': '撤回的审批', en: 'A sign-off withdrawn' },
  'event-closed': { 'zh-CN': '活动归档或取消', en: 'An event archived or cancelled' },
  cc: { 'zh-CN': '抄送我的', en: 'Copied to me (抄送)' },
  notice: { 'zh-CN': '公文通知', en: 'Official notices' },
  event: { 'zh-CN': '改期、延期、取消与催办', en: 'Date changes, cancellations and reminders' },
  'campaign-urge': { 'zh-CN': '目标任务进度报告催办', en: 'Reminders of a campaign progress report' },
  'campaign-supervise': { 'zh-CN': '目标任务进度报告督办', en: 'Escalations of a campaign progress report' },
};
