// Sending a report to a unit's workflow, with its refusals in words true for a campaign: the read
// model says "running" a moment before the unit workflows are started (in batches), and a report
// in that moment meets no workflow at all — not open yet, rather than the event's "ended".
import type { WorkflowHandle } from '@temporalio/client';
import { DomainError } from '../common/domain-error';
import { asDomainError, workflowGone } from '../events/event-messages';

/** The unit's workflow as the call needs it: its Update is sent by `send`, `describe` tells whether it exists. */
type UnitWorkflow = Pick<WorkflowHandle, 'describe'>;

export async function callUnitWorkflow<T>(unit: UnitWorkflow, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (workflowGone(err) && !(await started(unit))) {
      throw new DomainError('CONFLICT', '该单位的报送尚未开放，请稍后再试', 'Reporting for this unit is not open yet; try again shortly');
    }
    throw asDomainError(err);
  }
}

/** A closed unit workflow is still described (until retention); one not started yet is not found. */
async function started(unit: UnitWorkflow): Promise<boolean> {
  try {
    await unit.describe();
    return true;
  } catch (err) {
    if (workflowGone(err)) return false;
    throw asDomainError(err);
  }
}
