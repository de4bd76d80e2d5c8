// 考核结果审定: the computed assessment table goes through a child event on the generated assessment
// template (the organiser checks it and may add a 考核说明, the campaign's sign-off levels approve it,
// a 考核结果通报 tells the units), and the campaign is archived once that event is.
import type { UnitAssessment } from '../campaign-model';
import { startCampaignEvent } from './campaign-event';
import type { CampaignRun } from './campaign-run';

/** True once the table is signed off and reported (its event archived); false when the event or the campaign was cancelled first. */
export async function approveAssessment(run: CampaignRun, table: UnitAssessment[]): Promise<boolean> {
  const event = await startCampaignEvent(run, { purpose: 'assessment', assessment: table }, (eventId) => run.assessmentStarted(eventId));
  const final = await event.result;
  return final.status === 'archived' && !run.cancelling;
}
