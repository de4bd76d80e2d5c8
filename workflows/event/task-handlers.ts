// The human actions on tasks and sign-offs: 完成, 同意, 退回, 撤回, 转交, 加签, 抄送. Each is an Update whose
// validator refuses before anything is written; the answer waits until the read model has it.
import { condition, setHandler } from '@temporalio/workflow';
import { addSignerUpdate, approveUpdate, ccUpdate, completeTaskUpdate, delegateUpdate, rejectUpdate, withdrawUpdate } from '../event-model';
import { sendCc } from './cc';
import { person } from './people';
import { refuseIf, viewOf } from './refusals';
import type { EventRun } from './run-state';
import { passTheTurn } from './sign-off';
import { synced } from './sync';
import { addSignerRefusal, approveRefusal, ccRefusal, completeRefusal, delegateRefusal, rejectRefusal, withdrawRefusal } from './validators';

export function setTaskHandlers(run: EventRun): void {
  const { state } = run;

  setHandler(
    completeTaskUpdate,
    async ({ taskId, actor, values }) => {
      const t = run.task(taskId)!;
      run.completeTask(t, actor, values);
      run.audit({ actor, action: t.kind === 'report' ? 'report.submitted' : 'task.completed', stepId: t.stepId, taskId, after: values });
      await synced(run);
      return t;
    },
    { validator: (arg) => refuseIf(completeRefusal(viewOf(run), arg)) },
  );

  setHandler(
    approveUpdate,
    async ({ taskId, actor, comment }) => {
      const t = run.task(taskId)!;
      run.closeTask(t, 'approved', actor, comment);
      run.audit({ actor, action: 'sign-off.approved', stepId: t.stepId, taskId, comment, after: { level: t.level } });
      passTheTurn(run, t);
      await synced(run);
      return t;
    },
    { validator: (arg) => refuseIf(approveRefusal(viewOf(run), arg)) },
  );

  setHandler(
    rejectUpdate,
    async ({ taskId, actor, comment }) => {
      const t = run.task(taskId)!;
      run.closeTask(t, 'rejected', actor, comment);
      run.audit({ actor, action: 'sign-off.rejected', stepId: t.stepId, taskId, comment, after: { level: t.level } });
      await synced(run);
      return t;
    },
    { validator: (arg) => refuseIf(rejectRefusal(viewOf(run), arg)) },
  );

  setHandler(
    withdrawUpdate,
    async ({ taskId, actor, comment }) => {
      const t = run.task(taskId)!;
      run.withdraw(t.stepId, actor, comment);
      run.audit({ actor, action: 'sign-off.withdrawn', stepId: t.stepId, taskId, comment });
      await condition(() => !state.tasks.some((x) => x.stepId === t.stepId && x.round === t.round && (x.status === 'open' || x.status === 'waiting')));
      await synced(run);
      return t;
    },
    { validator: (arg) => refuseIf(withdrawRefusal(viewOf(run), arg)) },
  );

  setHandler(
    delegateUpdate,
    async ({ taskId, actor, to, comment }) => {
      const t = run.task(taskId)!;
      const before = t.assignees;
      // Whose task it was: the assignee handing it on, or (an administrator reassigning) its holder.
      const own = before.some((p) => p.id === actor.id);
      const from = person(own ? actor : before[0]);
      const by = own ? undefined : person(actor);
      run.handOver(t, from, to, by, comment);
      run.audit({
        actor,
        action: 'task.delegated',
        stepId: t.stepId,
        taskId,
        before: { assignees: before },
        after: { from, to: person(to), ...(by ? { by } : {}), assignees: t.assignees },
        comment,
      });
      await synced(run);
      return t;
    },
    { validator: (arg) => refuseIf(delegateRefusal(viewOf(run), arg)) },
  );

  setHandler(
    addSignerUpdate,
    async ({ taskId, actor, signer, position, comment }) => {
      const t = run.task(taskId)!;
      const added = run.addSigner(t, signer, position, actor);
      run.audit({
        actor,
        action: 'sign-off.signer-added',
        stepId: t.stepId,
        taskId: added.id,
        after: { signer: person(signer), position, level: t.level, for: taskId },
        comment,
      });
      await synced(run);
      return added;
    },
    { validator: (arg) => refuseIf(addSignerRefusal(viewOf(run), arg)) },
  );

  setHandler(
    ccUpdate,
    async ({ taskId, actor, recipients, comment }) => {
      const t = run.task(taskId)!;
      await sendCc(run, { stepId: t.stepId, taskId, by: person(actor), recipients, comment });
      await synced(run);
      return { recipients: recipients.filter((p) => p.id !== actor.id).length };
    },
    { validator: (arg) => refuseIf(ccRefusal(viewOf(run), arg)) },
  );
}
