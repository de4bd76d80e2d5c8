// An admin changed the working-day calendar (节假日与调休): the run counts by the new one from now.
// Deadlines still ahead whose offset is in working days are counted again from their same anchor
// (a task's start, the event's date), with their reminders; what has already passed stays as it
// was; hour and calendar-day offsets and the event's own date do not move. The change is recorded
// with what it moved, and whoever's deadline moved is told once.
import { setHandler } from '@temporalio/workflow';
import { changeCalendarUpdate, type CalendarChangeResult, type ChangeCalendarInput, type ScheduleMove } from '../event-model';
import type { LocalizedText } from '../template-types';
import { formatDateTime } from '../text';
import type { WorkingCalendar } from '../working-calendar';
import { acts } from './activity-stubs';
import { awaitedUnits, tellReceiptDeadlines } from './announcements';
import { refuseIf, viewOf } from './refusals';
import type { EventRun } from './run-state';
import { movesSince, openReceiptDeadlines, scheduleBeforeMove } from './schedule';
import { synced } from './sync';
import { eventClosedRefusal, type EventView, type Refusal } from './validators';

/** A calendar covers at most this many years: from the year before the event's to the last the admin entered (2000–2099). */
const MAX_YEARS = 100;

/** What each kind of move is called where it is listed (as the 改期 preview names them). */
const KIND_NAMES: Record<ScheduleMove['kind'], string> = {
  task: '办理期限',
  wait: '等待',
  receipts: '回执截止',
  'event-start': '活动开始',
  'event-end': '活动结束',
  'before-event': '活动提醒',
  receipt: '签收提醒',
  'receipt-escalation': '签收督办',
  'report-due': '总结提醒',
  'report-overdue': '总结逾期',
  'report-escalation': '总结督办',
  'task-sla': '催办',
  'task-escalation': '督办',
  'task-overdue': '到期提醒',
};

const invalid = (zh: string, en: string): Refusal => ({ kind: 'INVALID', zh: `工作日历有误：${zh}`, en: `The working-day calendar is malformed: ${en}` });

/** Whether version `a` came before `b`: versions are the decimal ids of the admin's changes, one after the other. */
function earlier(a: string, b: string): boolean {
  const [x, y] = [a.replace(/^0+(?=\d)/, ''), b.replace(/^0+(?=\d)/, '')];
  return x.length !== y.length ? x.length < y.length : x < y;
}

function malformed(calendar: WorkingCalendar | undefined): Refusal | undefined {
  if (!calendar || typeof calendar !== 'object') return invalid('缺少日历', 'no calendar was given');
  const { version, fromYear, toYear, days } = calendar;
  if (typeof version !== 'string' || !/^\d{1,18}$/.test(version)) return invalid('版本号须为数字', 'the version must be a number');
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear < 1949 || toYear < fromYear || toYear - fromYear >= MAX_YEARS) {
    return invalid(`年份范围须为连续的至多${MAX_YEARS}年`, `the years must be a range of at most ${MAX_YEARS}`);
  }
  if (!days || typeof days !== 'object' || Array.isArray(days)) return invalid('缺少日期表', 'the days are missing');
  for (const [date, kind] of Object.entries(days)) {
    const at = /^(\d{4})-\d{2}-\d{2}$/.exec(date);
    const real = at && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
    if (!at || !real) return invalid(`${date} 不是有效日期`, `${date} is not a valid date`);
    const year = Number(at[1]);
    if (year < fromYear || year > toYear) return invalid(`${date} 不在 ${fromYear}–${toYear} 年范围内`, `${date} is outside ${fromYear}–${toYear}`);
    if (kind !== 'off' && kind !== 'work') return invalid(`${date} 须为休息日或调休上班日`, `${date} must be 'off' or 'work'`);
  }
  return undefined;
}

