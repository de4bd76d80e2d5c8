// The campaign workflows' activities, as the workflows call them (through proxyActivities, types only).
import { proxyActivities } from '@temporalio/workflow';
import type { CampaignActivities } from '../../activities/campaign.activities';

export const campaignActs = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '1 minute',
  // As the events': an outage is waited out; a unit the directory does not know will not appear by retrying.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['DirectoryError'] },
});
