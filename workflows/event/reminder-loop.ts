// Reminders (提醒), 催办 and 督办, sent by durable timers from a plan derived from the live state: any
// change to the event re-plans them, a cancelled or archived event sends none.
import { condition } from '@temporalio/workflow';
import type { Person } from '../event-model';
import type { Reminder } from '../reminders';
import { acts } from './activity-stubs';
import type { EventRun } from './run-state';
import { owedReminders } from './schedule';

async function fireReminder(run: EventRun, r: Reminder): Promise<void> {
  let recipients = r.recipients;
  if (r.escalation) {
    const superiors: Person[] = [];
    for (const p of r.recipients) {
      const superior = await acts.superiorOf({ personId: p.id });
      if (superior) superiors.push(superior);
    }
    recipients = superiors;
  }
  if (!recipients.length) return;
  await acts.notifyPeople({ eventId: run.state.eventId, key: r.key, recipientIds: [...new Set(recipients.map((p) => p.id))], subject: r.subject, message: r.message });
  run.audit({ action: `reminder.${r.kind}`, taskId: r.taskId, stepId: r.stepId, after: { recipients: recipients.map((p) => p.displayName), at: new Date(r.fireAt).toISOString() } });
}

/** Sends each reminder when its time comes; any change to the event re-plans them. */
export async function reminderLoop(run: EventRun): Promise<void> {
  for (;;) {
    const { status } = run.state;
    if (run.finished || run.cancelling || status === 'cancelled' || status === 'archived') return;
    const owed = owedReminders(run);
    const now = Date.now();
    const due = owed.filter((r) => r.fireAt <= now);
    for (const r of due) {
      run.sentReminders.add(r.key);
      await fireReminder(run, r);
    }
    if (due.length) continue;
    const seen = run.planVersion;
    const wake = () => run.planVersion !== seen || run.finished || run.cancelling;
    if (owed.length) await condition(wake, owed[0].fireAt - now);
    else await condition(wake);
  }
}
