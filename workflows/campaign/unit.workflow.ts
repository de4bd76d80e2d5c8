// One unit's part of a campaign (a district federation's year): its progress reports come in as a
// validated Update; a period not reported by its urge time is 催办'd to the unit's liaisons, by its
// supervise time 督办'd to the unit's chair; the unit closes at the last period's supervise time (or
// when the campaign is cancelled) and returns its state to the campaign. A year is at most 12
// monthly reports and 24 reminders: the history stays small, no continue-as-new.
import { allHandlersFinished, CancellationScope, condition, isCancellation, setHandler, sleep } from '@temporalio/workflow';
import { reportProgressUpdate, unitCampaignStateQuery, type UnitCampaignInput, type UnitCampaignState } from '../campaign-model';
import { nowIso } from '../event/clock';
import { refuseIf } from '../event/refusals';
import { campaignActs } from './activity-stubs';
import { UnitRun, urgingMarks, type UrgingMark } from './unit-run';

export async function unitCampaignWorkflow(input: UnitCampaignInput): Promise<UnitCampaignState> {
  const run = new UnitRun(input);
  setHandler(unitCampaignStateQuery, () => run.state);
  setHandler(
    reportProgressUpdate,
    async (report) => {
      const accepted = run.accept(report);
      // Written even if the campaign is cancelled meanwhile: the liaison was told it was taken.
      await CancellationScope.nonCancellable(() => run.record(accepted));
      return run.state;
    },
    { validator: (report) => refuseIf(run.refusal(report)) },
  );

  try {
    await remindUntilClose(run);
    run.close('closed');
  } catch (err) {
    if (!isCancellation(err)) throw err;
    run.close('cancelled');
  }
  await CancellationScope.nonCancellable(async () => {
    await condition(allHandlersFinished);
    await run.written();
    await campaignActs.syncCampaignUnit(run.progress());
  });
  return run.state;
}

/**
 * Walks the reminders in time order, to the last one's time (the unit's close); a period reported
 * before a reminder's time owes it no more. A period due before the unit started is not owed: the
 * unit could not have reported it in time, so it is neither urged nor counted late or missing.
 */
async function remindUntilClose(run: UnitRun): Promise<void> {
  for (const mark of urgingMarks(run.state.periods)) {
    const wait = mark.at - Date.now();
    if (wait > 0) await sleep(wait);
    if (run.owes(mark.periodIndex) && !run.reportOf(mark.periodIndex) && !run.urged(mark)) await urge(run, mark);
  }
}

async function urge(run: UnitRun, mark: UrgingMark): Promise<void> {
  const { input } = run;
  const recipients = await campaignActs.sendUrging({
    campaignId: input.campaignId,
    title: input.title,
    unit: input.unit,
    period: run.state.periods.find((p) => p.index === mark.periodIndex)!,
    kind: mark.kind,
    leadUnit: input.leadUnit,
    organiserId: input.organiser.id,
  });
  run.noteUrging({ periodIndex: mark.periodIndex, kind: mark.kind, at: nowIso(), recipients });
}
