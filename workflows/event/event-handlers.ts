// The actions on the event as a whole and on its notices: 签收, 催办, 改期, 恢复, 延期, 取消, a new
// working-day calendar, and the queries of its state, its schedule and what a new date would move.
import { condition, setHandler } from '@temporalio/workflow';
import {
  acknowledgeUpdate,
  cancelUpdate,
  postponeUpdate,
  reschedulePreviewQuery,
  rescheduleUpdate,
  resumeUpdate,
  scheduleQuery,
  stateQuery,
  urgeUpdate,
  type Person,
} from '../event-model';
import type { LocalizedText } from '../template-types';
import { acts } from './activity-stubs';
import { setCalendarHandler } from './calendar-change';
import type { DateChanges } from './date-changes';
import { refuseIf, viewOf } from './refusals';
import type { EventRun } from './run-state';
import { previewMove, schedule } from './schedule';
import { synced } from './sync';
import { acknowledgeRefusal, cancelRefusal, postponeRefusal, rescheduleRefusal, resumeRefusal, urgeableReceipts, urgeRefusal, urgeTarget } from './validators';
import { uniquePeople } from './people';

export function setEventHandlers(run: EventRun, dates: DateChanges): void {
  const { state } = run;
  setHandler(stateQuery, () => state);
  setHandler(scheduleQuery, () => schedule(run));
  setHandler(reschedulePreviewQuery, (input) => previewMove(run, input));

  setHandler(
    urgeUpdate,
    async ({ actor, taskId, stepId, unitCode }) => {
      const key = run.urged(urgeTarget({ taskId, stepId, unitCode }));
      let recipients: Person[];
      let subject: LocalizedText;
      let unitCodes: string[] | undefined;
      if (taskId) {
        const t = run.task(taskId)!;
        recipients = t.assignees;
        subject = { 'zh-CN': `【催办】${actor.displayName}请您尽快办理“${t.name['zh-CN']}”`, en: `${actor.displayName} asks you to handle "${t.name.en}" soon` };
      } else {
        // 一键催办 leaves out the units urged alone within the hour, and counts for each unit it tells:
        // none of them is urged again alone within the hour.
        const pending = unitCode ? [run.receipt(stepId!, unitCode)!] : urgeableReceipts(viewOf(run), stepId!);
        if (!unitCode) {
          unitCodes = pending.map((r) => r.unitCode);
          for (const u of unitCodes) run.lastUrged.set(urgeTarget({ stepId, unitCode: u }), Date.now());
        }
        recipients = uniquePeople(pending.flatMap((r) => r.liaisons));
        const notice = run.latestNotice(stepId!)!;
        subject = { 'zh-CN': `【催办】请尽快签收《${notice.subject}》`, en: `Please acknowledge "${notice.subject}" soon` };
      }
      await acts.notifyPeople({
        eventId: state.eventId,
        key,
        recipientIds: recipients.map((p) => p.id),
        subject,
        message: { 'zh-CN': `活动：${state.title}`, en: `Event: ${state.title}` },
      });
      run.audit({ actor, action: taskId ? 'task.urged' : unitCode ? 'receipt.urged' : 'receipts.urged', taskId, stepId, after: { unitCode, unitCodes, recipients: recipients.map((p) => p.displayName) } });
      await synced(run);
      return { notified: recipients.length };
    },
    { validator: (arg) => refuseIf(urgeRefusal(viewOf(run), arg)) },
  );

  setHandler(
    acknowledgeUpdate,
    async ({ stepId, unitCode, actor, values }) => {
      const receipt = run.receipt(stepId, unitCode)!;
      const notice = run.latestNotice(stepId)!;
      run.acknowledge(notice, receipt, actor, values);
      run.audit({ actor, action: 'notice.acknowledged', stepId, after: { unitCode, values } });
      await synced(run);
      return receipt;
    },
    { validator: (arg) => refuseIf(acknowledgeRefusal(viewOf(run), arg)) },
  );

  setHandler(rescheduleUpdate, (arg) => dates.move(arg, 'event.rescheduled'), { validator: (arg) => refuseIf(rescheduleRefusal(viewOf(run), arg)) });
  setHandler(resumeUpdate, (arg) => dates.move(arg, 'event.resumed'), { validator: (arg) => refuseIf(resumeRefusal(viewOf(run), arg)) });
  setHandler(postponeUpdate, (arg) => dates.postpone(arg), { validator: (arg) => refuseIf(postponeRefusal(viewOf(run), arg)) });
  setCalendarHandler(run);

  setHandler(
    cancelUpdate,
    async ({ actor, reason }) => {
      const before = { status: state.status };
      run.acceptCancellation(reason);
      run.audit({ actor, action: 'event.cancelled', before, after: { status: 'cancelled' }, comment: reason });
      await condition(() => state.status === 'cancelled');
      await synced(run);
      return state;
    },
    { validator: (arg) => refuseIf(cancelRefusal(viewOf(run), arg)) },
  );
}