/** Why a calendar change would be refused: a closed event, someone not an admin, a malformed or older calendar. */
export function calendarRefusal(v: EventView, current: WorkingCalendar | undefined, { actor, calendar }: ChangeCalendarInput): Refusal | undefined {
  const closed = eventClosedRefusal(v);
  if (closed) return closed;
  if (!actor?.isAdmin) return { kind: 'FORBIDDEN', zh: '只有管理员可以调整工作日历', en: 'Only an administrator may change the working-day calendar' };
  const bad = malformed(calendar);
  if (bad) return bad;
  if (current && earlier(calendar.version, current.version)) {
    return {
      kind: 'CONFLICT',
      zh: `工作日历版本 ${calendar.version} 早于本活动已采用的版本 ${current.version}，未予调整`,
      en: `Calendar version ${calendar.version} is older than version ${current.version}, which this event already counts by`,
    };
  }
  return undefined;
}

/** A move as the admin's answer lists it: 办理期限 · 公示期（5个工作日）. */
const labelOf = (m: ScheduleMove): string => `${KIND_NAMES[m.kind]} · ${m.name['zh-CN']}`;

export function setCalendarHandler(run: EventRun): void {
  setHandler(changeCalendarUpdate, (input) => changeCalendar(run, input), {
    validator: (input) => refuseIf(calendarRefusal(viewOf(run), run.calendar, input)),
  });
}

async function changeCalendar(run: EventRun, { actor, calendar }: ChangeCalendarInput): Promise<CalendarChangeResult> {
  const was = run.calendar?.version;
  if (was === calendar.version) return { applied: false, moved: [] };
  const before = scheduleBeforeMove(run);
  run.changeCalendar(calendar);
  const moves = movesSince(run, before);
  run.audit({ actor, action: 'calendar.changed', before: { version: was ?? null }, after: { version: calendar.version, moved: moves } });
  await tellMoved(run, moves, calendar.version);
  await synced(run);
  return { applied: true, moved: moves.filter((m) => m.from !== null && m.to !== null).map((m) => ({ label: labelOf(m), from: m.from!, to: m.to! })) };
}

const WHY: LocalizedText = { 'zh-CN': '因工作日历（节假日安排）调整，', en: 'The working-day calendar (public holidays) has changed. ' };

/** The people of each moved task and the units of each moved receipt deadline hear their new deadline, once per calendar version. */
async function tellMoved(run: EventRun, moves: ScheduleMove[], version: string): Promise<void> {
  const { state } = run;
  const key = `calendar-${version}`;
  for (const m of moves.filter((x) => x.kind === 'task' && x.to)) {
    const task = run.task(m.id.slice('task:'.length));
    if (!task?.assignees.length) continue;
    const to = { 'zh-CN': formatDateTime(m.to, 'zh-CN'), en: formatDateTime(m.to, 'en') };
    await acts.notifyPeople({
      eventId: state.eventId,
      key: `${key}:${m.id}`,
      recipientIds: task.assignees.map((p) => p.id),
      subject: { 'zh-CN': `【期限调整】“${task.name['zh-CN']}”办理期限调整为${to['zh-CN']}`, en: `New deadline: "${task.name.en}" is now due ${to.en}` },
      message: {
        'zh-CN': `${state.title}：${WHY['zh-CN']}此事项的办理期限由${formatDateTime(m.from, 'zh-CN')}调整为${to['zh-CN']}。`,
        en: `${state.title}: ${WHY.en}This is now due ${to.en} instead of ${formatDateTime(m.from, 'en')}.`,
      },
    });
  }
  const movedReceipts = new Set(moves.filter((x) => x.kind === 'receipts').map((x) => x.id));
  const awaited = awaitedUnits(openReceiptDeadlines(run).filter((r) => movedReceipts.has(`receipts:${r.notice.noticeId}`)));
  const subject = (n: { subject: string }): LocalizedText => ({ 'zh-CN': `【签收期限调整】《${n.subject}》`, en: `New receipt deadline: "${n.subject}"` });
  for (const r of awaited) await tellReceiptDeadlines(run, [r], { key, subject: subject(r.notice), why: WHY });
}
