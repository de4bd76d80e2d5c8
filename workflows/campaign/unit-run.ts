// The live state of one unit's part of a campaign and every change to it: reports accepted (each
// revision written once, in order), the 催办/督办 sent, the close.
import type { PeriodReport, ReportProgressInput, UnitCampaignInput, UnitCampaignState, UrgingSent } from '../campaign-model';
import { nowIso } from '../event/clock';
import { person } from '../event/people';
import type { UnitProgress } from '../../activities/campaign.activities';
import { campaignActs } from './activity-stubs';
import { owes } from './periods';
import { cumulativeOf } from './reports';
import { reportRefusal, type UnitView } from './refusals';
import type { Refusal } from '../event/validators';

/** A reminder of a period's report: when it goes, and which. */
export interface UrgingMark {
  periodIndex: number;
  kind: UrgingSent['kind'];
  at: number;
}

/** Every 催办 and 督办 the periods call for, in time order; the last one is the unit's close. */
export function urgingMarks(periods: UnitCampaignState['periods']): UrgingMark[] {
  return periods
    .flatMap((p) => [
      { periodIndex: p.index, kind: 'urge' as const, at: Date.parse(p.urgeAt) },
      { periodIndex: p.index, kind: 'supervise' as const, at: Date.parse(p.superviseAt) },
    ])
    .sort((a, b) => a.at - b.at || a.periodIndex - b.periodIndex);
}

export class UnitRun {
  readonly state: UnitCampaignState;
  /** Report writes go one after the other, so the unit's figure so far lands in the order the reports came. */
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly input: UnitCampaignInput) {
    this.state = {
      campaignId: input.campaignId,
      unitCode: input.unit.code,
      unitName: input.unit.name,
      targets: input.targets,
      periods: input.periods,
      reports: [],
      urgings: [],
      soFar: cumulativeOf(input.template, []),
      status: 'running',
      startedAt: input.startedAt,
    };
  }

  view(): UnitView {
    return { state: this.state, template: this.input.template, now: Date.now() };
  }
  refusal(input: ReportProgressInput): Refusal | undefined {
    return reportRefusal(this.view(), input);
  }

  reportOf(periodIndex: number): PeriodReport | undefined {
    return this.state.reports.find((r) => r.periodIndex === periodIndex);
  }
  /** The unit owes the period's report: it was due after the unit started. */
  owes(periodIndex: number): boolean {
    return owes(this.state.periods.find((p) => p.index === periodIndex)!, Date.parse(this.state.startedAt));
  }
  urged(mark: UrgingMark): boolean {
    return this.state.urgings.some((u) => u.periodIndex === mark.periodIndex && u.kind === mark.kind);
  }

  /** Takes a validated report: a period's first, or a correction that replaces it (keeping its lateness). */
  accept(input: ReportProgressInput): PeriodReport {
    const period = this.state.periods.find((p) => p.index === input.periodIndex)!;
    const before = this.reportOf(period.index);
    const at = nowIso();
    const report: PeriodReport = {
      periodIndex: period.index,
      figures: input.figures,
      ...(input.comment?.trim() ? { comment: input.comment.trim() } : {}),
      ...(input.attachments?.length ? { attachments: input.attachments } : {}),
      submittedBy: person(input.actor),
      submittedAt: at,
      firstSubmittedAt: before?.firstSubmittedAt ?? before?.submittedAt ?? at,
      late: before ? before.late : this.owes(period.index) && Date.now() > Date.parse(period.dueAt),
      revision: (before?.revision ?? 0) + 1,
    };
    this.state.reports = [...this.state.reports.filter((r) => r !== before), report].sort((a, b) => a.periodIndex - b.periodIndex);
    this.state.soFar = cumulativeOf(this.input.template, this.state.reports.map((r) => r.figures));
    return report;
  }

  /** Writes an accepted report's revision and the figure so far it brings, after those before it. */
  record(report: PeriodReport): Promise<void> {
    const progress = this.progress();
    const dueAt = this.state.periods.find((p) => p.index === report.periodIndex)!.dueAt;
    const mine = this.writing.then(() => campaignActs.recordCampaignReport({ campaignId: this.state.campaignId, unitCode: this.state.unitCode, report, dueAt, progress }));
    this.writing = mine.catch(() => undefined);
    return mine;
  }
  /** Resolves once every accepted report is written. */
  written(): Promise<void> {
    return this.writing;
  }

  noteUrging(urging: UrgingSent): void {
    this.state.urgings.push(urging);
  }

  close(status: 'closed' | 'cancelled'): void {
    this.state.status = status;
    this.state.closedAt = nowIso();
  }

  progress(): UnitProgress {
    const s = this.state;
    return { campaignId: s.campaignId, unitCode: s.unitCode, soFar: s.soFar, status: s.status, closedAt: s.closedAt ?? null };
  }
}
