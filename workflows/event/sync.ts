// The read model, kept in step with the run through one activity at a time: what changed since the
// last sync (steps, tasks, notices, audit entries), sent in one batch.
import { ActivityFailure, ApplicationFailure, condition, log, uuid4 } from '@temporalio/workflow';
import type { ReadModelBatch } from '../../activities/event.activities';
import { READ_MODEL_REJECTED, type AuditEntry, type EventState } from '../event-model';
import { acts } from './activity-stubs';
import { nowIso } from './clock';
import type { EventRun } from './run-state';

export class ReadModelChanges {
  private seq = 0;
  private syncedSeq = 0;
  private auditSeq = 0;
  private readonly steps = new Set<string>();
  private readonly tasks = new Set<string>();
  private readonly notices = new Set<string>();
  private readonly auditQueue: AuditEntry[] = [];

  mark(what: { step?: string; task?: string; notice?: string } = {}): void {
    if (what.step) this.steps.add(what.step);
    if (what.task) this.tasks.add(what.task);
    if (what.notice) this.notices.add(what.notice);
    this.seq++;
  }
  audit(entry: Omit<AuditEntry, 'id' | 'seq' | 'at'>): void {
    this.auditQueue.push({ id: uuid4(), seq: ++this.auditSeq, at: nowIso(), ...entry });
    this.mark();
  }
  /** Something changed that the read model has not been sent. */
  get pending(): boolean {
    return this.seq > this.syncedSeq;
  }
  get version(): number {
    return this.seq;
  }
  get syncedVersion(): number {
    return this.syncedSeq;
  }
  /** What to send now, and the version it brings the read model to. */
  take() {
    const taken = { upTo: this.seq, steps: [...this.steps], tasks: [...this.tasks], notices: new Set(this.notices), audit: this.auditQueue.splice(0) };
    this.steps.clear();
    this.tasks.clear();
    this.notices.clear();
    return taken;
  }
  markSynced(upTo: number): void {
    this.syncedSeq = upTo;
  }
  /** A batch the database refused: sent again, with whatever changes next, when something does. */
  putBack(taken: ReturnType<ReadModelChanges['take']>): void {
    for (const id of taken.steps) this.steps.add(id);
    for (const id of taken.tasks) this.tasks.add(id);
    for (const id of taken.notices) this.notices.add(id);
    this.auditQueue.unshift(...taken.audit);
  }
}

/** The read model refused the batch for good: retrying the same batch cannot help. */
function refusedForGood(err: unknown): boolean {
  return err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === READ_MODEL_REJECTED;
}

/** The event's row in the read model. */
export function eventHeader(s: EventState): ReadModelBatch['event'] {
  return {
    eventId: s.eventId,
    status: s.status,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    postponedAt: s.postponedAt ?? null,
    cancelReason: s.cancelReason ?? null,
    archivedAt: s.archivedAt ?? null,
    currentStepIds: s.steps.filter((x) => x.status === 'active').map((x) => x.id),
  };
}

/** After the read model refuses a batch: try again at the next change, or after this long at the latest. */
function retryAfterMs(refusals: number): number {
  return Math.min(60_000 * 2 ** (refusals - 1), 6 * 3600_000); // 1 min, 2 min, 4 min … 6 h
}

/** Sends what changed until the run has finished and everything is sent. */
export async function syncLoop(run: EventRun): Promise<void> {
  const { changes } = run;
  let refusals = 0;
  for (;;) {
    if (refusals === 0) {
      await condition(() => changes.pending || run.finished);
      if (!changes.pending) return;
    } else {
      // A refused batch is outstanding: the run does not end before it is in (nothing is lost).
      await condition(() => changes.pending, retryAfterMs(refusals));
    }
    const taken = changes.take();
    try {
      await acts.syncReadModel({
        event: eventHeader(run.state),
        steps: taken.steps.map((id) => run.stepState(id)),
        tasks: taken.tasks.map((id) => run.task(id)!),
        notices: run.state.notices.filter((n) => taken.notices.has(n.noticeId)),
        audit: taken.audit,
      });
      refusals = 0;
    } catch (err) {
      if (!refusedForGood(err)) throw err;
      // The event goes on (the workflow is the authority; the failed activity is in its history
      // for an administrator to see). The batch is kept and goes again with the next change, or
      // after a growing wait; those waiting on the sync are answered meanwhile.
      refusals++;
      log.error('The read model refused a batch; it is kept and sent again', { eventId: run.state.eventId, refusals, error: (err as ActivityFailure).cause?.message });
      changes.putBack(taken);
    }
    changes.markSynced(taken.upTo);
  }
}

/** Resolves once everything changed so far is in the read model: an action's answer reflects it. */
export async function synced(run: EventRun): Promise<void> {
  const target = run.changes.version;
  await condition(() => run.changes.syncedVersion >= target);
}
