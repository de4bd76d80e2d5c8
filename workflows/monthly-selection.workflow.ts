// One month of the 时代女性榜, as the Schedule starts it: the month's event is prepared (its row in the
// read model) and run as an ordinary event, a child workflow, so the nominations by receipt, the
// review, the sign-off, the published decision and the archive are the event interpreter's own.
import { SearchAttributeType, WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, defineSearchAttributeKey } from '@temporalio/common';
import { ParentClosePolicy, executeChild, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SelectionActivities } from '../activities/selection.activities';
import { eventWorkflowId } from './event-model';
import { eventWorkflow } from './event.workflow';
import { EVENT_DATE, EVENT_STATUS, LEAD_UNIT, TEMPLATE_CODE } from './search-attributes';
import { chinaMonthOf, type MonthlySelectionInput, type MonthlySelectionResult } from './selection-model';

const { prepareMonthlySelection } = proxyActivities<SelectionActivities>({
  startToCloseTimeout: '1 minute',
  // A database outage is waited out; a template version that is not stored will not appear.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['SelectionSetupError'] },
});

/** Set by Temporal on every run a Schedule starts: the time it was due, also for a backfilled month. */
const SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

export async function monthlySelectionWorkflow(input: MonthlySelectionInput): Promise<MonthlySelectionResult> {
  const month = input.month ?? chinaMonthOf(scheduledTime());
  const event = await prepareMonthlySelection({ selection: input, month });
  try {
    const final = await executeChild(eventWorkflow, {
      workflowId: eventWorkflowId(event.eventId),
      args: [event],
      // The month's event id is fixed by the month: a second run of the month finds it, never starts it again.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      // The event is managed as any other (改期, 取消 through its own routes); ending this run leaves it be.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: TEMPLATE_CODE, value: event.template.code },
        { key: EVENT_STATUS, value: 'active' },
        { key: EVENT_DATE, value: new Date(event.startsAt) },
        { key: LEAD_UNIT, value: event.leadUnit },
      ],
    });
    return { month, eventId: event.eventId, eventStatus: final.status };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { month, eventId: event.eventId, eventStatus: 'started-before' };
    throw err;
  }
}

function scheduledTime(): number {
  const info = workflowInfo();
  return (info.typedSearchAttributes.get(SCHEDULED_START_TIME) ?? info.startTime).getTime();
}
