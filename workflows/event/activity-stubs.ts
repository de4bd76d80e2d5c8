// The event workflow's activities, as the workflow calls them (through proxyActivities, types only).
import { proxyActivities } from '@temporalio/workflow';
import type { EventActivities } from '../../activities/event.activities';

export const acts = proxyActivities<EventActivities>({
  startToCloseTimeout: '1 minute',
  // A database or mail server outage is waited out, not given up on; a unit or user the directory
  // does not know will not appear by retrying.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['DirectoryError'] },
});
