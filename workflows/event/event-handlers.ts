// The actions on the event as a whole and on its notices: 签收, 催办, 改期, 恢复, 延期, 取消, and the
// queries of its state and schedule.
import { condition, setHandler } from '@temporalio/workflow';
import {
  acknowledgeUpdate,
  cancelUpdate,
  postponeUpdate,
  rescheduleUpdate,
  resumeUpdate,
  scheduleQuery,
  stateQuery,
  urgeUpdate,
  type Person,
} from '../event-model';
import type { LocalizedText } from '../template-types';
import { acts } from './activity-stubs';
import type { DateChanges } from './date-changes';
import { refuseIf, viewOf } from './refusals';
import type { EventRun } from './run-state';
import { schedule } from './schedule';
import { synced } from './sync';
import { acknowledgeRefusal, cancelRefusal, postponeRefusal, rescheduleRefusal, resumeRefusal, urgeRefusal } from './validators';

export function setEventHandlers(run: EventRun, dates: DateChanges): void {
  const { state } = run;
  setHandler(stateQuery, () => state);
  setHandler(scheduleQuery, () => schedule(run));

  setHandler(
    urgeUpdate,
    async ({ actor, taskId, stepId, unitCode }) => {
      const target = taskId ?? `${stepId}/${unitCode}`;
      const key = run.urged(target);
      let recipients: Person[];
      let subject: LocalizedText;
      if (taskId) {
        const t = run.task(taskId)!;
        recipients = t.assignees;
        subject = { 'zh-CN': `【催办】${actor.displayName}请您尽快办理“${t.name['zh-CN']}”`, en: `${actor.displayName} asks you to handle "${t.name.en}" soon` };
      } else {
        recipients = run.receipt(stepId!, unitCode!)!.liaisons;
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
      run.audit({ actor, action: taskId ? 'task.urged' : 'receipt.urged', taskId, stepId, after: { unitCode, recipients: recipients.map((p) => p.displayName) } });
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
