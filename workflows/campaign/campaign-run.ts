// The live state of a campaign and every change to it; what the read model has yet to see is
// counted here, and the sync loop sends it one batch at a time.
import { condition } from '@temporalio/workflow';
import type { CampaignHeader, CampaignUnitStart } from '../../activities/campaign.activities';
import type { Allocation } from '../campaign-types';
import type { CampaignState, CampaignWorkflowInput, UnitAssessment } from '../campaign-model';
import type { Person } from '../event-model';
import { nowIso } from '../event/clock';
import { person } from '../event/people';
import { campaignActs } from './activity-stubs';
import { reportingPeriods } from './periods';

export class CampaignRun {
  readonly state: CampaignState;
  /** A cancellation has been accepted: what runs stops, then the campaign is cancelled. */
  cancelling = false;
  cancellation?: { actor: Person; reason: string };
  /** Cancels the scope the units' workflows run in, while they run. */
  stopUnits?: () => void;
  /** When the targets were issued: the units' part began then (UnitCampaignInput.startedAt). */
  unitsStartedAt?: string;
  /** The run has ended: the sync loop finishes once everything is sent. */
  finished = false;

  private seq = 0;
  private syncedSeq = 0;
  private newUnits: CampaignUnitStart[] = [];

  constructor(readonly input: CampaignWorkflowInput) {
    this.state = {
      campaignId: input.campaignId,
      title: input.title,
      year: input.year,
      templateCode: input.template.code,
      templateVersion: input.template.version,
      leadUnit: input.leadUnit,
      organiser: person(input.organiser),
      status: 'allocating',
      startedAt: nowIso(),
      periods: reportingPeriods(input.template, input.year, input.calendar),
    };
  }

  private changed(): void {
    this.seq++;
  }

  allocationStarted(eventId: string): void {
    this.state.allocationEventId = eventId;
    this.changed();
  }
  /** The allocation is approved: the units run, each with its row of it. */
  allocated(allocation: Allocation): void {
    this.state.allocation = allocation;
    this.state.status = 'running';
    const startedAt = (this.unitsStartedAt = nowIso());
    this.newUnits = this.input.units.map((u, position) => ({ unitCode: u.code, unitName: u.name, position, targets: allocation[u.code] ?? {}, startedAt }));
    this.changed();
  }
  assessmentStarted(eventId: string): void {
    this.state.assessmentEventId = eventId;
    this.changed();
  }
  assessed(table: UnitAssessment[]): void {
    this.state.assessment = table;
    this.state.status = 'assessing';
    this.changed();
  }
  archive(): void {
    this.state.status = 'archived';
    this.state.archivedAt = nowIso();
    this.changed();
  }
  acceptCancellation(actor: Person, reason: string): void {
    this.cancellation = { actor: person(actor), reason: reason.trim() };
    this.stop();
  }
  /** Stops what runs (the units, if started); the campaign is then cancelled. */
  stop(): void {
    this.cancelling = true;
    this.stopUnits?.();
  }
  cancel(): void {
    this.state.status = 'cancelled';
    this.state.cancelledAt = nowIso();
    this.changed();
  }
  get closed(): boolean {
    return (this.state.status === 'cancelled' || this.state.status === 'archived') && this.syncedSeq >= this.seq;
  }

  // ---- the read model ------------------------------------------------------------------------
  header(): CampaignHeader {
    const s = this.state;
    return {
      campaignId: s.campaignId,
      status: s.status,
      allocation: s.allocation ?? null,
      allocationEventId: s.allocationEventId ?? null,
      assessment: s.assessment ?? null,
      assessmentEventId: s.assessmentEventId ?? null,
      archivedAt: s.archivedAt ?? null,
      cancelledAt: s.cancelledAt ?? null,
    };
  }
  get pending(): boolean {
    return this.seq > this.syncedSeq;
  }

  /** Sends what changed until the run has finished and everything is sent. */
  async syncLoop(): Promise<void> {
    for (;;) {
      await condition(() => this.pending || this.finished);
      if (!this.pending) return;
      const upTo = this.seq;
      const units = this.newUnits.splice(0);
      await campaignActs.syncCampaign({ campaign: this.header(), ...(units.length ? { units } : {}) });
      this.syncedSeq = upTo;
    }
  }
  /** Resolves once everything changed so far is in the read model. */
  async synced(): Promise<void> {
    const target = this.seq;
    await condition(() => this.syncedSeq >= target);
  }
}
