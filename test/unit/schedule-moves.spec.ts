// What a change of date moves, as the 改期 preview and 提醒与期限 show it: the A1 event with its
// selection notice out and three units still to acknowledge, projected to a new date with no server.
import { join } from 'node:path';
import { projectRoot } from '../../src/infra/project-root';
import { loadTemplates } from '../../src/templates/template-loader';
import type { Person, ScheduleMove } from '../../workflows/event-model';
import { EventRun } from '../../workflows/event/run-state';
import { previewMove, recordMoves, scheduleBeforeMove } from '../../workflows/event/schedule';

const DAY = 24 * 3600_000;
const A1 = loadTemplates(join(projectRoot(), 'templates')).find((t) => t.code === 'womens-day-110')!;
const organiser: Person = { id: 'u-organiser', displayName: '刘组织' };
const liaisons = ['district-yuzhong', 'district-jiangbei', 'district-wansheng'].map((code) => ({ code, people: [{ id: `u-${code}`, displayName: `${code} 联络员` }] }));

/** A1 at its selection notice: issued today, receipts due 35 days before the event, none acknowledged. */
function atSelectionNotice(startsInDays: number): EventRun {
  const startsAt = Date.now() + startsInDays * DAY;
  const run = new EventRun({
    eventId: 'e-1',
    title: '纪念“三八”国际妇女节110周年系列活动',
    template: A1,
    organiser,
    leadUnit: A1.leadDepartment,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + DAY).toISOString(),
  });
  const step = run.stepState('selection-notice');
  step.status = 'active';
  step.round = 1;
  step.startedAt = new Date().toISOString();
  run.state.notices.push({
    stepId: 'selection-notice',
    round: 1,
    noticeId: 'n-1',
    docNumber: '渝妇发〔2027〕3号',
    subject: '关于开展重庆市三八红旗手（集体）评选表彰工作的通知',
    issuedAt: step.startedAt,
    recipientCount: 3,
    receiptsDueAt: new Date(startsAt - 35 * DAY).toISOString(),
    receipts: liaisons.map((l) => ({ unitCode: l.code, unitName: l.code, liaisons: l.people, status: 'pending' })),
  });
  return run;
}

const label = (m: ScheduleMove) => `${m.kind} · ${m.name['zh-CN']}`;

describe('what a change of date moves', () => {
  it('names the receipt deadline and its reminders among the moves of a 改期, each with what it is', () => {
    const run = atSelectionNotice(60);
    const newStart = Date.parse(run.state.startsAt) + 7 * DAY;
    const preview = previewMove(run, { actor: organiser, startsAt: new Date(newStart).toISOString(), asOf: new Date().toISOString() });

    expect(preview.refusal).toBeUndefined();
    expect(preview.moved.map(label)).toEqual(
      expect.arrayContaining(['receipts · 下发评选通知', 'receipt · 下发评选通知', 'receipt-escalation · 下发评选通知', 'event-start · 活动开始', 'before-event · 活动开始前14天']),
    );
    const receipts = preview.moved.find((m) => m.kind === 'receipts')!;
    expect(receipts).toMatchObject({ to: new Date(newStart - 35 * DAY).toISOString(), past: false, pendingUnits: 3 });
    expect(preview.moved.every((m) => m.to !== null && Date.parse(m.to) - Date.parse(m.from!) === 7 * DAY)).toBe(true);
    expect(preview.unitsOverdueAtOnce).toBe(0);
  });

  it('lists the same moves after the change as its preview did', () => {
    const run = atSelectionNotice(60);
    const startsAt = new Date(Date.parse(run.state.startsAt) + 7 * DAY).toISOString();
    const preview = previewMove(run, { actor: organiser, startsAt, asOf: new Date().toISOString() });
    const before = scheduleBeforeMove(run);
    run.setDates(startsAt, undefined);
    recordMoves(run, before);
    expect(run.lastMoves).toEqual(preview.moved);
  });

  it('warns when the new date leaves the receipt deadline already past, and how many units turn 逾期 at once', () => {
    const run = atSelectionNotice(60);
    const preview = previewMove(run, { actor: organiser, startsAt: new Date(Date.now() + 20 * DAY).toISOString(), asOf: new Date().toISOString() });
    expect(preview.moved.find((m) => m.kind === 'receipts')).toMatchObject({ past: true, pendingUnits: 3 });
    // The reminder at the deadline would not be sent: listed with the time it would have had.
    expect(preview.moved.find((m) => m.kind === 'receipt')).toMatchObject({ past: true });
    expect(preview.unitsOverdueAtOnce).toBe(3);
  });

  it('refuses in the preview what the change would refuse', () => {
    const run = atSelectionNotice(60);
    const preview = previewMove(run, { actor: organiser, startsAt: '2020-01-01T00:00:00Z', asOf: new Date().toISOString() });
    expect(preview.refusal?.kind).toBe('INVALID');
    expect(preview.moved).toEqual([]);
  });

  it('counts after 延期 and 恢复 exactly the entries it lists, each labelled, postponed ones on hold', () => {
    const run = atSelectionNotice(60);
    let before = scheduleBeforeMove(run);
    run.postpone();
    recordMoves(run, before);
    const postponed = run.lastMoves;
    expect(postponed.map(label)).toEqual(expect.arrayContaining(['receipts · 下发评选通知', 'event-start · 活动开始', 'event-end · 活动结束', 'before-event · 活动开始前7天']));
    expect(postponed.every((m) => m.name['zh-CN'] && m.from !== null && m.to === null)).toBe(true);
    expect(new Set(postponed.map((m) => m.id)).size).toBe(postponed.length);

    before = scheduleBeforeMove(run);
    run.setDates(new Date(Date.now() + 90 * DAY).toISOString(), undefined);
    recordMoves(run, before);
    expect(run.lastMoves.map((m) => m.id).sort()).toEqual(postponed.map((m) => m.id).sort());
    expect(run.lastMoves.every((m) => m.from === null && m.to !== null && !m.past)).toBe(true);
  });
});
